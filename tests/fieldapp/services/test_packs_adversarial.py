"""Adversarial tests of the device side of sync and of the auditor's verify.

Receipts, purge and packs on an interviewer's laptop, and ``verify`` with a roster, attacked the
way a lost stick, a mixed-up archive, a leaked device key or a hostile file would. A test marked
``xfail(strict=True)`` shows a bug that is there today; it passes once the bug is fixed.
"""

import contextlib
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from crypto import sshkeys
from fieldapp.domain import CustodyEvent, RecordStatus, parse_canonical
from fieldapp.errors import PackRejectedError
from fieldapp.services import export, pack_writing, packs, receipts, records, verification
from fieldapp.services.importing import ImportReport
from fieldapp.sync import roster as signed_roster
from fieldapp.sync.bundle_writer import BundleLimits
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.receipt import ReceiptPayload, ReceivedRecord, receipt_bytes
from fieldapp.workspace import export_state
from tests.fieldapp.sync.builders import make_key
from tests.fieldapp.sync.test_bundle_support import Device as BundleDevice
from tests.fieldapp.workspace.support import stored_state

from .import_support import Archive, Device, add_with_files, make_archive, make_device, resign

# Export's members besides the attachments (records.age, identities.age, VERIFY.txt): a limit
# of one more holds one testimony with one file, so the next one waits for the next bundle.
ONE_TESTIMONY_PER_BUNDLE = BundleLimits(max_members=3 + 1)


@dataclass
class Field:
    archive: Archive
    device: Device
    other: Device


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    tmp_path.chmod(0o700)
    archive = make_archive(tmp_path / "archive")
    made = Field(
        archive,
        make_device(tmp_path / "a", archive, "Laptop A"),
        make_device(tmp_path / "b", archive, "Laptop B"),
    )
    yield made
    for ws in (made.archive.ws, made.device.ws, made.other.ws):
        ws.lock()


def _receipt_pack(field: Field, device: Device, payload: ReceiptPayload) -> Path:
    """A receipt the coordinator's key really signed, the next pack in the device's chain."""
    sent = pack_writing.send_pack(
        field.archive.ws, device.fingerprint, ManifestKind.RECEIPT, receipt_bytes(payload),
        device.usb,
    )  # fmt: skip
    return sent.path


def _genuine_receipt(field: Field, device: Device) -> ReceiptPayload:
    payload = receipts._receipt_for(field.archive.ws, device.fingerprint)
    assert payload is not None
    return payload


def _carried(device: Device, sequence: int) -> list[UUID]:
    return [i for i, _, _ in export_state.carried_testimonies(device.ws.connection, sequence)]


# --- 1. data loss through purge ------------------------------------------------------------------


@pytest.mark.parametrize("names_bundle_one", [True, False], ids=["bundle-1-only", "no-bundle"])
def test_a_receipt_cannot_archive_a_testimony_whose_bundle_the_archive_never_got(
    field: Field, names_bundle_one: bool
) -> None:
    """Bundle 1 carries one testimony and, in its custody log, the SEAL event (content hash) of
    a second one that did not fit; bundle 2 carries that second one and its stick is lost. The
    archive knows the lost testimony's exact id, version and hash from bundle 1's log, so a
    receipt built from what the archive holds (an archive bug, or a coordinator key misused)
    can name it. The device must mark archived only records carried by a bundle the receipt
    names with the digest the device recorded (sync/receipt.py says so); otherwise it purges
    the only copy."""
    device = field.device
    add_with_files(device, 1, [b"first testimony's audio " * 40])
    add_with_files(device, 2, [b"second testimony's audio " * 40])
    one = export.export_bundle(device.ws, device.usb, limits=ONE_TESTIMONY_PER_BUNDLE)
    assert (one.testimonies, one.remaining) == (1, 1)
    two = export.export_bundle(device.ws, device.usb)  # this stick is lost
    assert two.testimonies == 1
    [lost] = _carried(device, 2)
    assert [r.outcome for r in field.archive.import_(one.path)] == ["imported"]

    # What bundle 1 told the archive about the lost testimony: its SEAL event.
    [(body,)] = field.archive.ws.connection.execute(
        "SELECT body FROM device_custody WHERE record_id = ? AND kind = 'seal'", (str(lost),)
    ).fetchall()
    seal = parse_canonical(CustodyEvent, bytes(body))
    genuine = _genuine_receipt(field, device)
    assert lost not in {r.id for r in genuine.records}
    claimed = ReceivedRecord(id=lost, version=1, content_hash=seal.payload_hash)
    payload = genuine.model_copy(
        update={
            "bundles": genuine.bundles if names_bundle_one else (),
            "records": (*genuine.records, claimed),
        }
    )
    path = _receipt_pack(field, device, payload)
    with contextlib.suppress(PackRejectedError):  # refusing the whole receipt is a fix too
        packs.apply_pack(device.ws, path)
    repo = device.ws.repository
    assert repo.get_testimony(lost).status is RecordStatus.EXPORTED
    receipts.purge_archived(device.ws)
    assert repo.get_testimony(lost).narrative.text
    assert repo.attachments_for(lost)


