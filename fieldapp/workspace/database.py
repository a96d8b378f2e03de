"""Opening the SQLCipher database with a raw key, and the settings every connection needs.

The key is given raw (``x'…'``), derived from the master key by HKDF, so SQLCipher's own
PBKDF2 is skipped: the deliberate cost is Argon2id at unlock, paid once, and each further
connection (a worker thread opens its own) is immediate.
"""

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3

from fieldapp.errors import WorkspaceDamagedError

Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError

# secure_delete: deleted rows are overwritten, so purged text does not linger in free pages.
# synchronous=FULL with WAL: a committed transaction survives a power cut, not only a crash.
_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 5000",
)


def open_database(path: Path, key: bytes) -> Connection:
    """An open, keyed connection; WorkspaceDamagedError if the key does not open the file."""
    if len(key) != 32:
        raise ValueError("the database key is 32 bytes")
    connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # The key is hex of 32 random bytes: no quoting issue, and nothing a user typed.
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # temp_store=MEMORY keeps sort and index spills off the disk: they would be plaintext.
        for pragma in _PRAGMAS:
            connection.execute(pragma)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as error:
        connection.close()
        raise WorkspaceDamagedError() from error
    return connection


@contextlib.contextmanager
def transaction(connection: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception: all of it or none of it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def checkpoint(connection: Connection) -> None:
    """Fold the WAL into the database and truncate it, so deleted content leaves the WAL too."""
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
