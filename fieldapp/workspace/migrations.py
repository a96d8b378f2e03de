"""The database schema, as numbered forward migrations, and running them.

The first schema is here; the later migrations are kept by what they serve: crossing the air
gap (``migrations_crossing``, 2 to 15), the testimony list and its search (``migrations_listing``,
16 on). Each migration runs once, in order, inside one transaction with the bump of
``user_version``: a crash during a migration leaves the previous version intact. Never edit a
released migration, not by one character (workspaces ran it); add the next one.
"""

from collections.abc import Sequence

import sqlcipher3

from fieldapp.errors import WorkspaceDamagedError
from fieldapp.workspace.database import Connection, transaction
from fieldapp.workspace.migrations_crossing import (
    V2,
    V3,
    V4,
    V5,
    V6,
    V7,
    V8,
    V9,
    V10,
    V11,
    V12,
    V13,
    V14,
    V15,
)
from fieldapp.workspace.migrations_listing import V16, V17, V18, V19, V20

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE device_keys (
    purpose TEXT PRIMARY KEY,
    private_key TEXT NOT NULL,
    public_key TEXT NOT NULL
) STRICT;
CREATE TABLE testimonies (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    is_latest INTEGER NOT NULL,
    pseudonym TEXT NOT NULL,
    interviewer TEXT NOT NULL,
    started_at TEXT NOT NULL,
    title TEXT NOT NULL,
    content_hash TEXT,
    body BLOB NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;
CREATE INDEX testimonies_by_status ON testimonies (is_latest, status, started_at);
CREATE INDEX testimonies_by_date ON testimonies (is_latest, started_at);
CREATE TABLE testimony_categories (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (id, version, category),
    FOREIGN KEY (id, version) REFERENCES testimonies (id, version) ON DELETE CASCADE
) STRICT;
CREATE INDEX categories_by_code ON testimony_categories (category);
CREATE TABLE consents (
    testimony_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (testimony_id, version)
) STRICT;
CREATE TABLE withdrawals (
    id TEXT PRIMARY KEY,
    testimony_id TEXT NOT NULL,
    body BLOB NOT NULL
) STRICT;
CREATE INDEX withdrawals_by_testimony ON withdrawals (testimony_id);
CREATE TABLE identities (
    pseudonym TEXT NOT NULL,
    version INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (pseudonym, version)
) STRICT;
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    testimony_id TEXT NOT NULL,
    blob_name TEXT NOT NULL UNIQUE,
    body BLOB NOT NULL
) STRICT;
CREATE INDEX attachments_by_testimony ON attachments (testimony_id);
CREATE TABLE custody_events (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT,
    body BLOB NOT NULL,
    event_hash TEXT NOT NULL,
    signature TEXT NOT NULL
) STRICT;
CREATE VIRTUAL TABLE testimony_search USING fts5(
    id UNINDEXED, title, summary, narrative, places, people, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

#: Migration n (1-based) brings the schema from version n-1 to n.
MIGRATIONS: Sequence[str] = (
    _V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, V16, V17, V18, V19, V20,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(connection: Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: Connection, migrations: Sequence[str] = MIGRATIONS) -> int:
    """Apply every migration the database lacks; return the version it ends at."""
    current = schema_version(connection)
    if current > len(migrations):
        # Made by a newer fieldapp: opening it with this one could lose data it cannot read.
        raise WorkspaceDamagedError(
            "This workspace was made by a newer version of fieldapp; please update fieldapp."
        )
    for version in range(current + 1, len(migrations) + 1):
        with transaction(connection):
            for statement in _statements(migrations[version - 1]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version:d}")
    return len(migrations)


def _statements(script: str) -> list[str]:
    """The script's statements, split where SQLite itself says a statement is complete.

    executescript would COMMIT our open transaction, so statements run one by one; splitting on
    every ";" would break a string literal or a trigger body that holds one.
    """
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlcipher3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError("a migration ends in an incomplete statement")
    return statements
