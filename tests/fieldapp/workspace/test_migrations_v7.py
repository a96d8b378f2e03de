"""Schema version 7 (consents and withdrawals waiting for their testimony): a workspace at
version 6 keeps everything it holds and gains an empty ``waiting_records`` table, one row a
record, keyed by kind and record key, found by testimony."""

import os
from pathlib import Path

import pytest

from fieldapp.workspace.database import Connection, IntegrityError, open_database
from fieldapp.workspace.migrations import MIGRATIONS, migrate, schema_version

_INSERT = (
    "INSERT INTO waiting_records (kind, record_key, testimony_id, device, bundle_sequence, body)"
    " VALUES (?, ?, ?, 'SHA256:dev', 3, X'01')"
)


def _v6(tmp_path: Path) -> Connection:
    tmp_path.chmod(0o700)
    connection = open_database(tmp_path / "v6.db", os.urandom(32), create=True)
    assert migrate(connection, MIGRATIONS[:6]) == 6
    return connection


def test_a_workspace_at_version_6_migrates_and_keeps_what_it_holds(tmp_path: Path) -> None:
    connection = _v6(tmp_path)
    connection.execute("INSERT INTO consents (testimony_id, version, body) VALUES ('t-1', 1, X'')")
    connection.execute(
        "INSERT INTO withdrawals (id, testimony_id, body) VALUES ('w-1', 't-1', X'')"
    )
    assert migrate(connection, MIGRATIONS[:7]) == 7
    assert schema_version(connection) == 7
    assert connection.execute("SELECT count(*) FROM consents").fetchone()[0] == 1
    assert connection.execute("SELECT count(*) FROM withdrawals").fetchone()[0] == 1
    assert connection.execute("SELECT count(*) FROM waiting_records").fetchone()[0] == 0
    connection.close()


def test_a_record_waits_once_and_is_found_by_its_testimony(tmp_path: Path) -> None:
    connection = _v6(tmp_path)
    migrate(connection, MIGRATIONS[:7])
    connection.execute(_INSERT, ("withdrawal", "w-1", "t-1"))
    connection.execute(_INSERT, ("consent", "t-1/2", "t-1"))
    with pytest.raises(IntegrityError):
        connection.execute(_INSERT, ("withdrawal", "w-1", "t-1"))
    with pytest.raises(IntegrityError):
        connection.execute(_INSERT, ("testimony", "t-1/1", "t-1"))
    plan = connection.execute(
        "EXPLAIN QUERY PLAN SELECT kind FROM waiting_records WHERE testimony_id = 't-1'"
    ).fetchall()
    assert any("waiting_records_by_testimony" in str(row[-1]) for row in plan), plan
    connection.close()
