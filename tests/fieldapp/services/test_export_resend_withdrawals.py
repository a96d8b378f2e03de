"""What the witness decides after a lost bundle's records were marked to go again.

A testimony that left in a bundle since lost (re-sent: ``export_resend``; or interrupted with its
file gone: ``export_finish``) may be held back now, yet the lost stick may still be found and
imported. Its later withdrawals and consent versions must reach the archive all the same: they
leave in the next bundle, wait in the archive (``import_waiting``) and take effect when the
testimony arrives. A withdrawal of a testimony that never left stays on the device, as before.

Real workspaces throughout (import_support): device A's bundle 1 is imported, bundle 2 is lost,
the coordinator accepts the gap and the device sends bundle 2's records again.
"""

import io
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from crypto import age
from fieldapp.domain import (
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    RecordStatus,
    Testimony,
    effective_consent,
    may_leave_for_archive,
    parse_canonical,
)
from fieldapp.domain.consent import MinorConsent
from fieldapp.services import (
    audit,
    enrolment,
    export,
    export_resend,
    packs,
    receipts,
    records,
    revocation_packs,
    standing,
)
from fieldapp.services.export import ExportResult
from fieldapp.services.import_waiting import REJECTED_LACKING
from fieldapp.workspace import export_state
from tests.fieldapp.domain.factories import make_withdrawal
from tests.fieldapp.services.import_support import (
    Device,
    Site,
    add_demo,
    read_members,
    record_line,
    rewrite_records,
    snapshot,
    withdraw,
)
from tests.fieldapp.services.test_enrolment_reinstate import _reinstate, _revoked_after_one
from tests.fieldapp.services.test_export_support import add_testimony

REASON = "Stick lost on the bus, reported by phone"
GAP_REASON = "Device A's bundle 2 lost"


@dataclass(frozen=True)
class Lost:
    bundle: Path  # the lost stick's bundle 2, found again later in some tests
    testimony: UUID  # a testimony bundle 2 carried, which the witness then limits


def _lose_bundle_2(site: Site) -> Lost:
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    add_demo(site.a, 2, seed=61)
    lost = site.a.export()
    row = site.a.ws.connection.execute(
        "SELECT id FROM testimonies WHERE exported_in = 2 ORDER BY id LIMIT 1"
    ).fetchone()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    return Lost(lost, UUID(row[0]))


def _resent(site: Site) -> Lost:
    lost = _lose_bundle_2(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    return lost


def _export(device: Device) -> ExportResult:
    result = export.export_bundle(device.ws, device.usb)
    assert result.path is not None, "nothing to export"
    return result


def _lines(site: Site, path: Path) -> list[bytes]:
    """The lines of a bundle's records payload, opened with the archive's identities."""
    members = dict(read_members(path.read_bytes()))
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(members["records.age"]), plain, site.archive.archive_identities())
    return plain.getvalue().split(b"\n")


def _testimonies_in(lines: list[bytes]) -> set[UUID]:
    prefix = b"testimony "
    carried = [line[len(prefix) :] for line in lines if line.startswith(prefix)]
    return {parse_canonical(Testimony, body).id for body in carried}


def _marks(device: Device, table: str, column: str, key: UUID) -> list[int | None]:
    rows = device.ws.connection.execute(
        f"SELECT exported_in FROM {table} WHERE {column} = ? ORDER BY rowid",  # noqa: S608
        (str(key),),
    )
    return [row[0] for row in rows]


def _archive_consent(site: Site, testimony_id: UUID) -> Any:
    repo = site.archive.ws.repository
    return effective_consent(repo.consents_for(testimony_id), repo.withdrawals_for(testimony_id))


