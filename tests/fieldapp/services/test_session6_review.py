"""Adversarial review of session 6's changes: an anonymous witness's signed consent form, and
consents waiting for their testimony. Each test proved a bug found by the review (a strict
xfail until it was fixed)."""

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain import AnonymityWish, AttachmentKind
from fieldapp.errors import ValidationFailedError
from fieldapp.services import attachments, export_resend, records, standing
from fieldapp.services.export import export_bundle
from fieldapp.workspace import Workspace, import_state
from tests.fieldapp.domain.factories import STARTED_AT, make_consent
from tests.fieldapp.services.import_support import (
    Site,
    record_line,
    resign,
    rewrite_records,
)
from tests.fieldapp.services.test_export_support import (
    FieldDevice,
    add_testimony,
    bundle_records,
    enrolled_device,
    kinds,
)
from tests.fieldapp.services.waiting_support import GAP_REASON, withdraw_from_lost


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FieldDevice]:
    made = enrolled_device(tmp_path)
    yield made
    made.ws.lock()


def _next_consent(ws: Workspace, testimony_id: Any, pseudonym: str, **overrides: Any) -> Any:
    version = len(ws.repository.consents_for(testimony_id)) + 1
    fields = {
        "testimony_id": testimony_id,
        "pseudonym": pseudonym,
        "version": version,
        "taken_at": STARTED_AT + timedelta(days=version),
        "anonymity": AnonymityWish.NAMED_CONFIDENTIALLY,
        **overrides,
    }
    return records.add_consent(ws, make_consent(**fields))


def _sent(path: Path | None, device: FieldDevice, kind: str) -> set[Any]:
    if path is None:
        return set()
    return {r.id for r in kinds(bundle_records(path, device.keys)).get(kind, [])}


def _form(ws: Workspace, testimony_id: Any) -> Any:
    return attachments.attach_file(
        ws,
        testimony_id,
        io.BytesIO(b"%PDF signed: Kim Chol-su"),
        kind=AttachmentKind.SCAN,
        media_type="application/pdf",
        label="consent form",
    )


# -- export_consent: a consent form of an anonymous witness ------------------------------------
def test_a_form_of_a_witness_anonymous_in_another_testimony_stays(device: FieldDevice) -> None:
    ws = device.ws
    named = add_testimony(ws, seal=False)
    form = _form(ws, named.id)
    _next_consent(ws, named.id, named.pseudonym, evidence_attachment_id=form.id)
    records.seal_testimony(ws, named.id)
    anonymous = add_testimony(ws, pseudonym=named.pseudonym, anonymity=AnonymityWish.ANONYMOUS)
    result = export_bundle(ws, device.out)
    assert {named.id, anonymous.id} <= _sent(result.path, device, "testimony")
    # The identity (the name) stays home, as the module promises for the form too ...
    assert form.id not in _sent(result.path, device, "attachment")


def test_a_consent_s_form_must_be_a_file_of_its_own_testimony(device: FieldDevice) -> None:
    """Export keeps a form back by its own testimony's witness: a form filed under another
    testimony would leave with that one, so a consent cannot name one."""
    ws = device.ws
    other = add_testimony(ws, seal=False)
    form = _form(ws, other.id)
    records.seal_testimony(ws, other.id)
    anonymous = add_testimony(ws, seal=False, anonymity=AnonymityWish.ANONYMOUS)
    before = ws.repository.consents_for(anonymous.id)
    with pytest.raises(ValidationFailedError, match="evidence"):
        _next_consent(
            ws,
            anonymous.id,
            anonymous.pseudonym,
            anonymity=AnonymityWish.ANONYMOUS,
            evidence_attachment_id=form.id,
        )
    assert ws.repository.consents_for(anonymous.id) == before
    own = _form(ws, anonymous.id)
    _next_consent(
        ws,
        anonymous.id,
        anonymous.pseudonym,
        anonymity=AnonymityWish.ANONYMOUS,
        evidence_attachment_id=own.id,
    )
    records.seal_testimony(ws, anonymous.id)
    result = export_bundle(ws, device.out)
    assert anonymous.id in _sent(result.path, device, "testimony")
    assert {form.id} <= _sent(result.path, device, "attachment")
    assert own.id not in _sent(result.path, device, "attachment")


# -- import_waiting: what waited is applied unchecked ------------------------------------------
def test_a_waiting_consent_naming_another_witness_is_not_applied(site: Site) -> None:
    story = withdraw_from_lost(site, archive_scope=False)
    testimony = site.a.ws.repository.get_testimony(story.testimony)
    consents = site.a.ws.repository.consents_for(story.testimony)
    other = site.b.ws.repository.list_testimonies()[0].pseudonym
    forged_consent = consents[-1].model_copy(
        update={"version": len(consents) + 1, "pseudonym": other}
    )
    assert forged_consent.pseudonym != testimony.pseudonym
    forged = rewrite_records(
        story.third.read_bytes(),
        site.archive,
        site.a.key,
        lambda lines: [*lines, record_line("consent", forged_consent)],
    )
    path = site.tmp / "forged-third.fieldbundle"
    path.write_bytes(forged)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    [third] = site.archive.import_(path)
    if third.outcome == "imported":
        # It waits; the device sends the lost bundle's records again and the testimony arrives
        # (bundle 4 re-signed to follow the bundle 3 the archive holds).
        export_resend.resend_bundle(site.a.ws, 2, reason="Stick lost on the bus")
        digest = import_state.received_digest(site.archive.ws.connection, site.a.fingerprint, 3)
        fourth = site.tmp / "fourth.fieldbundle"
        fourth.write_bytes(resign(site.a.export().read_bytes(), site.a.key, previous=digest))
        [report] = site.archive.import_(fourth)
        assert report.outcome == "imported", report.reason
        # The genuine withdrawal is applied; the consent naming another witness is dropped.
        assert (report.released, report.discarded_waiting) == (1, 1)
    repo = site.archive.ws.repository
    held = repo.consents_for(story.testimony)
    assert all(c.pseudonym == testimony.pseudonym for c in held)
