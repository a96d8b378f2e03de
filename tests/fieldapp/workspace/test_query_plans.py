"""The hot queries use the index on the record id, not a scan of every latest record.

Without statistics SQLite's planner may pick the index on ``is_latest`` for ``id = ? AND
is_latest = 1``, which reads every record: 100,000 inserts then take hours instead of minutes.
"""

import pytest

from fieldapp.domain import ConsentScope, RecordStatus
from fieldapp.workspace import TestimonyFilter, Workspace, testimony_queries
from fieldapp.workspace import TestimonyOrder as Order  # not collected as a test class

ID_LOOKUPS = [
    "UPDATE testimonies SET is_latest = 0 WHERE id = ? AND +is_latest = 1",
    "SELECT body FROM testimonies WHERE id = ? AND +is_latest = 1",
    "SELECT 1 FROM testimonies WHERE id = ? LIMIT 1",
]


@pytest.mark.parametrize("query", ID_LOOKUPS)
def test_lookups_by_id_use_the_primary_key(ws: Workspace, query: str) -> None:
    plan = " ".join(row[3] for row in ws.connection.execute(f"EXPLAIN QUERY PLAN {query}", ("x",)))
    assert "sqlite_autoindex_testimonies_1 (id=?)" in plan


def test_the_repository_uses_those_queries() -> None:
    from pathlib import Path

    source = (Path(__file__).parents[3] / "fieldapp/workspace/repository.py").read_text()
    for query in ID_LOOKUPS[:2]:
        assert query.split(" WHERE ")[1] in source


def _list_plan(ws: Workspace, filters: TestimonyFilter) -> str:
    where, params = testimony_queries._where(filters)
    order = testimony_queries._ORDER_SQL[filters.order]
    query = (
        f"EXPLAIN QUERY PLAN SELECT {testimony_queries._COLUMNS} FROM testimonies t"  # noqa: S608
        f" WHERE {where} ORDER BY {order} LIMIT 100 OFFSET 0"
    )
    return " ".join(row[3] for row in ws.connection.execute(query, params))


@pytest.mark.parametrize(
    "filters",
    [
        TestimonyFilter(),
        TestimonyFilter(order=Order.OLDEST),
        TestimonyFilter(status=RecordStatus.SEALED),
        TestimonyFilter(status=RecordStatus.DRAFT, order=Order.OLDEST),
        TestimonyFilter(allowed_for=ConsentScope.ARCHIVE),
    ],
    ids=["newest", "oldest", "sealed", "drafts-oldest", "may-be-archived"],
)
def test_a_page_of_the_list_walks_an_index_in_its_order(
    ws: Workspace, filters: TestimonyFilter
) -> None:
    """No sort of the rows sharing a start time: at a million testimonies the demo's ~1,500 a
    quarter hour took 20 ms a page (50 ms with a use filter); walking the index, 0.02 ms."""
    plan = _list_plan(ws, filters)
    assert "TEMP B-TREE" not in plan, plan
    assert "testimonies_by_" in plan, plan
