"""Consents and withdrawals that reach the archive before their testimony (``import_waiting``).

Device A exports 1 (imported), 2 (the stick is lost) and 3, which carries a withdrawal for a
testimony only bundle 2 carried. After the coordinator accepts the gap, the archive imports 3
and keeps the withdrawal waiting; it takes effect, in the same transaction, when the testimony
arrives: sent again by the device, or on the found stick.
"""

from uuid import uuid4

from fieldapp.cli.commands_import import _summary
from fieldapp.domain import (
    ConsentScope,
    CustodyKind,
    RecordStatus,
    canonical_bytes,
    effective_consent,
)
from fieldapp.services import audit, editing, export_resend, packs, receipts, records, standing
from fieldapp.services.import_waiting import (
    REJECTED_LACKING,
    REJECTED_OTHER_DEVICE,
    REJECTED_WAITING_CONFLICT,
)
from fieldapp.services.importing import ImportReport
from fieldapp.workspace import Workspace, import_state
from tests.fieldapp.services.import_support import (
    Site,
    add_demo,
    held_by,
    record_line,
    rewrite_records,
    sent_by,
    snapshot,
)
from tests.fieldapp.services.waiting_support import (
    GAP_REASON,
    Lost,
    carried,
    withdraw_from_lost,
)
from tests.fieldapp.workspace.support import new_testimony

RESEND_REASON = "Stick lost on the bus to Yanji, reported by the interviewer"


def _waiting(ws: Workspace) -> list[tuple[str, str]]:
    rows = ws.connection.execute("SELECT kind, testimony_id FROM waiting_records ORDER BY rowid")
    return [(str(k), str(t)) for k, t in rows]


def _receipt(site: Site) -> None:
    folder = site.tmp / "receipts"
    folder.mkdir(exist_ok=True)
    [sent] = receipts.write_receipts(site.archive.ws, folder, to=site.a.fingerprint)
    packs.apply_pack(site.a.ws, sent.path, expect_fingerprint=site.archive.ws.fingerprint)
    sent.path.unlink()


def _import_third_after_the_gap(site: Site, story: Lost) -> None:
    [refused] = site.archive.import_(story.third)
    assert refused.reason == "bundle 2 from this device is missing: import it first"
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    [report] = site.archive.import_(story.third)
    assert report.outcome == "imported", report.reason
    assert (report.waiting, report.withdrawals, report.released) == (1, 0, 0)
    repo = site.archive.ws.repository
    assert not repo.testimony_exists(story.testimony)
    assert repo.withdrawals_for(story.testimony) == []
    assert _waiting(site.archive.ws) == [("withdrawal", str(story.testimony))]


def test_a_withdrawal_waits_and_applies_when_the_device_sends_its_testimony_again(
    site: Site,
) -> None:
    story = withdraw_from_lost(site, archive_scope=False)
    _import_third_after_the_gap(site, story)
    (waiting_on_a,) = [
        s
        for s in standing.device_standings(site.archive.ws)
        if s.device.fingerprint == site.a.fingerprint
    ]
    assert waiting_on_a.waiting_records == 1  # the coordinator sees it in `device list`
    # The receipt names bundle 3 (held) but not the testimony, which the archive lacks yet:
    # the device keeps it, unpurged, and may still send bundle 2 again.
    _receipt(site)
    device_repo = site.a.ws.repository
    assert device_repo.get_testimony(story.testimony).status is not RecordStatus.ARCHIVED
    assert story.testimony not in receipts.archived_testimonies(site.a.ws)
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    fourth = site.a.export()
    [report] = site.archive.import_(fourth)
    assert report.outcome == "imported", report.reason
    assert (report.waiting, report.released) == (0, 1)
    assert report.withdrawals >= 1
    assert {s.value for s in story.withdrawal.scopes} <= set(report.withdrawn_scopes)
    repo = site.archive.ws.repository
    assert story.withdrawal.id in {w.id for w in repo.withdrawals_for(story.testimony)}
    withdrawn = effective_consent(
        repo.consents_for(story.testimony), repo.withdrawals_for(story.testimony)
    )
    assert not any(withdrawn.allows(scope) for scope in story.withdrawal.scopes)
    assert _waiting(site.archive.ws) == []
    assert all(s.waiting_records == 0 for s in standing.device_standings(site.archive.ws))
    assert held_by(site.archive.ws) == sent_by(site.a)
    assert audit.verify_custody(site.archive.ws).intact
    _receipt(site)
    assert device_repo.get_testimony(story.testimony).status is RecordStatus.ARCHIVED


