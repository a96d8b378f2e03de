"""Receipts and purging: the archive confirms, the device marks archived, then forgets content."""

import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from crypto import keywrap
from fieldapp.demo.corpus import generate
from fieldapp.domain import AnonymityWish, ConsentScope, RecordStatus, WitnessIdentity
from fieldapp.errors import NotADeviceError, PackRejectedError, RecordPurgedError
from fieldapp.services import (
    archive,
    attachments,
    audit,
    editing,
    enrolment,
    export,
    importing,
    pack_writing,
    packs,
    receipts,
    records,
)
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.receipt import RECEIPT_FORMAT, ReceiptPayload, ReceivedBundle, receipt_bytes
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.master_key import database_key
from tests.fieldapp.workspace.support import stored_state

from .import_support import Archive, Device, add_with_files, make_archive, make_device

PARAMS = keywrap.TEST_PARAMS


@dataclass
class Pair:
    archive: Workspace
    device: Workspace
    usb: Path
    marker: str


@pytest.fixture
def pair(tmp_path: Path):
    plan = archive.prepare_archive(
        custodian_out=tmp_path / "custodian.age", custodian_passphrase="c", work_factor=10
    )
    arch, _ = Workspace.create(tmp_path / "archive", "pw", Role.ARCHIVE, params=PARAMS)
    archive.set_up_archive(arch, plan)
    dev, _ = Workspace.create(tmp_path / "device", "pw", Role.INTERVIEWER, params=PARAMS)
    enrolment.write_request(dev, tmp_path / "request.json")
    sent = enrolment.issue_enrolment(
        arch, enrolment.read_request(tmp_path / "request.json"), tmp_path
    )
    packs.apply_pack(dev, sent.path, expect_fingerprint=sent.coordinator_fingerprint)
    marker = "purge-marker-" + secrets.token_hex(8)
    demo = [d for d in generate(8, seed=5) if d.seal]
    for item in demo:
        text = item.testimony.narrative.text + " " + marker
        testimony = item.testimony.model_copy(
            update={"narrative": item.testimony.narrative.model_copy(update={"text": text})}
        )
        # The witness's words and the names of who met them, in each consent version.
        consents = [
            consent.model_copy(
                update={
                    "interpreter": f"Interpreter {marker}",
                    "explanation_notes": f"Explained {marker}",
                    "restrictions": f"Not for the government {marker}",
                }
            )
            for consent in item.consents
        ]
        records.create_testimony(dev, testimony, consents, item.identity)
        attachments.attach_file(
            dev,
            testimony.id,
            io.BytesIO(marker.encode() * 100),
            kind=attachments.AttachmentKind.DOCUMENT,
            media_type="text/plain",
        )
        records.seal_testimony(dev, testimony.id)
        if item is demo[0]:
            editing.record_withdrawal(
                dev,
                testimony.id,
                [ConsentScope.PUBLIC_MEDIA],
                received_by="Caseworker 04",
                how_received="phone",
                notes=f"Afraid for her family {marker}",
            )
    usb = tmp_path / "usb"
    usb.mkdir()
    result = export.export_bundle(dev, usb)
    assert importing.import_bundles(arch, [result.path])[0].outcome == "imported"
    yield Pair(arch, dev, usb, marker)
    arch.lock()
    dev.lock()


def test_receipt_marks_archived_and_purge_forgets_the_content(pair: Pair) -> None:
    (pack,) = receipts.write_receipts(pair.archive, pair.usb)
    applied = packs.apply_pack(pair.device, pack.path)
    exported = pair.device.repository.list_testimonies()
    assert applied.details["archived"] == len(exported) > 0
    assert {s.status for s in exported} == {RecordStatus.ARCHIVED}

    key = database_key(pair.device.master_key)
    files = pair.device.layout.database_companions()
    assert pair.marker.encode() in _decrypted_pages(files, key)  # where it is looked for

    result = receipts.purge_archived(pair.device)
    assert result.testimonies == len(exported)
    assert result.attachments == len(exported)
    for summary in pair.device.repository.list_testimonies():
        assert summary.status is RecordStatus.PURGED
        # Who met a witness, and when, goes with the content.
        assert (summary.title, summary.interviewer, summary.started_at) == ("", "", "")
        with pytest.raises(RecordPurgedError):
            pair.device.repository.get_testimony(summary.id)
    assert not list(pair.device.layout.blobs.glob("*.age"))
    assert pair.device.repository.search(pair.marker) == []
    assert audit.verify_custody(pair.device).intact
    # Deleted content is overwritten and the WAL folded in: the marker is nowhere on disk.
    for path in pair.device.layout.root.rglob("*"):
        if path.is_file():
            assert pair.marker.encode() not in path.read_bytes()
    # Nor in any page of the database or the WAL, read with the database's key: free pages and
    # the old bodies of rewritten consent records too.
    pages = _decrypted_pages(files, key)
    assert pair.marker.encode() not in pages
    pseudonym = pair.device.repository.list_testimonies()[0].pseudonym
    assert pseudonym.encode() in pages  # what remains is there to be seen


