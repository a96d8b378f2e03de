"""Database errors reach a person as the FieldappError they mean: a write lock held beyond the
busy timeout (an import holds it for its whole length) is "busy", never "damaged"."""

import os
from pathlib import Path

import pytest

from fieldapp.errors import WorkspaceBusyError, WorkspaceDamagedError
from fieldapp.workspace.database import open_database, transaction


def test_a_write_while_another_connection_holds_the_write_lock_is_busy_not_damaged(
    tmp_path: Path,
) -> None:
    key = os.urandom(32)
    path = tmp_path / "fieldapp.db"
    first = open_database(path, key, create=True)
    first.execute("CREATE TABLE notes (text TEXT)")
    second = open_database(path, key)
    second.execute("PRAGMA busy_timeout = 50")
    try:
        with transaction(first):
            first.execute("INSERT INTO notes VALUES ('held')")
            with pytest.raises(WorkspaceBusyError), transaction(second):
                second.execute("INSERT INTO notes VALUES ('waits')")
        with transaction(second):  # once the lock is released, the same write goes through
            second.execute("INSERT INTO notes VALUES ('written')")
        rows = first.execute("SELECT text FROM notes ORDER BY rowid").fetchall()
        assert [row[0] for row in rows] == ["held", "written"]
    finally:
        first.close()
        second.close()


def test_a_file_that_is_not_the_database_is_still_damaged(tmp_path: Path) -> None:
    path = tmp_path / "fieldapp.db"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(WorkspaceDamagedError):
        open_database(path, os.urandom(32))