def test_an_archive_withdrawal_applies_when_the_found_stick_brings_its_testimony(
    site: Site,
) -> None:
    """Withdrawn from the archive: the device holds the testimony back from a resend, so only
    the found stick brings it, and the withdrawal with it (same transaction)."""
    story = withdraw_from_lost(site, archive_scope=True)
    _import_third_after_the_gap(site, story)
    [found] = site.archive.import_(story.lost)
    assert found.outcome == "imported", found.reason
    assert found.released == 1
    assert "archive" in found.withdrawn_scopes
    repo = site.archive.ws.repository
    assert story.withdrawal.id in {w.id for w in repo.withdrawals_for(story.testimony)}
    consent = effective_consent(
        repo.consents_for(story.testimony), repo.withdrawals_for(story.testimony)
    )
    assert not consent.allows(ConsentScope.ARCHIVE)
    assert _waiting(site.archive.ws) == []
    assert held_by(site.archive.ws) == sent_by(site.a)
    assert audit.verify_custody(site.archive.ws).intact


def test_a_waiting_record_sent_again_waits_once(site: Site) -> None:
    """The device sends bundle 3 again before any receipt names it: its withdrawal, still
    waiting, is kept once; a different copy under the same id refuses the bundle."""
    story = withdraw_from_lost(site, archive_scope=False)
    _import_third_after_the_gap(site, story)
    export_resend.resend_bundle(site.a.ws, 3, reason=RESEND_REASON)
    fourth = site.a.export().read_bytes()
    other = story.withdrawal.model_copy(update={"received_by": "Someone else"})

    def conflicting(lines: list[bytes]) -> list[bytes]:
        kept = [line for line in lines if not line.startswith(b"withdrawal ")]
        return [*kept, record_line("withdrawal", other)]

    forged = rewrite_records(fourth, site.archive, site.a.key, conflicting)
    assert _refused(site, forged) == REJECTED_WAITING_CONFLICT
    path = site.tmp / "a4.fieldbundle"
    path.write_bytes(fourth)
    [report] = site.archive.import_(path)
    assert report.outcome == "imported", report.reason
    assert (report.waiting, report.withdrawals) == (0, 0)
    assert _waiting(site.archive.ws) == [("withdrawal", str(story.testimony))]


def test_a_consent_version_waits_with_the_withdrawal_and_both_apply(site: Site) -> None:
    """A new consent version for the lost testimony (recorded on the device after bundle 3,
    with its signed consent event, in bundle 4) waits too, and both take effect, in the order
    received, with the found stick; the version gets its event's place in the log."""
    story = withdraw_from_lost(site, archive_scope=False)
    consents = site.a.ws.repository.consents_for(story.testimony)
    newer = consents[-1].model_copy(update={"version": len(consents) + 1})
    records.add_consent(site.a.ws, newer)
    fourth = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    [report] = site.archive.import_(story.third)
    assert (report.outcome, report.waiting, report.consents) == ("imported", 1, 0)
    [report] = site.archive.import_(fourth)
    assert (report.outcome, report.waiting, report.consents) == ("imported", 1, 0)
    assert sorted(_waiting(site.archive.ws)) == [
        ("consent", str(story.testimony)),
        ("withdrawal", str(story.testimony)),
    ]
    [found] = site.archive.import_(story.lost)
    assert found.outcome == "imported", found.reason
    assert found.released == 2
    repo = site.archive.ws.repository
    assert [c.version for c in repo.consents_for(story.testimony)][-1] == newer.version
    (seq,) = site.archive.ws.connection.execute(
        "SELECT event_seq FROM consents WHERE testimony_id = ? AND version = ?",
        (str(story.testimony), newer.version),
    ).fetchone()
    [event] = [
        e
        for e in editing.custody_history(site.a.ws, story.testimony)
        if e.kind is CustodyKind.CONSENT and e.record_version == newer.version
    ]
    assert seq == event.seq
    assert story.withdrawal.id in {w.id for w in repo.withdrawals_for(story.testimony)}
    assert _waiting(site.archive.ws) == []
    assert audit.verify_custody(site.archive.ws).intact


