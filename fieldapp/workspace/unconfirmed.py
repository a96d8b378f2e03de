"""A set-up not confirmed yet: the marker that says a new workspace's recovery code has not been
read back, and the removal of what such a set-up left.

The set-up writes the marker before anything else of the workspace and removes it only once the
person has confirmed having the recovery code (the desktop app's read-back; ``fieldapp init``
once it has printed the code). Until then the folder holds no workspace: a power cut while the
code is on screen must not leave a workspace whose code no one holds, where a forgotten
passphrase would lose everything. Nothing can be recorded in it before the confirmation (the
set-up's own handle is the only one, and ``Workspace.unlock`` refuses the folder), so that
removing it loses nothing.

A marker authorises deleting keys, so it is honoured only when it provably belongs to what it
would remove (review R1-1): a regular file (no link, no pipe), naming the new workspace's id,
that of keys.json when there is one, with blobs/ empty and the database the very file the
set-up made (inode, size and modification time recorded once it was written) or, before then,
one written after the marker. A marker left in, or planted in, a workspace that holds records
fails one of these: the folder is then what it would be without it, a workspace to unlock.

The note also says, for an archive, where its custodian file is written (outside the folder)
and that file's SHA-256, so that starting over removes that file too: only a regular ``.age``
file at that absolute path, holding exactly those bytes (R1-3). The note lives only as long as
the marker: a finished archive does not say where its custodian file went.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from fieldapp.errors import SetupUnfinishedError, WorkspaceBusyError
from fieldapp.workspace.files import (
    TEMP_PREFIX,
    destroy_file,
    fsync_directory,
    write_atomically,
)
from fieldapp.workspace.layout import WorkspaceLayout
from fieldapp.workspace.presence import LOCK_FILE

UNCONFIRMED_MARKER = "setup-unconfirmed"
#: The note is an id, a few numbers, a path and a digest: anything longer was not the set-up's.
MAX_NOTE_BYTES = 8 * 1024
#: A key file is about a KiB; read no more than this of one to learn its id.
MAX_KEY_FILE_BYTES = 64 * 1024
#: The note's names: the new workspace's id, and its database as written (inode, size, mtime).
NOTE_WORKSPACE_ID = "workspace_id"
NOTE_DATABASE_INODE = "database_inode"
NOTE_DATABASE_SIZE = "database_size"
NOTE_DATABASE_MTIME = "database_mtime_ns"
#: A file the set-up writes outside the folder (an archive's custodian file), and its SHA-256.
NOTE_OUTSIDE_FILE = "custodian_file"
NOTE_OUTSIDE_SHA256 = "custodian_sha256"
#: The only kind of file the set-up writes outside: an age-encrypted custodian identity.
OUTSIDE_FILE_SUFFIX = ".age"
#: A custodian file is a few KiB; one larger is not the one the set-up wrote.
MAX_OUTSIDE_FILE_BYTES = 256 * 1024
#: ``workspace.SETUP_MARKER`` (named again here: that module imports this one).
_CREATION_MARKER = "setup-in-progress"
SET_UP_ELSEWHERE = "This folder's set-up is under way in another window; nothing was removed."


def is_unconfirmed(root: Path) -> bool:
    """Whether ``root`` holds a set-up whose recovery code was never confirmed (an honoured
    marker: see the module's docstring)."""
    return honoured_note(root) is not None


def marker_present(root: Path) -> bool:
    """Whether anything of the marker's name is there, honoured or not."""
    return os.path.lexists(root / UNCONFIRMED_MARKER)


def refuse_unconfirmed(root: Path) -> None:
    """Refuse, naming it, a folder whose set-up was not finished: no workspace to open."""
    if is_unconfirmed(root):
        raise SetupUnfinishedError(
            f"The set-up of the workspace in {root} was not finished (its recovery code was"
            " never confirmed); set it up again: the set-up starts over."
        )


def mark_unconfirmed(root: Path, workspace_id: str, note: Mapping[str, str]) -> None:
    """Write the marker for the workspace ``workspace_id`` (durably: before the first file it
    stands for)."""
    _write_note(root, {**note, NOTE_WORKSPACE_ID: workspace_id})


def record_database(root: Path) -> None:
    """Add to the marker the database the set-up has just written (before its key file): a
    database that is not this very file, unchanged, is never removed as the set-up's."""
    note = read_note(root)
    if not note:
        return
    info = os.stat(WorkspaceLayout(root).database, follow_symlinks=False)
    _write_note(root, {**note, **_database_note(info)})


def read_note(root: Path) -> dict[str, str]:
    """The marker's note; empty when there is none, or it is not one the set-up wrote. Read
    without following a link or waiting on a pipe (R1-4)."""
    data = read_small_regular(root / UNCONFIRMED_MARKER, MAX_NOTE_BYTES)
    if data is None:
        return {}
    try:
        note = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(note, dict):
        return {}
    return {k: v for k, v in note.items() if isinstance(k, str) and isinstance(v, str)}


def honoured_note(root: Path) -> dict[str, str] | None:
    """The marker's note if the marker is honoured: it belongs to what it would remove."""
    note = read_note(root)
    if not note.get(NOTE_WORKSPACE_ID):
        return None
    layout = WorkspaceLayout(root)
    if not _blobs_empty(layout.blobs):
        return None
    if os.path.lexists(layout.key_file):
        honoured = (
            _key_file_id(layout.key_file) == note[NOTE_WORKSPACE_ID]
            and _database_unchanged(layout.database, note)
        )
    else:
        honoured = _database_made_after_marker(root, layout.database, note)
    return note if honoured else None


def confirm(root: Path) -> None:
    """The recovery code was confirmed: the workspace is complete from now on."""
    with contextlib.suppress(FileNotFoundError):
        (root / UNCONFIRMED_MARKER).unlink()
    fsync_directory(root)


def remove_unconfirmed(root: Path) -> bool:
    """Remove what an unconfirmed set-up left in ``root`` (False if it holds none, or its
    marker is not honoured: then nothing is touched): its key file first (nothing opens after
    that), then its database, blobs and other files, and the custodian file it wrote, the
    marker last (a cut here leaves the rest to be removed next time). Refused while another
    process has it open: that is a set-up still showing its code."""
    if not is_unconfirmed(root):
        return False
    layout = WorkspaceLayout(root)
    with _alone_in(root):
        note = honoured_note(root)  # again, now that no one else holds the folder
        if note is None:
            return False
        destroy_file(layout.key_file)
        for leftover in root.glob(f"{TEMP_PREFIX}*"):  # a key file write cut midway
            destroy_file(leftover)
        # The database must go (left without the marker, it would pass for a copy awaiting its
        # keys); what is left of the rest opens nothing and is never read.
        layout.database.unlink(missing_ok=True)
        _, *companions = layout.database_companions()
        for path in (*companions, layout.unlock_counter, root / _CREATION_MARKER, root / LOCK_FILE):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        shutil.rmtree(layout.blobs, ignore_errors=True)
        _remove_outside_file(root, note)
    (root / UNCONFIRMED_MARKER).unlink(missing_ok=True)
    fsync_directory(root)
    return True


def remove_if_unchanged(path: Path, sha256: str) -> None:
    """Remove ``path`` if it is a regular file (no link) holding exactly what the set-up
    wrote there (its SHA-256): whatever else is there now is someone else's."""
    if not sha256:
        return
    data = read_small_regular(path, MAX_OUTSIDE_FILE_BYTES)
    if data is not None and hashlib.sha256(data).hexdigest() == sha256:
        # Best effort: a stick made read-only must not stop the set-up from starting over.
        with contextlib.suppress(OSError):
            path.unlink()


def read_small_regular(path: Path, most: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link, pipe or device) of at most
    ``most`` bytes; None otherwise. Never blocks: a pipe is refused before any read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > most:
            return None
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(most + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= most else None


def _write_note(root: Path, note: Mapping[str, str]) -> None:
    data = json.dumps(dict(note), sort_keys=True, ensure_ascii=True).encode("ascii")
    write_atomically(root / UNCONFIRMED_MARKER, data)


def _database_note(info: os.stat_result) -> dict[str, str]:
    return {
        NOTE_DATABASE_INODE: str(info.st_ino),
        NOTE_DATABASE_SIZE: str(info.st_size),
        NOTE_DATABASE_MTIME: str(info.st_mtime_ns),
    }


def _database_stat(database: Path) -> os.stat_result | None:
    """The database's own status, if it is a regular file (a link is no set-up's)."""
    try:
        info = os.stat(database, follow_symlinks=False)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _database_unchanged(database: Path, note: Mapping[str, str]) -> bool:
    """The database is the file the set-up recorded, never written since (nothing can be
    recorded before the confirmation; a workspace in use changes its database)."""
    info = _database_stat(database)
    if info is None:
        return False
    recorded = _database_note(info)
    return all(note.get(name) == value for name, value in recorded.items())


def _database_made_after_marker(root: Path, database: Path, note: Mapping[str, str]) -> bool:
    """A set-up cut before its key file: no database, or the one it was writing (after its
    marker, with its creation marker still there); a database older than the marker may be
    a copy awaiting ``keys restore``."""
    if not os.path.lexists(database):
        return True
    if NOTE_DATABASE_INODE in note:
        return _database_unchanged(database, note)
    info = _database_stat(database)
    try:
        marker = os.stat(root / UNCONFIRMED_MARKER, follow_symlinks=False)
    except OSError:
        return False
    return (
        info is not None
        and os.path.isfile(root / _CREATION_MARKER)
        and info.st_mtime_ns >= marker.st_mtime_ns
    )


def _key_file_id(key_file: Path) -> str | None:
    """The workspace id a key file states in clear (read without following a link)."""
    data = read_small_regular(key_file, MAX_KEY_FILE_BYTES)
    if data is None:
        return None
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    found = document.get("workspace_id") if isinstance(document, dict) else None
    return found if isinstance(found, str) and found else None


def _blobs_empty(blobs: Path) -> bool:
    """No file under blobs/: a set-up writes none before the confirmation."""
    if not os.path.lexists(blobs):
        return True
    if blobs.is_symlink() or not blobs.is_dir():
        return False
    try:
        return not any(not path.is_dir() or path.is_symlink() for path in blobs.rglob("*"))
    except OSError:
        return False


def outside_file(root: Path) -> Path | None:
    """The custodian file an honoured marker's set-up wrote, still as written (starting over
    removes it, so its name may be chosen again); None if there is none."""
    note = honoured_note(root)
    return None if note is None else _own_outside_file(root, note)


def _remove_outside_file(root: Path, note: Mapping[str, str]) -> None:
    path = _own_outside_file(root, note)
    if path is not None:
        # Best effort: a stick made read-only must not stop the set-up from starting over.
        with contextlib.suppress(OSError):
            path.unlink()


def _own_outside_file(root: Path, note: Mapping[str, str]) -> Path | None:
    """The custodian file a note names, only as the set-up writes one: a regular ``.age`` file
    at an absolute path outside the folder, holding the bytes of the digest noted (a note is
    read from disk: it may name anything)."""
    path = Path(note.get(NOTE_OUTSIDE_FILE, ""))
    sha256 = note.get(NOTE_OUTSIDE_SHA256, "")
    if not sha256 or not path.is_absolute() or path.suffix != OUTSIDE_FILE_SUFFIX:
        return None
    if path.parent.resolve().is_relative_to(root.resolve()):
        return None
    data = read_small_regular(path, MAX_OUTSIDE_FILE_BYTES)
    if data is None or hashlib.sha256(data).hexdigest() != sha256:
        return None
    return path


@contextlib.contextmanager
def _alone_in(root: Path) -> Iterator[None]:
    """Hold the workspace's lock file exclusively (as the sweep does): no handle is open."""
    lock = root / LOCK_FILE
    if not lock.exists():
        yield
        return
    fd = os.open(lock, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkspaceBusyError(SET_UP_ELSEWHERE) from None
        yield
    finally:
        os.close(fd)
