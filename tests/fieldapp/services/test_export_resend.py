"""A lost bundle's records sent again by the device, and what the archive makes of them.

The whole story on real workspaces (import_support): device A exports 1, 2 (the stick is lost)
and 3, with a testimony of bundle 2 amended into bundle 3; the archive imports 1, refuses 3,
accepts the gap, imports 3; the device re-sends 2 and exports 4; the archive imports 4 and holds
every record once, the amended one with its versions in order; a receipt, a purge; then the
found stick with bundle 2.
"""

import io
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest

from crypto import age
from fieldapp.domain import (
    ConsentScope,
    CustodyKind,
    RecordStatus,
    Testimony,
    canonical_bytes,
    parse_canonical,
)
from fieldapp.errors import (
    BundleAcknowledgedError,
    BundleAlreadyResentError,
    BundleNeverSentError,
    BundleUnfinishedError,
    FieldappError,
    NotADeviceError,
    ValidationFailedError,
)
from fieldapp.services import audit, export, export_resend, packs, receipts, records, standing
from fieldapp.services.import_chain import REJECTED_EARLIER_MISMATCH
from fieldapp.workspace import export_state
from tests.fieldapp.services.import_support import (
    Device,
    Site,
    add_demo,
    custody_events,
    held_by,
    read_members,
    record_line,
    rewrite_records,
    sent_by,
    snapshot,
    withdraw,
)
from tests.fieldapp.workspace.support import stored_state

REASON = "Stick lost on the bus to Yanji, reported by the interviewer"
GAP_REASON = "Device A's bundle 2 lost in transit"


@dataclass
class Story:
    site: Site
    first: Path
    lost: Path
    third: Path
    amended: UUID  # a testimony of the lost bundle, amended into bundle 3
    lost_rows: dict[str, int]  # what bundle 2 carried, by table


def _exported_in(device: Device, sequence: int) -> list[tuple[str, int]]:
    rows = device.ws.connection.execute(
        "SELECT id, version FROM testimonies WHERE exported_in = ?", (sequence,)
    )
    return [(str(i), int(v)) for i, v in rows]


def _story(site: Site) -> Story:
    """Up to the archive holding bundles 1 and 3 after accepting the gap of bundle 2."""
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    add_demo(site.a, 3, seed=51)
    lost = site.a.export()
    carried = _exported_in(site.a, 2)
    assert carried, "bundle 2 must carry testimonies"
    amended = UUID(carried[0][0])
    records.amend_testimony(site.a.ws, amended, {"title": "Corrected after a second interview"})
    records.seal_testimony(site.a.ws, amended)
    add_demo(site.a, 1, seed=52)
    third = site.a.export()
    assert (str(amended), 2) in _exported_in(site.a, 3)
    lost_rows = export_state.carried_counts(site.a.ws.connection, 2)
    before = snapshot(site.archive.ws)
    [refused] = site.archive.import_(third)
    assert refused.reason == "bundle 2 from this device is missing: import it first"
    assert snapshot(site.archive.ws) == before
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    assert site.archive.import_(third)[0].outcome == "imported"
    return Story(site, first, lost, third, amended, lost_rows)


def _receipt(site: Site) -> None:
    folder = site.tmp / "receipts"
    folder.mkdir(exist_ok=True)
    [sent] = receipts.write_receipts(site.archive.ws, folder, to=site.a.fingerprint)
    packs.apply_pack(site.a.ws, sent.path, expect_fingerprint=site.archive.ws.fingerprint)
    sent.path.unlink()


def _assert_archive_holds_what_the_device_sent(story: Story) -> None:
    site = story.site
    assert held_by(site.archive.ws) == sent_by(site.a)
    repo = site.archive.ws.repository
    versions = repo.testimony_versions(story.amended)
    assert [t.version for t in versions] == [1, 2]
    assert repo.get_testimony(story.amended).version == 2
    latest = site.archive.ws.connection.execute(
        "SELECT version FROM testimonies WHERE id = ? AND is_latest = 1", (str(story.amended),)
    ).fetchall()
    assert latest == [(2,)]