def _b_third_after_its_gap(site: Site) -> bytes:
    """Device B: bundle 1 imported, bundle 2 lost, its gap accepted; bundle 3, not imported."""
    b_first = site.b.bundles[0].path
    assert b_first is not None
    assert site.archive.import_(b_first)[0].outcome == "imported"
    add_demo(site.b, 1, seed=61)
    site.b.export()  # lost
    add_demo(site.b, 1, seed=62)
    b_third = site.b.export().read_bytes()
    standing.accept_gap(site.archive.ws, site.b.fingerprint, 2, GAP_REASON)
    return b_third


def _imported(site: Site, data: bytes) -> ImportReport:
    path = site.tmp / f"bundle-{uuid4()}.fieldbundle"
    path.write_bytes(data)
    [report] = site.archive.import_(path)
    assert report.outcome == "imported", report.reason
    return report


def _waiting_by_device(ws: Workspace) -> dict[str, list[str]]:
    rows = ws.connection.execute("SELECT device, kind FROM waiting_records ORDER BY rowid")
    found: dict[str, list[str]] = {}
    for device, kind in rows:
        found.setdefault(str(device), []).append(str(kind))
    return found


def test_a_record_for_a_testimony_another_device_sent_is_still_refused(site: Site) -> None:
    """After a gap of its own, device B may not add a consent to a testimony the archive holds
    from A."""
    story = withdraw_from_lost(site, archive_scope=False)
    _import_third_after_the_gap(site, story)
    held_from_a = carried(site.a, 1)[0]
    b_third = _b_third_after_its_gap(site)
    a_consent = site.a.ws.repository.consents_for(held_from_a)[-1]
    claimed = a_consent.model_copy(update={"version": 9})
    forged = rewrite_records(
        b_third, site.archive, site.b.key, lambda lines: [*lines, record_line("consent", claimed)]
    )
    assert _refused(site, forged) == REJECTED_OTHER_DEVICE
    path = site.tmp / "b3.fieldbundle"
    path.write_bytes(b_third)
    assert site.archive.import_(path)[0].outcome == "imported"


def test_two_devices_records_wait_for_one_testimony_and_only_its_owners_apply(
    site: Site,
) -> None:
    """A's withdrawal waits for its lost testimony T; B, after a gap of its own, sends a consent
    and a withdrawal for T (the withdrawal under A's withdrawal's id, a different copy). Each
    device's records wait apart, neither keeps the other's out. A's found stick brings T: A's
    withdrawal applies, B's records are discarded, and the report says so."""
    story = withdraw_from_lost(site, archive_scope=True)
    _import_third_after_the_gap(site, story)
    a_consent = site.a.ws.repository.consents_for(story.testimony)[-1]
    squat = [
        record_line("consent", a_consent.model_copy(update={"version": 9})),
        record_line("withdrawal", story.withdrawal.model_copy(update={"received_by": "B"})),
    ]
    forged = rewrite_records(
        _b_third_after_its_gap(site), site.archive, site.b.key, lambda lines: [*lines, *squat]
    )
    assert _imported(site, forged).waiting == 2
    assert _waiting_by_device(site.archive.ws) == {
        site.a.fingerprint: ["withdrawal"],
        site.b.fingerprint: ["consent", "withdrawal"],
    }
    counts = {
        s.device.fingerprint: s.waiting_records for s in standing.device_standings(site.archive.ws)
    }
    assert (counts[site.a.fingerprint], counts[site.b.fingerprint]) == (1, 2)

    [found] = site.archive.import_(story.lost)
    assert found.outcome == "imported", found.reason
    assert (found.released, found.discarded_waiting) == (1, 2)
    summary = _summary(found)
    discarded = "2 waiting records discarded (sent by other devices, or naming another witness)"
    assert discarded in summary
    repo = site.archive.ws.repository
    assert [canonical_bytes(w) for w in repo.withdrawals_for(story.testimony)] == [
        canonical_bytes(story.withdrawal)
    ]
    sent = sorted(v for t, v in sent_by(site.a).consents if t == str(story.testimony))
    assert [c.version for c in repo.consents_for(story.testimony)] == sent
    assert _waiting(site.archive.ws) == []
    assert all(s.waiting_records == 0 for s in standing.device_standings(site.archive.ws))
    assert audit.verify_custody(site.archive.ws).intact


