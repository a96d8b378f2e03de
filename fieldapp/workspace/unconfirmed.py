"""A set-up not confirmed yet: the marker that says a new workspace's recovery code has not been
read back, and the removal of what such a set-up left.

The set-up writes the marker before anything else of the workspace and removes it only once the
person has confirmed having the recovery code (the desktop app's read-back; ``fieldapp init``
once it has printed the code). Until then the folder holds no workspace: a power cut while the
code is on screen must not leave a workspace whose code no one holds, where a forgotten
passphrase would lose everything. Nothing can be recorded in it before the confirmation (the
set-up's own handle is the only one, and ``Workspace.unlock`` refuses the folder), so that
removing it loses nothing.

The marker holds a short note for the set-up's own use (JSON, nothing secret): for an archive,
where its custodian file is written (outside the folder) and that file's SHA-256, so that
starting over removes that file too, and only while it is the one written. The note lives only
as long as the marker: a finished archive does not say where its custodian file went.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
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
#: The note is a path and a digest: anything longer was not written by the set-up.
MAX_NOTE_BYTES = 8 * 1024
#: The note's names: a file the set-up writes outside the folder, and its SHA-256 (hex).
NOTE_OUTSIDE_FILE = "custodian_file"
NOTE_OUTSIDE_SHA256 = "custodian_sha256"
#: A custodian file is a few KiB; one larger is not the one the set-up wrote.
MAX_OUTSIDE_FILE_BYTES = 256 * 1024
#: ``workspace.SETUP_MARKER`` (named again here: that module imports this one).
_CREATION_MARKER = "setup-in-progress"
SET_UP_ELSEWHERE = "This folder's set-up is under way in another window; nothing was removed."


def is_unconfirmed(root: Path) -> bool:
    """Whether ``root`` holds a set-up whose recovery code was never confirmed."""
    return os.path.lexists(root / UNCONFIRMED_MARKER)


def refuse_unconfirmed(root: Path) -> None:
    """Refuse, naming it, a folder whose set-up was not finished: no workspace to open."""
    if is_unconfirmed(root):
        raise SetupUnfinishedError(
            f"The set-up of the workspace in {root} was not finished (its recovery code was"
            " never confirmed); set it up again: the set-up starts over."
        )


def mark_unconfirmed(root: Path, note: Mapping[str, str]) -> None:
    """Write the marker (durably: before the first file it stands for)."""
    data = json.dumps(dict(note), sort_keys=True, ensure_ascii=True).encode("ascii")
    write_atomically(root / UNCONFIRMED_MARKER, data)


def read_note(root: Path) -> dict[str, str]:
    """The marker's note; empty when there is none, or it is not one the set-up wrote."""
    try:
        with (root / UNCONFIRMED_MARKER).open("rb") as handle:
            data = handle.read(MAX_NOTE_BYTES + 1)
    except OSError:
        return {}
    if len(data) > MAX_NOTE_BYTES:
        return {}
    try:
        note = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(note, dict):
        return {}
    return {k: v for k, v in note.items() if isinstance(k, str) and isinstance(v, str)}


def confirm(root: Path) -> None:
    """The recovery code was confirmed: the workspace is complete from now on."""
    with contextlib.suppress(FileNotFoundError):
        (root / UNCONFIRMED_MARKER).unlink()
    fsync_directory(root)


def remove_unconfirmed(root: Path) -> bool:
    """Remove what an unconfirmed set-up left in ``root`` (False if it holds none): its key
    file first (nothing opens after that), then its database, blobs and other files, and the
    file it wrote outside, the marker last (a cut here leaves the rest to be removed next
    time). Refused while another process has it open: that is a set-up still showing its
    code."""
    if not is_unconfirmed(root):
        return False
    layout = WorkspaceLayout(root)
    note = read_note(root)
    with _alone_in(root):
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
        if note.get(NOTE_OUTSIDE_FILE):
            remove_if_unchanged(Path(note[NOTE_OUTSIDE_FILE]), note.get(NOTE_OUTSIDE_SHA256, ""))
    (root / UNCONFIRMED_MARKER).unlink(missing_ok=True)
    fsync_directory(root)
    return True


def remove_if_unchanged(path: Path, sha256: str) -> None:
    """Remove ``path`` if it is a regular file holding exactly what the set-up wrote there
    (its SHA-256): whatever else is there now is someone else's."""
    if not sha256 or path.is_symlink() or not path.is_file():
        return
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_OUTSIDE_FILE_BYTES + 1)
    except OSError:
        return
    if len(data) <= MAX_OUTSIDE_FILE_BYTES and hashlib.sha256(data).hexdigest() == sha256:
        # Best effort: a stick made read-only must not stop the set-up from starting over.
        with contextlib.suppress(OSError):
            path.unlink()


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
