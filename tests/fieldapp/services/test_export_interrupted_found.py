"""The file of an interrupted export, marked lost, found again: it and the next bundle both import.

An export committed bundle 2 and the stick was pulled before the file got its final name; the
next export found the file gone (``export_finish``), marked bundle 2 lost and sent its records
again in bundle 3, but not its custody events: they keep their place in the device's chain, as
after a resend (``export_state.custody_start``). So the found file fits between bundles 1 and
3 in either order, and if it never turns up, bundle 3 imports after the accepted gap as before.
What only a forger could make stays refused with nothing changed: a bundle 3 carrying bundle
2's events again (identical, altered and signed again with the device's key, or one repeated),
and a found file whose events were altered or added to.

Real workspaces and files throughout (import_support, the withdrawal tests' helpers).
"""

import hashlib
import json
from itertools import pairwise
from pathlib import Path

import pytest

from crypto import sshsig
from fieldapp.domain import (
    ConsentScope,
    CustodyEvent,
    CustodyKind,
    RecordStatus,
    canonical_bytes,
    parse_canonical,
)
from fieldapp.services import audit, enrolment, import_chain, standing, verification
from fieldapp.sync.bundle_verify import VerificationReport
from fieldapp.workspace import export_state, import_state
from fieldapp.workspace.custody import CUSTODY_NAMESPACE, stored_events
from tests.fieldapp.services.import_support import (
    Site,
    add_demo,
    held_by,
    refused_with_nothing_changed,
    rewrite_records,
    sent_by,
    snapshot,
)
from tests.fieldapp.services.test_export_resend_withdrawals import (
    Lost,
    _archive_consent,
    _interrupted_then_withdrawn,
    _lines,
)

_CUSTODY = b"custody "


def _first(site: Site) -> Path:
    path = site.a.bundles[0].path
    assert path is not None
    return path


def _custody_lines(site: Site, path: Path) -> list[bytes]:
    return [line for line in _lines(site, path) if line.startswith(_CUSTODY)]


def _event(line: bytes) -> dict[str, object]:
    value: dict[str, object] = json.loads(line[len(_CUSTODY) :])["event"]
    return value


def _event_hash(line: bytes) -> str:
    return hashlib.sha256(
        canonical_bytes(parse_canonical(CustodyEvent, _compact(_event(line))))
    ).hexdigest()


