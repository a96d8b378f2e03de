"""Review of b70613a: after excused sequences (an accepted gap, a reinstatement) the archive
checks the consent in force of a testimony whose version 1 came in a bundle after every
excused one (``RecordStream._history_whole``).

Genuine sequences a device and coordinator can produce (lost bundles, found ones imported out
of order, resends, an interrupted export, a reinstatement) must still import with every record;
forgeries re-signed with the device's own key are refused where the archive holds the whole
history. Five tests proved bugs the review found (strict xfails until they were fixed).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from fieldapp.domain import ConsentRecord, ConsentScope, effective_consent
from fieldapp.services import enrolment, export_resend, packs, receipts, records, standing
from fieldapp.services.import_rules import REJECTED_CONSENT_RULES
from fieldapp.services.importing import ImportReport
from fieldapp.workspace import export_state, import_state
from tests.fieldapp.services.import_support import (
    Device,
    Site,
    add_demo,
    canonical,
    record_line,
    refused_with_nothing_changed,
    rewrite_records,
    withdraw,
    withdraw_some,
    withdrawal_of,
)
from tests.fieldapp.services.waiting_support import GAP_REASON, carried

RESEND_REASON = "Stick lost on the bus"


# --- helpers ---------------------------------------------------------------------------------


def _import(site: Site, path: Path) -> ImportReport:
    [report] = site.archive.import_(path)
    return report


def _imports(site: Site, *paths: Path) -> None:
    for path in paths:
        report = _import(site, path)
        assert report.outcome == "imported", (path.name, report.reason)


def _first_bundle(site: Site) -> Path:
    path = site.a.bundles[0].path
    assert path is not None
    return path


def _next_consent(device: Device, testimony_id: UUID, **changes: Any) -> ConsentRecord:
    """A genuine new consent version, recorded on the device."""
    latest = device.ws.repository.consents_for(testimony_id)[-1]
    fields = latest.model_dump()
    fields.update(version=latest.version + 1, taken_at=latest.taken_at + timedelta(days=1))
    fields.update(changes)
    return records.add_consent(device.ws, ConsentRecord.model_validate(fields))


def _withdrawable(device: Device, candidates: list[UUID]) -> UUID:
    """A testimony whose consent in force allows archiving and one other scope."""
    repo = device.ws.repository
    for candidate in candidates:
        consent = effective_consent(repo.consents_for(candidate), repo.withdrawals_for(candidate))
        others = set(consent.allowed_scopes()) - {ConsentScope.ARCHIVE}
        if consent.allows(ConsentScope.ARCHIVE) and others:
            return candidate
    raise AssertionError("no testimony allows archiving and another scope")


def _archive_holds_every_consent_record(site: Site, device: Device, *ids: UUID) -> None:
    """The archive holds exactly the device's consents and withdrawals of these testimonies."""
    mine, held = device.ws.repository, site.archive.ws.repository
    for testimony in ids:
        for records_of in ("consents_for", "withdrawals_for"):
            ours = {canonical(r) for r in getattr(mine, records_of)(testimony)}
            assert ours
            assert ours == {canonical(r) for r in getattr(held, records_of)(testimony)}


def _past_a_hole(device: Device, testimony_id: UUID) -> bytes:
    consents = device.ws.repository.consents_for(testimony_id)
    forged = consents[-1].model_copy(update={"version": len(consents) + 2})
    return record_line("consent", forged)


def _forged(site: Site, path: Path, *extra: bytes) -> bytes:
    return rewrite_records(path.read_bytes(), site.archive, site.a.key, lambda ls: [*ls, *extra])


def _two_lost_bundles(site: Site) -> UUID:
    """Bundle 1 imported; bundle 2 (new testimonies) lost; a new consent version of one of
    them in bundle 3, lost too; the coordinator accepts the gap 2..3. Returns that testimony."""
    _imports(site, _first_bundle(site))
    add_demo(site.a, 3, seed=51)
    site.a.export()  # bundle 2, lost
    testimony = _withdrawable(site.a, carried(site.a, 2))
    _next_consent(site.a, testimony)
    site.a.export()  # bundle 3, lost
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 3, GAP_REASON)
    return testimony