def test_purge_keeps_an_identity_correction_until_it_has_left(field: Field) -> None:
    """The testimony is exported and archived; then the interviewer corrects the witness's
    identity (a new version, waiting for the next bundle to the custodian). Purging the
    archived testimony must not destroy that version before it leaves."""
    device = field.device
    testimony_id = add_with_files(device, 1, [b"audio " * 40])
    field.archive.import_(device.export())
    packs.apply_pack(device.ws, _receipt_pack(field, device, _genuine_receipt(field, device)))
    repo = device.ws.repository
    assert repo.get_testimony(testimony_id).status is RecordStatus.ARCHIVED
    witness = repo.identity(repo.get_testimony(testimony_id).pseudonym)
    assert witness is not None
    corrected = records.save_identity(
        device.ws, witness.model_copy(update={"notes": "home village spelled differently"})
    )
    assert corrected.version == 2

    receipts.purge_archived(device.ws)
    # Either purge left the identity (and so the testimony) for later, or the correction is
    # still here to travel: the next bundle carries it to the custodian.
    assert export.export_bundle(device.ws, device.usb).identities == 1


def test_a_stale_receipt_after_an_amendment_archives_the_old_version_only(field: Field) -> None:
    """The receipt for bundle 1 reaches the device only after the testimony was amended and
    the amendment sealed (not exported): version 1 is archived, nothing is purged, and the
    amendment still leaves in the next bundle."""
    device = field.device
    testimony_id = add_with_files(device, 1, [b"audio " * 40])
    field.archive.import_(device.export())
    stale = _receipt_pack(field, device, _genuine_receipt(field, device))
    records.amend_testimony(device.ws, testimony_id, {"title": "Corrected after a second talk"})
    records.seal_testimony(device.ws, testimony_id)

    assert packs.apply_pack(device.ws, stale).details["archived"] == 1
    repo = device.ws.repository
    assert repo.get_testimony(testimony_id, 1).status is RecordStatus.ARCHIVED
    assert repo.get_testimony(testimony_id).status is RecordStatus.SEALED
    assert receipts.purge_archived(device.ws).testimonies == 0
    assert repo.get_testimony(testimony_id).title == "Corrected after a second talk"
    assert repo.attachments_for(testimony_id)
    assert export.export_bundle(device.ws, device.usb).testimonies == 1


def test_another_devices_genuine_receipt_sealed_to_this_device_changes_nothing(
    field: Field,
) -> None:
    """A mix-up at the archive: the other device's real receipt payload, in a pack to this
    device. Its records are not this device's, but a receipt for another device must not be
    taken at all (nor count as acknowledging this device's bundles of the same numbers)."""
    device, other = field.device, field.other
    add_with_files(device, 1, [b"ours " * 40])
    add_with_files(other, 2, [b"theirs " * 40])
    field.archive.import_(device.export(), other.export())
    path = _receipt_pack(field, device, _genuine_receipt(field, other))
    before = stored_state(device.ws.connection)
    with pytest.raises(PackRejectedError, match="another device"):
        packs.apply_pack(device.ws, path)
    assert stored_state(device.ws.connection) == before
    assert not export_state.acknowledged(device.ws.connection, 1)


@pytest.mark.parametrize(
    "payload",
    [b"[" * 100_000, b'{"format":"fieldapp-receipt/1","format":"x"}', b"\xff\xfe", b""],
    ids=["deep-nesting", "repeated-key", "not-utf8", "empty"],
)
def test_a_signed_but_hostile_receipt_payload_is_one_sentence_and_changes_nothing(
    field: Field, payload: bytes
) -> None:
    device = field.device
    path = pack_writing.send_pack(
        field.archive.ws, device.fingerprint, ManifestKind.RECEIPT, payload, device.usb
    ).path
    before = stored_state(device.ws.connection)
    with pytest.raises(PackRejectedError, match="receipt is damaged"):
        packs.apply_pack(device.ws, path)
    assert stored_state(device.ws.connection) == before


# --- 3. verify: hostile bundles and rosters ------------------------------------------------------

