"""The archive keeps testimonies as their devices sent them: every service that writes a
testimony, a consent, a withdrawal, an identity or an attachment refuses there, changing nothing.

A version made in the archive would fork the device's record (the device's own next amendment
would then collide with it and its bundle be refused) and carry a custody event no device
signed; a consent or withdrawal made there would never reach the laptop that holds the witness.
"""

import io
from collections.abc import Callable
from uuid import UUID

import pytest

from fieldapp.domain import AttachmentKind, ConsentScope
from fieldapp.errors import ArchiveRecordsReadOnlyError
from fieldapp.services import attachments, editing, records
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_consent, make_identity
from tests.fieldapp.workspace.support import new_testimony

from .import_support import Site, snapshot, withdrawal_of

Write = Callable[[Workspace, UUID], object]


def _received(site: Site) -> UUID:
    reports = site.archive.import_(*(device.bundles[0].path for device in (site.a, site.b)))
    assert {report.outcome for report in reports} <= {"imported", "already imported"}
    return records.list_testimonies(site.archive.ws)[0].id


def _pseudonym(ws: Workspace, testimony_id: UUID) -> str:
    return ws.repository.get_testimony(testimony_id).pseudonym


WRITES: dict[str, Write] = {
    "new testimony": lambda ws, _: records.create_testimony(ws, *new_testimony()),
    "new draft": lambda ws, _: editing.new_draft(ws),
    "edit": lambda ws, tid: records.edit_draft(ws, tid, {"title": "changed at the archive"}),
    "amend": lambda ws, tid: records.amend_testimony(ws, tid, {"title": "amended there"}),
    "seal": lambda ws, tid: records.seal_testimony(ws, tid),
    "mark redactions": lambda ws, tid: records.mark_suggested_redactions(ws, tid),
    "consent": lambda ws, tid: records.add_consent(
        ws, make_consent(testimony_id=tid, pseudonym=_pseudonym(ws, tid), version=99)
    ),
    "withdrawal": lambda ws, tid: records.withdraw_consent(
        ws, withdrawal_of(ws, tid, ConsentScope.PUBLIC_MEDIA)
    ),
    "identity": lambda ws, tid: records.save_identity(
        ws, make_identity(pseudonym=_pseudonym(ws, tid))
    ),
    "witness identity": lambda ws, tid: editing.save_witness_identity(
        ws, tid, {"legal_name": "Someone"}
    ),
    "form consent": lambda ws, tid: editing.record_consent(ws, tid, {}),
    "form withdrawal": lambda ws, tid: editing.record_withdrawal(
        ws, tid, [ConsentScope.PUBLIC_MEDIA], received_by="HQ", how_received="phone"
    ),
    "attachment": lambda ws, tid: attachments.attach_file(
        ws, tid, io.BytesIO(b"a file"), kind=AttachmentKind.AUDIO, media_type="audio/wav"
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_the_archive_refuses_every_change_to_its_records(site: Site, name: str) -> None:
    testimony_id = _received(site)
    before = snapshot(site.archive.ws)
    with pytest.raises(ArchiveRecordsReadOnlyError) as refused:
        WRITES[name](site.archive.ws, testimony_id)
    assert "nothing was changed" in refused.value.message
    assert snapshot(site.archive.ws) == before


def test_a_device_still_writes_its_own(site: Site) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(site.a.ws, testimony, [consent])
    assert records.get_record(site.a.ws, testimony.id).testimony.title == testimony.title
