"""A full disk on every write path but export and import (tested in their own files): one
sentence saying the disk is full, nothing at the final name, the workspace as it was, and the
same operation succeeding once there is room.

The disk is real: a small tmpfs (``small_disk``, needs root) filled to the last byte, or to a
few pages short of it where a path writes several files or a transaction several pages (so that
a half-done one would find room, and show). "As it was" is every row of the database and every
file of blobs/ and custodian/ (``snapshot``); a workspace whose own disk filled is locked and
unlocked again before the operation is repeated.
"""

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import pytest

from crypto import age
from fieldapp.domain import (
    ConfidentialityLevel,
    ConsentScope,
    CustodyKind,
    active_vocabularies,
    bundled_vocabularies,
)
from fieldapp.errors import FieldappError
from fieldapp.services import (
    access,
    backup,
    demo,
    enrolment,
    key_shares,
    pack_resend,
    packs,
    receipts,
    revocation_packs,
    session,
    setup,
    standing,
    vocabulary_packs,
    withdrawal_packs,
)
from fieldapp.services.office_withdrawals import record_office_withdrawal
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.files import TEMP_PREFIX
from tests.fieldapp.small_disk import fill, free, small_disk
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, create_workspace, file_snapshot

from .import_support import (
    CUSTODIAN_PASSPHRASE,
    WORK_FACTOR,
    Archive,
    Device,
    add_demo,
    custody_events,
    make_archive,
    make_device,
    sent_by,
    snapshot,
)
from .test_access import recorded
from .test_vocabulary_packs import newer_acts, vocabulary_file

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")

FULL = "The disk is full"
BACKUP_PASSPHRASE = "the backup's own 백업 passphrase"
NEW_PASSPHRASE = "a new passphrase for the 노트북"
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}
#: One tmpfs page: room for one small file (a signature, a request) and no more.
PAGE = 4096


# --- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _bundled_vocabularies_after() -> Iterator[None]:
    # The set in force is process-wide: a vocabulary pack applied here must not outlive the test.
    yield
    assert active_vocabularies().versions() == bundled_vocabularies().versions()


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Archive]:
    tmp_path.chmod(0o700)
    made = make_archive(tmp_path / "archive")
    yield made
    made.ws.lock()


@pytest.fixture
def laptop(tmp_path: Path, coordinator: Archive) -> Iterator[Device]:
    """An enrolled device whose bundle 1 (two testimonies) the archive imported."""
    made = make_device(tmp_path / "laptop", coordinator, "Laptop A")
    try:
        _synced(coordinator, made)
        yield made
    finally:
        made.ws.lock()


@pytest.fixture
def full_stick(tmp_path: Path) -> Iterator[Path]:
    """A stick with not one byte free (only ``filler`` on it)."""
    with small_disk(tmp_path / "full", "1m") as stick:
        fill(stick)
        yield stick


@pytest.fixture
def cramped(tmp_path: Path, coordinator: Archive) -> Iterator[Device]:
    """An enrolled, synced device whose workspace is on a disk of its own (filled by the test)."""
    with small_disk(tmp_path / "laptop-disk", "24m") as disk:
        made = make_device(disk, coordinator, "Laptop C")
        try:
            _synced(coordinator, made, seed=17)
            yield made
        finally:
            made.ws.lock()


@pytest.fixture
def packs_folder(tmp_path: Path) -> Path:
    (tmp_path / "packs").mkdir()
    return tmp_path / "packs"


def _synced(coordinator: Archive, device: Device, seed: int = 38) -> None:
    """Two demo testimonies (their ids from ``seed``: one seed a device) imported."""
    add_demo(device, 2, seed)
    [report] = coordinator.import_(device.export())
    assert report.outcome == "imported", report.reason


def _fails_as_full(action: Callable[[], object]) -> None:
    """``action`` refused in a sentence saying the disk is full (an OSError fails the test)."""
    with pytest.raises(FieldappError) as refused:
        action()
    assert str(refused.value).startswith(FULL), f"{type(refused.value).__name__}: {refused.value}"


def _left_on(stick: Path) -> list[str]:
    """What is on the stick besides the filler: temporaries too."""
    return sorted(p.name for p in stick.iterdir() if p.name != "filler")


def _on_full_stick(stick: Path, ws: Workspace, write: Callable[[Path], object]) -> object:
    """``write(stick)`` on the full stick: refused as a full disk, nothing left on the stick, the
    workspace as it was; then, with room made, the same call; what it returned."""
    before = snapshot(ws)
    _fails_as_full(lambda: write(stick))
    assert _left_on(stick) == []
    assert snapshot(ws) == before
    free(stick)
    return write(stick)


