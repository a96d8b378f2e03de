"""The consent in force on the archive, with withdrawals received at the office: they hold
against every version until one the archive did not hold at the call is taken after the laptop
was told of them (its own pack_apply event: one clock); never while the laptop was not told."""

from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given

from fieldapp.domain import ConsentScope as A
from fieldapp.domain import effective_consent
from fieldapp.domain.consent import (
    NO_CONSENT,
    OfficeWithdrawal,
    consent_at_archive,
    office_withdrawal_in_force,
)
from fieldapp.errors import ValidationFailedError
from tests.fieldapp.domain.consent_histories import History, histories
from tests.fieldapp.domain.factories import (
    OTHER_PSEUDONYM,
    STARTED_AT,
    make_consent,
    make_scopes,
    make_withdrawal,
)

CALL = STARTED_AT + timedelta(days=10)  # when the office took the witness's call (its clock)
TOLD = CALL + timedelta(days=3)  # when the laptop applied the pack telling it (the laptop's)


def _office(
    *scopes: A, told_at: datetime | None = TOLD, applies_to_version: int = 1
) -> OfficeWithdrawal:
    withdrawal = make_withdrawal(
        *scopes, received_at=CALL, how_received="phone", applies_to_version=applies_to_version
    )
    return OfficeWithdrawal(withdrawal, told_at)


def test_an_office_withdrawal_takes_its_scopes_away() -> None:
    consent = consent_at_archive([make_consent()], [], [_office(A.UN_REPORTING)])
    assert not consent.allows(A.UN_REPORTING)
    assert consent.allows(A.ACCOUNTABILITY)
    assert consent.version == 1


def test_withdrawing_archive_at_the_office_leaves_only_recontact() -> None:
    consent = consent_at_archive([make_consent()], [], [_office(A.ARCHIVE)])
    assert consent.allowed_scopes() == {A.RECONTACT}


def test_a_version_the_laptop_took_before_it_was_told_does_not_undo_it() -> None:
    """The late bundle: version 2 was taken on the laptop after the call but before the pack
    told it. The witness's latest word to the organisation is still the withdrawal."""
    earlier = make_consent(version=2, taken_at=TOLD - timedelta(minutes=1))
    consent = consent_at_archive([make_consent(), earlier], [], [_office(A.PUBLIC_MEDIA)])
    assert consent.version == 2
    assert not consent.allows(A.PUBLIC_MEDIA)


def test_a_version_taken_after_the_laptop_was_told_supersedes_it() -> None:
    later = make_consent(version=2, taken_at=TOLD + timedelta(minutes=1))
    consent = consent_at_archive([make_consent(), later], [], [_office(A.PUBLIC_MEDIA)])
    assert consent.allows(A.PUBLIC_MEDIA)


def test_a_laptop_not_told_yet_never_supersedes_it() -> None:
    """However late its clock says the version was taken: the interviewer did not know."""
    much_later = make_consent(version=2, taken_at=CALL + timedelta(days=365))
    office = _office(A.PUBLIC_MEDIA, told_at=None)
    assert office_withdrawal_in_force(office, much_later)
    assert not consent_at_archive([make_consent(), much_later], [], [office]).allows(
        A.PUBLIC_MEDIA
    )


@pytest.mark.parametrize("skew", [timedelta(hours=1), -timedelta(hours=1), timedelta(days=30)])
def test_a_laptop_clock_off_either_way_moves_both_times_alike(skew: timedelta) -> None:
    """The laptop stamps both the pack_apply event and the versions: a clock an hour fast or
    slow (or a month) shifts both, and which came first stays what really happened. Compared
    with the office's received_at, an hour fast made a version taken before the call look
    after it (R1's finding)."""
    before = make_consent(version=2, taken_at=TOLD - timedelta(minutes=5) + skew)
    after = make_consent(version=2, taken_at=TOLD + timedelta(minutes=5) + skew)
    told = _office(A.RESEARCH, told_at=TOLD + skew)
    assert office_withdrawal_in_force(told, before)
    assert not office_withdrawal_in_force(told, after)
    assert not consent_at_archive([make_consent(), before], [], [told]).allows(A.RESEARCH)
    assert consent_at_archive([make_consent(), after], [], [told]).allows(A.RESEARCH)


def test_a_version_the_archive_held_at_the_call_never_supersedes_it() -> None:
    """A version the office withdrew from stays withdrawn, whatever time is on it (and even if
    it is stamped after the laptop was told: only a later version can be consent again)."""
    fast = make_consent(version=2, taken_at=TOLD + timedelta(days=1))
    held = _office(A.PUBLIC_MEDIA, applies_to_version=2)
    assert office_withdrawal_in_force(held, fast)
    consent = consent_at_archive([make_consent(), fast], [], [held])
    assert not consent.allows(A.PUBLIC_MEDIA)
    # The next version, which the archive did not hold, taken after the laptop was told, does.
    third = make_consent(version=3, taken_at=TOLD + timedelta(days=2))
    assert consent_at_archive([make_consent(), fast, third], [], [held]).allows(A.PUBLIC_MEDIA)


