"""Durable, atomic file replacement inside the workspace.

Used only for files that hold nothing in clear (the wrapped key file, the unlock counter, age
files): the temporary name lives in the same folder, so the rename is atomic, and a crash leaves
either the old file or the new one, never half of either. And a move that never replaces
what has the new name (``move_without_replacing``).
"""

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from fieldapp.errors import FULL_DISK_ERRNOS, FolderNotFoundError, StorageFullError

TEMP_PREFIX = ".tmp-"
#: What ``destroy_file`` overwrites at a time.
DESTROY_CHUNK_BYTES = 1024 * 1024
#: What ``destroy_file`` reads of a file of several links to decide whether to overwrite it;
#: a key file's cap (``keyfile.MAX_KEY_FILE_BYTES``); one byte more is read, so that a longer
#: file is seen to be too long.
LINKED_PEEK_BYTES = 16 * 1024


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


def write_new_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` as ``path`` only if no file of that name exists, atomically and durably:
    written and synced under a temporary name, then linked to ``path`` — ``link``, unlike
    ``rename``, fails (``FileExistsError``) if a file appeared there meanwhile, which is then
    left as it is. The temporary name is removed either way; a full disk is
    ``StorageFullError``."""
    require_folder(path)
    temp = _temporary_for(path)
    try:
        with full_disk_said():
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    fsync_directory(path.parent)


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


#: What ``link`` says where the file system has no hard links: EPERM on FAT and exFAT (Linux's
#: own drivers and exfat-fuse alike), ENOSYS on a FUSE file system without the operation,
#: EOPNOTSUPP on others; EXDEV and EMLINK: no link can be made here either.
NO_LINK_ERRNOS = frozenset(
    {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EXDEV, errno.EMLINK}
)
#: What ``renameat2`` says where ``RENAME_NOREPLACE`` is not supported: EINVAL from a file
#: system without it (exfat-fuse), ENOSYS from a kernel older than 3.15.
NO_RENAMEAT2_ERRNOS = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP})
#: ``renameat2``'s flags: refuse to replace the target; swap the two names.
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def move_without_replacing(source: Path, target: Path) -> None:
    """Give the file ``source`` the name ``target`` in the same folder, only if nothing has that
    name: ``FileExistsError`` otherwise, and both are left as they are. The refusal is the
    move's own, not a look before a rename that would replace what appeared meanwhile: a hard
    link to the new name, then the old name removed (``link_then_unlink``; a cut between leaves
    both names of one file); where the file system has no hard links (FAT, exFAT), a rename
    that refuses to replace (``rename_no_replace``); only where neither exists (exFAT through
    FUSE) a look, then a rename. Not durable until the caller syncs the folder."""
    if link_then_unlink(source, target) or rename_no_replace(source, target):
        return
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    os.rename(source, target)


def link_then_unlink(source: Path, target: Path) -> bool:
    """``move_without_replacing`` by a hard link (``FileExistsError`` if ``target`` exists);
    False, with nothing changed, where the file system has no hard links."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as error:
        if error.errno in NO_LINK_ERRNOS:
            return False
        raise
    os.unlink(source)
    return True


def rename_no_replace(source: Path, target: Path) -> bool:
    """``move_without_replacing`` by Linux's ``renameat2`` with ``RENAME_NOREPLACE``
    (``FileExistsError`` if ``target`` exists); False, with nothing changed, where the C
    library (glibc before 2.28, another system), the kernel or the file system lacks it."""
    number = renameat2(source, target, RENAME_NOREPLACE)
    if number == 0:
        return True
    if number is None or number in NO_RENAMEAT2_ERRNOS:
        return False
    raise OSError(number, os.strerror(number), str(source), None, str(target))


def renameat2(source: Path, target: Path, flags: int) -> int | None:
    """Linux's ``renameat2(source, target, flags)``: 0 once done, the ``errno`` it refused
    with, or None where the C library has no such call (glibc before 2.28, another system)."""
    if _renameat2 is None:
        return None
    names = os.fsencode(source), os.fsencode(target)
    if _renameat2(_AT_FDCWD, names[0], _AT_FDCWD, names[1], flags) == 0:
        return 0
    return ctypes.get_errno()


def _find_renameat2() -> "ctypes._CFuncPtr | None":
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    folder, name = ctypes.c_int, ctypes.c_char_p  # a folder's descriptor, a path
    function.argtypes = [folder, name, folder, name, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _find_renameat2()


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a crash left behind (they never hold plaintext)."""
    for stale in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def destroy_file(path: Path, *, overwrite_linked_if: Callable[[bytes], bool] | None = None) -> None:
    """Overwrite ``path`` with random bytes, flush, then delete it.

    Only a regular file of one name is overwritten: a symbolic link, a named pipe, a device or
    a file with other hard links is only unlinked, since what it reaches lies outside the
    workspace (a planted ``keys.json`` linked to a statement must never destroy the statement).
    Opened with ``O_NOFOLLOW`` (a link is refused, not followed) and ``O_NONBLOCK`` (a pipe
    never waits for a writer), then checked on the descriptor, so nothing can be swapped in
    between the check and the overwrite.

    ``overwrite_linked_if(first bytes)`` overwrites a regular file of several hard links too
    when its first ``LINKED_PEEK_BYTES`` (read from the same descriptor) pass it: the wipe's
    key file, whose second link (a ``cp -al`` snapshot) would otherwise keep a whole wrap of
    the master key. A statement linked under that name never parses as a key file, so it stays
    as it is.

    On flash storage the overwrite may land elsewhere than the old bytes; it is a best effort
    on top of what actually protects the content (the key wrapped under the passphrase). So a
    failed overwrite never stops the deletion: on a full copy-on-write disk (btrfs, APFS) the
    overwrite needs room the disk does not have, and an emergency wipe must still go through.
    """
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and (
                info.st_nlink == 1 or _passes(fd, overwrite_linked_if)
            ):
                _overwrite(fd, info.st_size)
        finally:
            os.close(fd)
    remove_entry(path)
    with contextlib.suppress(FileNotFoundError):
        fsync_directory(path.parent)


def remove_entry(path: Path) -> None:
    """Remove whatever has this name: a file, a link (never what it points to) or a folder
    with its contents (never following a link inside it); nothing if there is none. A wipe
    must not stop at a folder planted under a file's name, after the keys are gone."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(found.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _passes(fd: int, check: Callable[[bytes], bool] | None) -> bool:
    """Whether the regular file open as ``fd`` passes ``check`` on its first bytes (capped:
    a large file is never read whole to decide)."""
    if check is None:
        return False
    return check(os.pread(fd, LINKED_PEEK_BYTES + 1, 0))


def _overwrite(fd: int, size: int) -> None:
    """Random bytes over the first ``size`` bytes of ``fd``, synced; in chunks, so a large
    leftover never needs its size in memory."""
    os.lseek(fd, 0, os.SEEK_SET)
    left = size
    while left > 0:
        left -= os.write(fd, secrets.token_bytes(min(left, DESTROY_CHUNK_BYTES)))
    os.fsync(fd)


def open_regular(path: Path, *, follow: bool = True) -> BinaryIO | None:
    """The file open for reading, or None if it is not a regular file. Opened without blocking
    and checked before any read: a named pipe would wait in open() for a writer that never
    comes, and a device never ends. With ``follow=False`` a symbolic link is refused (None)
    rather than followed. Raises OSError (FileNotFoundError…) as ``open`` does."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags if follow else flags | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow:
            return None  # a link where a file of our own was expected
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
