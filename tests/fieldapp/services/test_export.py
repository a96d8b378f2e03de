"""Export: what a bundle carries, to whom it is readable, what the device records of it, and
how a selection larger than a bundle's limits is split."""

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto import sshsig
from crypto.errors import DecryptionError
from fieldapp.domain import (
    AnonymityWish,
    ConsentScope,
    CustodyEvent,
    CustodyKind,
    RecordStatus,
    content_hash,
    parse_canonical,
)
from fieldapp.errors import BundleTooLargeError, DeviceRevokedError, NotADeviceError
from fieldapp.services import export_plan, records
from fieldapp.services.export import export_bundle
from fieldapp.sync.bundle_verify import verify_bundles
from fieldapp.sync.bundle_writer import BundleLimits
from fieldapp.sync.manifest import Manifest, parse_manifest
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import export_state as state
from fieldapp.workspace.archive_state import RevocationNotice, store_revocations
from fieldapp.workspace.custody import CUSTODY_NAMESPACE
from fieldapp.workspace.database import transaction
from fieldapp.workspace.enrolment_state import NotEnrolledError
from tests.fieldapp.domain.factories import make_consent, make_identity
from tests.fieldapp.sync.test_bundle_support import decrypt_member, members
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE

from .test_export_support import (
    FieldDevice,
    add_testimony,
    attach,
    bundle_files,
    bundle_identities,
    bundle_records,
    enrolled_device,
    kinds,
    partials,
    withdraw,
)

AUDIO = bytes(range(256)) * 800
SCAN = b"%PDF-1.4 consent form" * 10


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FieldDevice]:
    made = enrolled_device(tmp_path)
    yield made
    made.ws.lock()


def _manifest(path: Path) -> Manifest:
    return parse_manifest(members(path.read_bytes())[0][1])


def test_a_bundle_carries_sealed_records_and_is_readable_only_by_its_recipients(
    device: FieldDevice,
) -> None:
    ws, keys = device.ws, device.keys
    named = add_testimony(ws, files=[AUDIO, SCAN])
    anonymous = add_testimony(ws, anonymity=AnonymityWish.ANONYMOUS)
    draft = add_testimony(ws, seal=False)
    head_before = ws.custody.head()
    result = export_bundle(ws, device.out)
    assert result.path is not None
    assert bundle_files(device.out) == [result.path]
    assert partials(device.out) == []
    assert verify_bundles([result.path], device.roster).ok
    manifest = _manifest(result.path)
    assert (manifest.sequence, manifest.previous) == (1, None)
    assert manifest.custody_head == head_before[1]
    assert (result.testimonies, result.consents, result.attachments) == (2, 2, 2)

    found = kinds(bundle_records(result.path, keys))
    sent = {t.id: t for t in found["testimony"]}
    assert set(sent) == {named.id, anonymous.id}
    assert all(t.status is RecordStatus.SEALED for t in sent.values())
    assert content_hash(sent[named.id]) == content_hash(ws.repository.get_testimony(named.id))
    assert {c.testimony_id for c in found["consent"]} == {named.id, anonymous.id}
    stored = [a for a, _ in ws.repository.attachments_for(named.id)]
    assert found["attachment"] == stored
    # The custody log since the start, every event signed by the device, ending at the head.
    events = found["custody"]
    assert [e.event.seq for e in events] == list(range(1, head_before[0] + 1))
    for signed in events:
        sshsig.verify(
            signed.event.canonical_bytes(), signed.signature, CUSTODY_NAMESPACE, [ws.public_key]
        )
    assert events[-1].event.event_hash() == manifest.custody_head

    data = result.path.read_bytes()
    for attachment, original in zip(stored, (AUDIO, SCAN), strict=True):
        plain = decrypt_member(data, f"blobs/{attachment.id}.age", keys.archive_identity)
        assert plain == original
        assert hashlib.sha256(plain).hexdigest() == attachment.sha256
    # The identity of the witness who may be named goes to the custodian; the other stays.
    assert bundle_identities(result.path, keys) == [
        ("identity", ws.repository.identity(named.pseudonym))
    ]
    assert result.identities == 1
    with pytest.raises(DecryptionError):
        decrypt_member(data, "identities.age", keys.archive_identity)
    with pytest.raises(DecryptionError):
        decrypt_member(data, "records.age", keys.custodian_identity)

    # What the device now records.
    assert ws.repository.get_testimony(named.id).status is RecordStatus.EXPORTED
    assert ws.repository.get_testimony(anonymous.id).status is RecordStatus.EXPORTED
    assert ws.repository.get_testimony(draft.id).status is RecordStatus.DRAFT
    [row] = state.sent_bundles(ws.connection)
    assert (row.sequence, row.state, row.manifest_digest) == (
        1,
        state.WRITTEN,
        result.manifest_digest,
    )
    assert row.final_path == result.path
    [(body, _)] = state.custody_event_bodies(ws.connection, head_before[0], head_before[0] + 1)
    event = parse_canonical(CustodyEvent, body)
    assert event.kind is CustodyKind.EXPORT
    assert event.payload_hash == result.manifest_digest
    assert event.bundle_id == manifest.bundle_id


