"""The hot queries use the index on the record id, not a scan of every latest record.

Without statistics SQLite's planner may pick the index on ``is_latest`` for ``id = ? AND
is_latest = 1``, which reads every record: 100,000 inserts then take hours instead of minutes.
"""

import pytest

from fieldapp.workspace import Workspace

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
