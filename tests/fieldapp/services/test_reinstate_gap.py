"""A reinstated device whose acknowledging bundle was lost: the coordinator vouches for it.

The device applied its reinstatement pack, and the bundle carrying that ``pack_apply`` event was
lost on the stick; custody events go once, so no later bundle carries it again. Accepting the
gap alone cannot help (the archive still sees no acknowledgement); with ``acknowledged_in_gap``
the coordinator vouches that the lost bundles carried it, on the record.

What the word vouches for, exactly: the device had applied the reinstatement pack before it made
the first bundle after the gap. That bundle resumes the chain; every bundle from the last good
one through the gap stays refused, even found, even if it was made after the pack.

Real archive and devices (import_support); packs are real files applied on the devices.
"""

from pathlib import Path

import pytest

from fieldapp.domain import CustodyKind
from fieldapp.services import audit, enrolment, export_resend, packs, standing, verification
from fieldapp.workspace import archive_state
from tests.fieldapp.services.import_support import Site, add_demo, custody_events, snapshot

REASON = "Stick lost at the checkpoint"


def _revoked_and_reinstated(site: Site) -> Path:
    """A's bundle 1 imported, A revoked then reinstated; returns the reinstatement pack."""
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    folder = site.tmp / "reinstate"
    folder.mkdir()
    return standing.reinstate_device(site.archive.ws, site.a.fingerprint, REASON, folder).path


def _newcomers_sequence(site: Site) -> tuple[Path, Path]:
    """A applies the pack, exports bundle 2 (carrying the acknowledgement; to be lost), then 3."""
    packs.apply_pack(site.a.ws, _revoked_and_reinstated(site))
    add_demo(site.a, 2, seed=91)
    lost = site.a.export()
    add_demo(site.a, 2, seed=92)
    return lost, site.a.export()


def _reinstatement(site: Site) -> archive_state.Reinstatement:
    [item] = archive_state.reinstatements(site.archive.ws.connection, site.a.fingerprint)
    return item


def _verify(site: Site, *paths: Path) -> verification.VerificationReport:
    roster_path = site.tmp / "roster.json"
    enrolment.export_roster(site.archive.ws, roster_path)
    roster = verification.load_roster(roster_path, coordinator=site.archive.ws.fingerprint)
    return verification.verify_files(list(paths), roster)


def test_the_newcomers_bundle_is_refused_honestly_then_imports_once_vouched_for(
    site: Site,
) -> None:
    lost, third = _newcomers_sequence(site)
    [refused] = site.archive.import_(third)
    reason = refused.reason or ""
    assert refused.outcome == "refused"
    assert "does not acknowledge the reinstatement" in reason
    assert "bundle 2, which the archive lacks, carried the acknowledgement" in reason
    assert "--through 2 --acknowledged-in-gap" in reason
    assert "bundle resend" not in reason

    # The gap alone: accepted as before, but bundle 3 is still refused, as the service says.
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    assert standing.awaiting_acknowledgement(site.archive.ws, site.a.fingerprint, 2)
    before = snapshot(site.archive.ws)
    [again] = site.archive.import_(third)
    assert (again.outcome, again.reason) == ("refused", reason)
    assert snapshot(site.archive.ws) == before

    # The coordinator's word on the gap already accepted: bundle 3 resumes the chain.
    gap = standing.accept_gap(
        site.archive.ws, site.a.fingerprint, 2, REASON, acknowledged_in_gap=True
    )
    assert (gap.first_sequence, gap.through_sequence) == (2, 2)
    assert _reinstatement(site).resumed_at == 3
    assert not standing.awaiting_acknowledgement(site.archive.ws, site.a.fingerprint, 2)
    [imported] = site.archive.import_(third)
    assert (imported.outcome, imported.sequence) == ("imported", 3), imported.reason

    # The device's resend of the lost records imports as its next bundle.
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    [resent] = site.archive.import_(site.a.export())
    assert (resent.outcome, resent.sequence) == ("imported", 4), resent.reason
    assert audit.verify_custody(site.archive.ws).intact

    # The lost bundle, found: refused (nobody can tell whether it came before the pack).
    [found] = site.archive.import_(lost)
    assert "while it was revoked" in (found.reason or "")


