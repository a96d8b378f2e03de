"""Opening a strictly confidential testimony, or a witness's identity, is a signed ``access``
custody event, committed before the content is handed over; the events reach the archive in
the laptop's next bundle, the archive logs its own openings, and the audit holds both.

Real workspaces (import_support's ``site``: an archive and two enrolled laptops, each with a
first bundle exported)."""

import hashlib
from uuid import UUID

import pytest

from fieldapp.domain import (
    ConfidentialityLevel,
    CustodyEvent,
    CustodyKind,
    canonical_bytes,
    content_hash,
)
from fieldapp.errors import RecordNotFoundError
from fieldapp.services import access, audit, custody_view, records
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_identity
from tests.fieldapp.workspace.support import new_testimony

from .import_support import Site, custody_events


def recorded(ws: Workspace, level: ConfidentialityLevel, *, named: bool = True) -> UUID:
    """A sealed testimony of ``level``, with its witness's identity when ``named``."""
    testimony, consent = new_testimony(confidentiality=level)
    identity = make_identity(pseudonym=testimony.pseudonym) if named else None
    records.create_testimony(ws, testimony, [consent], identity, [])
    records.seal_testimony(ws, testimony.id)
    return testimony.id


def _new_events(ws: Workspace, before: list[CustodyEvent]) -> list[CustodyEvent]:
    after = custody_events(ws)
    assert after[: len(before)] == before, "the log only grows"
    return after[len(before) :]


def test_opening_a_strictly_confidential_testimony_is_logged(site: Site) -> None:
    ws = site.a.ws
    testimony_id = recorded(ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    before = custody_events(ws)
    record = access.open_record(ws, testimony_id)
    [event] = _new_events(ws, before)
    assert (event.kind, event.record_id, event.record_version) == (
        CustodyKind.ACCESS,
        testimony_id,
        record.testimony.version,
    )
    assert event.payload_hash == content_hash(record.testimony)
    assert audit.verify_custody(ws).intact  # signed and chained like every other event
    access.open_record(ws, testimony_id)
    assert len(_new_events(ws, before)) == 2, "each opening is logged"


_BELOW = [
    level
    for level in ConfidentialityLevel
    if level is not ConfidentialityLevel.STRICTLY_CONFIDENTIAL
]


@pytest.mark.parametrize("level", _BELOW)
def test_a_testimony_below_strictly_confidential_opens_unlogged(
    site: Site, level: ConfidentialityLevel
) -> None:
    ws = site.a.ws
    testimony_id = recorded(ws, level)
    before = custody_events(ws)
    assert access.open_record(ws, testimony_id).testimony.id == testimony_id
    assert _new_events(ws, before) == []


def test_opening_an_identity_is_logged_without_a_hash_of_it(site: Site) -> None:
    ws = site.a.ws
    testimony_id = recorded(ws, ConfidentialityLevel.CONFIDENTIAL)
    before = custody_events(ws)
    identity = access.open_identity(ws, testimony_id)
    assert identity is not None
    [event] = _new_events(ws, before)
    assert (event.kind, event.record_id, event.record_version) == (
        CustodyKind.ACCESS,
        testimony_id,
        None,
    )
    # Derived from the testimony's id alone: the archive, which reads the event, must not be
    # able to confirm a guess of the witness's name with it.
    assert event.payload_hash == access.identity_access_digest(testimony_id)
    assert event.payload_hash != hashlib.sha256(canonical_bytes(identity)).hexdigest()
    expected = hashlib.sha256(b"fieldapp-access/identity\x00" + testimony_id.bytes).hexdigest()
    assert event.payload_hash == expected  # the definition format.md gives auditors


def test_no_identity_is_no_opening(site: Site) -> None:
    ws = site.a.ws
    testimony_id = recorded(ws, ConfidentialityLevel.CONFIDENTIAL, named=False)
    before = custody_events(ws)
    assert access.open_identity(ws, testimony_id) is None
    assert _new_events(ws, before) == []


def test_an_unknown_testimony_logs_nothing(site: Site) -> None:
    ws = site.a.ws
    before = custody_events(ws)
    with pytest.raises(RecordNotFoundError):
        access.open_record(ws, UUID(int=7))
    with pytest.raises(RecordNotFoundError):
        access.open_identity(ws, UUID(int=7))
    assert _new_events(ws, before) == []


def test_the_laptops_openings_reach_the_archive_and_the_audit_holds(site: Site) -> None:
    ws = site.a.ws
    testimony_id = recorded(ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    access.open_record(ws, testimony_id)
    access.open_identity(ws, testimony_id)
    [first] = site.archive.import_(site.a.bundles[0].path)  # type: ignore[arg-type]
    [second] = site.archive.import_(site.a.export())
    assert (first.outcome, second.outcome) == ("imported", "imported"), second.reason
    shown = custody_view.record_custody(site.archive.ws, testimony_id)
    opened = [e for e in shown if e.kind == CustodyKind.ACCESS.value]
    assert [(e.source, e.record_version is None, e.verified) for e in opened] == [
        (custody_view.DEVICE, False, True),
        (custody_view.DEVICE, True, True),
    ]
    assert audit.verify_custody(site.archive.ws).intact


def test_the_archive_logs_its_own_openings(site: Site) -> None:
    testimony_id = recorded(site.a.ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    site.archive.import_(site.a.bundles[0].path)  # type: ignore[arg-type]
    [report] = site.archive.import_(site.a.export())
    assert report.outcome == "imported", report.reason
    archive = site.archive.ws
    before = custody_events(archive)
    record = access.open_record(archive, testimony_id)
    [event] = _new_events(archive, before)
    assert (event.kind, event.record_id, event.actor) == (
        CustodyKind.ACCESS,
        testimony_id,
        archive.fingerprint,
    )
    assert event.payload_hash == content_hash(record.testimony)
    shown = custody_view.record_custody(archive, testimony_id)
    assert [e.source for e in shown if e.kind == CustodyKind.ACCESS.value] == [
        custody_view.ARCHIVE
    ]
    assert audit.verify_custody(archive).intact
