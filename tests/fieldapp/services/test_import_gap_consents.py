"""After a lost bundle the archive still checks the consent in force of every testimony whose
whole history it holds (``RecordStream._history_whole``): those whose version 1 came after
every lost bundle. Only testimonies a lost bundle may have carried records of are spared.

Bundle 1 imported, bundle 2 lost (its gap accepted), bundle 3 with new testimonies; the
forgeries are re-signed with device A's own key, as a lost or seized device could sign them."""

from pathlib import Path
from uuid import UUID

from fieldapp.domain import ConsentRecord, ConsentScope
from fieldapp.services import enrolment, packs, standing
from fieldapp.services.import_rules import REJECTED_CONSENT_RULES
from fieldapp.workspace import import_state
from tests.fieldapp.services.import_support import (
    Site,
    add_demo,
    record_line,
    refused_with_nothing_changed,
    resign,
    rewrite_records,
    withdrawal_of,
)
from tests.fieldapp.services.waiting_support import GAP_REASON, carried


def _after_a_lost_bundle(site: Site) -> Path:
    """Bundle 3 of device A, after bundle 1 (imported) and bundle 2 (lost, gap accepted)."""
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    add_demo(site.a, 3, seed=51)
    site.a.export()  # bundle 2, lost
    add_demo(site.a, 3, seed=52)
    third = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    return third


def _a_consent_past_a_hole(site: Site, testimony_id: UUID) -> ConsentRecord:
    consents = site.a.ws.repository.consents_for(testimony_id)
    return consents[-1].model_copy(update={"version": len(consents) + 2})


def _with_lines(site: Site, bundle: bytes, *extra: bytes, **changes: object) -> bytes:
    return rewrite_records(bundle, site.archive, site.a.key, lambda ls: [*ls, *extra], **changes)


def test_a_consent_past_a_hole_is_refused_for_a_testimony_new_after_the_gap(site: Site) -> None:
    third = _after_a_lost_bundle(site)
    testimony_id = carried(site.a, 3)[0]
    forged = _with_lines(
        site, third.read_bytes(), record_line("consent", _a_consent_past_a_hole(site, testimony_id))
    )
    refused_with_nothing_changed(site, forged, REJECTED_CONSENT_RULES)
    # The genuine bundle imports.
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason


def test_a_withdrawal_of_a_version_never_made_is_refused_after_the_gap(site: Site) -> None:
    third = _after_a_lost_bundle(site)
    testimony_id = carried(site.a, 3)[0]
    withdrawal = withdrawal_of(site.a.ws, testimony_id, ConsentScope.ARCHIVE)
    beyond = withdrawal.model_copy(update={"applies_to_version": withdrawal.applies_to_version + 1})
    forged = _with_lines(site, third.read_bytes(), record_line("withdrawal", beyond))
    refused_with_nothing_changed(site, forged, REJECTED_CONSENT_RULES)


def test_a_later_bundle_is_checked_for_a_testimony_that_came_after_the_gap(site: Site) -> None:
    third = _after_a_lost_bundle(site)
    assert site.archive.import_(third)[0].outcome == "imported"
    testimony_id = carried(site.a, 3)[0]
    digest = import_state.received_digest(site.archive.ws.connection, site.a.fingerprint, 3)
    add_demo(site.a, 1, seed=53)
    fourth = site.a.export()
    forged = _with_lines(
        site,
        fourth.read_bytes(),
        record_line("consent", _a_consent_past_a_hole(site, testimony_id)),
        previous=digest,
    )
    refused_with_nothing_changed(site, forged, REJECTED_CONSENT_RULES)


def test_a_testimony_a_lost_bundle_may_have_carried_records_of_is_spared(site: Site) -> None:
    # Bundle 1's testimony: its consent version 2 could be in the lost bundle 2, so a version
    # 3 arriving now is taken (the check that remains is the witness's).
    third = _after_a_lost_bundle(site)
    testimony_id = carried(site.a, 1)[0]
    consent = _a_consent_past_a_hole(site, testimony_id)
    forged = site.tmp / "third-with-version-3.fieldbundle"
    forged.write_bytes(_with_lines(site, third.read_bytes(), record_line("consent", consent)))
    [report] = site.archive.import_(forged)
    assert report.outcome == "imported", report.reason
    held = site.archive.ws.repository.consents_for(testimony_id)
    assert consent.version in {c.version for c in held}


def test_after_a_reinstatement_a_testimony_new_since_is_checked(site: Site) -> None:
    # Bundle 2 made while A was revoked stays refused: the resuming bundle 3 follows a window
    # the archive excuses, and its new testimonies' consents are still checked.
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    add_demo(site.a, 2, seed=61)
    site.a.export()  # bundle 2, made while revoked
    folder = site.tmp / "reinstate"
    folder.mkdir()
    sent = standing.reinstate_device(site.archive.ws, site.a.fingerprint, "found", folder)
    packs.apply_pack(site.a.ws, sent.path)
    add_demo(site.a, 2, seed=62)
    third = site.a.export()
    new = [t for t in carried(site.a, 3) if site.a.ws.repository.get_testimony(t).version == 1]
    consent = _a_consent_past_a_hole(site, new[0])
    forged = _with_lines(site, third.read_bytes(), record_line("consent", consent))
    refused_with_nothing_changed(site, forged, REJECTED_CONSENT_RULES)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason


def test_the_resigned_helper_keeps_a_genuine_bundle_importable(site: Site) -> None:
    # The forgeries above differ from a bundle the archive takes only by their extra line.
    third = _after_a_lost_bundle(site)
    same = site.tmp / "third-resigned.fieldbundle"
    same.write_bytes(resign(third.read_bytes(), site.a.key))
    [report] = site.archive.import_(same)
    assert report.outcome == "imported", report.reason