_PAGE = 4096
_RESERVE = 80  # SQLCipher 4: a 16-byte IV, then a 64-byte HMAC-SHA512, at the end of each page
_WAL_HEADER, _FRAME_HEADER = 32, 24


def _decrypted_pages(files: list[Path], key: bytes) -> bytes:
    """Every page of the database file and every frame of its WAL, decrypted with the raw
    SQLCipher key (AES-256-CBC; page 1 starts with the file's salt): what someone holding the
    key reads, free pages included, not only the rows a query returns."""
    database, wal = files[0], files[1]
    pages = []
    data = database.read_bytes()
    for number, start in enumerate(range(0, len(data) - _PAGE + 1, _PAGE), start=1):
        pages.append(_decrypted(data[start : start + _PAGE], key, first=number == 1))
    data = wal.read_bytes() if wal.exists() else b""
    for start in range(_WAL_HEADER, len(data) - _FRAME_HEADER - _PAGE + 1, _FRAME_HEADER + _PAGE):
        number = int.from_bytes(data[start : start + 4], "big")
        page = data[start + _FRAME_HEADER : start + _FRAME_HEADER + _PAGE]
        pages.append(_decrypted(page, key, first=number == 1))
    return b"".join(pages)


def _decrypted(page: bytes, key: bytes, *, first: bool) -> bytes:
    iv = page[_PAGE - _RESERVE : _PAGE - _RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[16 if first else 0 : _PAGE - _RESERVE]) + decryptor.finalize()


def test_the_archive_is_never_purged(pair: Pair) -> None:
    # Every testimony the archive holds is "archived": a purge there would empty it.
    before = stored_state(pair.archive.connection)
    blobs = sorted(p.name for p in pair.archive.layout.blobs.glob("*.age"))
    assert blobs
    for attempt in (receipts.purge_archived, receipts.archived_testimonies):
        with pytest.raises(NotADeviceError, match="the archive keeps them"):
            attempt(pair.archive)
    assert stored_state(pair.archive.connection) == before
    assert sorted(p.name for p in pair.archive.layout.blobs.glob("*.age")) == blobs


def test_a_receipt_is_written_again_only_once_a_new_bundle_came(pair: Pair) -> None:
    (first,) = receipts.write_receipts(pair.archive, pair.usb)
    # Nothing new: no pack, so the device's chain of packs does not grow a day at a time.
    assert receipts.write_receipts(pair.archive, pair.usb) == []
    assert receipts.write_receipts(pair.archive, pair.usb, to=first.device) == []
    packs.apply_pack(pair.device, first.path)
    (summary, *_) = pair.device.repository.list_testimonies()
    records.amend_testimony(pair.device, summary.id, {"title": "Corrected"})
    records.seal_testimony(pair.device, summary.id)
    second = export.export_bundle(pair.device, pair.usb)
    assert second.path is not None
    assert importing.import_bundles(pair.archive, [second.path])[0].outcome == "imported"
    (again,) = receipts.write_receipts(pair.archive, pair.usb)
    assert again.sequence == first.sequence + 1
    applied = packs.apply_pack(pair.device, again.path)
    assert applied.details["archived"] == 1  # the amendment


def test_a_receipt_naming_a_bundle_never_sent_is_refused(pair: Pair) -> None:
    forged = ReceiptPayload(
        format=RECEIPT_FORMAT,
        device=pair.device.fingerprint,
        bundles=(ReceivedBundle(sequence=1, manifest_digest="ab" * 32),),
        records=(),
    )
    pack = pack_writing.send_pack(
        pair.archive, pair.device.fingerprint, ManifestKind.RECEIPT, receipt_bytes(forged), pair.usb
    )
    before = stored_state(pair.device.connection)
    with pytest.raises(PackRejectedError):
        packs.apply_pack(pair.device, pack.path)
    assert stored_state(pair.device.connection) == before


def test_nothing_archived_nothing_purged(pair: Pair) -> None:
    assert receipts.purge_archived(pair.device).testimonies == 0
    assert {s.status for s in pair.device.repository.list_testimonies()} == {RecordStatus.EXPORTED}


# --- a receipt counts only through the bundles it names; purge waits for identities ------------


@dataclass
class Field:
    archive: Archive
    device: Device
    folder: Path


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    tmp_path.chmod(0o700)
    coordinator = make_archive(tmp_path / "archive")
    made = Field(coordinator, make_device(tmp_path / "a", coordinator, "Laptop A"), tmp_path)
    yield made
    made.archive.ws.lock()
    made.device.ws.lock()


