"""Schema version 8 (waiting records per device): an archive at version 7 keeps every record
waiting for its testimony, in the order received, and from then on each device's records wait
apart — the same kind and key from two devices no longer collide."""

import os
from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.workspace import waiting_state
from fieldapp.workspace.database import Connection, IntegrityError, open_database
from fieldapp.workspace.migrations import MIGRATIONS, migrate, schema_version

TESTIMONY = UUID("6f1c1d2e-0b7a-4c55-9e55-3a8d7f1b2c01")
OTHER = UUID("6f1c1d2e-0b7a-4c55-9e55-3a8d7f1b2c02")

_INSERT = (
    "INSERT INTO waiting_records (kind, record_key, testimony_id, device, bundle_sequence, body)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_ROWS = "SELECT rowid, kind, record_key, testimony_id, device, bundle_sequence, body"


def _v7(tmp_path: Path) -> Connection:
    tmp_path.chmod(0o700)
    connection = open_database(tmp_path / "v7.db", os.urandom(32), create=True)
    assert migrate(connection, MIGRATIONS[:7]) == 7
    return connection


def _rows(connection: Connection) -> list[tuple[object, ...]]:
    return connection.execute(f"{_ROWS} FROM waiting_records ORDER BY rowid").fetchall()


def test_an_archive_at_version_7_keeps_its_waiting_records_in_order(tmp_path: Path) -> None:
    connection = _v7(tmp_path)
    # The rowid is the order received within a bundle (take_waiting's tie-break), and the
    # rows are kept as they were, rowids too: one taken earlier leaves a hole in them.
    connection.execute(_INSERT, ("consent", f"{OTHER}/1", str(OTHER), "SHA256:b", 2, b"\x00"))
    connection.execute(_INSERT, ("withdrawal", "w-2", str(TESTIMONY), "SHA256:a", 4, b"\x02"))
    connection.execute(
        _INSERT, ("consent", f"{TESTIMONY}/3", str(TESTIMONY), "SHA256:a", 3, b"\x01")
    )
    connection.execute(_INSERT, ("withdrawal", "w-1", str(TESTIMONY), "SHA256:a", 3, b"\x03"))
    connection.execute(_INSERT, ("consent", f"{OTHER}/2", str(OTHER), "SHA256:b", 5, b"\x04"))
    connection.execute("DELETE FROM waiting_records WHERE record_key = ?", (f"{OTHER}/1",))
    before = _rows(connection)
    assert [row[0] for row in before] == [2, 3, 4, 5]
    assert migrate(connection, MIGRATIONS[:8]) == 8
    assert schema_version(connection) == 8
    assert _rows(connection) == before
    taken = list(waiting_state.take_waiting(connection, TESTIMONY, "SHA256:a"))
    assert taken == [("consent", b"\x01"), ("withdrawal", b"\x03"), ("withdrawal", b"\x02")]
    assert waiting_state.waiting_counts(connection) == {"SHA256:b": 1}
    connection.close()


def test_each_devices_records_wait_apart_after_the_migration(tmp_path: Path) -> None:
    connection = _v7(tmp_path)
    connection.execute(_INSERT, ("withdrawal", "w-1", str(TESTIMONY), "SHA256:a", 3, b"\x01"))
    with pytest.raises(IntegrityError):  # what version 7 did: the first device's key is taken
        connection.execute(_INSERT, ("withdrawal", "w-1", str(TESTIMONY), "SHA256:b", 2, b"\x02"))
    migrate(connection, MIGRATIONS[:8])
    connection.execute(_INSERT, ("withdrawal", "w-1", str(TESTIMONY), "SHA256:b", 2, b"\x02"))
    with pytest.raises(IntegrityError):  # one device's record still waits once
        connection.execute(_INSERT, ("withdrawal", "w-1", str(TESTIMONY), "SHA256:b", 4, b"\x02"))
    with pytest.raises(IntegrityError):
        connection.execute(_INSERT, ("testimony", "t/1", str(TESTIMONY), "SHA256:b", 4, b"\x02"))
    assert waiting_state.waiting_body(connection, "withdrawal", "SHA256:a", "w-1") == b"\x01"
    assert waiting_state.waiting_body(connection, "withdrawal", "SHA256:b", "w-1") == b"\x02"
    assert waiting_state.discard_waiting_of_others(connection, TESTIMONY, "SHA256:a") == 1
    assert waiting_state.waiting_counts(connection) == {"SHA256:a": 1}
    plan = connection.execute(
        "EXPLAIN QUERY PLAN SELECT kind FROM waiting_records WHERE testimony_id = 't'"
    ).fetchall()
    assert any("waiting_records_by_testimony" in str(row[-1]) for row in plan), plan
    connection.close()
