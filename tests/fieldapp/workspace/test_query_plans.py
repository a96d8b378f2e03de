"""The hot queries use the index on the record id, not a scan of every latest record.

Without statistics SQLite's planner may pick the index on ``is_latest`` for ``id = ? AND
is_latest = 1``, which reads every record: 100,000 inserts then take hours instead of minutes.
"""

import re
from typing import Any

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


# --- the category filter (``testimony_queries._few_in_category`` picks the way) ---------------

#: How a category's rows are read, then each one's testimony by its key (in the primary key's
#: index or, with a status, that of the latest versions).
CATEGORY_ROWS = "SEARCH tc USING COVERING INDEX categories_by_code (category=?)"
BY_KEY = re.compile(
    r"SEARCH t USING (COVERING )?INDEX (sqlite_autoindex_testimonies_1|latest_versions)"
    r" \(id=\? AND version=\?"
)


def _by_category(plan: list[str]) -> bool:
    return plan[0] == CATEGORY_ROWS and BY_KEY.match(plan[1]) is not None

WITH_OTHER_FILTERS = [
    {},
    {"status": RecordStatus.SEALED},
    {"interviewer": "Interviewer 07"},
    {"allowed_for": ConsentScope.RESEARCH},
]


def _plan_rows(ws: Workspace, sql: str, params: list[object]) -> list[str]:
    return [row[3] for row in ws.connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


@pytest.mark.parametrize("others", WITH_OTHER_FILTERS, ids=["alone", "sealed", "by", "research"])
@pytest.mark.parametrize("order", list(Order))
def test_a_rare_category_is_read_from_its_rows_in_any_order(
    ws: Workspace, order: Order, others: dict[str, Any]
) -> None:
    """Not the walk of every testimony testing each for the category: 408 ms for a rare
    category at 100,000 testimonies. Its rows are few: sorting them costs little."""
    filters = TestimonyFilter(category="F", order=order, **others)
    plan = _plan_rows(ws, *testimony_queries.list_query(filters, from_category=True))
    assert _by_category(plan), plan
    assert not [row for row in plan if row.startswith("SCAN t")], plan


@pytest.mark.parametrize("others", WITH_OTHER_FILTERS[:2], ids=["alone", "sealed"])
@pytest.mark.parametrize("order", list(Order))
def test_a_common_category_walks_the_index_of_its_order(
    ws: Workspace, order: Order, others: dict[str, Any]
) -> None:
    """A page of a common category is near the start of the walk: no sort of its rows (35,000
    of 100,000) for a page of 100."""
    filters = TestimonyFilter(category="E", order=order, **others)
    plan = " ".join(_plan_rows(ws, *testimony_queries.list_query(filters, from_category=False)))
    assert "TEMP B-TREE" not in plan, plan
    assert "SEARCH t USING INDEX testimonies_by_" in plan, plan
    assert "sqlite_autoindex_testimony_categories_1 (id=? AND version=? AND category=?)" in plan


@pytest.mark.parametrize("others", WITH_OTHER_FILTERS, ids=["alone", "sealed", "by", "research"])
def test_a_count_by_category_reads_the_category_rows_only(
    ws: Workspace, others: dict[str, Any]
) -> None:
    """In two indexes, no testimony's row unless a filter needs one (an interviewer): 35,000
    rows of a common category in 9 ms, where the rows took 400 ms."""
    filters = TestimonyFilter(category="E", **others)
    plan = _plan_rows(ws, *testimony_queries.count_query(filters))
    assert plan[0] == CATEGORY_ROWS, plan
    covering = "" if "interviewer" in others else "COVERING "
    assert plan[1].startswith(f"SEARCH t USING {covering}INDEX latest_versions (id=? AND"), plan


def test_how_many_rows_a_category_has_is_read_from_its_index_alone(ws: Workspace) -> None:
    plan = " ".join(_plan_rows(ws, testimony_queries._CATEGORY_ROWS, ["E", 3001]))
    assert "SEARCH testimony_categories USING COVERING INDEX categories_by_code" in plan, plan


@pytest.mark.parametrize("order", [Order.WITNESS, Order.WITNESS_DESCENDING])
def test_a_page_in_a_witness_order_walks_an_index(ws: Workspace, order: Order) -> None:
    """Migration 20: each direction has its index, ties (newest first, then the id) included."""
    plan = _list_plan(ws, TestimonyFilter(order=order))
    assert "TEMP B-TREE" not in plan, plan
    assert "USING INDEX testimonies_by_witness" in plan, plan


@pytest.mark.parametrize("others", WITH_OTHER_FILTERS, ids=["alone", "sealed", "by", "research"])
def test_a_search_in_a_rare_category_ranks_once_and_reads_the_category_rows(
    ws: Workspace, others: dict[str, Any]
) -> None:
    """Not a full-text match per row of the category (~5 ms each), nor a look-up of every
    match's testimony."""
    sql, params = testimony_queries.category_search_query(TestimonyFilter(category="F", **others))
    plan = _plan_rows(ws, sql, ['"word"*', *params, 100, 0])
    assert plan[0] == "MATERIALIZE m", plan
    assert plan[1].startswith("SCAN testimony_search VIRTUAL TABLE"), plan
    assert _by_category(plan[2:]), plan
    assert "SEARCH m USING AUTOMATIC COVERING INDEX (r=?)" in plan, plan