def test_the_word_is_signed_into_the_gap_and_auditors_and_the_roster_agree(site: Site) -> None:
    lost, third = _newcomers_sequence(site)
    gap = standing.accept_gap(
        site.archive.ws, site.a.fingerprint, 2, REASON, acknowledged_in_gap=True
    )
    item = _reinstatement(site)
    event = custody_events(site.archive.ws)[-1]
    assert event.kind is CustodyKind.GAP_ACCEPT
    fact = standing.gap_fact(gap, item.reinstated_at)
    assert fact["acknowledged_reinstatement"] == item.reinstated_at
    assert event.payload_hash == standing.fact_hash(fact)
    assert audit.verify_custody(site.archive.ws).intact  # before bundle 3 arrives
    [imported] = site.archive.import_(third)
    assert imported.outcome == "imported", imported.reason
    assert audit.verify_custody(site.archive.ws).intact

    first = site.a.bundles[0].path
    assert first is not None
    report = _verify(site, first, third)
    assert report.ok, report.files
    [chain] = report.devices
    assert isinstance(chain, verification.AcceptedChain)
    assert (chain.missing, [(s.first, s.through) for s in chain.accepted]) == ([], [(2, 2)])
    # The lost bundle, found: refused by both, as made while revoked.
    [checked] = _verify(site, lost).files
    assert not checked.ok
    assert site.archive.import_(lost)[0].outcome == "refused"


def test_without_the_word_the_roster_refuses_bundle_3_as_the_import_does(site: Site) -> None:
    _, third = _newcomers_sequence(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    assert site.archive.import_(third)[0].outcome == "refused"
    first = site.a.bundles[0].path
    assert first is not None
    report = _verify(site, first, third)
    assert [check.ok for check in report.files] == [True, False]


def test_a_bundle_made_while_revoked_stays_refused_though_the_gap_is_vouched_for(
    site: Site,
) -> None:
    pack = _revoked_and_reinstated(site)
    add_demo(site.a, 2, seed=93)
    while_revoked = site.a.export()  # bundle 2, before the pack reached the device
    packs.apply_pack(site.a.ws, pack)
    add_demo(site.a, 2, seed=94)
    third = site.a.export()  # carries the acknowledgement itself
    # Told bundle 2 was lost, the coordinator vouches; bundle 2 is presented instead of 3.
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON, acknowledged_in_gap=True)
    before = snapshot(site.archive.ws)
    [refused] = site.archive.import_(while_revoked)
    assert "while it was revoked" in (refused.reason or "")
    assert snapshot(site.archive.ws) == before
    [checked] = _verify(site, while_revoked).files
    assert not checked.ok
    assert site.archive.import_(third)[0].outcome == "imported"
    assert audit.verify_custody(site.archive.ws).intact


def test_the_word_needs_a_reinstatement_waiting_after_its_last_good_bundle(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    before = snapshot(site.archive.ws)
    with pytest.raises(standing.NoAcknowledgementInGapError):
        standing.accept_gap(
            site.archive.ws, site.a.fingerprint, 2, REASON, acknowledged_in_gap=True
        )
    assert snapshot(site.archive.ws) == before
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    folder = site.tmp / "reinstate"
    folder.mkdir()
    standing.reinstate_device(site.archive.ws, site.a.fingerprint, REASON, folder)
    before = snapshot(site.archive.ws)
    with pytest.raises(standing.NoAcknowledgementInGapError):  # the gap is not after bundle 1
        standing.accept_gap(
            site.archive.ws, site.a.fingerprint, 1, REASON, acknowledged_in_gap=True
        )
    assert snapshot(site.archive.ws) == before


def test_audit_finds_a_vouched_resumption_moved(site: Site) -> None:
    _, third = _newcomers_sequence(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON, acknowledged_in_gap=True)
    site.archive.import_(third)
    site.archive.ws.connection.execute("UPDATE reinstatements SET resumed_at = 2")
    report = audit.verify_custody(site.archive.ws)
    assert not report.intact
    assert "vouched for as resumed with bundle 3, yet says otherwise" in (report.reason or "")


def test_audit_finds_a_resumption_no_word_vouches_for(site: Site) -> None:
    _, third = _newcomers_sequence(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)  # without the word
    assert audit.verify_custody(site.archive.ws).intact
    # An edit letting bundle 3 in as if the coordinator had vouched: no signed fact says so.
    site.archive.ws.connection.execute("UPDATE reinstatements SET resumed_at = 3")
    assert site.archive.import_(third)[0].outcome == "imported"
    report = audit.verify_custody(site.archive.ws)
    assert not report.intact
    assert "resumed with bundle 3, which does not acknowledge it" in (report.reason or "")


def test_audit_finds_a_vouched_gap_altered(site: Site) -> None:
    _newcomers_sequence(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON, acknowledged_in_gap=True)
    site.archive.ws.connection.execute("UPDATE accepted_gaps SET through_sequence = 3")
    report = audit.verify_custody(site.archive.ws)
    assert "accepted gap" in (report.reason or "")
