"""Review of the coordinator's vouch (``accept_gap(..., acknowledged_in_gap=True)``): what it lets
in, what it keeps out, what auditors and the roster make of it, with real archives and devices.

Sequences follow test_reinstate_gap.py: A's bundle 1 imported, A revoked then reinstated, the
pack applied on the device (or not), bundles lost on the stick.
"""

from pathlib import Path

import pytest

from fieldapp.domain.canonical import MAX_SAFE_INTEGER
from fieldapp.errors import FieldappError
from fieldapp.services import audit, enrolment, export_resend, packs, standing, verification
from fieldapp.workspace import archive_state
from tests.fieldapp.services.import_support import Site, add_demo, snapshot, withdraw_some

REASON = "Stick lost at the checkpoint"


def _reinstate(site: Site, name: str = "reinstate") -> Path:
    """Revoke A (last good: the last bundle imported) and reinstate it; the pack's path."""
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    folder = site.tmp / name
    folder.mkdir()
    return standing.reinstate_device(site.archive.ws, site.a.fingerprint, REASON, folder).path


def _first_imported(site: Site) -> Path:
    first = site.a.bundles[0].path
    assert first is not None
    [report] = site.archive.import_(first)
    assert report.outcome == "imported", report.reason
    return first


def _bundle(site: Site, seed: int) -> Path:
    add_demo(site.a, 2, seed=seed)
    return site.a.export()


def _vouch(site: Site, through: int) -> archive_state.AcceptedGap:
    return standing.accept_gap(
        site.archive.ws, site.a.fingerprint, through, REASON, acknowledged_in_gap=True
    )


def _verify(site: Site, *paths: Path) -> list[bool]:
    roster_path = site.tmp / "roster.json"
    enrolment.export_roster(site.archive.ws, roster_path)
    roster = verification.load_roster(roster_path, coordinator=site.archive.ws.fingerprint)
    return [check.ok for check in verification.verify_files(list(paths), roster).files]


def _outcome(site: Site, path: Path) -> str:
    return site.archive.import_(path)[0].outcome


def _intact(site: Site) -> bool:
    return audit.verify_custody(site.archive.ws).intact


def _resumed(site: Site) -> list[int | None]:
    items = archive_state.reinstatements(site.archive.ws.connection, site.a.fingerprint)
    return [item.resumed_at for item in items]


# --- what the vouch lets in -------------------------------------------------------------------


def test_a_second_vouch_cannot_move_resumed_at_and_changes_nothing(site: Site) -> None:
    first = _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    lost = _bundle(site, 101)
    third = _bundle(site, 102)
    _vouch(site, 2)
    for through in (2, 3, 5):
        before = snapshot(site.archive.ws)
        with pytest.raises(FieldappError):
            _vouch(site, through)
        assert snapshot(site.archive.ws) == before
    assert _resumed(site) == [3]
    assert _outcome(site, third) == "imported"
    assert _intact(site)
    assert _verify(site, first, third, lost) == [True, True, False]


def test_bundle_n_plus_2_when_n_plus_1_never_arrives(site: Site) -> None:
    """Vouched through 2; bundle 3 lost too: bundle 4 waits for bundle 3 or its gap, then both
    the import and the roster take it; found bundles 2 and 3 are judged alike by both."""
    first = _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    lost2, lost3, fourth = _bundle(site, 111), _bundle(site, 112), _bundle(site, 113)
    _vouch(site, 2)
    before = snapshot(site.archive.ws)
    [refused] = site.archive.import_(fourth)
    assert refused.outcome == "refused"
    assert "bundle 3 from this device is missing" in (refused.reason or "")
    assert snapshot(site.archive.ws) == before
    gap = standing.accept_gap(site.archive.ws, site.a.fingerprint, 3, REASON)
    assert (gap.first_sequence, gap.through_sequence) == (3, 3)
    assert not standing.awaiting_acknowledgement(site.archive.ws, site.a.fingerprint, 3)
    assert _resumed(site) == [3]
    assert _outcome(site, fourth) == "imported"
    assert _intact(site)
    # Bundle 3 (after the vouched gap, made after the pack) found: it resumes nothing now, but
    # sits in an accepted gap and links to 4; bundle 2 stays refused. Import and roster agree.
    found3 = _outcome(site, lost3)
    found2 = _outcome(site, lost2)
    assert found2 == "refused"
    assert _verify(site, first, fourth, lost2, lost3) == [True, True, False, found3 == "imported"]
    assert _intact(site)