def _fill_workspace_disk(device: Device, leave: int = 4 * PAGE) -> None:
    """The device's disk filled, its WAL folded in first so that a write must find new room;
    by default with room for a few WAL pages: a transaction half-done would find some."""
    device.ws.checkpoint()
    fill(device.ws.layout.root.parent, leave=leave)


def _reopened(device: Device) -> Workspace:
    """Room made on the device's disk, then the workspace locked and unlocked with its
    passphrase, as after a restart."""
    free(device.ws.layout.root.parent)
    device.ws.lock()
    device.ws = Workspace.unlock(device.ws.layout.root, PASSPHRASE)
    return device.ws


def _apply_on_full_disk(device: Device, pack: Path) -> packs.PackApplied:
    """The pack refused on the full device as a full disk, nothing changed; applied once there is
    room, after a lock and unlock."""
    _fill_workspace_disk(device)
    before = snapshot(device.ws)
    _fails_as_full(lambda: packs.apply_pack(device.ws, pack))
    assert snapshot(device.ws) == before
    ws = _reopened(device)
    assert snapshot(ws) == before
    applied = packs.apply_pack(ws, pack)
    assert not applied.already_applied
    return applied


def _unenrolled(root: Path) -> Workspace:
    """A new field device that has not asked to be enrolled."""
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, label="Laptop", params=PARAMS)
    return ws


def _testimony_of(device: Device) -> UUID:
    return UUID(sorted(sent_by(device).testimony_ids())[0])


# --- the archive writes a pack to a full stick ---------------------------------------------------


def test_an_enrolment_pack_on_a_full_stick(
    tmp_path: Path, coordinator: Archive, full_stick: Path
) -> None:
    device = _unenrolled(tmp_path / "new")
    try:
        request_path = tmp_path / "request.json"
        enrolment.write_request(device, request_path)
        request = enrolment.read_request(request_path)
        sent = _on_full_stick(
            full_stick,
            coordinator.ws,
            lambda out: enrolment.issue_enrolment(coordinator.ws, request, out),
        )
        packs.apply_pack(device, sent.path, expect_fingerprint=coordinator.ws.fingerprint)
    finally:
        device.lock()


def test_a_receipt_on_a_full_stick(coordinator: Archive, laptop: Device, full_stick: Path) -> None:
    [sent] = _on_full_stick(
        full_stick, coordinator.ws, lambda out: receipts.write_receipts(coordinator.ws, out)
    )
    packs.apply_pack(laptop.ws, sent.path)
    archived = {str(t) for t in receipts.archived_testimonies(laptop.ws)}
    assert archived == sent_by(laptop).testimony_ids()


def test_a_revocation_pack_on_a_full_stick(
    coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    enrolment.revoke_device(coordinator.ws, laptop.fingerprint, reason="lost")
    [sent] = _on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: revocation_packs.write_revocation_packs(
            coordinator.ws, out, to=laptop.fingerprint
        ),
    )
    assert packs.apply_pack(laptop.ws, sent.path).kind == "revocation"


def test_a_reinstatement_pack_on_a_full_stick(
    coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    enrolment.revoke_device(coordinator.ws, laptop.fingerprint, reason="lost")
    sent = _on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: standing.reinstate_device(coordinator.ws, laptop.fingerprint, "found", out),
    )
    assert packs.apply_pack(laptop.ws, sent.path).kind == "revocation"


def test_a_withdrawal_pack_on_a_full_stick(
    coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    record_office_withdrawal(
        coordinator.ws, _testimony_of(laptop), [ConsentScope.PUBLIC_MEDIA], **OFFICE
    )
    [sent] = _on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: withdrawal_packs.write_withdrawal_packs(coordinator.ws, out),
    )
    assert packs.apply_pack(laptop.ws, sent.pack.path).kind == "withdrawal"


def test_a_vocabulary_pack_on_a_full_stick(
    tmp_path: Path, coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    newer = vocabulary_file(tmp_path, newer_acts("forced_labour_abroad"))
    issued = _on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: vocabulary_packs.issue_vocabularies(coordinator.ws, [newer], out),
    )
    [sent] = issued.sent
    assert packs.apply_pack(laptop.ws, sent.path).kind == "vocabulary"
    coordinator.ws.lock()
    laptop.ws.lock()  # the vocabularies in force go back to the bundled ones