def _check_withdrawal_left(site: Site, lost: Lost, withdrawal: ConsentWithdrawal) -> ExportResult:
    """Bundle 3 carries the withdrawal and the testimony's consents, not the testimony."""
    result = _export(site.a)
    assert result.path is not None
    assert result.sequence == 3
    assert result.held_back >= 1
    lines = _lines(site, result.path)
    assert record_line("withdrawal", withdrawal) in lines
    assert lost.testimony not in _testimonies_in(lines)
    consents = site.a.ws.repository.consents_for(lost.testimony)
    assert all(record_line("consent", consent) in lines for consent in consents)
    # Marked as sent by bundle 3; the testimony still waits here, counted as held back.
    assert _marks(site.a, "withdrawals", "id", withdrawal.id) == [3]
    assert set(_marks(site.a, "testimonies", "id", lost.testimony)) == {None}
    assert site.a.ws.repository.get_testimony(lost.testimony).status is RecordStatus.EXPORTED
    return result


# --- the withdrawal leaves, the testimony stays --------------------------------------------------


def test_a_withdrawal_after_a_resend_leaves_while_the_testimony_stays_held_back(
    site: Site,
) -> None:
    lost = _resent(site)
    withdrawal = withdraw(site.a, lost.testimony, ConsentScope.ARCHIVE)
    result = _check_withdrawal_left(site, lost, withdrawal)
    assert result.path is not None
    [report] = site.archive.import_(result.path)
    assert report.outcome == "imported", report.reason
    # Kept until the testimony arrives: its consents and the withdrawal.
    consents = len(site.a.ws.repository.consents_for(lost.testimony))
    assert report.waiting == consents + 1
    assert not site.archive.ws.repository.testimony_exists(lost.testimony)


def test_the_found_stick_imported_first_takes_the_withdrawal_that_comes_after(
    site: Site,
) -> None:
    """The other order of the xfail-turned test in test_domain_adversarial: the found bundle 2
    first, then the bundle with the withdrawal, which applies at once."""
    lost = _resent(site)
    withdrawal = withdraw(site.a, lost.testimony, ConsentScope.ARCHIVE)
    third = _check_withdrawal_left(site, lost, withdrawal).path
    assert third is not None
    assert site.archive.import_(lost.bundle)[0].outcome == "imported"
    assert _archive_consent(site, lost.testimony).allows(ConsentScope.ARCHIVE)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    assert report.withdrawals == 1
    assert report.waiting == 0
    assert not _archive_consent(site, lost.testimony).allows(ConsentScope.ARCHIVE)
    assert audit.verify_custody(site.archive.ws).intact


def _next_version(latest: ConsentRecord, **changes: Any) -> ConsentRecord:
    fields = latest.model_dump()
    fields.update(version=latest.version + 1, taken_at=latest.taken_at + timedelta(days=1))
    fields.update(changes)
    return ConsentRecord.model_validate(fields)


@pytest.mark.parametrize(
    "change",
    [
        "archive refused",
        "a minor without the guardian's consent",
    ],
)
def test_a_narrower_consent_after_a_resend_leaves_and_takes_effect_with_the_found_stick(
    site: Site, change: str
) -> None:
    lost = _resent(site)
    latest = site.a.ws.repository.consents_for(lost.testimony)[-1]
    if change == "archive refused":
        scopes = latest.scopes.model_copy(update={"archive": False})
        narrower = _next_version(latest, scopes=scopes.model_dump())
    else:
        minor = MinorConsent(
            age_years=16,
            guardian_relationship="mother",
            guardian_consented=False,
            witness_assented=True,
        )
        narrower = _next_version(latest, minor=minor.model_dump())
    records.add_consent(site.a.ws, narrower)
    result = _export(site.a)
    assert result.path is not None
    lines = _lines(site, result.path)
    assert record_line("consent", narrower) in lines
    assert lost.testimony not in _testimonies_in(lines)
    assert site.archive.import_(result.path)[0].outcome == "imported"
    assert site.archive.import_(lost.bundle)[0].outcome == "imported"
    consent = _archive_consent(site, lost.testimony)
    assert consent.version == narrower.version
    assert not may_leave_for_archive(consent)


# --- what stays as it was ------------------------------------------------------------------------


