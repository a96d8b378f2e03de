"""Every consent version has a signed ``consent`` custody event in its device's log: the import
matches each version a bundle carries with its event (and each event with the version the
archive holds), the archive numbers each version by its event's place in the log, and the
archive's audit finds a version deleted, altered or added.

Real workspaces (import_support's ``site``: an archive and two enrolled laptops, each with a
first bundle exported). A device that leaves a version's event out, or signs an event naming
other bytes, is made by writing its own database as a forger with its key would."""

import hashlib
from uuid import UUID

from fieldapp.domain import ConsentRecord, CustodyKind, canonical_bytes
from fieldapp.services import audit, records, standing
from fieldapp.services.import_consents import REJECTED_CONSENT_EVENT, REJECTED_CONSENT_UNSIGNED
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import transaction
from tests.fieldapp.workspace.support import new_testimony

from .import_support import (
    Device,
    Site,
    custody_events,
    refused_with_nothing_changed,
    sent_by,
)
from .waiting_support import GAP_REASON


def _import(site: Site, device: Device) -> None:
    [report] = site.archive.import_(device.export())
    assert report.outcome == "imported", report.reason


def _first_imported(site: Site) -> UUID:
    """Laptop A's first bundle imported; one of the testimonies it carried."""
    first = site.a.bundles[0].path
    assert first is not None
    [report] = site.archive.import_(first)
    assert report.outcome == "imported", report.reason
    return UUID(sorted(sent_by(site.a).testimony_ids())[0])


def _next_version(ws: Workspace, testimony_id: UUID, **changes: object) -> ConsentRecord:
    """The witness's next consent version (narrower: research no longer allowed), not stored."""
    consents = ws.repository.consents_for(testimony_id)
    latest = consents[-1]
    scopes = latest.scopes.model_copy(update={"research": False})
    update = {"version": len(consents) + 1, "scopes": scopes, **changes}
    return latest.model_copy(update=update)


def _widened(ws: Workspace, version: ConsentRecord) -> ConsentRecord:
    """``version`` with the scopes of the testimony's first version (research allowed)."""
    first = ws.repository.consents_for(version.testimony_id)[0]
    return version.model_copy(update={"scopes": first.scopes})


def _event_seqs(ws: Workspace) -> dict[tuple[str, int], int | None]:
    rows = ws.connection.execute("SELECT testimony_id, version, event_seq FROM consents")
    return {(str(t), int(v)): s for t, v, s in rows}


def _device_consent_events(device: Device) -> dict[tuple[str, int], tuple[int, str]]:
    return {
        (str(e.record_id), e.record_version or 0): (e.seq, e.payload_hash)
        for e in custody_events(device.ws)
        if e.kind is CustodyKind.CONSENT
    }


def test_the_archive_numbers_each_version_by_its_signed_event(site: Site) -> None:
    testimony_id = _first_imported(site)
    narrower = _next_version(site.a.ws, testimony_id)
    records.add_consent(site.a.ws, narrower)
    _import(site, site.a)
    signed = _device_consent_events(site.a)
    held = _event_seqs(site.archive.ws)
    assert held, "the archive holds consent versions"
    assert held == {key: seq for key, (seq, _) in signed.items() if key in held}
    assert held == _event_seqs(site.a.ws)  # the laptop numbers its own alike
    for key, (_, digest) in signed.items():
        if key in held:
            [body] = site.archive.ws.connection.execute(
                "SELECT body FROM consents WHERE testimony_id = ? AND version = ?", key
            ).fetchone()
            assert hashlib.sha256(bytes(body)).hexdigest() == digest
    assert audit.verify_custody(site.archive.ws).intact


def test_a_consent_version_without_its_signed_event_is_refused_with_nothing_changed(
    site: Site,
) -> None:
    """The laptop stores a narrower version and signs no event for it (the event dropped
    before the log was signed): its chain is whole, and the bundle is refused for it."""
    testimony_id = _first_imported(site)
    with transaction(site.a.ws.connection):
        site.a.ws.repository.add_consent(_next_version(site.a.ws, testimony_id))
    data = site.a.export().read_bytes()
    refused_with_nothing_changed(site, data, REJECTED_CONSENT_UNSIGNED)


def test_a_consent_version_other_than_the_one_its_event_names_is_refused(site: Site) -> None:
    """The version is altered in the laptop's database after it was recorded: its event names
    the bytes the witness agreed to, the bundle carries others."""
    testimony_id = _first_imported(site)
    narrower = _next_version(site.a.ws, testimony_id)
    records.add_consent(site.a.ws, narrower)
    wider = _widened(site.a.ws, narrower)
    site.a.ws.connection.execute(
        "UPDATE consents SET body = ? WHERE testimony_id = ? AND version = ?",
        (canonical_bytes(wider), str(testimony_id), narrower.version),
    )
    data = site.a.export().read_bytes()
    refused_with_nothing_changed(site, data, REJECTED_CONSENT_EVENT)