def test_packs_sent_again_on_a_full_stick(
    coordinator: Archive, laptop: Device, packs_folder: Path, full_stick: Path
) -> None:
    receipts.write_receipts(coordinator.ws, packs_folder)  # pack 2, never applied
    written = _on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: pack_resend.resend_packs(coordinator.ws, laptop.fingerprint, out),
    )
    assert [p.name for p in written] == _left_on(full_stick)
    assert packs.apply_pack(laptop.ws, written[1]).kind == "receipt"


def test_receipts_for_two_devices_where_only_one_fits(
    tmp_path: Path, coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    """The first pack fits, the second does not: neither is left, neither is recorded."""
    other = make_device(tmp_path / "other", coordinator, "Laptop B")
    try:
        _synced(coordinator, other, seed=17)
        free(full_stick)
        fill(full_stick, leave=PAGE * 3)  # a receipt is two or three pages
        sent = _on_full_stick(
            full_stick, coordinator.ws, lambda out: receipts.write_receipts(coordinator.ws, out)
        )
        assert sorted(p.device for p in sent) == sorted([laptop.fingerprint, other.fingerprint])
    finally:
        other.ws.lock()


# --- other files the archive writes to a stick ---------------------------------------------------


@pytest.mark.parametrize("leave", [0, PAGE], ids=["full", "room for the roster alone"])
def test_the_roster_on_a_full_stick(
    coordinator: Archive, laptop: Device, full_stick: Path, leave: int
) -> None:
    free(full_stick)
    fill(full_stick, leave=leave)
    written = _on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: enrolment.export_roster(
            coordinator.ws, out / "roster.json", out / "allowed_signers"
        ),
    )
    assert _left_on(full_stick) == [
        "allowed_signers",
        "allowed_signers.sig",
        "roster.json",
        "roster.json.sig",
    ]
    assert written.allowed_signers_path is not None
    assert laptop.ws.public_key.split()[1] in written.allowed_signers_path.read_text()


def test_the_custodian_file_of_a_new_archive_on_a_full_stick(
    tmp_path: Path, full_stick: Path
) -> None:
    root = tmp_path / "new-archive"
    options = setup.CustodianOptions(full_stick / "custodian.age", CUSTODIAN_PASSPHRASE)
    factors = setup.WorkFactors(argon2=PARAMS, custodian_scrypt=WORK_FACTOR)

    def create() -> setup.SetupResult:
        return setup.create_workspace(
            root, Role.ARCHIVE, PASSPHRASE, label="HQ", custodian=options, key_params=factors
        )

    _fails_as_full(create)
    assert _left_on(full_stick) == []
    assert not root.exists()
    free(full_stick)
    made = create()
    made.workspace.lock()
    identity = io.BytesIO()
    with options.file.open("rb") as handle:
        age.decrypt(handle, identity, passphrase=CUSTODIAN_PASSPHRASE)


# --- the device writes to a stick ----------------------------------------------------------------


@pytest.mark.parametrize("how", ["cli and services", "set-up"])
def test_an_enrolment_request_on_a_full_stick(tmp_path: Path, full_stick: Path, how: str) -> None:
    ws = _unenrolled(tmp_path / "new")
    try:
        if how == "set-up":
            written = _on_full_stick(
                full_stick, ws, lambda out: setup.write_enrolment_request(ws, out)
            )
        else:
            _on_full_stick(
                full_stick, ws, lambda out: enrolment.write_request(ws, out / "request.json")
            )
            written = full_stick / "request.json"
        assert enrolment.read_request(written).request.fingerprint == ws.fingerprint
    finally:
        ws.lock()


def test_a_key_backup_on_a_full_stick(laptop: Device, full_stick: Path) -> None:
    _on_full_stick(
        full_stick,
        laptop.ws,
        lambda out: backup.write_key_backup(
            laptop.ws, out / "keys.age", BACKUP_PASSPHRASE, work_factor=10
        ),
    )
    document = backup.read_key_backup(full_stick / "keys.age", BACKUP_PASSPHRASE)
    assert document["workspace_id"] == laptop.ws.workspace_id


# --- a pack applied on a device whose disk is full -----------------------------------------------


def test_an_enrolment_pack_applied_on_a_full_disk(
    tmp_path: Path, coordinator: Archive, packs_folder: Path
) -> None:
    with small_disk(tmp_path / "laptop-disk", "8m") as disk:
        device = Device(_unenrolled(disk / "workspace"), packs_folder)
        try:
            request_path = packs_folder / "request.json"
            enrolment.write_request(device.ws, request_path)
            sent = enrolment.issue_enrolment(
                coordinator.ws, enrolment.read_request(request_path), packs_folder
            )
            _fill_workspace_disk(device)
            before = snapshot(device.ws)
            _fails_as_full(
                lambda: packs.apply_pack(
                    device.ws, sent.path, expect_fingerprint=coordinator.ws.fingerprint
                )
            )
            assert snapshot(device.ws) == before
            ws = _reopened(device)
            assert snapshot(ws) == before
            packs.apply_pack(ws, sent.path, expect_fingerprint=coordinator.ws.fingerprint)
        finally:
            device.ws.lock()


