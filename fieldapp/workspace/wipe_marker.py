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
removed ``keys.json``, no key file is left to disagree, and the marker alone says "wipe" —
but for a restore: a copy awaiting its keys may have come with another workspace's marker, and
the restore's master key, which opens the database and so reads its id, removes a marker naming
another workspace and refuses only one naming this one, or none (``refuse_wipe_of``).

The id is not secret: ``keys.json`` holds it in clear, and the marker lives only as long as the
wipe.
"""

import contextlib
import os
from pathlib import Path

from fieldapp.errors import FieldappError, WipeInterruptedError, WorkspaceDamagedError
from fieldapp.workspace.files import (
    fsync_directory,
    open_regular,
    remove_entry,
    write_atomically,
)
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
    link, a pipe, a file with other links) is replaced, never written through, and never
    removed first: a cut in between would pass the folder for a copy awaiting its keys. Best
    effort: a disk too full for a small file must not stop an emergency wipe.

    With no key file to name (a wipe being finished, or the wipe of a copy awaiting its keys)
    the marker is an empty one, kept if there, put in place of one naming a workspace if not:
    a copy's marker could have come with it from another workspace, which a restore removes
    (``restore_decides``), while a wipe someone asked for of that copy must be honoured."""
    marker = root / WIPE_MARKER
    if workspace_id is None and _marker_bytes(root) == b"":
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
    if not os.path.lexists(marker):
        return
    remove_entry(marker)
    fsync_directory(root)


def _marker_bytes(root: Path) -> bytes | None:
    """What a regular marker holds (capped); None when there is none, or it is no regular
    file (never through a link, never waiting on a pipe)."""
    try:
        handle = open_regular(root / WIPE_MARKER, follow=False)
    except OSError:
        return None
    if handle is None:
        return None
    with handle:
        return handle.read(MAX_MARKER_BYTES + 1)


def wipe_interrupted(root: Path) -> bool:
    """Whether an emergency wipe of ``root`` began and did not finish: a regular marker, and
    no intact key file naming another workspace than the marker does."""
    named = _marker_bytes(root)
    if named is None:
        return False
    key_id = key_file_id(root)
    return key_id is None or named == key_id.encode("ascii")


def restore_decides(root: Path) -> bool:
    """Whether only a restore's master key can tell what the marker in ``root`` stands for: it
    names a workspace, and no intact key file is there to compare it with. It is this folder's
    wipe cut after keys.json went, or the marker of another workspace's wipe that came with a
    copy (or was planted beside it); the database, which the master key opens, holds the id.
    An empty marker decides nothing: it is the wipe's own, honoured (``mark_wipe``); nor does
    a folder without its database, which no key can open, so no copy to restore."""
    if not _marker_bytes(root) or key_file_id(root) is not None:
        return False
    return os.path.isfile(WorkspaceLayout(root).database)


def refuse_wipe_of(root: Path, workspace_id: str | None) -> None:
    """Refuse a restore into ``root`` where a wipe was cut midway. Before the master key is
    known (``workspace_id`` None) a marker ``restore_decides`` is let through; once it has
    opened the database, the marker is honoured when it names ``workspace_id`` or no
    workspace, and is another workspace's (``remove_foreign_marker``) otherwise."""
    if not wipe_interrupted(root):
        return
    if workspace_id is None and restore_decides(root):
        return
    if workspace_id is not None and _names_another(root, workspace_id):
        return
    refuse_interrupted_wipe(root)


def remove_foreign_marker(root: Path, workspace_id: str) -> bool:
    """Remove a marker naming another workspace than ``workspace_id`` (the one a restore's
    master key opened in ``root``), where no key file is: it stands for no wipe of this copy,
    and would otherwise shut it again should its keys.json ever be lost. Whether one was."""
    if key_file_id(root) is not None or not _names_another(root, workspace_id):
        return False
    remove_marker(root)
    return True


def _names_another(root: Path, workspace_id: str) -> bool:
    named = _marker_bytes(root)
    return bool(named) and named != workspace_id.encode("utf-8")


def refuse_interrupted_wipe(root: Path) -> None:
    """Refuse, naming it, a folder whose emergency wipe was cut midway: it is neither a
    workspace to open nor a copy to restore, and only wiping it again is done there."""
    if wipe_interrupted(root):
        raise WipeInterruptedError(
            f"An emergency wipe of {root} was interrupted; run 'fieldapp wipe --yes' again to"
            " finish it."
        )