# --- 1. genuine bundles refused ----------------------------------------------------------------


def test_a_resend_of_one_of_two_lost_bundles_with_a_withdrawal_imports(site: Site) -> None:
    testimony = _two_lost_bundles(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    withdrawal = withdraw_some(site.a, testimony)  # of the consent version bundle 3 carried
    fourth = site.a.export()  # the testimony again, with consents 1..n and the withdrawal
    report = _import(site, fourth)
    assert report.outcome == "imported", report.reason
    assert withdrawal.id in {w.id for w in site.archive.ws.repository.withdrawals_for(testimony)}


def test_a_withdrawal_after_the_resend_of_one_of_two_lost_bundles_imports(site: Site) -> None:
    testimony = _two_lost_bundles(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    _imports(site, site.a.export())  # bundle 4: bundle 2's records again
    withdraw_some(site.a, testimony)
    report = _import(site, site.a.export())
    assert report.outcome == "imported", report.reason


def test_after_a_reinstatement_a_resend_of_one_refused_bundle_imports(site: Site) -> None:
    _imports(site, _first_bundle(site))
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    add_demo(site.a, 3, seed=61)
    site.a.export()  # bundle 2, made while revoked
    testimony = _withdrawable(site.a, carried(site.a, 2))
    _next_consent(site.a, testimony)
    site.a.export()  # bundle 3, made while revoked
    folder = site.tmp / "reinstate"
    folder.mkdir()
    sent = standing.reinstate_device(site.archive.ws, site.a.fingerprint, "found", folder)
    packs.apply_pack(site.a.ws, sent.path)
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    withdraw_some(site.a, testimony)
    report = _import(site, site.a.export())
    assert report.outcome == "imported", report.reason


def test_both_lost_bundles_resent_together_import_with_every_record(site: Site) -> None:
    testimony = _two_lost_bundles(site)
    for sequence in (2, 3):
        export_resend.resend_bundle(site.a.ws, sequence, reason=RESEND_REASON)
    withdraw_some(site.a, testimony)
    _imports(site, site.a.export())
    _archive_holds_every_consent_record(site, site.a, testimony)


def test_the_lost_bundle_3_resent_first_then_bundle_2_import(site: Site) -> None:
    testimony = _two_lost_bundles(site)
    export_resend.resend_bundle(site.a.ws, 3, reason=RESEND_REASON)
    withdraw_some(site.a, testimony)
    _imports(site, site.a.export())  # the consent and the withdrawal wait
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    _imports(site, site.a.export())
    _archive_holds_every_consent_record(site, site.a, testimony)


def _one_lost_bundle(site: Site) -> tuple[Path, UUID]:
    """Bundle 1 imported; bundle 2 exported (to be lost) and one of its testimonies."""
    _imports(site, _first_bundle(site))
    add_demo(site.a, 3, seed=51)
    lost = site.a.export()
    return lost, _withdrawable(site.a, carried(site.a, 2))


def test_a_resend_and_the_found_stick_in_either_order_keep_every_record(site: Site) -> None:
    # One lost bundle: a consent and a withdrawal wait, the resend brings the testimony, then
    # later records, then the found stick; every genuine bundle imports.
    lost, testimony = _one_lost_bundle(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    _next_consent(site.a, testimony)
    withdraw_some(site.a, testimony)
    third = site.a.export()
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    fourth = site.a.export()
    _next_consent(site.a, testimony)
    fifth = site.a.export()
    _imports(site, third, fourth, fifth, lost)
    _archive_holds_every_consent_record(site, site.a, testimony)


def test_found_bundle_after_later_ones_with_new_testimonies_and_withdrawals(site: Site) -> None:
    _imports(site, _first_bundle(site))
    add_demo(site.a, 2, seed=51)
    lost = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    old = _withdrawable(site.a, carried(site.a, 2))
    add_demo(site.a, 3, seed=52)
    third = site.a.export()
    new = _withdrawable(site.a, carried(site.a, 3))
    for testimony in (old, new):
        _next_consent(site.a, testimony)
        withdraw_some(site.a, testimony)
    fourth = site.a.export()
    records.amend_testimony(site.a.ws, new, {"title": "Corrected after a second interview"})
    records.seal_testimony(site.a.ws, new)
    _next_consent(site.a, new)
    fifth = site.a.export()
    _imports(site, third, fourth, fifth, lost)
    _archive_holds_every_consent_record(site, site.a, old, new)
    assert site.archive.ws.repository.get_testimony(new).version == 2


def test_an_interrupted_export_then_later_consents_import_and_the_file_found(site: Site) -> None:
    # The stick pulled between commit and rename: bundle 2's records go again in bundle 3, not
    # its events; the coordinator accepts the gap; the file, found later, imports last.
    lost, testimony = _one_lost_bundle(site)
    kept = lost.read_bytes()
    lost.unlink()
    site.a.ws.connection.execute(
        "UPDATE bundles_sent SET state = ? WHERE sequence = 2", (export_state.COMMITTED,)
    )
    _next_consent(site.a, testimony)
    third = site.a.export()
    assert testimony in carried(site.a, 3)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    withdraw_some(site.a, testimony)
    fourth = site.a.export()
    lost.write_bytes(kept)
    _imports(site, third, fourth, lost)
    _archive_holds_every_consent_record(site, site.a, testimony)


def test_held_back_by_a_withdrawal_then_released_by_a_new_consent(site: Site) -> None:
    lost, testimony = _one_lost_bundle(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    withdraw(site.a, testimony, ConsentScope.ARCHIVE)
    third = site.a.export()  # the testimony held back; its consents and withdrawal wait
    assert testimony not in carried(site.a, 3)
    latest = site.a.ws.repository.consents_for(testimony)[-1]
    _next_consent(site.a, testimony, scopes={**latest.scopes.model_dump(), "archive": True})
    fourth = site.a.export()
    assert testimony in carried(site.a, 4)
    _imports(site, third, fourth, lost)
    _archive_holds_every_consent_record(site, site.a, testimony)


def test_after_a_reinstatement_new_testimonies_keep_every_record(site: Site) -> None:
    _imports(site, _first_bundle(site))
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    add_demo(site.a, 2, seed=61)
    while_revoked = site.a.export()
    old = _withdrawable(site.a, carried(site.a, 2))
    folder = site.tmp / "reinstate"
    folder.mkdir()
    sent = standing.reinstate_device(site.archive.ws, site.a.fingerprint, "found", folder)
    packs.apply_pack(site.a.ws, sent.path)
    add_demo(site.a, 3, seed=62)
    _imports(site, site.a.export())
    new = _withdrawable(site.a, carried(site.a, 3))
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    for testimony in (old, new):
        _next_consent(site.a, testimony)
        withdraw_some(site.a, testimony)
    _imports(site, site.a.export())
    assert _import(site, while_revoked).outcome == "refused"
    _archive_holds_every_consent_record(site, site.a, old, new)


# --- 2. forgeries, re-signed with the device's own key ------------------------------------------


def test_a_forgery_is_refused_once_the_gap_was_filled_by_the_found_bundle(site: Site) -> None:
    _imports(site, _first_bundle(site))
    add_demo(site.a, 3, seed=51)
    lost = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    _imports(site, lost)  # the stick turns up: the archive now holds bundles 1 and 2
    add_demo(site.a, 1, seed=53)
    third = site.a.export()
    testimony = carried(site.a, 1)[0]
    refused_with_nothing_changed(
        site, _forged(site, third, _past_a_hole(site.a, testimony)), REJECTED_CONSENT_RULES
    )


def test_a_forgery_for_an_amended_testimony_new_after_the_gap_is_refused(site: Site) -> None:
    _imports(site, _first_bundle(site))
    add_demo(site.a, 2, seed=51)
    site.a.export()  # bundle 2, lost
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    add_demo(site.a, 2, seed=52)
    _imports(site, site.a.export())
    new = carried(site.a, 3)[0]
    records.amend_testimony(site.a.ws, new, {"title": "Corrected"})
    records.seal_testimony(site.a.ws, new)
    fourth = site.a.export()
    beyond = withdrawal_of(site.a.ws, new, ConsentScope.ARCHIVE)
    beyond = beyond.model_copy(update={"applies_to_version": beyond.applies_to_version + 1})
    refused_with_nothing_changed(
        site, _forged(site, fourth, record_line("withdrawal", beyond)), REJECTED_CONSENT_RULES
    )
    refused_with_nothing_changed(
        site, _forged(site, fourth, _past_a_hole(site.a, new)), REJECTED_CONSENT_RULES
    )
    _imports(site, fourth)


def test_a_forgery_after_a_found_bundle_imported_out_of_order_is_refused(site: Site) -> None:
    # Bundle 3's testimonies came after the gap; the found bundle 2 imported after bundle 3
    # does not spare them.
    _imports(site, _first_bundle(site))
    add_demo(site.a, 2, seed=51)
    lost = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    add_demo(site.a, 2, seed=52)
    _imports(site, site.a.export(), lost)
    new = carried(site.a, 3)[0]
    add_demo(site.a, 1, seed=53)
    fourth = site.a.export()
    refused_with_nothing_changed(
        site, _forged(site, fourth, _past_a_hole(site.a, new)), REJECTED_CONSENT_RULES
    )
    _imports(site, fourth)


def test_a_forged_waiting_consent_released_by_a_bundle_without_consents_is_refused(
    site: Site,
) -> None:
    # The testimony's whole history comes after the gap, in two forged bundles: a consent
    # version 2 that waits (no version 1), then the testimony with its own consents left out.
    _imports(site, _first_bundle(site))
    add_demo(site.a, 2, seed=51)
    site.a.export()  # bundle 2, lost
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    add_demo(site.a, 1, seed=52)
    third = site.a.export()
    add_demo(site.a, 1, seed=53)
    fourth = site.a.export()
    new = carried(site.a, 4)[0]
    lone = site.a.ws.repository.consents_for(new)[0].model_copy(update={"version": 2})
    forged_third = site.tmp / "third-forged.fieldbundle"
    forged_third.write_bytes(_forged(site, third, record_line("consent", lone)))
    _imports(site, forged_third)
    digest = import_state.received_digest(site.archive.ws.connection, site.a.fingerprint, 3)
    mine = str(new).encode()

    def without_its_consents(lines: list[bytes]) -> list[bytes]:
        kinds = (b"consent ", b"withdrawal ")
        return [ln for ln in lines if not (ln.startswith(kinds) and mine in ln)]

    forged_fourth = rewrite_records(
        fourth.read_bytes(), site.archive, site.a.key, without_its_consents, previous=digest
    )
    refused_with_nothing_changed(site, forged_fourth, REJECTED_CONSENT_RULES)


def test_a_withdrawal_left_after_a_receipt_and_purge_imports(site: Site) -> None:
    _imports(site, _first_bundle(site))
    add_demo(site.a, 2, seed=51)
    site.a.export()  # bundle 2, lost
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    add_demo(site.a, 3, seed=52)
    _imports(site, site.a.export())
    new = _withdrawable(site.a, carried(site.a, 3))
    withdrawal = withdraw_some(site.a, new)  # not exported yet when receipt and purge come
    folder = site.tmp / "receipts"
    folder.mkdir()
    [sent] = receipts.write_receipts(site.archive.ws, folder, to=site.a.fingerprint)
    packs.apply_pack(site.a.ws, sent.path, expect_fingerprint=site.archive.ws.fingerprint)
    assert new in receipts.archived_testimonies(site.a.ws)
    receipts.purge_archived(site.a.ws)
    _imports(site, site.a.export())
    held = site.archive.ws.repository.withdrawals_for(new)
    assert withdrawal in held
