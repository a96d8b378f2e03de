"""A lost bundle: refused gaps, a gap the coordinator accepts, the lost bundle found later; and
the device custody events the archive keeps from every bundle, shown and verified again.

Real files throughout: an archive, enrolled devices with demo testimonies, bundles exported and
imported (import_support). A stick "lost" is a bundle file never given to the archive.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp.domain import CustodyKind
from fieldapp.errors import ValidationFailedError
from fieldapp.services import audit, custody_view, standing
from fieldapp.services.import_chain import REJECTED_FOUND_MISMATCH
from fieldapp.workspace import archive_state, import_state
from tests.fieldapp.services.import_support import (
    Site,
    add_demo,
    custody_events,
    resign,
    sent_by,
    snapshot,
)

REASON = "Stick lost at the border crossing, reported by the interviewer on 3 May"


def _three_bundles(site: Site) -> tuple[Path, Path, Path]:
    """Device A's bundles 1 (imported), 2 (the lost stick) and 3 (not imported yet)."""
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    add_demo(site.a, 2, seed=51)
    lost = site.a.export()
    add_demo(site.a, 2, seed=52)
    third = site.a.export()
    return first, lost, third


def test_without_acceptance_the_bundle_after_a_lost_one_is_refused(site: Site) -> None:
    _, _, third = _three_bundles(site)
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(third)
    assert report.outcome == "refused"
    assert report.reason == "bundle 2 from this device is missing: import it first"
    assert report.missing == 2  # the gap a coordinator may accept, for scripts and the UI
    assert snapshot(site.archive.ws) == before


def test_an_accepted_gap_lets_the_next_bundle_import(site: Site) -> None:
    _, _, third = _three_bundles(site)
    gap = standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    assert (gap.first_sequence, gap.through_sequence, gap.reason) == (2, 2, REASON)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    held = {t for (t, _) in import_state_testimonies(site)}
    # Bundle 3's testimonies are in the archive; bundle 2's (lost) are not.
    assert {str(r.testimony.id) for r in site.a.demo[-2:]} <= held
    assert not {str(r.testimony.id) for r in site.a.demo[2:4]} & held


def import_state_testimonies(site: Site) -> set[tuple[str, int]]:
    rows = site.archive.ws.connection.execute("SELECT id, version FROM testimonies")
    return {(str(i), int(v)) for i, v in rows}


def test_acceptance_is_a_signed_custody_event_that_audit_verifies(site: Site) -> None:
    _three_bundles(site)
    gap = standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    last = custody_events(site.archive.ws)[-1]
    assert last.kind is CustodyKind.GAP_ACCEPT
    assert last.actor == site.archive.ws.fingerprint
    assert last.payload_hash == standing.fact_hash(standing.gap_fact(gap))
    assert audit.verify_custody(site.archive.ws).intact
    # A gap slipped into the table without the coordinator's signed event is found.
    site.archive.ws.connection.execute("UPDATE accepted_gaps SET through_sequence = 5")
    report = audit.verify_custody(site.archive.ws)
    assert not report.intact
    assert "accepted gap" in (report.reason or "")


@pytest.mark.parametrize(
    ("through", "reason"),
    [(1, REASON), (0, REASON), (2, ""), (2, "two\nlines")],
)
def test_a_gap_that_is_not_one_or_without_a_reason_is_refused(
    site: Site, through: int, reason: str
) -> None:
    _three_bundles(site)
    before = snapshot(site.archive.ws)
    with pytest.raises((standing.NoGapError, ValidationFailedError)):
        standing.accept_gap(site.archive.ws, site.a.fingerprint, through, reason)
    assert snapshot(site.archive.ws) == before


def test_after_a_gap_as_wide_as_a_devices_numbers_go_the_next_is_found_by_its_end(
    site: Site,
) -> None:
    """A coordinator's slip (or a seized laptop's far-numbered bundle) can make an accepted gap
    reach 2^53 - 1: the next acceptance then finds the first open number from the gap's end,
    not by stepping through every number in it."""
    _three_bundles(site)
    far = 2**53 - 1
    standing.accept_gap(site.archive.ws, site.a.fingerprint, far, REASON)
    assert standing.first_open_sequence(site.archive.ws, site.a.fingerprint) == far + 1
    before = snapshot(site.archive.ws)
    with pytest.raises(standing.NoGapError):
        standing.accept_gap(site.archive.ws, site.a.fingerprint, far, REASON)
    assert snapshot(site.archive.ws) == before


def test_a_gap_too_far_is_still_a_gap(site: Site) -> None:
    """Accepting through 2 does not excuse 3: bundle 4 waits for bundle 3."""
    _, _, third = _three_bundles(site)
    add_demo(site.a, 1, seed=53)
    fourth = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    [report] = site.archive.import_(fourth)
    assert report.reason == "bundle 3 from this device is missing: import it first"
    assert [r.outcome for r in site.archive.import_(third, fourth)] == ["imported", "imported"]