COORDINATOR = make_key(9)
NOW = datetime(2024, 6, 1, tzinfo=UTC)
# Far past anything the verifier needs to hold for two small bundles (about 20 KiB today).
MEMORY_BOUND = 8 * 1024 * 1024
WIDE = 1_000_000


def _line(key: object) -> str:
    return sshkeys.public_key_to_openssh(key.public_key())  # type: ignore[attr-defined]


def _roster(folder: Path, device: BundleDevice, *, accepted_through: int | None = None) -> Path:
    """roster.json and its signature by the coordinator, as ``roster export`` writes them;
    version 2, with one accepted gap, when ``accepted_through`` is given."""
    line = _line(device.key)
    entry: dict[str, object] = {
        "fingerprint": sshkeys.fingerprint(line),
        "public_key": line,
        "label": "laptop 7",
        "enrolled_at": NOW,
        "revoked_at": None,
        "last_good_sequence": None,
    }
    common: dict[str, object] = {
        "archive_id": uuid.uuid4(),
        "coordinator": {"fingerprint": sshkeys.fingerprint(_line(COORDINATOR)),
                        "public_key": _line(COORDINATOR)},
        "created_at": NOW,
    }  # fmt: skip
    roster: signed_roster.Roster
    if accepted_through is None:
        roster = signed_roster.Roster(
            format=signed_roster.ROSTER_FORMAT,
            devices=(entry,),
            **common,  # type: ignore[arg-type]
        )
    else:
        gap = {"first": 2, "through": accepted_through, "accepted_at": NOW}
        device_v2 = {**entry, "accepted_gaps": (gap,), "reinstatements": ()}
        roster = signed_roster.RosterV2(
            format=signed_roster.ROSTER_FORMAT_V2,
            devices=(device_v2,),
            **common,  # type: ignore[arg-type]
        )
    raw, signature = signed_roster.sign_roster(roster, COORDINATOR)
    path = folder / "roster.json"
    path.write_bytes(raw)
    signed_roster.signature_path(path).write_text(signature)
    return path


def _peak_while(work: Callable[[], object]) -> int:
    """The most memory Python allocated while ``work`` ran."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_verify_holds_no_list_as_long_as_a_gap_in_the_sequence(tmp_path: Path) -> None:
    """A device key (a seized laptop, not yet revoked) signs a bundle numbered far ahead of its
    last. The manifest allows any sequence up to 2^53 - 1, so the auditor's verify must report
    the gap without holding one entry per missing number; here a gap of a million shows it."""
    device = BundleDevice(tmp_path)
    first = device.write(blobs=())
    far = device.write(blobs=(), sequence=2 + WIDE, previous=first.digest)
    roster = verification.load_roster(
        _roster(tmp_path, device), coordinator=sshkeys.fingerprint(_line(COORDINATOR))
    )
    reports: list[verification.VerificationReport] = []
    peak = _peak_while(
        lambda: reports.append(
            verification.verify_files([first.partial_path, far.partial_path], roster)
        )
    )
    [report] = reports
    assert [f.ok for f in report.files] == [True, False]  # the gap is still reported
    assert peak < MEMORY_BOUND


def test_verify_holds_no_set_as_long_as_an_accepted_gap(tmp_path: Path) -> None:
    """``accept_gap`` takes any ``through`` (a typo of a few digits is enough), and without
    ``--coordinator`` any self-signed roster is read: verify must not hold one entry per
    number of an accepted gap to check a single bundle."""
    device = BundleDevice(tmp_path)
    first = device.write(blobs=())
    roster = verification.load_roster(_roster(tmp_path, device, accepted_through=1 + WIDE))
    reports: list[verification.VerificationReport] = []
    peak = _peak_while(
        lambda: reports.append(verification.verify_files([first.partial_path], roster))
    )
    assert reports[0].ok
    assert peak < MEMORY_BOUND


def test_import_refuses_a_far_sequence_without_listing_the_gap(field: Field) -> None:
    """Outside the device side, found on the way: the archive's import has the same flaw as
    verify. An enrolled device's key re-signs its bundle 2 as number 1,000,002; the refusal
    (bundle 2 missing) must not cost one list entry per missing number."""
    device = field.device
    add_with_files(device, 1, [b"audio " * 40])
    field.archive.import_(device.export())
    add_with_files(device, 2, [b"more audio " * 40])
    far = device.usb / "far.fieldbundle"
    far.write_bytes(resign(device.export().read_bytes(), device.key, sequence=2 + WIDE))
    reports: list[list[ImportReport]] = []
    peak = _peak_while(lambda: reports.append(field.archive.import_(far)))
    [[report]] = reports
    assert report.outcome == "refused"
    assert peak < MEMORY_BOUND
