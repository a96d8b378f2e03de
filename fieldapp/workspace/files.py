"""Durable, atomic file replacement inside the workspace.

Used only for files that hold nothing in clear (the wrapped key file, the unlock counter, age
files): the temporary name lives in the same folder, so the rename is atomic, and a crash leaves
either the old file or the new one, never half of either.
"""

import contextlib
import ctypes
import os
import secrets
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from fieldapp.errors import FULL_DISK_ERRNOS, FolderNotFoundError, StorageFullError

TEMP_PREFIX = ".tmp-"


def fsync_directory(path: Path) -> None:
    """Make a rename or unlink in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileSystemSync:
    """One sync of everything written to the file system that holds ``path`` — every file's
    data, every new name — in one call: one journal commit for a thousand small files, where a
    ``fsync`` each costs a commit each (Linux's ``syncfs``; where there is none, ``sync``).

    Made before the writes it is to cover: ``syncfs`` reports a write-back error that happened
    since its descriptor was opened (Linux 5.8 and later), even one another process's sync saw
    first; a descriptor opened afterwards would miss that one."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)

    def sync(self) -> None:
        if _syncfs is None:
            os.sync()
        elif _syncfs(self._fd) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _find_syncfs() -> "ctypes._CFuncPtr | None":
    # Linux's C library has it (and reports a write-back error through it since Linux 5.8);
    # elsewhere ``os.sync`` is the nearest.
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


_syncfs = _find_syncfs()


def require_folder(path: Path) -> None:
    """The folder ``path`` goes into exists: said plainly (``FolderNotFoundError``), not as the
    operating system's error about a temporary name."""
    if not path.parent.is_dir():
        raise FolderNotFoundError(f"The folder {path.parent} does not exist; nothing was written.")


@contextlib.contextmanager
def full_disk_said() -> Iterator[None]:
    """A full disk (or quota) inside the block raised as ``StorageFullError``: the sentence a
    person can act on, where the OS's error would name a temporary file."""
    try:
        yield
    except OSError as error:
        if error.errno in FULL_DISK_ERRNOS:
            raise StorageFullError() from None
        raise


def _temporary_for(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}")


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int = 0o600) -> Iterator[BinaryIO]:
    """A file object whose content replaces ``path`` only if the block finishes; a full disk
    is ``StorageFullError``, and leaves nothing behind."""
    require_folder(path)
    temp = _temporary_for(path)
    with full_disk_said():
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
            fsync_directory(path.parent)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            raise


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    with atomic_writer(path, mode) as handle:
        handle.write(data)


def write_all_atomically(files: Sequence[tuple[Path, bytes]], mode: int = 0o600) -> None:
    """Each ``(path, data)`` replaced as ``write_atomically`` does, all of them or none: every
    one is written and synced under its temporary name before the first is renamed, so a disk
    that fills part-way leaves none of them (never a roster without its signature); and a
    rename that fails after others succeeded puts those back as they were. For a few small
    files (a roster and its signatures): what they replace is held in memory to put back.
    Only a crash between two renames can leave a mix, which their signatures then show."""
    for path, _ in files:
        require_folder(path)
    written: list[tuple[Path, Path]] = []
    renamed: list[Path] = []
    before = {path: _old_contents(path) for path, _ in files}
    try:
        with full_disk_said():
            for path, data in files:
                temp = _temporary_for(path)
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
                written.append((temp, path))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            for temp, path in written:
                os.replace(temp, path)
                renamed.append(path)
            for folder in dict.fromkeys(path.parent for _, path in written):
                fsync_directory(folder)
    except BaseException:
        for temp, _ in written:
            temp.unlink(missing_ok=True)
        _put_back(renamed, before, mode)
        raise


def _old_contents(path: Path) -> bytes | None:
    """What a regular file at ``path`` holds, to put back; None where there is none."""
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()


def _put_back(paths: list[Path], before: dict[Path, bytes | None], mode: int) -> None:
    # Best effort: the failure being reported is the one that matters.
    for path in paths:
        with contextlib.suppress(OSError):
            old = before[path]
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, old, mode)


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a crash left behind (they never hold plaintext)."""
    for stale in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def destroy_file(path: Path) -> None:
    """Overwrite ``path`` with random bytes, flush, then delete it.

    On flash storage the overwrite may land elsewhere than the old bytes; it is a best effort
    on top of what actually protects the content (the key wrapped under the passphrase). So a
    failed overwrite never stops the deletion: on a full copy-on-write disk (btrfs, APFS) the
    overwrite needs room the disk does not have, and an emergency wipe must still go through.
    """
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(secrets.token_bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        fsync_directory(path.parent)


def open_regular(path: Path) -> BinaryIO | None:
    """The file open for reading, or None if it is not a regular file. Opened without blocking
    and checked before any read: a named pipe would wait in open() for a writer that never
    comes, and a device never ends. Raises OSError (FileNotFoundError…) as ``open`` does."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
