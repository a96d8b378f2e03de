"""A full disk on a workspace's own disk: one
sentence saying the disk is full, nothing at the final name, the workspace as it was, and the
same operation succeeding once there is room.

The disk is real: a small tmpfs (``small_disk``, needs root) filled to the last byte, or to a
few pages short of it where a path writes several files or a transaction several pages (so that
a half-done one would find room, and show). "As it was" is every row of the database and every
file of blobs/ and custodian/ (``snapshot``); a workspace whose own disk filled is locked and
unlocked again before the operation is repeated.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.domain import (
    ConfidentialityLevel,
    ConsentScope,
    CustodyKind,
)
from fieldapp.services import (
    access,
    backup,
    demo,
    enrolment,
    key_shares,
    packs,
    receipts,
    revocation_packs,
    session,
    setup,
    vocabulary_packs,
    withdrawal_packs,
)
from fieldapp.services.office_withdrawals import record_office_withdrawal
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.files import TEMP_PREFIX
from tests.fieldapp.services.full_disk.support import (
    BACKUP_PASSPHRASE,
    NEW_PASSPHRASE,
    OFFICE,
    PAGE,
    apply_on_full_disk,
    fails_as_full,
    fill_workspace_disk,
    first_testimony_of,
    left_on,
    reopened,
    synced,
    unenrolled,
)
from tests.fieldapp.services.import_support import (
    Archive,
    Device,
    custody_events,
    make_archive,
    make_device,
    sent_by,
    snapshot,
)
from tests.fieldapp.services.test_access import recorded
from tests.fieldapp.services.test_vocabulary_packs import newer_acts, vocabulary_file
from tests.fieldapp.small_disk import fill, free, small_disk
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, create_workspace, file_snapshot

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root"),
    pytest.mark.usefixtures("bundled_vocabularies_after"),
]


# --- a pack applied on a device whose disk is full -----------------------------------------------


def test_an_enrolment_pack_applied_on_a_full_disk(
    tmp_path: Path, coordinator: Archive, packs_folder: Path
) -> None:
    with small_disk(tmp_path / "laptop-disk", "8m") as disk:
        device = Device(unenrolled(disk / "workspace"), packs_folder)
        try:
            request_path = packs_folder / "request.json"
            enrolment.write_request(device.ws, request_path)
            sent = enrolment.issue_enrolment(
                coordinator.ws, enrolment.read_request(request_path), packs_folder
            )
            fill_workspace_disk(device)
            before = snapshot(device.ws)
            fails_as_full(
                lambda: packs.apply_pack(
                    device.ws, sent.path, expect_fingerprint=coordinator.ws.fingerprint
                )
            )
            assert snapshot(device.ws) == before
            ws = reopened(device)
            assert snapshot(ws) == before
            packs.apply_pack(ws, sent.path, expect_fingerprint=coordinator.ws.fingerprint)
        finally:
            device.ws.lock()


def test_a_receipt_applied_and_purged_on_a_full_disk(
    coordinator: Archive, cramped: Device, packs_folder: Path
) -> None:
    [sent] = receipts.write_receipts(coordinator.ws, packs_folder)
    apply_on_full_disk(cramped, sent.path)
    archived = {str(t) for t in receipts.archived_testimonies(cramped.ws)}
    assert archived == sent_by(cramped).testimony_ids()
    fill_workspace_disk(cramped)
    before = snapshot(cramped.ws)
    fails_as_full(lambda: receipts.purge_archived(cramped.ws))
    assert snapshot(cramped.ws) == before
    ws = reopened(cramped)
    assert snapshot(ws) == before
    assert receipts.purge_archived(ws).testimonies == len(archived)


def test_a_revocation_applied_on_a_full_disk(
    coordinator: Archive, cramped: Device, laptop: Device, packs_folder: Path
) -> None:
    enrolment.revoke_device(coordinator.ws, laptop.fingerprint, reason="lost")
    sent = revocation_packs.write_revocation_packs(coordinator.ws, packs_folder)
    [to_cramped] = [p for p in sent if p.device == cramped.fingerprint]
    apply_on_full_disk(cramped, to_cramped.path)


def test_a_withdrawal_applied_on_a_full_disk(
    coordinator: Archive, cramped: Device, packs_folder: Path
) -> None:
    record_office_withdrawal(
        coordinator.ws, first_testimony_of(cramped), [ConsentScope.PUBLIC_MEDIA], **OFFICE
    )
    [sent] = withdrawal_packs.write_withdrawal_packs(coordinator.ws, packs_folder)
    apply_on_full_disk(cramped, sent.pack.path)


def test_a_vocabulary_applied_on_a_full_disk(
    tmp_path: Path, coordinator: Archive, cramped: Device, packs_folder: Path
) -> None:
    newer = vocabulary_file(tmp_path, newer_acts("forced_labour_abroad"))
    issued = vocabulary_packs.issue_vocabularies(coordinator.ws, [newer], packs_folder)
    [sent] = issued.sent
    apply_on_full_disk(cramped, sent.path)
    coordinator.ws.lock()
    cramped.ws.lock()


# --- keys: a passphrase changed, a recovery, a restore, on a full disk ---------------------------


@pytest.mark.parametrize("how", ["change", "after a recovery"])
def test_a_new_passphrase_on_a_full_disk(cramped: Device, how: str) -> None:
    root = cramped.ws.layout.root

    def replace(ws: Workspace) -> None:
        if how == "change":
            ws.change_passphrase(NEW_PASSPHRASE, params=PARAMS)
        else:  # the app's and the CLI's recovery: a new passphrase, and a new recovery code
            session.replace_passphrase(ws, NEW_PASSPHRASE, key_params=PARAMS)

    keys_before = (root / "keys.json").read_bytes()
    fill_workspace_disk(cramped, leave=0)
    fails_as_full(lambda: replace(cramped.ws))
    fails_as_full(cramped.ws.new_recovery_code)
    assert (root / "keys.json").read_bytes() == keys_before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".tmp")) == []
    ws = reopened(cramped)  # the old passphrase still opens it
    replace(ws)
    ws.lock()
    cramped.ws = Workspace.unlock(root, NEW_PASSPHRASE)


@pytest.mark.parametrize("source", ["backup", "shares"])
def test_keys_restored_onto_a_full_disk(tmp_path: Path, cramped: Device, source: str) -> None:
    ws = cramped.ws
    count = ws.repository.count_testimonies()
    saved = tmp_path / "keys.age"
    backup.write_key_backup(ws, saved, BACKUP_PASSPHRASE, work_factor=10)
    shares = key_shares.make_key_shares(ws, 2, 3)
    root = ws.layout.root
    ws.checkpoint()
    ws.lock()
    (root / "keys.json").unlink()  # a copy of the database and blobs awaiting its keys
    fill(root.parent)

    def restore() -> str:
        if source == "backup":
            return backup.restore_keys(
                saved, BACKUP_PASSPHRASE, root, NEW_PASSPHRASE, params=PARAMS
            )
        return key_shares.restore_keys_from_shares(shares[1:], root, NEW_PASSPHRASE, params=PARAMS)

    fails_as_full(restore)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith((".tmp", "keys"))) == []
    free(root.parent)
    restore()
    cramped.ws = Workspace.unlock(root, NEW_PASSPHRASE)
    assert cramped.ws.repository.count_testimonies() == count


# --- the archive's own disk full ------------------------------------------------------------------


@pytest.fixture
def crowded(tmp_path: Path) -> Iterator[tuple[Archive, Device]]:
    """An archive on a disk of its own (filled by the test), and a device it enrolled and
    imported a bundle from."""
    tmp_path.chmod(0o700)
    with small_disk(tmp_path / "archive-disk", "24m") as disk:
        coordinator = make_archive(disk / "site")
        device = make_device(tmp_path / "laptop", coordinator, "Laptop A")
        try:
            synced(coordinator, device)
            yield coordinator, device
        finally:
            device.ws.lock()
            coordinator.ws.lock()


def _archive_reopened(coordinator: Archive) -> Workspace:
    free(coordinator.root.parent.parent)
    coordinator.ws.lock()
    coordinator.ws = Workspace.unlock(coordinator.root, PASSPHRASE)
    return coordinator.ws


def test_a_receipt_when_the_archive_disk_is_full(
    crowded: tuple[Archive, Device], packs_folder: Path
) -> None:
    coordinator, device = crowded
    coordinator.ws.checkpoint()
    fill(coordinator.root.parent.parent)
    before = snapshot(coordinator.ws)
    fails_as_full(lambda: receipts.write_receipts(coordinator.ws, packs_folder))
    assert os.listdir(packs_folder) == []  # not recorded, so not left to be applied
    assert snapshot(coordinator.ws) == before
    ws = _archive_reopened(coordinator)
    assert snapshot(ws) == before
    [sent] = receipts.write_receipts(ws, packs_folder)
    packs.apply_pack(device.ws, sent.path)


@pytest.mark.parametrize("operation", ["revoke", "office withdrawal"])
def test_the_archive_records_nothing_on_a_full_disk(
    crowded: tuple[Archive, Device], operation: str
) -> None:
    coordinator, device = crowded
    testimony_id = first_testimony_of(device)

    def record(ws: Workspace) -> object:
        if operation == "revoke":
            return enrolment.revoke_device(ws, device.fingerprint, reason="lost")
        return record_office_withdrawal(ws, testimony_id, [ConsentScope.RESEARCH], **OFFICE)

    coordinator.ws.checkpoint()
    fill(coordinator.root.parent.parent, leave=4 * PAGE)
    before = snapshot(coordinator.ws)
    fails_as_full(lambda: record(coordinator.ws))
    assert snapshot(coordinator.ws) == before
    ws = _archive_reopened(coordinator)
    assert snapshot(ws) == before
    record(ws)
    assert snapshot(ws) != before


# --- an opening logged before it is shown, on a full disk ----------------------------------------


@pytest.mark.parametrize("what", ["testimony", "identity"])
def test_a_logged_opening_on_a_full_disk_shows_nothing(cramped: Device, what: str) -> None:
    testimony_id = recorded(cramped.ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL)

    def open_it(ws: Workspace) -> object:
        if what == "identity":
            return access.open_identity(ws, testimony_id)
        return access.open_record(ws, testimony_id)

    fill_workspace_disk(cramped, leave=0)  # an event fits in the few pages left otherwise
    before = snapshot(cramped.ws)
    fails_as_full(lambda: open_it(cramped.ws))
    assert snapshot(cramped.ws) == before  # no event, and nothing was handed over
    ws = reopened(cramped)
    assert open_it(ws) is not None
    [event] = custody_events(ws)[len(before.database["custody_events"]) :]
    assert event.kind is CustodyKind.ACCESS


# --- the emergency wipe -------------------------------------------------------------------------


def test_an_emergency_wipe_on_a_full_disk_removes_everything(tmp_path: Path) -> None:
    """On a copy-on-write disk (btrfs, APFS) every overwrite needs free room; on tmpfs, an
    overwrite of a file's hole does: here, a key file write a crash left behind."""
    with small_disk(tmp_path / "disk", "8m") as disk:
        made = create_workspace(disk / "workspace")
        made.workspace.lock()
        leftover = made.root / f"{TEMP_PREFIX}0123456789abcdef-keys.json"
        with leftover.open("wb") as handle:
            handle.truncate(2 * PAGE)
        fill(disk)
        Workspace.wipe(made.root)
        assert sorted(p.name for p in made.root.iterdir()) == []