@pytest.mark.skipif(shutil.which("age") is None, reason="the age CLI is not installed")
def test_a_classic_archive_bundle_opens_with_the_age_cli(tmp_path: Path) -> None:
    device = enrolled_device(tmp_path / "device", hybrid=False)
    try:
        testimony = add_testimony(device.ws, files=[AUDIO])
        result = export_bundle(device.ws, device.out)
    finally:
        device.ws.lock()
    assert result.path is not None
    contents = dict(members(result.path.read_bytes()))
    key = tmp_path / "archive.key"
    key.write_text(device.keys.archive_identity + "\n")
    for name in ("records.age", next(n for n in contents if n.startswith("blobs/"))):
        (tmp_path / "member.age").write_bytes(contents[name])
        done = subprocess.run(
            ["age", "-d", "-i", key, tmp_path / "member.age"], capture_output=True, check=True
        )
        if name == "records.age":
            assert done.stdout.startswith(b"fieldapp-records/1 ")
            assert str(testimony.id).encode() in done.stdout
        else:
            assert done.stdout == AUDIO


def test_a_testimony_whose_consent_does_not_allow_archiving_is_held_back(
    device: FieldDevice,
) -> None:
    ws = device.ws
    kept = add_testimony(ws)
    withdraw(ws, kept, ConsentScope.ARCHIVE)
    result = export_bundle(ws, device.out)
    assert result.path is None
    assert result.held_back == 1
    assert list(device.out.iterdir()) == []
    leaving = add_testimony(ws)
    result = export_bundle(ws, device.out)
    assert result.path is not None
    assert result.held_back == 1
    found = kinds(bundle_records(result.path, device.keys))
    assert [t.id for t in found["testimony"]] == [leaving.id]
    # Its withdrawal, and its identity, stay with it: the archive never had the testimony.
    assert "withdrawal" not in found
    assert bundle_identities(result.path, device.keys) == [
        ("identity", ws.repository.identity(leaving.pseudonym))
    ]
    assert ws.repository.get_testimony(kept.id).status is RecordStatus.SEALED


def test_a_withdrawal_after_export_travels_in_the_next_bundle(device: FieldDevice) -> None:
    ws = device.ws
    testimony = add_testimony(ws)
    first = export_bundle(ws, device.out)
    assert first.path is not None
    head = ws.custody.head()
    withdrawal = withdraw(ws, testimony, ConsentScope.ARCHIVE)
    second = export_bundle(ws, device.out)
    assert second.path is not None
    manifest = _manifest(second.path)
    assert manifest.sequence == 2
    first_manifest = members(first.path.read_bytes())[0][1]
    assert manifest.previous == hashlib.sha256(first_manifest).hexdigest() == first.manifest_digest
    found = kinds(bundle_records(second.path, device.keys))
    assert found["withdrawal"] == [withdrawal]
    assert "testimony" not in found
    # The custody log goes on from the first bundle's head: its EXPORT event, the withdrawal.
    events = [e.event for e in found["custody"]]
    assert events[0].seq == head[0]
    assert events[0].kind is CustodyKind.EXPORT
    assert events[0].bundle_id == _manifest(first.path).bundle_id
    assert events[-1].kind is CustodyKind.WITHDRAW
    report = verify_bundles([second.path, first.path], device.roster)
    assert report.ok
    assert report.devices[0].sequences == [1, 2]
    assert export_bundle(ws, device.out).path is None


