"""Filtered search looks in a window of the best matches first; it must find what a full
search finds, whatever the window's size."""

import pytest

from fieldapp.demo.corpus import generate
from fieldapp.domain import RecordStatus
from fieldapp.services import records
from fieldapp.workspace import TestimonyFilter, Workspace, testimony_queries


def _full_search(ws: Workspace, query: str, filters: TestimonyFilter) -> list[object]:
    where, params = testimony_queries._where(filters)
    sql = (  # fixed fragments of the repository's own SQL
        f"SELECT {testimony_queries._COLUMNS} FROM {testimony_queries._SEARCH_JOIN} AND {where}"  # noqa: S608
        f" ORDER BY {testimony_queries._RANK} LIMIT ? OFFSET ?"
    )
    words = " ".join(f'"{w}"*' for w in query.split())
    rows = ws.connection.execute(sql, (words, *params, filters.limit, filters.offset))
    return [testimony_queries._summary(row) for row in rows]


@pytest.mark.parametrize("factor", [1, 2, 20])
def test_a_selective_filter_finds_what_a_full_search_finds(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, factor: int
) -> None:
    demo = list(generate(60, seed=21))
    records.create_testimonies(ws, [(d.testimony, d.consents, d.identity) for d in demo])
    for item in demo[::7]:
        if item.seal:
            records.seal_testimony(ws, item.testimony.id)
    monkeypatch.setattr(testimony_queries, "_FILTER_WINDOW_FACTOR", factor)
    for query in ("DEMO", "interrogation", "강제"):
        for filters in (
            TestimonyFilter(status=RecordStatus.SEALED, limit=3),
            TestimonyFilter(status=RecordStatus.SEALED, limit=2, offset=2),
            TestimonyFilter(category="E", limit=4),
            TestimonyFilter(interviewer="nobody", limit=5),
        ):
            found = ws.repository.search(query, filters)
            assert found == _full_search(ws, query, filters), (query, filters)