def _apply_receipt(field: Field, *, bundles: set[int] | None = None) -> dict[str, object]:
    """The archive's genuine receipt for the device, naming only ``bundles`` when given."""
    payload = receipts._receipt_for(field.archive.ws, field.device.fingerprint)
    assert payload is not None
    if bundles is not None:
        named = tuple(b for b in payload.bundles if b.sequence in bundles)
        payload = payload.model_copy(update={"bundles": named})
    sent = pack_writing.send_pack(
        field.archive.ws, field.device.fingerprint, ManifestKind.RECEIPT, receipt_bytes(payload),
        field.device.usb,
    )  # fmt: skip
    return packs.apply_pack(field.device.ws, sent.path).details


def _add_anonymous(device: Device, seed: int) -> UUID:
    """One sealed demo testimony whose witness asked for anonymity (an identity kept here)."""
    record = next(
        r
        for r in generate(20, seed=seed)
        if r.seal and r.consents[-1].anonymity is AnonymityWish.ANONYMOUS and r.identity
    )
    records.create_testimony(device.ws, record.testimony, record.consents, record.identity)
    records.seal_testimony(device.ws, record.testimony.id)
    return record.testimony.id


def _correct_identity(device: Device, testimony_id: UUID) -> WitnessIdentity:
    repo = device.ws.repository
    witness = repo.identity(repo.get_testimony(testimony_id).pseudonym)
    assert witness is not None
    return records.save_identity(
        device.ws, witness.model_copy(update={"notes": "home village spelled differently"})
    )


def _identity_rows(device: Device, pseudonym: str) -> int:
    return device.ws.repository.identity_versions(pseudonym)


def test_a_receipt_archives_only_the_records_of_the_bundles_it_names(field: Field) -> None:
    device = field.device
    first = add_with_files(device, 1, [b"first audio " * 40])
    one = device.export()
    second = add_with_files(device, 2, [b"second audio " * 40])
    imported = field.archive.import_(one, device.export())
    assert [r.outcome for r in imported] == ["imported", "imported"]
    repo = device.ws.repository

    # The archive holds both and names both records, but only bundle 1.
    details = _apply_receipt(field, bundles={1})
    assert (details["archived"], details["unconfirmed"], details["mismatched"]) == (1, 1, 0)
    assert repo.get_testimony(first).status is RecordStatus.ARCHIVED
    assert repo.get_testimony(second).status is RecordStatus.EXPORTED
    assert receipts.purge_archived(device.ws).testimonies == 1
    assert repo.get_testimony(second).narrative.text

    details = _apply_receipt(field)
    assert (details["archived"], details["unconfirmed"]) == (1, 0)
    assert repo.get_testimony(second).status is RecordStatus.ARCHIVED


def test_purge_waits_for_the_receipt_of_the_bundle_that_carried_an_identity_correction(
    field: Field,
) -> None:
    """Exported is not delivered: the stick with the correction may be lost, and sending its
    bundle again needs the correction still here."""
    device = field.device
    testimony_id = add_with_files(device, 1, [b"audio " * 40])
    field.archive.import_(device.export())
    _apply_receipt(field)
    pseudonym = _correct_identity(device, testimony_id).pseudonym
    second = device.export()
    assert device.bundles[-1].identities == 1

    assert receipts.archived_testimonies(device.ws) == []
    assert receipts.purge_archived(device.ws) == receipts.PurgeResult(0, 0, 0)
    assert _identity_rows(device, pseudonym) == 2

    field.archive.import_(second)
    _apply_receipt(field)
    assert receipts.purge_archived(device.ws) == receipts.PurgeResult(1, 1, 2)
    assert _identity_rows(device, pseudonym) == 0


def test_an_anonymous_witness_s_identity_does_not_hold_purge_back(field: Field) -> None:
    """Export never sends it, marked withheld or not yet: purge forgets it as before."""
    device = field.device
    testimony_id = _add_anonymous(device, seed=3)
    field.archive.import_(device.export())
    assert device.bundles[-1].identities == 0
    _apply_receipt(field)
    pseudonym = _correct_identity(device, testimony_id).pseudonym  # not marked withheld yet

    assert receipts.archived_testimonies(device.ws) == [testimony_id]
    assert receipts.purge_archived(device.ws) == receipts.PurgeResult(1, 0, 2)
    assert _identity_rows(device, pseudonym) == 0


def test_an_identity_saved_after_its_witness_was_purged_stays_until_it_has_left(
    field: Field,
) -> None:
    device = field.device
    testimony_id = add_with_files(device, 1, [b"audio " * 40])
    pseudonym = device.ws.repository.get_testimony(testimony_id).pseudonym
    field.archive.import_(device.export())
    _apply_receipt(field)
    witness = device.ws.repository.identity(pseudonym)
    assert witness is not None
    assert receipts.purge_archived(device.ws).identities == 1

    records.save_identity(device.ws, witness.model_copy(update={"notes": "found a cousin"}))
    assert receipts.purge_archived(device.ws).identities == 0
    assert _identity_rows(device, pseudonym) == 1
    field.archive.import_(device.export())
    assert device.bundles[-1].identities == 1
    _apply_receipt(field)
    assert receipts.purge_archived(device.ws).identities == 1
    assert _identity_rows(device, pseudonym) == 0