def test_nothing_to_export_makes_no_bundle(device: FieldDevice) -> None:
    assert export_bundle(device.ws, device.out).path is None
    add_testimony(device.ws, seal=False)
    result = export_bundle(device.ws, device.out)
    assert result.path is None
    assert result.held_back == 0
    assert list(device.out.iterdir()) == []
    assert state.sent_bundles(device.ws.connection) == []


def test_amendments_and_their_files_leave_once_sealed(device: FieldDevice) -> None:
    ws = device.ws
    testimony = add_testimony(ws, files=[b"first file"])
    records.amend_testimony(ws, testimony.id, {"title": "Corrected title"})
    attach(ws, testimony, b"second file, of the amendment")
    first = export_bundle(ws, device.out)
    assert first.path is not None
    found = kinds(bundle_records(first.path, device.keys))
    assert [(t.id, t.version) for t in found["testimony"]] == [(testimony.id, 1)]
    assert [a.size for a in found["attachment"]] == [len(b"first file")]
    assert export_bundle(ws, device.out).path is None  # the amendment is still a draft
    records.seal_testimony(ws, testimony.id)
    records.add_consent(
        ws, make_consent(testimony_id=testimony.id, pseudonym=testimony.pseudonym, version=2)
    )
    second = export_bundle(ws, device.out)
    assert second.path is not None
    found = kinds(bundle_records(second.path, device.keys))
    assert [(t.version, t.amends is not None) for t in found["testimony"]] == [(2, True)]
    assert [a.size for a in found["attachment"]] == [len(b"second file, of the amendment")]
    assert [c.version for c in found["consent"]] == [2]
    assert [v.status for v in ws.repository.testimony_versions(testimony.id)] == [
        RecordStatus.EXPORTED,
        RecordStatus.EXPORTED,
    ]


def test_identities_follow_the_witness_wish_and_later_versions_follow(device: FieldDevice) -> None:
    ws = device.ws
    named = add_testimony(ws)
    # The same witness, a second testimony, asking for anonymity this time: the name stays.
    twice = add_testimony(ws, anonymity=AnonymityWish.NAMED_PUBLICLY)
    again = add_testimony(
        ws, pseudonym=twice.pseudonym, anonymity=AnonymityWish.ANONYMOUS, identity=False
    )
    result = export_bundle(ws, device.out)
    assert result.path is not None
    assert [i.pseudonym for _, i in bundle_identities(result.path, device.keys)] == [
        named.pseudonym
    ]
    assert again.pseudonym == twice.pseudonym
    # A corrected identity of a witness whose testimony has left goes on its own.
    records.save_identity(ws, make_identity(pseudonym=named.pseudonym, names=("Corrected",)))
    result = export_bundle(ws, device.out)
    assert result.path is not None
    [(_, person)] = bundle_identities(result.path, device.keys)
    assert (person.version, person.names) == (2, ("Corrected",))
    assert "testimony" not in kinds(bundle_records(result.path, device.keys))


