"""Receipts and purging: the archive confirms, the device marks archived, then forgets content."""

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.demo.corpus import generate
from fieldapp.domain import RecordStatus
from fieldapp.errors import PackRejectedError, RecordPurgedError
from fieldapp.services import (
    archive,
    attachments,
    audit,
    enrolment,
    export,
    importing,
    packs,
    receipts,
    records,
)
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.receipt import RECEIPT_FORMAT, ReceiptPayload, ReceivedBundle, receipt_bytes
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.workspace.support import stored_state

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
        records.create_testimony(dev, testimony, item.consents, item.identity)
        attachments.attach_file(
            dev,
            testimony.id,
            io.BytesIO(marker.encode() * 100),
            kind=attachments.AttachmentKind.DOCUMENT,
            media_type="text/plain",
        )
        records.seal_testimony(dev, testimony.id)
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

    result = receipts.purge_archived(pair.device)
    assert result.testimonies == len(exported)
    assert result.attachments == len(exported)
    for summary in pair.device.repository.list_testimonies():
        assert summary.status is RecordStatus.PURGED
        with pytest.raises(RecordPurgedError):
            pair.device.repository.get_testimony(summary.id)
    assert not list(pair.device.layout.blobs.glob("*.age"))
    assert pair.device.repository.search(pair.marker) == []
    assert audit.verify_custody(pair.device).intact
    # Deleted content is overwritten and the WAL folded in: the marker is nowhere on disk.
    for path in pair.device.layout.root.rglob("*"):
        if path.is_file():
            assert pair.marker.encode() not in path.read_bytes()


def test_a_receipt_naming_a_bundle_never_sent_is_refused(pair: Pair) -> None:
    forged = ReceiptPayload(
        format=RECEIPT_FORMAT,
        device=pair.device.fingerprint,
        bundles=(ReceivedBundle(sequence=1, manifest_digest="ab" * 32),),
        records=(),
    )
    pack = packs.send_pack(
        pair.archive, pair.device.fingerprint, ManifestKind.RECEIPT, receipt_bytes(forged), pair.usb
    )
    before = stored_state(pair.device.connection)
    with pytest.raises(PackRejectedError):
        packs.apply_pack(pair.device, pack.path)
    assert stored_state(pair.device.connection) == before


def test_nothing_archived_nothing_purged(pair: Pair) -> None:
    assert receipts.purge_archived(pair.device).testimonies == 0
    assert {s.status for s in pair.device.repository.list_testimonies()} == {RecordStatus.EXPORTED}
