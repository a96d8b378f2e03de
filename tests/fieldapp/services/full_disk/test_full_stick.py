"""A full stick: every file the archive or a device writes to one (packs, the roster, the
custodian file, an enrolment request, a key backup) is refused in one sentence saying the disk is
full, nothing is left on the stick, the workspace is as it was, and the same write succeeds once
there is room. (``small_disk``: a real tmpfs, needs root.)"""

import io
import os
from pathlib import Path

import pytest

from crypto import age
from fieldapp.domain import (
    ConsentScope,
)
from fieldapp.services import (
    backup,
    enrolment,
    pack_resend,
    packs,
    receipts,
    revocation_packs,
    setup,
    standing,
    vocabulary_packs,
    withdrawal_packs,
)
from fieldapp.services.office_withdrawals import record_office_withdrawal
from fieldapp.workspace import Role
from tests.fieldapp.services.full_disk.support import (
    BACKUP_PASSPHRASE,
    OFFICE,
    PAGE,
    fails_as_full,
    first_testimony_of,
    left_on,
    on_full_stick,
    synced,
    unenrolled,
)
from tests.fieldapp.services.import_support import (
    CUSTODIAN_PASSPHRASE,
    WORK_FACTOR,
    Archive,
    Device,
    make_device,
    sent_by,
)
from tests.fieldapp.services.test_vocabulary_packs import newer_acts, vocabulary_file
from tests.fieldapp.small_disk import fill, free
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root"),
    pytest.mark.usefixtures("bundled_vocabularies_after"),
]


# --- the archive writes a pack to a full stick ---------------------------------------------------


def test_an_enrolment_pack_on_a_full_stick(
    tmp_path: Path, coordinator: Archive, full_stick: Path
) -> None:
    device = unenrolled(tmp_path / "new")
    try:
        request_path = tmp_path / "request.json"
        enrolment.write_request(device, request_path)
        request = enrolment.read_request(request_path)
        sent = on_full_stick(
            full_stick,
            coordinator.ws,
            lambda out: enrolment.issue_enrolment(coordinator.ws, request, out),
        )
        packs.apply_pack(device, sent.path, expect_fingerprint=coordinator.ws.fingerprint)
    finally:
        device.lock()


def test_a_receipt_on_a_full_stick(coordinator: Archive, laptop: Device, full_stick: Path) -> None:
    [sent] = on_full_stick(
        full_stick, coordinator.ws, lambda out: receipts.write_receipts(coordinator.ws, out)
    )
    packs.apply_pack(laptop.ws, sent.path)
    archived = {str(t) for t in receipts.archived_testimonies(laptop.ws)}
    assert archived == sent_by(laptop).testimony_ids()


def test_a_revocation_pack_on_a_full_stick(
    coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    enrolment.revoke_device(coordinator.ws, laptop.fingerprint, reason="lost")
    [sent] = on_full_stick(
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
    sent = on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: standing.reinstate_device(coordinator.ws, laptop.fingerprint, "found", out),
    )
    assert packs.apply_pack(laptop.ws, sent.path).kind == "revocation"


def test_a_withdrawal_pack_on_a_full_stick(
    coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    record_office_withdrawal(
        coordinator.ws, first_testimony_of(laptop), [ConsentScope.PUBLIC_MEDIA], **OFFICE
    )
    [sent] = on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: withdrawal_packs.write_withdrawal_packs(coordinator.ws, out),
    )
    assert packs.apply_pack(laptop.ws, sent.pack.path).kind == "withdrawal"


def test_a_vocabulary_pack_on_a_full_stick(
    tmp_path: Path, coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    newer = vocabulary_file(tmp_path, newer_acts("forced_labour_abroad"))
    issued = on_full_stick(
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
    written = on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: pack_resend.resend_packs(coordinator.ws, laptop.fingerprint, out),
    )
    assert [p.name for p in written] == left_on(full_stick)
    assert packs.apply_pack(laptop.ws, written[1]).kind == "receipt"


def test_receipts_for_two_devices_where_only_one_fits(
    tmp_path: Path, coordinator: Archive, laptop: Device, full_stick: Path
) -> None:
    """The first pack fits, the second does not: neither is left, neither is recorded."""
    other = make_device(tmp_path / "other", coordinator, "Laptop B")
    try:
        synced(coordinator, other, seed=17)
        free(full_stick)
        fill(full_stick, leave=PAGE * 3)  # a receipt is two or three pages
        sent = on_full_stick(
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
    written = on_full_stick(
        full_stick,
        coordinator.ws,
        lambda out: enrolment.export_roster(
            coordinator.ws, out / "roster.json", out / "allowed_signers"
        ),
    )
    assert left_on(full_stick) == [
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

    fails_as_full(create)
    assert left_on(full_stick) == []
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
    ws = unenrolled(tmp_path / "new")
    try:
        if how == "set-up":
            written = on_full_stick(
                full_stick, ws, lambda out: setup.write_enrolment_request(ws, out)
            )
        else:
            on_full_stick(
                full_stick, ws, lambda out: enrolment.write_request(ws, out / "request.json")
            )
            written = full_stick / "request.json"
        assert enrolment.read_request(written).request.fingerprint == ws.fingerprint
    finally:
        ws.lock()


def test_a_key_backup_on_a_full_stick(laptop: Device, full_stick: Path) -> None:
    on_full_stick(
        full_stick,
        laptop.ws,
        lambda out: backup.write_key_backup(
            laptop.ws, out / "keys.age", BACKUP_PASSPHRASE, work_factor=10
        ),
    )
    document = backup.read_key_backup(full_stick / "keys.age", BACKUP_PASSPHRASE)
    assert document["workspace_id"] == laptop.ws.workspace_id
