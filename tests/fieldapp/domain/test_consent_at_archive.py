"""The consent in force on the archive, with withdrawals received at the office: they hold
against every version until one the archive did not hold at the call has its consent event
after the laptop's pack_apply event that told it of them (one log, no clock); never while the
laptop was not told."""

from datetime import timedelta
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
TOLD = CALL + timedelta(days=3)  # about when the laptop applied the pack telling it
#: Told, and no version's consent event after that in the laptop's log.
NONE_AFTER: frozenset[int] = frozenset()


def _office(
    *scopes: A, after_told: frozenset[int] | None = NONE_AFTER, applies_to_version: int = 1
) -> OfficeWithdrawal:
    withdrawal = make_withdrawal(
        *scopes, received_at=CALL, how_received="phone", applies_to_version=applies_to_version
    )
    return OfficeWithdrawal(withdrawal, after_told)


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
    office = _office(A.PUBLIC_MEDIA, after_told=frozenset({2}))
    assert not office_withdrawal_in_force(office, later)
    assert consent_at_archive([make_consent(), later], [], [office]).allows(A.PUBLIC_MEDIA)


def test_a_laptop_not_told_yet_never_supersedes_it() -> None:
    """However late its clock says the version was taken: the interviewer did not know."""
    much_later = make_consent(version=2, taken_at=CALL + timedelta(days=365))
    office = _office(A.PUBLIC_MEDIA, after_told=None)
    assert office_withdrawal_in_force(office, much_later)
    assert not consent_at_archive([make_consent(), much_later], [], [office]).allows(
        A.PUBLIC_MEDIA
    )


def test_a_version_the_archive_held_at_the_call_never_supersedes_it() -> None:
    """A version the office withdrew from stays withdrawn, even if its event comes after the
    laptop was told: only a later version can be consent again."""
    held_version = make_consent(version=2, taken_at=TOLD + timedelta(days=1))
    held = _office(A.PUBLIC_MEDIA, applies_to_version=2, after_told=frozenset({2, 3}))
    assert office_withdrawal_in_force(held, held_version)
    consent = consent_at_archive([make_consent(), held_version], [], [held])
    assert not consent.allows(A.PUBLIC_MEDIA)
    # The next version, which the archive did not hold, taken after the laptop was told, does.
    third = make_consent(version=3, taken_at=TOLD + timedelta(days=2))
    assert not office_withdrawal_in_force(held, third)
    assert consent_at_archive([make_consent(), held_version, third], [], [held]).allows(
        A.PUBLIC_MEDIA
    )


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
        # By the places of the two events in the laptop's log; not told: nothing follows it.
        after_told = told_seq is not None and latest_seq is not None and latest_seq > told_seq
        in_force = held_then or not after_told
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


@pytest.mark.parametrize("stamped", [-timedelta(days=5), timedelta(0), timedelta(days=5)])
def test_where_the_events_stand_in_the_log_the_order_decides_not_the_clock(
    stamped: timedelta,
) -> None:
    """R3-1: the laptop's clock fast, slow or set back between the pack and the consent. A
    version whose own signed event comes after the pack_apply in the one chain supersedes
    whatever time it bears; one whose event comes before does not, whatever time it bears; one
    with no event of its own (recorded before consent events existed) never does."""
    second = make_consent(version=2, taken_at=TOLD + stamped)
    withdrawal = _office(A.RESEARCH).withdrawal
    later_in_the_log = OfficeWithdrawal(withdrawal, after_told=frozenset({2}))
    earlier_in_the_log = OfficeWithdrawal(withdrawal, after_told=NONE_AFTER)
    assert not office_withdrawal_in_force(later_in_the_log, second)
    assert consent_at_archive([make_consent(), second], [], [later_in_the_log]).allows(A.RESEARCH)
    assert office_withdrawal_in_force(earlier_in_the_log, second)
    assert not consent_at_archive([make_consent(), second], [], [earlier_in_the_log]).allows(
        A.RESEARCH
    )