def test_the_lost_bundle_found_later_is_imported_when_it_fits(site: Site) -> None:
    _, lost, third = _three_bundles(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    site.archive.import_(third)
    [report] = site.archive.import_(lost)
    assert report.outcome == "imported", report.reason
    assert report.sequence == 2
    sent = {(t, v) for (t, v) in sent_by(site.a).testimonies}
    assert sent <= import_state_testimonies(site)
    # Now the device's custody log is whole again in the archive, and verifies.
    assert audit.verify_custody(site.archive.ws).intact
    seqs = [
        e.seq for e in import_state.device_events(site.archive.ws.connection, site.a.fingerprint)
    ]
    assert seqs == list(range(1, len(seqs) + 1))
    assert site.archive.import_(lost)[0].outcome == "already imported"


def test_a_found_bundle_that_does_not_fit_is_refused(site: Site) -> None:
    _, lost, third = _three_bundles(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    site.archive.import_(third)
    # Signed by the device itself, but not the bundle 2 that bundle 3 names as its previous.
    other = lost.with_name("other-2.fieldbundle")
    later = datetime.now(UTC) + timedelta(seconds=5)
    other.write_bytes(resign(lost.read_bytes(), site.a.key, created_at=later))
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(other)
    assert report.reason == REJECTED_FOUND_MISMATCH
    assert snapshot(site.archive.ws) == before


def test_a_bundle_outside_any_accepted_gap_is_not_taken_as_found(site: Site) -> None:
    first, _, _ = _three_bundles(site)
    other = first.with_name("other-1.fieldbundle")
    later = datetime.now(UTC) + timedelta(seconds=5)
    other.write_bytes(resign(first.read_bytes(), site.a.key, created_at=later))
    [report] = site.archive.import_(other)
    assert report.outcome == "refused"
    assert "different bundle 1" in (report.reason or "")


# --- device custody kept by the archive -------------------------------------------------------


def test_the_archive_keeps_each_bundles_device_events_and_shows_a_records_custody(
    site: Site,
) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    site.archive.import_(path)
    kept = import_state.device_events(site.archive.ws.connection, site.a.fingerprint)
    device_log = custody_events(site.a.ws)
    # Every event the device had before bundle 1 was written (its export event comes later).
    assert [e.seq for e in kept] == [e.seq for e in device_log[: len(kept)]]
    assert [e.body for e in kept] == [e.canonical_bytes() for e in device_log[: len(kept)]]
    testimony = next(r.testimony for r in site.a.demo if r.seal)
    shown = custody_view.record_custody(site.archive.ws, testimony.id)
    assert [e.source for e in shown][:1] == ["device"]
    assert shown[-1].source == "archive"
    assert shown[-1].kind == "import"
    kinds = [e.kind for e in shown if e.source == "device"]
    assert kinds[0] == "create"
    assert "seal" in kinds
    assert all(e.verified for e in shown)
    assert audit.verify_custody(site.archive.ws).intact


def test_audit_names_a_tampered_device_event(site: Site) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    site.archive.import_(path)
    db = site.archive.ws.connection
    seq, body = db.execute(
        "SELECT seq, body FROM device_custody WHERE device = ? ORDER BY seq LIMIT 1 OFFSET 2",
        (site.a.fingerprint,),
    ).fetchone()
    altered = bytes(body).replace(b'"claimed_at":"2', b'"claimed_at":"1', 1)
    assert altered != bytes(body)
    db.execute(
        "UPDATE device_custody SET body = ? WHERE device = ? AND seq = ?",
        (altered, site.a.fingerprint, seq),
    )
    report = audit.verify_custody(site.archive.ws)
    assert not report.intact
    assert report.broken_at == seq
    assert site.a.fingerprint in (report.reason or "")
    assert "not signed by that device" in (report.reason or "")


def test_audit_names_a_device_event_removed(site: Site) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    site.archive.import_(path)
    db = site.archive.ws.connection
    db.execute("DELETE FROM device_custody WHERE device = ? AND seq = 2", (site.a.fingerprint,))
    report = audit.verify_custody(site.archive.ws)
    assert report.broken_at == 3
    assert "does not follow" in (report.reason or "")


def test_the_gap_acceptance_names_the_device_and_is_listed(site: Site) -> None:
    _three_bundles(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    [gap] = archive_state.accepted_gaps(site.archive.ws.connection)
    assert (gap.device, gap.first_sequence, gap.through_sequence) == (site.a.fingerprint, 2, 2)
    assert archive_state.accepted_gaps(site.archive.ws.connection, site.b.fingerprint) == []
