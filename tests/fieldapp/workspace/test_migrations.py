"""Schema migrations: numbered, forward only, each in one transaction with its version bump."""

import pytest

from fieldapp.errors import WorkspaceDamagedError
from fieldapp.services import records
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import open_database
from fieldapp.workspace.master_key import database_key
from fieldapp.workspace.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version

from .support import PASSPHRASE, CreatedWorkspace, new_testimony, stored_state, table_names

EXTRA = """
CREATE TABLE extra (id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT;
INSERT INTO extra (note) VALUES ('added by the extra migration');
"""


def test_a_new_workspace_is_at_the_current_version(ws: Workspace) -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION
    assert schema_version(ws.connection) == SCHEMA_VERSION
    tables = set(table_names(ws.connection))
    assert {"meta", "testimonies", "consents", "custody_events", "attachments"} <= tables
    # Migrating again changes nothing.
    before = stored_state(ws.connection)
    assert migrate(ws.connection) == SCHEMA_VERSION
    assert stored_state(ws.connection) == before


def test_a_new_migration_is_applied_alone_and_keeps_the_data(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    before = stored_state(ws.connection)

    # The first migrations would fail if run again (their tables exist): only the new one runs.
    assert migrate(ws.connection, (*MIGRATIONS, EXTRA)) == SCHEMA_VERSION + 1

    assert schema_version(ws.connection) == SCHEMA_VERSION + 1
    after = stored_state(ws.connection)
    assert after.pop("extra") == [(1, "added by the extra migration")]
    assert after == before
    assert ws.repository.get_testimony(testimony.id) == testimony
    # And once applied, it is not applied a second time.
    assert migrate(ws.connection, (*MIGRATIONS, EXTRA)) == SCHEMA_VERSION + 1
    rows = ws.connection.execute("SELECT count(*) FROM extra").fetchone()
    assert rows[0] == 1


def test_a_failing_migration_leaves_the_previous_version_intact(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    before = stored_state(ws.connection)
    failing = f"{EXTRA}\nINSERT INTO no_such_table VALUES (1);"

    # A migration that fails is reported as damage (the user can do nothing else about it).
    with pytest.raises(WorkspaceDamagedError):
        migrate(ws.connection, (*MIGRATIONS, failing))

    assert schema_version(ws.connection) == SCHEMA_VERSION
    assert "extra" not in table_names(ws.connection)
    assert stored_state(ws.connection) == before
    assert not ws.connection.in_transaction
    # The fixed migration then applies cleanly.
    assert migrate(ws.connection, (*MIGRATIONS, EXTRA)) == SCHEMA_VERSION + 1


def test_migrations_apply_in_order_from_an_empty_database(tmp_path) -> None:
    key = bytes(range(32))
    connection = open_database(tmp_path / "fresh.db", key, create=True)
    try:
        assert schema_version(connection) == 0
        second = "ALTER TABLE extra ADD COLUMN added INTEGER NOT NULL DEFAULT 7;"
        assert migrate(connection, (*MIGRATIONS, EXTRA, second)) == SCHEMA_VERSION + 2
        row = connection.execute("SELECT note, added FROM extra").fetchone()
        assert row == ("added by the extra migration", 7)
    finally:
        connection.close()


def test_a_database_from_a_newer_fieldapp_is_refused(created: CreatedWorkspace) -> None:
    ws = created.workspace
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    ws.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    master = ws.master_key
    ws.lock()
    keys_before = ws.layout.key_file.read_bytes()

    with pytest.raises(WorkspaceDamagedError, match="newer version"):
        Workspace.unlock(created.root, PASSPHRASE)

    assert ws.layout.key_file.read_bytes() == keys_before
    connection = open_database(ws.layout.database, database_key(master))
    try:
        assert schema_version(connection) == SCHEMA_VERSION + 1  # left as it was
        assert connection.execute("SELECT count(*) FROM testimonies").fetchone()[0] == 1
        with pytest.raises(WorkspaceDamagedError):
            migrate(connection)
    finally:
        connection.close()


def test_a_migration_may_hold_a_semicolon_in_a_literal_or_a_trigger(ws: Workspace) -> None:
    script = """
    INSERT INTO meta (key, value) VALUES ('note', 'first; second');
    CREATE TRIGGER custody_is_append_only BEFORE DELETE ON custody_events
    BEGIN
        SELECT RAISE(ABORT, 'custody events are never deleted');
    END;
    """
    assert migrate(ws.connection, (*MIGRATIONS, script)) == SCHEMA_VERSION + 1
    assert ws.repository.meta("note") == "first; second"
