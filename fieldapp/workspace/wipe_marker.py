"""The emergency wipe's marker: written before the wipe destroys anything and removed when it
has finished, so that a folder whose wipe was cut midway is told from a copy awaiting its keys
(neither a workspace to open, nor a copy to restore, nor a folder to set up: it is wiped again).

The marker names the workspace it stands for: the id in ``keys.json``, read before anything is
destroyed (empty when there is no readable key file). It is honoured only when it is a regular
file and no intact key file names another workspace. Otherwise an empty file of that name, put
beside an intact workspace by anyone who can write there (or left by some other program),
would shut every door of it (unlock, recovery code, restore, set-up) and offer only to destroy
it. A marker that is not honoured changes nothing: the folder is what it would be without it,
and ``fieldapp wipe --yes`` still wipes it, as any workspace. Once the wipe has overwritten or
removed ``keys.json``, no key file is left to disagree, and the marker alone says "wipe".

The id is not secret: ``keys.json`` holds it in clear, and the marker lives only as long as the
wipe.
"""

import contextlib
import os
import shutil
import stat
from pathlib import Path

from fieldapp.errors import FieldappError, WipeInterruptedError, WorkspaceDamagedError
from fieldapp.workspace.files import fsync_directory, open_regular, write_atomically
from fieldapp.workspace.keyfile import MAX_KEY_FILE_BYTES, KeyFile
from fieldapp.workspace.layout import WorkspaceLayout

WIPE_MARKER = "wipe-in-progress"
#: A workspace id is a UUID (36 characters): a longer marker was not written by the wipe.
MAX_MARKER_BYTES = 64


def key_file_id(root: Path) -> str | None:
    """The workspace id an intact key file in ``root`` names; None when there is none (absent,
    damaged, overwritten by a wipe, or no regular file). Read as unlocking reads it (a link is
    followed), and without blocking on a named pipe."""
    try:
        handle = open_regular(WorkspaceLayout(root).key_file)
    except OSError:
        return None
    if handle is None:
        return None
    with handle:
        data = handle.read(MAX_KEY_FILE_BYTES + 1)
    try:
        return KeyFile.from_bytes(data).workspace_id
    except WorkspaceDamagedError:
        return None


def mark_wipe(root: Path, workspace_id: str | None) -> None:
    """Write the marker durably, naming ``workspace_id``, before the first file is destroyed.

    Written under a temporary name and renamed into place, so that whatever held the name (a
    link, a pipe, a file with other links) is replaced, never written through. A marker already
    there is kept when no key file is left (a wipe being finished): it is honoured as it is,
    and removing it first would let a cut in between pass the folder for a copy awaiting its
    keys. Best effort: a disk too full for a small file must not stop an emergency wipe."""
    marker = root / WIPE_MARKER
    if workspace_id is None and _is_regular(marker):
        return
    try:
        write_atomically(marker, (workspace_id or "").encode("ascii"))
    except (OSError, FieldappError):  # StorageFullError, FolderNotFoundError
        _mark_empty(marker)


def _mark_empty(marker: Path) -> None:
    """An empty marker, where the disk has no room for the id: it needs no data block, and is
    honoured from the moment keys.json is gone (while keys.json is intact, a marker naming no
    workspace leaves the folder what it is). Never through a link, never waiting on a pipe,
    never truncating what is there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    with contextlib.suppress(OSError):
        os.close(os.open(marker, flags, 0o600))
        fsync_directory(marker.parent)


def remove_marker(root: Path) -> None:
    """Remove the marker once the wipe has finished (whatever kind of file holds its name)."""
    marker = root / WIPE_MARKER
    try:
        info = os.lstat(marker)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(marker, ignore_errors=True)
    else:
        marker.unlink(missing_ok=True)
    fsync_directory(root)


def wipe_interrupted(root: Path) -> bool:
    """Whether an emergency wipe of ``root`` began and did not finish: a regular marker, and
    no intact key file naming another workspace than the marker does."""
    try:
        handle = open_regular(root / WIPE_MARKER, follow=False)
    except OSError:
        return False
    if handle is None:
        return False
    with handle:
        named = handle.read(MAX_MARKER_BYTES + 1)
    key_id = key_file_id(root)
    return key_id is None or named == key_id.encode("ascii")


def refuse_interrupted_wipe(root: Path) -> None:
    """Refuse, naming it, a folder whose emergency wipe was cut midway: it is neither a
    workspace to open nor a copy to restore, and only wiping it again is done there."""
    if wipe_interrupted(root):
        raise WipeInterruptedError(
            f"An emergency wipe of {root} was interrupted; run 'fieldapp wipe --yes' again to"
            " finish it."
        )


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