def test_the_whole_story_ends_with_every_record_once(site: Site) -> None:
    story = _story(site)
    result = export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    assert result.sequence == 2
    assert result.testimonies == story.lost_rows["testimonies"] > 0
    assert result.consents == story.lost_rows["consents"]
    assert result.attachments == story.lost_rows["attachments"]
    assert result.identities == story.lost_rows["identities"]
    assert result.held_back == 0
    assert export_state.carried_counts(site.a.ws.connection, 2) == dict.fromkeys(story.lost_rows, 0)
    fourth = site.a.export()
    assert site.a.bundles[-1].sequence == 4
    assert site.a.bundles[-1].testimonies == story.lost_rows["testimonies"]
    [report] = site.archive.import_(fourth)
    assert report.outcome == "imported", report.reason
    _assert_archive_holds_what_the_device_sent(story)
    # Search shows each testimony once, at its latest version.
    found = site.archive.ws.repository.search("Corrected after a second interview")
    assert [(s.id, s.version) for s in found] == [(story.amended, 2)]

    _receipt(site)
    statuses = site.a.ws.connection.execute("SELECT DISTINCT status FROM testimonies").fetchall()
    assert statuses == [(RecordStatus.ARCHIVED.value,)]
    sent = sent_by(site.a).testimony_ids()
    purged = receipts.purge_archived(site.a.ws)
    assert purged.testimonies == len(sent)

    # The found stick: bundle 2 imports, fills the chain and the custody log, adds no record.
    held = held_by(site.archive.ws)
    [found_report] = site.archive.import_(story.lost)
    assert found_report.outcome == "imported", found_report.reason
    assert (found_report.testimonies, found_report.amendments, found_report.consents) == (0, 0, 0)
    assert (found_report.withdrawals, found_report.attachments) == (0, 0)
    assert held_by(site.archive.ws) == held
    kept = site.archive.ws.connection.execute(
        "SELECT seq FROM device_custody WHERE device = ? ORDER BY seq", (site.a.fingerprint,)
    ).fetchall()
    assert [s for (s,) in kept] == list(range(1, len(kept) + 1))
    assert site.archive.import_(story.lost)[0].outcome == "already imported"
    assert audit.verify_custody(site.archive.ws).intact
    assert audit.verify_custody(site.a.ws).intact


def test_the_resend_is_a_signed_custody_event_and_its_reason_stays_on_the_device(
    site: Site,
) -> None:
    _story(site)
    bundle = export_state.sent_bundle(site.a.ws.connection, 2)
    assert bundle is not None
    result = export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    event = custody_events(site.a.ws)[-1]
    assert event.kind is CustodyKind.RESEND
    assert event.bundle_id == bundle.bundle_id
    fact = export_state.resend_fact(site.a.ws.connection, 2)
    assert fact == export_resend.resend_fact(
        2, str(bundle.bundle_id), bundle.manifest_digest, result.resent_at, REASON
    )
    assert event.payload_hash == standing.fact_hash(fact)
    assert audit.verify_custody(site.a.ws).intact
    # The event travels in bundle 4 and the archive keeps it; the reason never leaves.
    fourth = site.a.export()
    members = dict(read_members(fourth.read_bytes()))
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(members["records.age"]), plain, site.archive.archive_identities())
    assert canonical_bytes(event) in plain.getvalue()
    assert REASON.encode() not in plain.getvalue()
    assert site.archive.import_(fourth)[0].outcome == "imported"
    kinds = site.archive.ws.connection.execute(
        "SELECT kind FROM device_custody WHERE device = ?", (site.a.fingerprint,)
    ).fetchall()
    assert (CustodyKind.RESEND.value,) in kinds
    assert audit.verify_custody(site.archive.ws).intact