# --- set-up and the demo -------------------------------------------------------------------------


def test_a_field_device_set_up_on_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        fill(disk)
        root = disk / "workspace"

        def create() -> setup.SetupResult:
            return setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=PARAMS)

        fails_as_full(create)
        assert left_on(disk) == []
        free(disk)
        made = create()
        made.workspace.lock()
        setup.confirm_setup(root)  # the code was read back, on the full disk too
        Workspace.unlock(root, PASSPHRASE).lock()


@pytest.mark.parametrize("stick", ["new", "holding a file"])
def test_the_demo_on_a_disk_that_fills_part_way(tmp_path: Path, stick: str) -> None:
    with small_disk(tmp_path / "disk", "6m") as disk:
        root = disk / "demo"
        kept = {}
        if stick == "holding a file":
            (root / demo.USB_FOLDER).mkdir(parents=True)
            (root / demo.USB_FOLDER / "notes.txt").write_text("the coordinator's own")
            kept = {f"{demo.USB_FOLDER}/notes.txt": b"the coordinator's own"}
        fill(disk, leave=1024 * 1024)
        # The archive fits (about 0.5 MiB), the first device does not.
        fails_as_full(lambda: demo.build_demo(root, count=4, params=PARAMS))
        # What the demo made went, with the folders it made; what was there before stayed.
        assert (file_snapshot(root) if root.exists() else {}) == kept
        free(disk)
        built = demo.build_demo(root, count=4, params=PARAMS)
        assert sorted(p.name for p in built.usb.iterdir() if p.suffix == ".fieldbundle")