def _compact(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _signed_line(site: Site, event: dict[str, object]) -> tuple[bytes, str]:
    """The custody line of ``event`` signed with device A's own key, and the event's hash."""
    body = canonical_bytes(parse_canonical(CustodyEvent, _compact(event)))
    signature = sshsig.sign(body, site.a.key, CUSTODY_NAMESPACE)
    line = _CUSTODY + _compact({"event": json.loads(body), "signature": signature})
    return line, hashlib.sha256(body).hexdigest()


def _auditor_verifies(site: Site, paths: list[Path]) -> VerificationReport:
    """``fieldapp verify`` with the archive's signed roster (it knows the accepted gaps)."""
    path = site.tmp / "roster.json"
    enrolment.export_roster(site.archive.ws, path)
    roster = verification.load_roster(path, coordinator=site.archive.ws.fingerprint)
    return verification.verify_files(paths, roster)


def _check_both_held(site: Site, lost: Lost, third: Path) -> None:
    """Every record the device has, its log unbroken, the withdrawal applied; audit verify on
    the archive and an auditor's verify of the three files agree."""
    assert held_by(site.archive.ws) == held_by(site.a.ws)
    assert not _archive_consent(site, lost.testimony).allows(ConsentScope.ARCHIVE)
    kept = import_state.device_events(site.archive.ws.connection, site.a.fingerprint)
    device_log = [(seq, body) for seq, body, _ in stored_events(site.a.ws.connection)]
    # All but bundle 3's own export event, which goes with bundle 4.
    assert [(e.seq, e.body) for e in kept] == device_log[:-1]
    assert sorted({e.bundle_sequence for e in kept}) == [1, 2, 3]
    assert audit.verify_custody(site.archive.ws).intact
    report = _auditor_verifies(site, [_first(site), lost.bundle, third])
    assert report.ok
    [chain] = report.devices
    assert chain.intact
    assert chain.sequences == [1, 2, 3]


def test_the_next_bundle_carries_none_of_the_lost_bundles_custody_events(site: Site) -> None:
    lost, third, _ = _interrupted_then_withdrawn(site)
    found = _custody_lines(site, lost.bundle)
    carried = _custody_lines(site, third)
    assert not set(found) & set(carried)
    # Bundle 3's log starts right after bundle 2's, with bundle 2's own export event.
    first = _event(carried[0])
    assert first["seq"] == _event(found[-1])["seq"] + 1  # type: ignore[operator]
    assert first["prev_hash"] == _event_hash(found[-1])
    bundle_2 = export_state.sent_bundle(site.a.ws.connection, 2)
    assert bundle_2 is not None
    assert first["kind"] == CustodyKind.EXPORT.value
    assert first["bundle_id"] == str(bundle_2.bundle_id)
    assert first["payload_hash"] == bundle_2.manifest_digest


def test_the_found_file_imported_first_then_the_next_bundle(site: Site) -> None:
    lost, third, withdrawal = _interrupted_then_withdrawn(site)
    [found] = site.archive.import_(lost.bundle)
    assert found.outcome == "imported", found.reason
    assert _archive_consent(site, lost.testimony).allows(ConsentScope.ARCHIVE)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    assert (report.withdrawals, report.waiting) == (1, 0)
    assert [w.id for w in site.archive.ws.repository.withdrawals_for(lost.testimony)] == [
        withdrawal.id
    ]
    _check_both_held(site, lost, third)


def test_the_next_bundle_imported_first_then_the_found_file(site: Site) -> None:
    lost, third, withdrawal = _interrupted_then_withdrawn(site)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    assert report.waiting >= 1  # the withdrawal and the consents wait for the testimony
    assert not site.archive.ws.repository.testimony_exists(lost.testimony)
    [found] = site.archive.import_(lost.bundle)
    assert found.outcome == "imported", found.reason
    assert found.released == report.waiting
    assert [w.id for w in site.archive.ws.repository.withdrawals_for(lost.testimony)] == [
        withdrawal.id
    ]
    _check_both_held(site, lost, third)
    # The same files again change nothing.
    before = snapshot(site.archive.ws)
    for path in (lost.bundle, third):
        assert site.archive.import_(path)[0].outcome == "already imported"
    assert snapshot(site.archive.ws) == before


def test_when_the_file_never_turns_up_the_next_bundles_import_after_the_accepted_gap(
    site: Site,
) -> None:
    lost, third, _ = _interrupted_then_withdrawn(site)
    lost.bundle.unlink()
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    add_demo(site.a, 1, seed=62)
    fourth = site.a.export()  # follows bundle 3 as ever
    assert site.archive.import_(fourth)[0].outcome == "imported"
    # The archive's copy of the device log has a hole where bundle 2's events were, and only
    # there: the coordinator accepted bundle 2 as lost.
    kept = import_state.device_events(site.archive.ws.connection, site.a.fingerprint)
    device_log = {seq: body for seq, body, _ in stored_events(site.a.ws.connection)}
    assert all(device_log[e.seq] == e.body for e in kept)
    assert {e.bundle_sequence for e in kept} == {1, 3, 4}
    seqs = [e.seq for e in kept]
    holes = [(a, b) for a, b in pairwise(seqs) if b != a + 1]
    [(before_hole, after_hole)] = holes
    assert after_hole - before_hole - 1 == len(_event_seqs_of_bundle_2(site))
    assert audit.verify_custody(site.archive.ws).intact
    verified = _auditor_verifies(site, [_first(site), third, fourth])
    assert verified.ok
    [chain] = verified.devices
    assert isinstance(chain, verification.AcceptedChain)
    assert chain.missing == []
    assert [(r.first, r.through) for r in chain.accepted] == [(2, 2)]


def _event_seqs_of_bundle_2(site: Site) -> list[int]:
    """The seqs of the events bundle 2 carried: after bundle 1's last, through its own."""
    db = site.a.ws.connection
    rows = db.execute(
        "SELECT key, value FROM meta WHERE key LIKE 'export_custody_through:%'"
    ).fetchall()
    through = {int(key.rpartition(":")[2]): int(value) for key, value in rows}
    return list(range(through[1] + 1, through[2] + 1))


# --- what only a forger makes stays refused ----------------------------------------------------


@pytest.mark.parametrize(
    "forgery",
    ["repeated as sent", "one repeated event altered and signed again", "one repeated"],
)
def test_after_the_found_file_a_next_bundle_repeating_its_custody_events_is_refused(
    site: Site, forgery: str
) -> None:
    """What this device sent before the fix, and variants a device-key holder could make: the
    archive takes no event twice, identical or not."""
    lost, third, _ = _interrupted_then_withdrawn(site)
    assert site.archive.import_(lost.bundle)[0].outcome == "imported"
    repeated = _custody_lines(site, lost.bundle)
    if forgery == "one repeated event altered and signed again":
        event = _event(repeated[0])
        event["payload_hash"] = hashlib.sha256(b"another record").hexdigest()
        repeated[0] = _signed_line(site, event)[0]
    elif forgery == "one repeated":
        repeated = repeated[-1:]

    def repeat(lines: list[bytes]) -> list[bytes]:
        at = next(i for i, line in enumerate(lines) if line.startswith(_CUSTODY))
        return [*lines[:at], *repeated, *lines[at:]]

    forged = rewrite_records(third.read_bytes(), site.archive, site.a.key, repeat)
    refused_with_nothing_changed(site, forged, import_chain.REJECTED_NOT_CONTINUED)
    assert site.archive.import_(third)[0].outcome == "imported"
    _check_both_held(site, lost, third)


@pytest.mark.parametrize("forgery", ["one event altered and signed again", "an extra event"])
def test_after_the_next_bundle_a_found_file_with_other_custody_events_is_refused(
    site: Site, forgery: str
) -> None:
    """Signed again with the device's key, its log linked and its manifest's head moved: it no
    longer is the bundle the next one names as its previous."""
    lost, third, _ = _interrupted_then_withdrawn(site)
    assert site.archive.import_(third)[0].outcome == "imported"
    head: list[str] = []

    def change(lines: list[bytes]) -> list[bytes]:
        indexes = [i for i, line in enumerate(lines) if line.startswith(_CUSTODY)]
        last = _event(lines[indexes[-1]])
        if forgery == "an extra event":
            extra = dict(last, seq=last["seq"] + 1)  # type: ignore[operator]
            extra["prev_hash"] = _event_hash(lines[indexes[-1]])
            line, digest = _signed_line(site, extra)
            head.append(digest)
            return [*lines, line]
        last["claimed_at"] = "2020-01-01T00:00:00.000000Z"
        line, digest = _signed_line(site, last)
        head.append(digest)
        return [*lines[: indexes[-1]], line, *lines[indexes[-1] + 1 :]]

    data = rewrite_records(lost.bundle.read_bytes(), site.archive, site.a.key, change)
    forged = rewrite_records(data, site.archive, site.a.key, list, custody_head=head[-1])
    refused_with_nothing_changed(site, forged, import_chain.REJECTED_FOUND_MISMATCH)
    assert site.archive.import_(lost.bundle)[0].outcome == "imported"
    _check_both_held(site, lost, third)


def test_a_first_bundle_whose_file_vanished_and_the_next_both_import(site: Site) -> None:
    """The device's very first export, interrupted, its file gone: bundle 2 starts its log
    after bundle 1's events; it imports once the gap is accepted, and the found file after."""
    first = _first(site)
    kept = first.read_bytes()
    first.unlink()
    site.a.ws.connection.execute(
        "UPDATE bundles_sent SET state = ? WHERE sequence = 1", (export_state.COMMITTED,)
    )
    add_demo(site.a, 1, seed=63)
    second = site.a.export()
    assert export_state.sent_bundles(site.a.ws.connection)[0].state == export_state.LOST
    [refused] = site.archive.import_(second)
    assert refused.outcome == "refused"  # bundle 1 is missing, as before
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 1, "Device A's first stick pulled")
    assert site.archive.import_(second)[0].outcome == "imported"
    first.write_bytes(kept)
    [found] = site.archive.import_(first)
    assert found.outcome == "imported", found.reason
    assert held_by(site.archive.ws) == sent_by(site.a)
    waiting = site.a.ws.connection.execute(
        "SELECT count(*) FROM testimonies WHERE exported_in IS NULL AND status != ?",
        (RecordStatus.DRAFT.value,),
    ).fetchone()[0]
    assert waiting == 0  # every sealed testimony of the device is in the archive
    kept_events = import_state.device_events(site.archive.ws.connection, site.a.fingerprint)
    device_log = [(seq, body) for seq, body, _ in stored_events(site.a.ws.connection)]
    assert [(e.seq, e.body) for e in kept_events] == device_log[:-1]
    assert audit.verify_custody(site.archive.ws).intact
