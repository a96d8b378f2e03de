"""A hypothesis strategy for one testimony's whole consent history (no tests here): versions
1..n, the device's withdrawals of any of them, and withdrawals received at the office, each
told to its laptop or not yet; the places in the laptop's log of each version's ``consent``
event (or none) and of the ``pack_apply`` that told each withdrawal are drawn from a few
numbers, so that a version's event before, after and at no place beside it all occur often.
Times (taken, received) are drawn from a few days; no rule reads them."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from hypothesis import strategies as st

from fieldapp.domain import (
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    OfficeWithdrawal,
    ScopeDecisions,
)
from tests.fieldapp.domain.factories import (
    PSEUDONYM,
    STARTED_AT,
    TESTIMONY_ID,
    make_consent,
    make_withdrawal,
)


@dataclass(frozen=True)
class History:
    consents: tuple[ConsentRecord, ...]
    withdrawals: tuple[ConsentWithdrawal, ...]
    office: tuple[OfficeWithdrawal, ...]
    #: Each consent version's ``consent`` event's place in the laptop's log (None: no event).
    event_seqs: tuple[int | None, ...] = ()
    #: Each office withdrawal's ``pack_apply`` event's place (None: not told yet).
    told_seqs: tuple[int | None, ...] = ()


def placed(
    consents: tuple[ConsentRecord, ...],
    event_seqs: tuple[int | None, ...],
    office: tuple[OfficeWithdrawal, ...],
    told_seqs: tuple[int | None, ...],
) -> tuple[OfficeWithdrawal, ...]:
    """The office withdrawals with ``after_told`` as the repository works it out: the versions
    whose event comes after the one that told the laptop, where that one's place is known."""
    return tuple(
        replace(
            o,
            after_told=None
            if told is None
            else frozenset(
                c.version for c, seq in zip(consents, event_seqs, strict=True)
                if seq is not None and seq > told
            ),
        )
        for o, told in zip(office, told_seqs, strict=True)
    )


def _times() -> st.SearchStrategy[datetime]:
    return st.integers(0, 6).map(lambda day: STARTED_AT + timedelta(days=day))


def _scopes() -> st.SearchStrategy[tuple[ConsentScope, ...]]:
    return st.lists(st.sampled_from(ConsentScope), min_size=1, max_size=3).map(tuple)


def _decisions() -> st.SearchStrategy[ScopeDecisions]:
    # Mostly yes, so that withdrawals have something to take away.
    yes = st.sampled_from([True, True, True, False])
    return st.builds(ScopeDecisions, **{scope.value: yes for scope in ConsentScope})


@st.composite
def histories(
    draw: st.DrawFn,
    testimony_id: UUID = TESTIMONY_ID,
    pseudonym: str = PSEUDONYM,
    min_versions: int = 1,
) -> History:
    count = draw(st.integers(min_versions, 3))
    consents = tuple(
        make_consent(
            testimony_id=testimony_id,
            pseudonym=pseudonym,
            version=version,
            taken_at=draw(_times()),
            scopes=draw(_decisions()),
        )
        for version in range(1, count + 1)
    )
    device = _withdrawals(draw, testimony_id, pseudonym, count)
    # Places in the log drawn from a few numbers, so that before, after and none all occur.
    event_seqs = tuple(draw(st.none() | _seqs()) for _ in consents)
    office = tuple(
        OfficeWithdrawal(withdrawal)
        for withdrawal in _withdrawals(draw, testimony_id, pseudonym, count)
    )
    told_seqs = tuple(draw(st.none() | _seqs()) for _ in office)
    office = placed(consents, event_seqs, office, told_seqs)
    return History(consents, device, office, event_seqs, told_seqs)


def _seqs() -> st.SearchStrategy[int]:
    return st.integers(1, 4)


def _withdrawals(
    draw: st.DrawFn, testimony_id: UUID, pseudonym: str, versions: int
) -> tuple[ConsentWithdrawal, ...]:
    """Up to two withdrawals, each of one of the ``versions`` (none without a version)."""
    return tuple(
        make_withdrawal(
            *draw(_scopes()),
            testimony_id=testimony_id,
            pseudonym=pseudonym,
            applies_to_version=draw(st.integers(1, versions)),
            received_at=draw(_times()),
        )
        for _ in range(draw(st.integers(0, 2)) if versions else 0)
    )