def test_a_withdrawal_of_a_testimony_never_exported_still_stays(site: Site) -> None:
    lost = _resent(site)
    never = add_testimony(site.a.ws)
    withdrawal = withdraw(site.a, never.id, ConsentScope.ARCHIVE)
    result = _export(site.a)  # bundle 2's records go again
    assert result.path is not None
    lines = _lines(site, result.path)
    assert record_line("withdrawal", withdrawal) not in lines
    assert never.id not in _testimonies_in(lines)
    assert lost.testimony in _testimonies_in(lines)  # bundle 2's testimony, allowed, goes again
    assert _marks(site.a, "withdrawals", "id", withdrawal.id) == [None]
    assert site.a.ws.repository.get_testimony(never.id).status is RecordStatus.SEALED
    # The archive takes the bundle: it names nothing the archive cannot explain.
    assert site.archive.import_(result.path)[0].outcome == "imported"


def test_the_withdrawal_is_not_sent_twice(site: Site) -> None:
    lost = _resent(site)
    withdrawal = withdraw(site.a, lost.testimony, ConsentScope.ARCHIVE)
    third = _check_withdrawal_left(site, lost, withdrawal).path
    assert third is not None
    # Only the held-back testimony is left: no bundle for it.
    idle = export.export_bundle(site.a.ws, site.a.usb)
    assert idle.path is None
    assert idle.held_back == 1
    add_testimony(site.a.ws)
    fourth = _export(site.a).path
    assert fourth is not None
    assert record_line("withdrawal", withdrawal) not in _lines(site, fourth)
    assert _marks(site.a, "withdrawals", "id", withdrawal.id) == [3]
    for path in (third, lost.bundle, fourth):
        assert site.archive.import_(path)[0].outcome == "imported"
    assert not _archive_consent(site, lost.testimony).allows(ConsentScope.ARCHIVE)


def test_a_receipt_then_purge_keep_the_held_back_testimony(site: Site) -> None:
    """The archive holds it from the found stick, but no bundle the device marks carried it:
    it stays exported and unpurged here, as after any resend."""
    lost = _resent(site)
    withdrawal = withdraw(site.a, lost.testimony, ConsentScope.ARCHIVE)
    third = _check_withdrawal_left(site, lost, withdrawal).path
    assert third is not None
    for path in (third, lost.bundle):
        assert site.archive.import_(path)[0].outcome == "imported"
    folder = site.tmp / "receipts"
    folder.mkdir()
    [sent] = receipts.write_receipts(site.archive.ws, folder, to=site.a.fingerprint)
    packs.apply_pack(site.a.ws, sent.path, expect_fingerprint=site.archive.ws.fingerprint)
    assert export_state.acknowledged(site.a.ws.connection, 3)
    repo = site.a.ws.repository
    assert repo.get_testimony(lost.testimony).status is RecordStatus.EXPORTED
    assert lost.testimony not in receipts.archived_testimonies(site.a.ws)
    receipts.purge_archived(site.a.ws)
    assert repo.get_testimony(lost.testimony).narrative.text
    assert _marks(site.a, "withdrawals", "id", withdrawal.id) == [3]
    assert audit.verify_custody(site.a.ws).intact


# --- the other way a bundle is lost: an interrupted export whose file is gone -------------------


def _interrupted_then_withdrawn(site: Site) -> tuple[Lost, Path, ConsentWithdrawal]:
    """Bundle 2 committed, its file gone before it was marked written (the stick was pulled):
    the next export marks it lost and its records travel again, yet the stick may have reached
    the archive. The witness withdraws archive before that export; the file is then found."""
    lost = _lose_bundle_2(site)
    kept = lost.bundle.read_bytes()
    lost.bundle.unlink()
    site.a.ws.connection.execute(
        "UPDATE bundles_sent SET state = ? WHERE sequence = 2", (export_state.COMMITTED,)
    )
    withdrawal = withdraw(site.a, lost.testimony, ConsentScope.ARCHIVE)
    result = _check_withdrawal_left(site, lost, withdrawal)
    assert any("Bundle 2" in note for note in result.notes)
    bundle_2 = export_state.sent_bundle(site.a.ws.connection, 2)
    assert bundle_2 is not None
    assert bundle_2.state == export_state.LOST
    assert result.path is not None
    lost.bundle.write_bytes(kept)
    return lost, result.path, withdrawal