def test_a_receipt_applied_and_purged_on_a_full_disk(
    coordinator: Archive, cramped: Device, packs_folder: Path
) -> None:
    [sent] = receipts.write_receipts(coordinator.ws, packs_folder)
    _apply_on_full_disk(cramped, sent.path)
    archived = {str(t) for t in receipts.archived_testimonies(cramped.ws)}
    assert archived == sent_by(cramped).testimony_ids()
    _fill_workspace_disk(cramped)
    before = snapshot(cramped.ws)
    _fails_as_full(lambda: receipts.purge_archived(cramped.ws))
    assert snapshot(cramped.ws) == before
    ws = _reopened(cramped)
    assert snapshot(ws) == before
    assert receipts.purge_archived(ws).testimonies == len(archived)


def test_a_revocation_applied_on_a_full_disk(
    coordinator: Archive, cramped: Device, laptop: Device, packs_folder: Path
) -> None:
    enrolment.revoke_device(coordinator.ws, laptop.fingerprint, reason="lost")
    sent = revocation_packs.write_revocation_packs(coordinator.ws, packs_folder)
    [to_cramped] = [p for p in sent if p.device == cramped.fingerprint]
    _apply_on_full_disk(cramped, to_cramped.path)


def test_a_withdrawal_applied_on_a_full_disk(
    coordinator: Archive, cramped: Device, packs_folder: Path
) -> None:
    record_office_withdrawal(
        coordinator.ws, _testimony_of(cramped), [ConsentScope.PUBLIC_MEDIA], **OFFICE
    )
    [sent] = withdrawal_packs.write_withdrawal_packs(coordinator.ws, packs_folder)
    _apply_on_full_disk(cramped, sent.pack.path)


def test_a_vocabulary_applied_on_a_full_disk(
    tmp_path: Path, coordinator: Archive, cramped: Device, packs_folder: Path
) -> None:
    newer = vocabulary_file(tmp_path, newer_acts("forced_labour_abroad"))
    issued = vocabulary_packs.issue_vocabularies(coordinator.ws, [newer], packs_folder)
    [sent] = issued.sent
    _apply_on_full_disk(cramped, sent.path)
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
    _fill_workspace_disk(cramped, leave=0)
    _fails_as_full(lambda: replace(cramped.ws))
    _fails_as_full(cramped.ws.new_recovery_code)
    assert (root / "keys.json").read_bytes() == keys_before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".tmp")) == []
    ws = _reopened(cramped)  # the old passphrase still opens it
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

    _fails_as_full(restore)
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
            _synced(coordinator, device)
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
    _fails_as_full(lambda: receipts.write_receipts(coordinator.ws, packs_folder))
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
    testimony_id = _testimony_of(device)

    def record(ws: Workspace) -> object:
        if operation == "revoke":
            return enrolment.revoke_device(ws, device.fingerprint, reason="lost")
        return record_office_withdrawal(ws, testimony_id, [ConsentScope.RESEARCH], **OFFICE)

    coordinator.ws.checkpoint()
    fill(coordinator.root.parent.parent, leave=4 * PAGE)
    before = snapshot(coordinator.ws)
    _fails_as_full(lambda: record(coordinator.ws))
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

    _fill_workspace_disk(cramped, leave=0)  # an event fits in the few pages left otherwise
    before = snapshot(cramped.ws)
    _fails_as_full(lambda: open_it(cramped.ws))
    assert snapshot(cramped.ws) == before  # no event, and nothing was handed over
    ws = _reopened(cramped)
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

        _fails_as_full(create)
        assert _left_on(disk) == []
        free(disk)
        made = create()
        made.workspace.lock()
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
        _fails_as_full(lambda: demo.build_demo(root, count=4, params=PARAMS))
        # What the demo made went, with the folders it made; what was there before stayed.
        assert (file_snapshot(root) if root.exists() else {}) == kept
        free(disk)
        built = demo.build_demo(root, count=4, params=PARAMS)
        assert sorted(p.name for p in built.usb.iterdir() if p.suffix == ".fieldbundle")