def test_the_found_stick_before_the_resent_records_changes_nothing_twice(site: Site) -> None:
    """Bundle 2 found and imported before bundle 4 arrives: 4's copies are the same records."""
    story = _story(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    fourth = site.a.export()
    [found] = site.archive.import_(story.lost)
    assert found.outcome == "imported", found.reason
    # The earlier version of the amended testimony is placed before the one bundle 3 brought.
    assert site.archive.ws.repository.get_testimony(story.amended).version == 2
    held = held_by(site.archive.ws)
    [report] = site.archive.import_(fourth)
    assert report.outcome == "imported", report.reason
    assert report.testimonies == report.amendments == report.consents == report.attachments == 0
    assert held_by(site.archive.ws) == held
    _assert_archive_holds_what_the_device_sent(story)
    assert audit.verify_custody(site.archive.ws).intact


def test_a_found_bundle_with_an_older_version_is_placed_before_the_newer(site: Site) -> None:
    """Without any resend: the found bundle's version 1 goes in as an earlier version."""
    story = _story(site)
    [found] = site.archive.import_(story.lost)
    assert found.outcome == "imported", found.reason
    repo = site.archive.ws.repository
    assert [t.version for t in repo.testimony_versions(story.amended)] == [1, 2]
    assert repo.get_testimony(story.amended).version == 2
    # The archive's receipt names bundle 2 now, so the device will not send it again.
    _receipt(site)
    before = stored_state(site.a.ws.connection)
    with pytest.raises(BundleAcknowledgedError):
        export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    assert stored_state(site.a.ws.connection) == before


def test_a_forged_earlier_version_is_refused(site: Site) -> None:
    """A version 1 that is not the one the archive's version 2 amends never gets in."""
    story = _story(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    fourth = site.a.export()
    target = str(story.amended).encode()

    def forge(lines: list[bytes]) -> list[bytes]:
        changed = []
        for line in lines:
            if line.startswith(b"testimony ") and target in line:
                testimony = parse_canonical(Testimony, line[len(b"testimony ") :])
                assert testimony.version == 1
                line = record_line(
                    "testimony", testimony.model_copy(update={"title": "A different version"})
                )
            changed.append(line)
        return changed

    forged = fourth.with_name("forged-4.fieldbundle")
    forged.write_bytes(rewrite_records(fourth.read_bytes(), site.archive, site.a.key, forge))
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(forged)
    assert report.reason == REJECTED_EARLIER_MISMATCH
    assert snapshot(site.archive.ws) == before
    assert site.archive.import_(fourth)[0].outcome == "imported"


def test_purge_waits_for_the_resent_version(site: Site) -> None:
    """Version 2 archived, version 1 re-sent and not acknowledged yet: nothing is purged."""
    story = _story(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    _receipt(site)  # names bundles 1 and 3: version 2 is archived
    repo = site.a.ws.repository
    assert repo.get_testimony(story.amended).status is RecordStatus.ARCHIVED
    assert repo.get_testimony(story.amended, 1).status is RecordStatus.EXPORTED
    assert story.amended not in receipts.archived_testimonies(site.a.ws)
    receipts.purge_archived(site.a.ws)
    assert repo.get_testimony(story.amended, 1).title  # still here, to travel
    fourth = site.a.export()
    assert site.archive.import_(fourth)[0].outcome == "imported"
    _receipt(site)
    assert story.amended in receipts.archived_testimonies(site.a.ws)


def test_a_testimony_whose_consent_was_withdrawn_since_is_held_back(site: Site) -> None:
    _story(site)
    held = next(
        UUID(tid)
        for tid, version in _exported_in(site.a, 2)
        if version == 1 and not _exported_in_any(site.a, tid, 3)
    )
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    withdraw(site.a, held, ConsentScope.ARCHIVE)
    result = export.export_bundle(site.a.ws, site.a.usb)
    assert result.held_back >= 1
    carried = _exported_in(site.a, 4)
    assert all(tid != str(held) for tid, _ in carried)


def _exported_in_any(device: Device, testimony_id: str, sequence: int) -> bool:
    return any(tid == testimony_id for tid, _ in _exported_in(device, sequence))


# --- refusals: one sentence each, nothing changed ----------------------------------------------


def _refused(ws_device: Device, sequence: int, error: type[FieldappError], reason: str = REASON):
    before = stored_state(ws_device.ws.connection)
    with pytest.raises(error) as caught:
        export_resend.resend_bundle(ws_device.ws, sequence, reason=reason)
    assert stored_state(ws_device.ws.connection) == before
    message = str(caught.value)
    assert message.endswith(".")
    assert "\n" not in message
    return message


def test_a_bundle_never_exported_is_refused(site: Site) -> None:
    assert "bundle 7" in _refused(site.a, 7, BundleNeverSentError)
    _refused(site.a, 0, BundleNeverSentError)


def test_a_bundle_acknowledged_by_a_receipt_is_refused(site: Site) -> None:
    _story(site)
    _receipt(site)
    assert "holds bundle 1" in _refused(site.a, 1, BundleAcknowledgedError)
    assert "holds bundle 3" in _refused(site.a, 3, BundleAcknowledgedError)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)  # not named: it may go again


def test_a_bundle_already_resent_is_refused(site: Site) -> None:
    _story(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    assert "already sent again" in _refused(site.a, 2, BundleAlreadyResentError)
    site.a.export()
    _refused(site.a, 2, BundleAlreadyResentError)


def test_an_unfinished_export_is_refused(site: Site) -> None:
    db = site.a.ws.connection
    db.execute("UPDATE bundles_sent SET state = ? WHERE sequence = 1", (export_state.COMMITTED,))
    _refused(site.a, 1, BundleUnfinishedError)


@pytest.mark.parametrize("reason", ["", "   ", "two\nlines", "x" * 5000])
def test_a_missing_or_bad_reason_is_refused(site: Site, reason: str) -> None:
    _refused(site.a, 1, ValidationFailedError, reason)


def test_only_a_device_resends(site: Site) -> None:
    before = snapshot(site.archive.ws)
    with pytest.raises(NotADeviceError):
        export_resend.resend_bundle(site.archive.ws, 1, reason=REASON)
    assert snapshot(site.archive.ws) == before


# --- a limit found on the way --------------------------------------------------------------------


def test_a_withdrawal_after_a_lost_bundle_reaches_the_archive(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    add_demo(site.a, 3, seed=51)
    site.a.export()  # lost
    testimony = UUID(_exported_in(site.a, 2)[0][0])
    withdraw(site.a, testimony, ConsentScope.ARCHIVE)
    third = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported"
    assert report.waiting == 1  # until its testimony arrives (test_import_waiting)


def test_a_middle_version_fits_between_the_two_the_archive_holds(site: Site) -> None:
    """Version 1 from bundle 1 and version 3 from bundle 3 are held; the re-sent version 2
    must be the one 3 amends and must amend 1: it is placed between them."""
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    testimony = UUID(_exported_in(site.a, 1)[0][0])
    for title, sequence in (("Second version", 2), ("Third version", 3)):
        records.amend_testimony(site.a.ws, testimony, {"title": title})
        records.seal_testimony(site.a.ws, testimony)
        site.a.export()
        assert (str(testimony), sequence) in _exported_in(site.a, sequence)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    assert site.archive.import_(site.a.bundles[2].path)[0].outcome == "imported"
    # Version 3 replaced version 1 in the search index, though version 2 came between.
    original = site.archive.ws.repository.get_testimony(testimony, 1).title
    found = site.archive.ws.repository.search(original)
    assert (testimony, 1) not in {(s.id, s.version) for s in found}
    assert [s.version for s in site.archive.ws.repository.search("Third version")] == [3]
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    assert site.archive.import_(site.a.export())[0].outcome == "imported"
    repo = site.archive.ws.repository
    assert [t.version for t in repo.testimony_versions(testimony)] == [1, 2, 3]
    assert repo.get_testimony(testimony).title == "Third version"
    assert held_by(site.archive.ws).testimonies == sent_by(site.a).testimonies


def test_a_re_sent_version_is_archived_by_the_receipt_for_the_bundle_that_carried_it_again(
    site: Site,
) -> None:
    """Bundle 2's records were sent again in bundle 4; the archive then found bundle 2 but does
    not hold 4 yet. Its receipt names bundle 2 and those records, but here they were carried by
    bundle 4 (bundle 2's marks were cleared): they stay exported, unpurged, until a receipt names
    bundle 4 — never before."""
    story = _story(site)
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    fourth = site.a.export()
    lost = _exported_in(site.a, 4)
    assert len(lost) == story.lost_rows["testimonies"] > 0
    assert site.archive.import_(story.lost)[0].outcome == "imported"

    folder = site.tmp / "receipts"
    folder.mkdir()
    [sent] = receipts.write_receipts(site.archive.ws, folder, to=site.a.fingerprint)
    details = packs.apply_pack(site.a.ws, sent.path).details
    assert details["bundles"] == 3
    assert details["unconfirmed"] == len(lost)
    repo = site.a.ws.repository
    for testimony_id, version in lost:
        assert repo.get_testimony(UUID(testimony_id), version).status is RecordStatus.EXPORTED
    assert not {UUID(i) for i, _ in lost} & set(receipts.archived_testimonies(site.a.ws))
    receipts.purge_archived(site.a.ws)
    assert all(repo.get_testimony(UUID(i), v).title for i, v in lost)

    assert site.archive.import_(fourth)[0].outcome == "imported"
    _receipt(site)
    for testimony_id, version in lost:
        assert repo.get_testimony(UUID(testimony_id), version).status is RecordStatus.ARCHIVED
    # The rest was purged after the first receipt; now these go too.
    assert receipts.purge_archived(site.a.ws).testimonies == len({i for i, _ in lost})
    statuses = site.a.ws.connection.execute("SELECT DISTINCT status FROM testimonies").fetchall()
    assert statuses == [(RecordStatus.PURGED.value,)]
