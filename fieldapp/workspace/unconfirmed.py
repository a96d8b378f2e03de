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
would remove (reviews R1-1, R2-2/5/6). The set-up writes its database under a name of its own
(``.setup-<id>.db``, never opened as a workspace) and moves it to the real name only after
keys.json is in place: a database at the real name with no keys.json was never the set-up's
(a copy awaiting ``keys restore``, or a workspace that lost its key file), and no marker makes
it one. A marker is honoured when it is a regular file (no link, no pipe) naming an id, blobs/
is empty, and either there is no key file and no database at the real name (a set-up cut
before its key file: only its own temporary names are removed), or keys.json names that id and
a database at the real name (or, cut before the move, at the set-up's own name) holds exactly
the bytes the marker recorded (their SHA-256). Contents, not inodes nor time stamps: an exact
copy (cp -a, rsync, a FAT remount) is still the unconfirmed set-up, and ``touch -d`` proves
nothing.

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
import re
import shutil
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from fieldapp.errors import SetupUnfinishedError, WorkspaceBusyError
from fieldapp.workspace.files import (
    TEMP_PREFIX,
    destroy_file,
    fsync_directory,
    move_without_replacing,
    write_atomically,
)
from fieldapp.workspace.layout import WorkspaceLayout
from fieldapp.workspace.presence import LOCK_FILE

UNCONFIRMED_MARKER = "setup-unconfirmed"
#: The note is an id, a few numbers, a path and a digest: anything longer was not the set-up's.
MAX_NOTE_BYTES = 8 * 1024
#: A key file is about a KiB; read no more than this of one to learn its id.
MAX_KEY_FILE_BYTES = 64 * 1024
#: The note's names: the new workspace's id, and its database's SHA-256 as written.
NOTE_WORKSPACE_ID = "workspace_id"
NOTE_DATABASE_SHA256 = "database_sha256"
#: The set-up's own database name until its key file is in place (``setup_database``).
SETUP_DATABASE_PREFIX = ".setup-"
SETUP_DATABASE_SUFFIX = ".db"
_SAFE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
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


def setup_database(root: Path, workspace_id: str) -> Path | None:
    """Where the set-up of ``workspace_id`` writes its database until its key file exists; None
    for an id that is not one name of letters, digits and hyphens (an id read from disk may
    hold anything, a path too)."""
    if not _SAFE_ID.fullmatch(workspace_id):
        return None
    return root / f"{SETUP_DATABASE_PREFIX}{workspace_id}{SETUP_DATABASE_SUFFIX}"


def is_setup_leftover(name: str) -> bool:
    """Whether ``name`` is a set-up's database name, or SQLite's file beside one."""
    for ending in ("", "-wal", "-shm", "-journal"):
        full = f"{SETUP_DATABASE_SUFFIX}{ending}"
        if name.startswith(SETUP_DATABASE_PREFIX) and name.endswith(full):
            return len(name) > len(SETUP_DATABASE_PREFIX) + len(full)
    return False


def setup_leftovers(root: Path) -> list[Path]:
    """Files at set-up database names (and SQLite's files beside them): never opened as a
    workspace, so nothing was ever recorded in them."""
    return [path for path in root.glob(f"{SETUP_DATABASE_PREFIX}*") if is_setup_leftover(path.name)]


def remove_setup_leftovers(root: Path) -> None:
    """Remove what set-ups left at their own database names (``setup_leftovers``)."""
    for path in setup_leftovers(root):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def record_database(root: Path, database: Path) -> None:
    """Add to the marker the digest of the database the set-up has just written (before its key
    file): a database holding other bytes is never removed as the set-up's."""
    note = read_note(root)
    if not note:
        return
    digest = _file_sha256(database)
    if digest is None:
        return
    _write_note(root, {**note, NOTE_DATABASE_SHA256: digest})


def install_database(root: Path, database: Path) -> None:
    """Move the set-up's database to the real name, once its key file is in place; never over
    a database already there (one that appeared meanwhile is someone else's:
    ``FileExistsError``, both left as they are). Only the database file moves: the set-up's
    connection is closed, so SQLite has folded its WAL in and removed its files beside it; what
    a cut left there is a leftover (``setup_leftovers``)."""
    move_without_replacing(database, WorkspaceLayout(root).database)
    fsync_directory(root)


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
    has_keys = os.path.lexists(layout.key_file)
    has_database = os.path.lexists(layout.database)
    if not has_keys:
        # Cut before its key file: its database is still at its own name. One at the real
        # name is never the set-up's (R2-5, R2-6).
        return None if has_database else note
    if _key_file_id(layout.key_file) != note[NOTE_WORKSPACE_ID]:
        return None
    recorded = note.get(NOTE_DATABASE_SHA256)
    if not recorded:
        return None
    # keys.json goes only with the very database the set-up made, by content (R2-2), and
    # nothing written since: a write not yet checkpointed sits in the WAL beside it.
    if has_database:
        if _holds_bytes(layout.database_companions()[1]):
            return None
        database: Path | None = layout.database
    else:
        database = setup_database(root, note[NOTE_WORKSPACE_ID])  # cut before the move
    if database is None:
        return None
    return note if _file_sha256(database) == recorded else None


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
        # keys): honoured, it is the set-up's by content; what is left of the rest opens
        # nothing and is never read.
        layout.database.unlink(missing_ok=True)
        remove_setup_leftovers(root)
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


def _holds_bytes(path: Path) -> bool:
    """Whether anything but an empty regular file, or nothing, has this name."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return not stat.S_ISREG(info.st_mode) or info.st_size > 0


def _file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file (no link, no pipe) read in chunks; None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        os.set_blocking(fd, True)
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1024 * 1024):
            digest.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


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


def finish_move(layout: WorkspaceLayout, workspace_id: str) -> None:
    """A creation cut in its database's move (one without the set-up's unconfirmed marker, as
    the demo's): the key file just opened, so the database at the set-up's own name for its id
    is this workspace's. Cut before the move, it is moved now (nothing is at the real name to
    replace); cut between the move's link and unlink, its old name goes."""
    own = setup_database(layout.root, workspace_id)
    if own is None:
        return
    if os.path.lexists(layout.database):
        _drop_second_name(own, layout.database)
    elif own.is_file() and not own.is_symlink():
        install_database(layout.root, own)


def _drop_second_name(own: Path, real: Path) -> None:
    """Remove ``own`` if it is another name of the very file at ``real`` (a regular file: the
    same inode), which loses nothing. Best effort: left, it is a leftover a wipe removes."""
    with contextlib.suppress(OSError):
        found, database = os.lstat(own), os.lstat(real)
        if stat.S_ISREG(found.st_mode) and os.path.samestat(found, database):
            own.unlink()
            fsync_directory(own.parent)
