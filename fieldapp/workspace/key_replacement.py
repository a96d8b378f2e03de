"""Replacing ``keys.json`` only where it still is: a wipe that destroyed it meanwhile wins.

A passphrase change, a new recovery code or a recovery's new keys *replace* the key file. One of
them may have read the file before an emergency wipe began and write after the wipe destroyed
it; a plain ``os.replace`` then puts a whole wrap of the master key back beside the database.
So the new content is written and synced under a temporary name, then *exchanged* with
``keys.json`` (Linux ``renameat2`` with ``RENAME_EXCHANGE``): one step that fails with
``ENOENT``, changing nothing, when ``keys.json`` is no longer there. The temporary name then
holds the old key file (or, after a refusal, the new one) and is destroyed (overwritten, then
removed). Where the exchange does not exist (another system, FAT/exFAT) the file's presence is
looked at right before an ``os.replace``: a window of microseconds is left there.
"""

import errno
import os
import secrets
from pathlib import Path

from fieldapp.errors import WorkspaceNotFoundError
from fieldapp.workspace.files import (
    RENAME_EXCHANGE,
    TEMP_PREFIX,
    destroy_file,
    fsync_directory,
    full_disk_said,
    renameat2,
    require_folder,
)

#: The exchange is not there (C library, kernel or file system): fall back to a look.
_NO_EXCHANGE_ERRNOS = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP})


def replace_existing(path: Path, data: bytes) -> None:
    """Put ``data`` in place of the file ``path`` atomically and durably, only if ``path``
    still exists at the moment of the swap: ``WorkspaceNotFoundError`` otherwise, with nothing
    left behind. A full disk is ``StorageFullError``."""
    require_folder(path)
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}")
    try:
        with full_disk_said():
            _write_synced(temp, data)
        _swap_into_place(temp, path)
        fsync_directory(path.parent)
    finally:
        # The old key file after a swap (its wrap under the old passphrase or code), or the new
        # one after a refusal: overwritten, then removed, either way.
        destroy_file(temp)


def _write_synced(temp: Path, data: bytes) -> None:
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_into_place(temp: Path, path: Path) -> None:
    if _exchange(temp, path):
        return
    if not os.path.lexists(path):
        raise _gone()
    os.replace(temp, path)


def _exchange(temp: Path, path: Path) -> bool:
    """Swap the two names in one step; False, with nothing changed, where that is not there.
    ``WorkspaceNotFoundError`` when either name no longer exists."""
    number = renameat2(temp, path, RENAME_EXCHANGE)
    if number == 0:
        return True
    if number is None or number in _NO_EXCHANGE_ERRNOS:
        return False
    if number == errno.ENOENT:  # keys.json, or our temporary with it, destroyed by a wipe
        raise _gone()
    raise OSError(number, os.strerror(number), str(temp), None, str(path))


def _gone() -> WorkspaceNotFoundError:
    return WorkspaceNotFoundError(
        "The workspace's keys are no longer in its folder; nothing was changed."
    )

