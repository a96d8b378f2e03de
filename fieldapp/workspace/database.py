"""Opening the SQLCipher database with a raw key, and the settings every connection needs.

The key is given raw (``x'…'``), derived from the master key by HKDF, so SQLCipher's own
PBKDF2 is skipped: the deliberate cost is Argon2id at unlock, paid once, and each further
connection (a worker thread opens its own) is immediate.

Every error the database raises reaches the layers above as a ``FieldappError``: a damaged
page (SQLCipher's per-page MAC fails) as ``WorkspaceDamagedError``, a full disk as
``StorageFullError``. Integrity errors (a duplicate key) stay as they are: they are bugs or are
handled where they can happen.
"""

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from fieldapp.errors import StorageFullError, WorkspaceBusyError, WorkspaceDamagedError

DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError

# secure_delete: deleted rows are overwritten, so purged text does not linger in free pages.
# synchronous=FULL with WAL: a committed transaction survives a power cut, not only a crash.
# temp_store=MEMORY keeps sort and index spills off the disk: they would be plaintext.
# cipher_log_level=NONE: SQLCipher would otherwise print MAC failures to stderr itself.
_PRAGMAS = (
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 5000",
)
_FULL = ("database or disk is full", "disk i/o error")
# Another connection held the write lock beyond busy_timeout: an import holds it for its whole
# length. Nothing is wrong with the files, and saying so matters: the damaged-workspace
# sentence tells a person to restore from a backup.
_BUSY = ("database is locked", "database is busy")


def translate(error: DatabaseError) -> Exception:
    """The FieldappError that a database error means to a person."""
    if isinstance(error, IntegrityError):
        return error
    text = str(error).lower()
    if any(busy in text for busy in _BUSY):
        return WorkspaceBusyError()
    if any(full in text for full in _FULL):
        return StorageFullError()
    return WorkspaceDamagedError()


class Cursor(sqlcipher3.Cursor):
    """A cursor whose database errors arrive as FieldappErrors, at execute or at fetch."""

    def execute(self, sql: str, parameters: Any = ()) -> "Cursor":
        try:
            return super().execute(sql, parameters)
        except DatabaseError as error:
            raise translate(error) from error

    def executemany(self, sql: str, seq_of_parameters: Any) -> "Cursor":
        try:
            return super().executemany(sql, seq_of_parameters)
        except DatabaseError as error:
            raise translate(error) from error

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except DatabaseError as error:
            raise translate(error) from error

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except DatabaseError as error:
            raise translate(error) from error

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except DatabaseError as error:
            raise translate(error) from error


class Connection(sqlcipher3.Connection):
    def cursor(self, factory: Any = Cursor) -> Cursor:  # type: ignore[override]
        return super().cursor(factory)


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """An open, keyed connection; WorkspaceDamagedError if the file is missing or the key
    does not open it (a missing database must never be silently recreated empty)."""
    if len(key) != 32:
        raise ValueError("the database key is 32 bytes")
    mode = "rwc" if create else "rw"
    try:
        connection = sqlcipher3.connect(
            f"{path.resolve().as_uri()}?mode={mode}",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            factory=Connection,
        )
    except DatabaseError as error:
        raise translate(error) from error
    try:
        # The key is hex of 32 derived bytes: no quoting issue, and nothing a user typed.
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for pragma in _PRAGMAS:
            connection.execute(pragma)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        connection.close()
        raise
    if create:
        path.chmod(0o600)
    return connection


#: While waiting on: how long each try waits for the lock before ``keep_waiting`` is asked again
#: (a cancel is then seen within about this long).
_WAITING_STEP_MS = 200


def _begin(connection: Connection, keep_waiting: Callable[[], None] | None) -> None:
    if keep_waiting is None:
        connection.execute("BEGIN IMMEDIATE")
        return
    previous = int(connection.execute("PRAGMA busy_timeout").fetchone()[0])
    connection.execute(f"PRAGMA busy_timeout = {_WAITING_STEP_MS:d}")
    try:
        while True:
            try:
                connection.execute("BEGIN IMMEDIATE")
                return
            except WorkspaceBusyError:
                keep_waiting()
    finally:
        connection.execute(f"PRAGMA busy_timeout = {previous:d}")


@contextlib.contextmanager
def transaction(
    connection: Connection, *, keep_waiting: Callable[[], None] | None = None
) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception: all of it or none of it.

    With ``keep_waiting``, a write lock held elsewhere is waited for as long as it is held,
    in short steps, calling it between them (it raises to stop waiting, e.g. on a cancel),
    instead of failing with ``WorkspaceBusyError`` after the busy timeout: for work that queues
    behind other work, as imports do behind each other."""
    _begin(connection, keep_waiting)
    try:
        yield connection
    except BaseException:
        with contextlib.suppress(Exception):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


@contextlib.contextmanager
def page_cache(connection: Connection, kib: int) -> Iterator[None]:
    """A page cache of ``kib`` KiB for one long piece of work, then the size it had before.

    SQLCipher decrypts a page and checks its MAC each time it is read into the cache: work that
    goes over thousands of records several times (an export plans, writes, then marks them)
    pays that again for every page the default cache (a few MiB) let go in between.
    """
    (previous,) = connection.execute("PRAGMA cache_size").fetchone()
    connection.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA cache_size = {int(previous)}")


def checkpoint(connection: Connection) -> None:
    """Fold the WAL into the database and truncate it, so deleted content leaves the WAL too."""
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def damaged_pages(connection: Connection) -> list[str]:
    """SQLCipher's check of every page's MAC: an empty list when the file is intact."""
    return [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