def test_a_consent_event_naming_other_bytes_than_the_version_held_is_refused(
    site: Site,
) -> None:
    """An event without its consent: the laptop signs a second event for version 1, which the
    archive holds, naming bytes that are not that version's."""
    testimony_id = _first_imported(site)
    with transaction(site.a.ws.connection):
        site.a.ws.custody.append(
            CustodyKind.CONSENT, "ab" * 32, record_id=testimony_id, record_version=1
        )
    # Events alone make no bundle: a sealed testimony carries them, as the next work would.
    testimony, consent = new_testimony()
    records.create_testimony(site.a.ws, testimony, [consent])
    records.seal_testimony(site.a.ws, testimony.id)
    data = site.a.export().read_bytes()
    refused_with_nothing_changed(site, data, REJECTED_CONSENT_EVENT)


def test_a_drafts_consent_event_travels_first_and_numbers_its_version_later(
    site: Site,
) -> None:
    """A draft's consent version stays on the laptop until the testimony is sealed, while its
    event leaves with the log in the next bundle: the event alone is taken, and the version,
    arriving later, is matched with it and numbered by it."""
    _first_imported(site)
    draft, consent = new_testimony()
    records.create_testimony(site.a.ws, draft, [consent])
    carrier, carrier_consent = new_testimony()
    records.create_testimony(site.a.ws, carrier, [carrier_consent])
    records.seal_testimony(site.a.ws, carrier.id)
    _import(site, site.a)
    key = (str(draft.id), 1)
    assert key not in _event_seqs(site.archive.ws)
    records.seal_testimony(site.a.ws, draft.id)
    _import(site, site.a)
    assert _event_seqs(site.archive.ws)[key] == _device_consent_events(site.a)[key][0]
    assert audit.verify_custody(site.archive.ws).intact


def _audit_reason(ws: Workspace) -> str | None:
    report = audit.verify_custody(ws)
    return None if report.intact else report.reason


def test_the_archives_audit_finds_a_consent_version_deleted_altered_or_added(
    site: Site,
) -> None:
    """A narrower version 2 deleted on the archive gives back the use it withdrew; altered or
    added, a version allows what the witness never did. Each is found (the edits are undone
    between the checks)."""
    testimony_id = _first_imported(site)
    narrower = _next_version(site.a.ws, testimony_id)
    records.add_consent(site.a.ws, narrower)
    _import(site, site.a)
    db = site.archive.ws.connection
    assert _audit_reason(site.archive.ws) is None
    where = (str(testimony_id), narrower.version)
    wider = _widened(site.a.ws, narrower)
    added = _next_version(site.a.ws, testimony_id, version=narrower.version + 1)
    edits = {
        "removed": [("DELETE FROM consents WHERE testimony_id = ? AND version = ?", where)],
        "altered": [
            (
                "UPDATE consents SET body = ? WHERE testimony_id = ? AND version = ?",
                (canonical_bytes(wider), *where),
            )
        ],
        "added": [
            (
                "INSERT INTO consents (testimony_id, version, body) VALUES (?, ?, ?)",
                (str(testimony_id), added.version, canonical_bytes(added)),
            )
        ],
    }
    for word, statements in edits.items():
        db.execute("SAVEPOINT edit")
        for statement, params in statements:
            db.execute(statement, params)
        reason = _audit_reason(site.archive.ws)
        db.execute("ROLLBACK TO edit")
        db.execute("RELEASE edit")
        assert reason is not None, word
        assert f"({'it was ' + word})" in reason, reason
    assert _audit_reason(site.archive.ws) is None


def test_a_version_whose_event_went_in_a_lost_bundle_is_taken_then_numbered_when_found(
    site: Site,
) -> None:
    """The draft's consent event left in bundle 2, which was lost; the version itself in
    bundle 3, once the testimony was sealed. After the coordinator accepts the gap, bundle 3 is
    imported with the version unnumbered (its event may be in the lost bundle); the found
    stick brings the event, which then numbers it, and the audit passes throughout."""
    _first_imported(site)
    draft, consent = new_testimony()
    records.create_testimony(site.a.ws, draft, [consent])
    carrier, carrier_consent = new_testimony()
    records.create_testimony(site.a.ws, carrier, [carrier_consent])
    records.seal_testimony(site.a.ws, carrier.id)
    lost = site.a.export()
    records.seal_testimony(site.a.ws, draft.id)
    third = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    key = (str(draft.id), 1)
    assert _event_seqs(site.archive.ws)[key] is None
    assert audit.verify_custody(site.archive.ws).intact
    [found] = site.archive.import_(lost)
    assert found.outcome == "imported", found.reason
    assert _event_seqs(site.archive.ws)[key] == _device_consent_events(site.a)[key][0]
    assert audit.verify_custody(site.archive.ws).intact