def test_a_version_taken_at_the_instant_it_was_told_does_not_supersede_it() -> None:
    same = make_consent(version=2, taken_at=TOLD)
    assert office_withdrawal_in_force(_office(A.RESEARCH), same)
    consent = consent_at_archive([make_consent(), same], [], [_office(A.RESEARCH)])
    assert not consent.allows(A.RESEARCH)


def test_device_and_office_withdrawals_add_up() -> None:
    consent = consent_at_archive(
        [make_consent()], [make_withdrawal(A.RESEARCH)], [_office(A.PUBLIC_MEDIA)]
    )
    assert consent.withdrawn == {A.RESEARCH, A.PUBLIC_MEDIA}


@pytest.mark.parametrize(
    ("consents", "office", "match"),
    [
        ([], [OfficeWithdrawal(make_withdrawal())], "without the consent"),
        (
            [make_consent()],
            [OfficeWithdrawal(make_withdrawal(testimony_id=uuid4()))],
            "more than one",
        ),
        (
            [make_consent()],
            [OfficeWithdrawal(make_withdrawal(pseudonym=OTHER_PSEUDONYM))],
            "more than one",
        ),
        ([make_consent(version=2)], [], "incomplete"),
    ],
)
def test_inconsistent_histories_are_refused(consents, office, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailedError, match=match):
        consent_at_archive(consents, [], office)


def test_no_consent_is_no_consent() -> None:
    assert consent_at_archive([]) is NO_CONSENT


@given(histories())
def test_without_office_withdrawals_it_is_the_device_s_consent(history: History) -> None:
    assert consent_at_archive(history.consents, history.withdrawals) == effective_consent(
        history.consents, history.withdrawals
    )


@given(histories())
def test_office_withdrawals_only_ever_take_away(history: History) -> None:
    device = effective_consent(history.consents, history.withdrawals)
    archive = consent_at_archive(history.consents, history.withdrawals, history.office)
    assert archive.record == device.record
    assert archive.allowed_scopes() <= device.allowed_scopes()


@given(histories())
def test_each_office_withdrawal_holds_exactly_until_a_version_after_it_was_told(
    history: History,
) -> None:
    archive = consent_at_archive(history.consents, history.withdrawals, history.office)
    latest = max(history.consents, key=lambda c: c.version)
    latest_seq = history.event_seqs[history.consents.index(latest)]
    for office, told_seq in zip(history.office, history.told_seqs, strict=True):
        held_then = latest.version <= office.withdrawal.applies_to_version
        if told_seq is not None:  # by the places of the two events in the laptop's log
            told = latest_seq is not None and latest_seq > told_seq
        else:  # a withdrawal told before places were kept: by the laptop's two times
            told = office.told_at is not None and latest.taken_at > office.told_at
        in_force = held_then or not told
        assert office_withdrawal_in_force(office, latest) is in_force
        if in_force:
            assert not set(office.withdrawal.scopes) & archive.allowed_scopes()
    # Those a later version superseded change nothing.
    holding = [o for o in history.office if office_withdrawal_in_force(o, latest)]
    assert archive == consent_at_archive(history.consents, history.withdrawals, holding)


@given(histories())
def test_the_order_they_are_given_in_does_not_matter(history: History) -> None:
    forward = consent_at_archive(history.consents, history.withdrawals, history.office)
    backward = consent_at_archive(
        history.consents[::-1], history.withdrawals[::-1], history.office[::-1]
    )
    assert forward == backward


def test_a_denied_scope_stays_denied_whatever_the_office_hears() -> None:
    consent = consent_at_archive(
        [make_consent(scopes=make_scopes(research=False))], [], [_office(A.PUBLIC_MEDIA)]
    )
    assert consent.allowed_scopes() == set(A) - {A.RESEARCH, A.PUBLIC_MEDIA}


def test_where_the_events_stand_in_the_log_the_order_decides_not_the_clock() -> None:
    """R3-1: the laptop's clock set back between the pack and the consent. The version's own
    signed event comes after the pack_apply in the one chain, so it supersedes whatever time
    it bears; one whose event comes before does not, whatever time it bears; one with no event
    of its own (recorded before consent events existed) never does."""
    stamped_before = make_consent(version=2, taken_at=TOLD - timedelta(days=5))
    stamped_after = make_consent(version=2, taken_at=TOLD + timedelta(days=5))
    withdrawal = _office(A.RESEARCH).withdrawal
    later_in_the_log = OfficeWithdrawal(withdrawal, TOLD, after_told=frozenset({2}))
    earlier_in_the_log = OfficeWithdrawal(withdrawal, TOLD, after_told=frozenset())
    assert not office_withdrawal_in_force(later_in_the_log, stamped_before)
    assert consent_at_archive([make_consent(), stamped_before], [], [later_in_the_log]).allows(
        A.RESEARCH
    )
    assert office_withdrawal_in_force(earlier_in_the_log, stamped_after)
    assert not consent_at_archive(
        [make_consent(), stamped_after], [], [earlier_in_the_log]
    ).allows(A.RESEARCH)
