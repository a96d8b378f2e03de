"""Large files written around the page cache (``O_DIRECT``) where the file system allows it.

An import writes a gigabyte of attachments that nobody reads back soon. Through the page cache
every byte is first copied into a page the kernel must find for it — on a virtual machine that
backs its memory lazily, as this project's does, about 2 µs a page the first time it is touched
since the host took it back: some 2 s a gigabyte, more than all the cryptography — and then
written again by ``fsync``. Written directly, the disk takes the bytes from one reused, aligned
buffer: no page to find, no second pass, and ``fsync`` has only the metadata left to do.

Only ciphertext is written this way; nothing here changes which bytes reach the disk, only the
path they take. A file system that refuses direct writes (some do) gets ordinary ones, as does a
file smaller than one block, for which the page cache costs nothing worth saving.
"""

import contextlib
import errno
import fcntl
import mmap
import os

#: Direct writes must start at, and be a whole number of, the device's logical blocks; 4 KiB is
#: a multiple of every block size in use (512 bytes and 4 KiB).
ALIGNMENT = 4096
#: Bytes gathered before each write: big enough that the disk streams, small enough to stay flat.
BLOCK = 1024 * 1024

_O_DIRECT = getattr(os, "O_DIRECT", 0)


class DirectWriter:
    """Writes to ``fd`` (opened for writing at offset 0, never written before) a block at a
    time; ``finish()`` writes the rest, sets the exact size and makes the data durable.

    The caller owns ``fd``: it closes it, after ``finish()`` or without it to abandon the file.
    """

    def __init__(self, fd: int, block: int = BLOCK) -> None:
        if block % ALIGNMENT:
            raise ValueError("the block must be a whole number of aligned units")
        self._fd = fd
        # An anonymous mapping is page-aligned, as direct writes need their memory to be.
        self._buffer = mmap.mmap(-1, block)
        self._view = memoryview(self._buffer)
        self._filled = 0
        self._written = 0
        self._direct = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        source = memoryview(data).cast("B")
        done, total = 0, len(source)
        while done < total:
            take = min(total - done, len(self._view) - self._filled)
            self._view[self._filled : self._filled + take] = source[done : done + take]
            self._filled += take
            done += take
            if self._filled == len(self._view):
                self._write_block(len(self._view))
        return total

    @property
    def size(self) -> int:
        """Bytes written so far, staged ones included."""
        return self._written + self._filled

    def finish(self) -> None:
        """Write what is staged, give the file its exact size and ``fsync`` it."""
        if self._filled:
            size = self.size
            if self._direct:
                # A direct write is whole aligned units: the last one is padded with zeros,
                # which the truncation then cuts off.
                padded = -(-self._filled // ALIGNMENT) * ALIGNMENT
                self._view[self._filled : padded] = bytes(padded - self._filled)
                self._write_block(padded)
                os.ftruncate(self._fd, size)
                self._written = size
            else:
                self._write_block(self._filled)
        os.fsync(self._fd)
        self.close()

    def close(self) -> None:
        """Release the buffer (``finish`` does); the file descriptor stays the caller's."""
        self._view.release()
        # A failed write's traceback may still hold a view of the buffer: then it is freed
        # with that view instead.
        with contextlib.suppress(BufferError):
            self._buffer.close()

    def _write_block(self, length: int) -> None:
        if self._written == 0 and length == len(self._view):
            # Only the first block, from offset 0: every later write then stays aligned.
            self._direct = _set_direct(self._fd, True)
        block = self._view[:length]
        while block:
            try:
                written = os.write(self._fd, block)
            except OSError as error:
                if not (self._direct and error.errno == errno.EINVAL):
                    raise
                # Some file systems take the flag and refuse only the write: the same bytes,
                # the ordinary way.
                self._stop_direct(error)
                continue
            if written < len(block) and self._direct:
                # A short direct write leaves an unaligned offset: the rest goes the usual way.
                self._stop_direct(OSError(errno.EIO, "a short direct write"))
            block = block[written:]
            self._written += written
        self._filled = 0

    def _stop_direct(self, error: OSError) -> None:
        if not _set_direct(self._fd, False):
            raise error
        self._direct = False


def _set_direct(fd: int, on: bool) -> bool:
    """Turn direct writes on or off for ``fd``; whether that was done."""
    if not _O_DIRECT:
        return False
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, (flags | _O_DIRECT) if on else (flags & ~_O_DIRECT))
    except OSError:
        return False
    return True