def test_a_testimony_another_device_brings_first_is_its_and_the_waiting_records_go(
    site: Site,
) -> None:
    """The existing rule, unchanged: a testimony is the device's whose bundle first brings it
    (no record binds a testimony's id to a device, so the archive cannot tell a genuine claim
    from a squat; favouring the device whose records wait would let a squatter's waiting
    records block the owner's testimony instead). B, knowing the id T of A's lost testimony,
    sends a testimony of its own under T while A's withdrawal waits: B's bundle is imported,
    A's waiting withdrawal is discarded and counted, and A's found stick is refused for T
    without blocking A's later bundles. The coordinator's signal is the discarded count."""
    story = withdraw_from_lost(site, archive_scope=True)
    _import_third_after_the_gap(site, story)
    b_first = site.b.bundles[0].path
    assert b_first is not None
    assert site.archive.import_(b_first)[0].outcome == "imported"
    # B's own laptop records a testimony under T: its records and their signed events.
    squat, consent = new_testimony(id=story.testimony)
    records.create_testimony(site.b.ws, squat, [consent])
    records.seal_testimony(site.b.ws, squat.id)
    report = _imported(site, site.b.export().read_bytes())
    assert (report.released, report.discarded_waiting) == (0, 1)
    assert _waiting(site.archive.ws) == []
    assert import_state.testimony_owner(site.archive.ws.connection, story.testimony) == (
        site.b.fingerprint
    )
    assert _refused(site, story.lost.read_bytes()) == REJECTED_OTHER_DEVICE
    add_demo(site.a, 1, seed=62)
    assert _imported(site, site.a.export().read_bytes()).testimonies == 1
    assert audit.verify_custody(site.archive.ws).intact


def test_a_record_of_an_unknown_testimony_without_a_gap_is_still_refused(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    add_demo(site.a, 1, seed=51)
    second = site.a.export().read_bytes()
    a_consent = site.a.ws.repository.consents_for(carried(site.a, 2)[0])[-1]
    stranger = a_consent.model_copy(update={"testimony_id": uuid4()})
    forged = rewrite_records(
        second, site.archive, site.a.key, lambda lines: [*lines, record_line("consent", stranger)]
    )
    assert _refused(site, forged) == REJECTED_LACKING
    assert _waiting(site.archive.ws) == []


def test_a_waiting_consent_that_conflicts_with_its_testimony_s_bundle_refuses_it(
    site: Site,
) -> None:
    """What waited is checked against what arrives: a bundle whose copy differs is refused and
    leaves the archive, and the waiting record, as they were."""
    story = withdraw_from_lost(site, archive_scope=False)
    _import_third_after_the_gap(site, story)
    export_resend.resend_bundle(site.a.ws, 2, reason=RESEND_REASON)
    fourth = site.a.export().read_bytes()
    other = story.withdrawal.model_copy(update={"received_by": "Someone else"})

    def transform(lines: list[bytes]) -> list[bytes]:
        return [*lines, record_line("withdrawal", other)]

    forged = rewrite_records(fourth, site.archive, site.a.key, transform)
    assert _refused(site, forged) == "a record it carries conflicts with the archive's copy"
    assert not site.archive.ws.repository.testimony_exists(story.testimony)
    assert _waiting(site.archive.ws) == [("withdrawal", str(story.testimony))]


def _refused(site: Site, data: bytes) -> str | None:
    path = site.tmp / f"forged-{uuid4()}.fieldbundle"
    path.write_bytes(data)
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(path)
    assert report.outcome == "refused"
    assert snapshot(site.archive.ws) == before
    path.unlink()
    return report.reason