def test_a_bundle_made_while_revoked_numbered_after_the_gap_is_the_coordinators_word(
    site: Site,
) -> None:
    """The word is what it says: bundle 3 made before the pack imports once vouched through 2
    (the coordinator was wrong); bundle 2 stays refused; the roster agrees on both."""
    first = _first_imported(site)
    pack = _reinstate(site)
    revoked2, revoked3 = _bundle(site, 121), _bundle(site, 122)
    packs.apply_pack(site.a.ws, pack)
    acknowledging = _bundle(site, 123)
    [refused] = site.archive.import_(revoked3)
    assert "--through 2 --acknowledged-in-gap" in (refused.reason or "")
    _vouch(site, 2)
    assert _outcome(site, revoked2) == "refused"
    assert _outcome(site, revoked3) == "imported"
    assert _outcome(site, acknowledging) == "imported"
    assert _intact(site)
    assert _verify(site, first, revoked2, revoked3, acknowledging) == [True, False, True, True]


def test_a_vouch_at_the_largest_sequence_keeps_the_roster_exportable_or_is_refused(
    site: Site,
) -> None:
    _first_imported(site)
    _reinstate(site)
    try:
        _vouch(site, MAX_SAFE_INTEGER)
    except FieldappError:
        return  # refused in words: fine
    assert _resumed(site) == [MAX_SAFE_INTEGER + 1]
    _verify(site)  # the roster must still be written and read


def test_a_gap_beyond_the_largest_sequence_is_refused_in_words(site: Site) -> None:
    _first_imported(site)
    before = snapshot(site.archive.ws)
    with pytest.raises(FieldappError):
        standing.accept_gap(site.archive.ws, site.a.fingerprint, 2**53, REASON)
    assert snapshot(site.archive.ws) == before


def test_a_vouch_then_a_second_revocation_and_reinstatement(site: Site) -> None:
    first = _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    lost2, third = _bundle(site, 131), _bundle(site, 132)
    _vouch(site, 2)
    assert _outcome(site, third) == "imported"
    pack = _reinstate(site, "again")  # last good: 3
    revoked4 = _bundle(site, 133)
    packs.apply_pack(site.a.ws, pack)
    lost5, sixth = _bundle(site, 134), _bundle(site, 135)
    [refused] = site.archive.import_(sixth)
    assert "one of bundles 4 to 5, which the archive lacks" in (refused.reason or "")
    gap = _vouch(site, 5)
    assert (gap.first_sequence, gap.through_sequence) == (4, 5)
    assert _resumed(site) == [3, 6]
    assert _outcome(site, sixth) == "imported"
    for found in (lost2, revoked4, lost5):
        assert _outcome(site, found) == "refused"
    assert _intact(site)
    assert _verify(site, first, third, sixth, lost2, revoked4, lost5) == [True] * 3 + [False] * 3


def test_found_and_resent_records_after_a_vouch_keep_consent_checks(site: Site) -> None:
    """A withdrawal carried by the lost bundle, resent after the vouch: imports; the found
    bundle stays refused; the withdrawal is held once."""
    first = _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    withdrawal = withdraw_some(site.a)
    lost = site.a.export()
    third = _bundle(site, 141)
    _vouch(site, 2)
    assert _outcome(site, third) == "imported"
    export_resend.resend_bundle(site.a.ws, 2, reason=REASON)
    resent = site.a.export()
    [report] = site.archive.import_(resent)
    assert report.outcome == "imported", report.reason
    held = site.archive.ws.connection.execute(
        "SELECT count(*) FROM withdrawals WHERE id = ?", (str(withdrawal.id),)
    ).fetchone()[0]
    assert held == 1
    assert _outcome(site, lost) == "refused"
    assert _intact(site)
    assert _verify(site, first, third, resent, lost) == [True, True, True, False]


# --- auditors -----------------------------------------------------------------------------------


def _vouched_and_imported(site: Site) -> None:
    _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    _bundle(site, 151)  # lost
    third = _bundle(site, 152)
    _vouch(site, 2)
    assert _outcome(site, third) == "imported"
    assert _intact(site)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE reinstatements SET resumed_at = 4",
        "UPDATE reinstatements SET reinstated_at = '2020-01-01T00:00:00+00:00'",
        "UPDATE accepted_gaps SET first_sequence = 1",
        "UPDATE accepted_gaps SET reason = 'other'",
        "DELETE FROM accepted_gaps",
    ],
)
def test_audit_finds_an_edit_around_a_vouch(site: Site, edit: str) -> None:
    _vouched_and_imported(site)
    site.archive.ws.connection.execute(edit)
    assert not _intact(site)


def test_audit_finds_a_vouched_resumption_erased(site: Site) -> None:
    _vouched_and_imported(site)
    site.archive.ws.connection.execute("UPDATE reinstatements SET resumed_at = NULL")
    assert not _intact(site)


def test_audit_finds_a_vouch_moved_to_a_later_gap(site: Site) -> None:
    """The word is on the gap ending at 2; a later gap without it cannot carry resumed_at."""
    _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    _bundle(site, 161)
    _bundle(site, 162)  # lost too
    fourth = _bundle(site, 163)
    _vouch(site, 2)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 3, REASON)
    assert _outcome(site, fourth) == "imported"
    assert _intact(site)
    site.archive.ws.connection.execute("UPDATE reinstatements SET resumed_at = 4")
    assert not _intact(site)