def test_only_an_enrolled_device_that_is_not_revoked_exports(
    tmp_path: Path, device: FieldDevice
) -> None:
    archive, _ = Workspace.create(tmp_path / "archive", PASSPHRASE, Role.ARCHIVE, params=PARAMS)
    with archive, pytest.raises(NotADeviceError):
        export_bundle(archive, device.out)
    plain, _ = Workspace.create(tmp_path / "plain", PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    with plain, pytest.raises(NotEnrolledError):
        export_bundle(plain, device.out)
    add_testimony(device.ws)
    notice = RevocationNotice(device.ws.fingerprint, "2024-01-01T00:00:00+00:00", 0)
    with transaction(device.ws.connection):
        store_revocations(device.ws.repository, [notice], device.ws.fingerprint)
    with pytest.raises(DeviceRevokedError):
        export_bundle(device.ws, device.out)
    assert list(device.out.iterdir()) == []


def test_progress_rises_to_its_total(device: FieldDevice) -> None:
    add_testimony(device.ws, files=[AUDIO, SCAN])
    calls: list[tuple[int, int]] = []
    export_bundle(device.ws, device.out, progress=lambda done, total: calls.append((done, total)))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    # Each attachment is read once: copied while it is hashed.
    assert 2 * (len(AUDIO) + len(SCAN)) > calls[-1][0] == calls[-1][1] > len(AUDIO) + len(SCAN)


# --- a bundle's limits (4 GiB, 4,096 members), passed small here --------------------------------

FILE = 200_000
#: What one testimony with one FILE counts for, by the export's estimate (with slack).
PER_TESTIMONY = FILE + 40_000


def _room_for(device: FieldDevice, testimonies: float) -> BundleLimits:
    """Limits with room for about ``testimonies`` testimonies of one FILE each."""
    # The export reserves room for each custody event and each identity (one a witness).
    events = device.ws.custody.head()[0] * export_plan._EVENT_BYTES
    identities = len(device.ws.repository.pseudonyms()) * export_plan._RECORD_BYTES
    fixed = export_plan._FIXED_BYTES + events + identities
    return BundleLimits(max_bytes=int(fixed + testimonies * PER_TESTIMONY))


def _sent(device: FieldDevice, path: Path | None) -> list[object]:
    assert path is not None
    return [t.id for t in kinds(bundle_records(path, device.keys)).get("testimony", [])]


def test_whole_testimonies_go_while_they_fit_and_the_rest_waits(device: FieldDevice) -> None:
    ids = [add_testimony(device.ws, files=[os.urandom(FILE)]).id for _ in range(3)]
    limits = _room_for(device, 2.5)
    first = export_bundle(device.ws, device.out, limits=limits)
    assert (first.testimonies, first.attachments, first.remaining) == (2, 2, 1)
    assert first.size <= limits.max_bytes
    second = export_bundle(device.ws, device.out, limits=limits)
    assert (second.testimonies, second.remaining) == (1, 0)
    # In interview order (here all at one time, so by id), each testimony once.
    assert _sent(device, first.path) + _sent(device, second.path) == sorted(ids, key=str)
    assert export_bundle(device.ws, device.out, limits=limits).path is None
    assert verify_bundles(bundle_files(device.out), device.roster).ok


def test_the_member_cap_counts_attachments(device: FieldDevice) -> None:
    for _ in range(3):
        add_testimony(device.ws, files=[b"a", b"b"])
    limits = BundleLimits(max_members=export_plan._FIXED_MEMBERS + 4)
    first = export_bundle(device.ws, device.out, limits=limits)
    assert (first.attachments, first.remaining) == (4, 1)
    assert export_bundle(device.ws, device.out, limits=limits).attachments == 2


def test_a_testimony_too_large_for_any_bundle_does_not_hold_back_the_rest(
    device: FieldDevice,
) -> None:
    big = add_testimony(device.ws, files=[os.urandom(3 * FILE)])
    small = add_testimony(device.ws)
    limits = _room_for(device, 1.5)
    result = export_bundle(device.ws, device.out, limits=limits)
    assert (result.too_large, result.remaining) == (1, 0)
    assert _sent(device, result.path) == [small.id]
    with pytest.raises(BundleTooLargeError):
        export_bundle(device.ws, device.out, limits=limits)
    assert device.ws.repository.get_testimony(big.id).status.value == "sealed"
    assert export_bundle(device.ws, device.out).testimonies == 1