def test_a_withdrawal_after_an_interrupted_export_whose_file_vanished_leaves(site: Site) -> None:
    lost, third, _ = _interrupted_then_withdrawn(site)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    assert report.waiting == len(site.a.ws.repository.consents_for(lost.testimony)) + 1


def test_the_found_file_of_an_interrupted_export_and_the_next_bundle_both_import(
    site: Site,
) -> None:
    """The next bundle does not carry the lost one's custody events again (as after a resend),
    so the found file still fits before it (test_export_interrupted_found: the other order,
    forgeries, and the file never found)."""
    lost, third, _ = _interrupted_then_withdrawn(site)
    [found] = site.archive.import_(lost.bundle)
    assert found.outcome == "imported", found.reason
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    assert not _archive_consent(site, lost.testimony).allows(ConsentScope.ARCHIVE)


# --- after a reinstatement: bundles made while revoked stay refused for good ---------------------


def _made_while_revoked(site: Site) -> UUID:
    """A's bundle 2, made while A was revoked, is refused for good; A applies the reinstatement.
    A testimony only bundle 2 carried."""
    while_revoked = _revoked_after_one(site)
    assert site.archive.import_(while_revoked)[0].outcome == "refused"
    packs.apply_pack(site.a.ws, _reinstate(site))
    row = site.a.ws.connection.execute(
        "SELECT id FROM testimonies WHERE exported_in = 2 ORDER BY id LIMIT 1"
    ).fetchone()
    return UUID(row[0])


@pytest.mark.parametrize("resent", [False, True], ids=["not sent again", "sent again"])
def test_a_withdrawal_of_a_testimony_only_a_bundle_made_while_revoked_carried_waits(
    site: Site, resent: bool
) -> None:
    """The archive refused that testimony's bundle: the withdrawal waits (it was refused as
    'a record of a testimony the archive lacks', and the device's chain with it)."""
    testimony = _made_while_revoked(site)
    if resent:
        export_resend.resend_bundle(site.a.ws, 2, reason="Refused: made while revoked")
    withdrawal = withdraw(site.a, testimony, ConsentScope.ARCHIVE)
    result = _export(site.a)
    assert result.path is not None
    assert record_line("withdrawal", withdrawal) in _lines(site, result.path)
    [report] = site.archive.import_(result.path)
    assert report.outcome == "imported", report.reason
    assert report.waiting >= 1
    assert not site.archive.ws.repository.testimony_exists(testimony)
    if not resent:
        return
    # The witness consents again: the testimony goes, and what waited applies with it.
    latest = site.a.ws.repository.consents_for(testimony)[-1]
    again = records.add_consent(site.a.ws, _next_version(latest))
    path = _export(site.a).path
    assert path is not None
    assert testimony in _testimonies_in(_lines(site, path))
    [report] = site.archive.import_(path)
    assert report.outcome == "imported", report.reason
    assert report.released >= 2  # its earlier consent versions and the withdrawal
    assert [w.id for w in site.archive.ws.repository.withdrawals_for(testimony)] == [withdrawal.id]
    consent = _archive_consent(site, testimony)
    assert consent.version == again.version
    assert consent.allows(ConsentScope.ARCHIVE)


def test_a_record_of_an_unknown_testimony_stays_refused_after_a_reinstatement_that_refused_none(
    site: Site,
) -> None:
    """The device applied its revocation and made nothing while revoked: a reinstatement then
    explains no testimony the archive lacks."""
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    folder = site.tmp / "revocation"
    folder.mkdir()
    [sent] = revocation_packs.write_revocation_packs(site.archive.ws, folder, to=site.a.fingerprint)
    packs.apply_pack(site.a.ws, sent.path)
    packs.apply_pack(site.a.ws, _reinstate(site))
    add_testimony(site.a.ws)
    data = site.a.export().read_bytes()
    unknown = record_line("withdrawal", make_withdrawal())  # of a testimony nobody sent
    forged = site.tmp / "forged.fieldbundle"
    forged.write_bytes(
        rewrite_records(data, site.archive, site.a.key, lambda lines: [*lines, unknown])
    )
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(forged)
    assert report.reason == REJECTED_LACKING
    assert snapshot(site.archive.ws) == before
