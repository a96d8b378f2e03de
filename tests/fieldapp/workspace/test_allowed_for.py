"""``TestimonyFilter.allowed_for``: the consent in force worked out in SQL agrees with the
domain's ``consent_at_archive`` on any history — versions, device withdrawals, withdrawals
received at the office not told to the laptop yet (``told_seq`` NULL) or told at a place in its
log before or after each version's consent event, a version without an event, a version
missing — and pages and sorts as an unfiltered list does."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain import ConsentScope
from fieldapp.domain.consent import consent_at_archive
from fieldapp.errors import ValidationFailedError
from fieldapp.workspace import TestimonyFilter, Workspace, office_told
from fieldapp.workspace.testimony_queries import TestimonyOrder as Order
from tests.fieldapp.domain.consent_histories import History, histories, placed
from tests.fieldapp.domain.factories import STARTED_AT
from tests.fieldapp.workspace.support import new_pseudonym, new_testimony

# In every factory title: what a strictly confidential testimony (the factory's) is found by.
SEARCH_WORD = "repatriation"


@contextmanager
def _undone(ws: Workspace) -> Iterator[None]:
    """Whatever the block writes is rolled back: one workspace serves every example."""
    ws.connection.execute("SAVEPOINT example")
    try:
        yield
    finally:
        ws.connection.execute("ROLLBACK TO example")
        ws.connection.execute("RELEASE example")


@st.composite
def _stored_history(draw: st.DrawFn) -> tuple[UUID, str, History]:
    testimony_id, pseudonym = uuid4(), new_pseudonym()
    history = draw(histories(testimony_id, pseudonym, min_versions=0))
    if history.consents and draw(st.integers(0, 2)) == 0:
        # A version lost on the way (an archive after an accepted gap): no list may count on it.
        # Often the last: withdrawals of it are then of a version the archive lacks.
        lost = draw(st.sampled_from(history.consents) | st.just(history.consents[-1]))
        kept = [i for i, c in enumerate(history.consents) if c is not lost]
        consents = tuple(history.consents[i] for i in kept)
        seqs = tuple(history.event_seqs[i] for i in kept)
        office = placed(consents, seqs, history.office, history.told_seqs)
        history = History(consents, history.withdrawals, office, seqs, history.told_seqs)
    return testimony_id, pseudonym, history


def _store(ws: Workspace, items: list[tuple[UUID, str, History]]) -> None:
    repo = ws.repository
    for day, (testimony_id, pseudonym, history) in enumerate(items):
        testimony, _ = new_testimony(
            id=testimony_id, pseudonym=pseudonym, started_at=STARTED_AT - timedelta(days=day)
        )
        repo.save_testimony(testimony)
        for consent, seq in zip(history.consents, history.event_seqs, strict=True):
            repo.add_consent(consent)
            if seq is not None:  # as the laptop, or a bundle's consent event, sets it
                repo.set_consent_event_seq(testimony_id, consent.version, seq)
        for withdrawal in history.withdrawals:
            repo.add_withdrawal(withdrawal)
        for office, told_seq in zip(history.office, history.told_seqs, strict=True):
            repo.add_office_withdrawal(office.withdrawal)
            key = str(office.withdrawal.id)
            # As the laptop, or a bundle's event, sets it; the event's time decides nothing.
            if told_seq is not None:
                office_told.mark_told(ws.connection, [key], STARTED_AT, told_seq)


def _allowed_in_python(history: History, scope: ConsentScope) -> bool:
    try:
        in_force = consent_at_archive(history.consents, history.withdrawals, history.office)
    except ValidationFailedError:
        return False  # a history that cannot be worked out allows nothing
    return in_force.allows(scope)


def _ids(rows: list) -> list[UUID]:  # type: ignore[type-arg]
    return [row.id for row in rows]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    items=st.lists(_stored_history(), min_size=1, max_size=5),
    order=st.sampled_from(Order),
    page=st.tuples(st.integers(1, 3), st.integers(0, 3)),
)
def test_the_sql_filter_agrees_with_the_domain(
    ws: Workspace,
    items: list[tuple[UUID, str, History]],
    order: Order,
    page: tuple[int, int],
) -> None:
    by_id = {testimony_id: history for testimony_id, _, history in items}
    with _undone(ws):
        _store(ws, items)
        everything = _ids(ws.repository.list_testimonies(TestimonyFilter(order=order)))
        assert set(everything) == set(by_id)
        for scope in ConsentScope:
            expected = [tid for tid in everything if _allowed_in_python(by_id[tid], scope)]
            allowed = TestimonyFilter(order=order, allowed_for=scope)
            assert _ids(ws.repository.list_testimonies(allowed)) == expected, scope
            assert ws.repository.count_testimonies(allowed) == len(expected)
            limit, offset = page
            paged = TestimonyFilter(order=order, allowed_for=scope, limit=limit, offset=offset)
            assert _ids(ws.repository.list_testimonies(paged)) == expected[offset : offset + limit]
            found = _ids(ws.repository.search(SEARCH_WORD, allowed))
            assert sorted(found, key=str) == sorted(expected, key=str), scope


def test_the_filter_combines_with_the_others(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    ws.repository.save_testimony(testimony)
    ws.repository.add_consent(consent)
    both = TestimonyFilter(allowed_for=ConsentScope.RESEARCH, interviewer=testimony.interviewer)
    assert _ids(ws.repository.list_testimonies(both)) == [testimony.id]
    other = TestimonyFilter(allowed_for=ConsentScope.RESEARCH, interviewer="someone else")
    assert ws.repository.list_testimonies(other) == []


@pytest.mark.parametrize("scope", list(ConsentScope))
def test_scope_names_are_bound_not_written_into_the_sql(scope: ConsentScope) -> None:
    from fieldapp.workspace.testimony_queries import _where

    sql, params = _where(TestimonyFilter(allowed_for=scope))
    assert scope.value not in sql
    assert scope.value in params