def test_genuine_sequences_without_the_word_still_pass(site: Site) -> None:
    """Made as before this change: a reinstatement acknowledged by the next bundle; a gap
    before the acknowledging bundle, accepted without the word; an ordinary gap on B."""
    first = _first_imported(site)
    pack = _reinstate(site)
    revoked2 = _bundle(site, 171)  # made while revoked, lost
    packs.apply_pack(site.a.ws, pack)
    third = _bundle(site, 172)  # acknowledges itself
    gap = standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    assert gap.through_sequence == 2
    assert _outcome(site, third) == "imported"
    assert _resumed(site) == [3]
    b_first = site.b.bundles[0].path
    assert b_first is not None
    site.archive.import_(b_first)
    add_demo(site.b, 1, seed=173)
    site.b.export()  # lost
    add_demo(site.b, 1, seed=174)
    b_third = site.b.export()
    standing.accept_gap(site.archive.ws, site.b.fingerprint, 2, REASON)
    assert _outcome(site, b_third) == "imported"
    assert _intact(site)
    verified = _verify(site, first, third, revoked2, b_first, b_third)
    assert verified == [True, True, False, True, True]


def test_an_erased_vouch_does_not_let_the_found_bundle_in_unnoticed(site: Site) -> None:
    _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    lost = _bundle(site, 181)
    third = _bundle(site, 182)
    _vouch(site, 2)
    assert _outcome(site, third) == "imported"
    site.archive.ws.connection.execute("UPDATE reinstatements SET resumed_at = NULL")
    # Either the found bundle stays refused, as the signed vouch says, or audit sees the edit.
    assert _outcome(site, lost) == "refused" or not _intact(site)


def test_a_withdrawal_after_a_vouched_gap_imports_on_the_witness_alone(site: Site) -> None:
    """The lost bundle carried a withdrawal; the next one withdraws again from the same
    testimony: its history is not whole (bundle 2 is lost for good), so it must not be refused
    for consent versions the archive cannot see."""
    first = _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    withdrawal = withdraw_some(site.a)
    lost = site.a.export()
    withdraw_some(site.a, withdrawal.testimony_id)
    add_demo(site.a, 1, seed=191)
    third = site.a.export()
    _vouch(site, 2)
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason
    assert _intact(site)
    assert _verify(site, first, third, lost) == [True, True, False]


def _twice_reinstated(site: Site) -> tuple[Path, Path, Path]:
    """Revoked, reinstated, revoked and reinstated again before any bundle; the device applies
    both packs, then makes bundle 2 (acknowledging both) and bundle 3."""
    first = _first_imported(site)
    pack1 = _reinstate(site)
    pack2 = _reinstate(site, "again")
    packs.apply_pack(site.a.ws, pack1)
    packs.apply_pack(site.a.ws, pack2)
    return first, _bundle(site, 201), _bundle(site, 202)


def test_two_reinstatements_waiting_bundle_2_acknowledges_both(site: Site) -> None:
    _, second, third = _twice_reinstated(site)
    assert _outcome(site, second) == "imported"
    [report] = site.archive.import_(third)
    assert report.outcome == "imported", report.reason


def test_two_reinstatements_waiting_then_one_vouch(site: Site) -> None:
    _, _, third = _twice_reinstated(site)  # bundle 2 lost
    _vouch(site, 2)
    assert _outcome(site, third) == "imported"


def test_the_refusal_of_a_vouch_is_one_line() -> None:
    assert "\n" not in str(standing.NoAcknowledgementInGapError())


def test_a_second_revocation_between_the_vouch_and_the_bundle_it_lets_in(site: Site) -> None:
    """Vouched through 2, then revoked and reinstated again before bundle 3 arrives (last good
    still 1): bundle 3, made before the second pack, stays refused by both import and roster;
    bundle 4, acknowledging the second pack, resumes the chain."""
    first = _first_imported(site)
    packs.apply_pack(site.a.ws, _reinstate(site))
    lost2, third = _bundle(site, 211), _bundle(site, 212)
    _vouch(site, 2)
    pack2 = _reinstate(site, "again")
    [refused] = site.archive.import_(third)
    assert refused.outcome == "refused"
    packs.apply_pack(site.a.ws, pack2)
    fourth = _bundle(site, 92)
    [report] = site.archive.import_(fourth)
    assert report.outcome == "imported", report.reason
    assert _resumed(site) == [3, 4]
    for found in (lost2, third):
        assert _outcome(site, found) == "refused"
    assert _intact(site)
    assert _verify(site, first, fourth, lost2, third) == [True, True, False, False]
