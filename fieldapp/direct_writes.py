"""Large files written around the page cache (``O_DIRECT``) where the file system allows it.

An import writes a gigabyte of attachments that nobody reads back soon. Through the page cache
every byte is first copied into a page the kernel must find for it — on a virtual machine that
backs its memory lazily, as this project's does, about 2 µs a page the first time it is touched
since the host took it back: some 2 s a gigabyte, more than all the cryptography — and then
written again by ``fsync``. Written directly, the disk takes the bytes from a few reused, aligned
buffers: no page to find, no second pass, and ``fsync`` has only the metadata left to do.

A direct write returns only when the disk has the bytes, so each block is written on a shared
disk thread while the caller fills the next buffer: the caller waits for the disk only when it
is faster than the disk.

Only ciphertext is written this way; nothing here changes which bytes reach the disk, only the
path they take. A file system that refuses direct writes (some do) gets ordinary ones, as does a
file smaller than one block, for which the page cache costs nothing worth saving.
"""

import contextlib
import errno
import fcntl
import mmap
import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

#: Direct writes must start at, and be a whole number of, the device's logical blocks; 4 KiB is
#: a multiple of every block size in use (512 bytes and 4 KiB).
ALIGNMENT = 4096
#: Bytes gathered before each write: big enough that the disk streams, small enough to stay flat.
BLOCK = 1024 * 1024
#: Buffers of one file: while the caller fills one, up to ``DEPTH - 1`` are on their way to
#: the disk, each written at its own offset so that they may go in any order.
DEPTH = 4
#: Threads that wait for the disk, shared by every writer.
DISK_THREADS = 4

_O_DIRECT = getattr(os, "O_DIRECT", 0)
_disk: ThreadPoolExecutor | None = None
_disk_lock = threading.Lock()


class _BufferPool:
    """Aligned buffers kept for the next file: a fresh mapping costs a page fault a page (and
    on this project's virtual machine, often a trip to the host), a reused one nothing."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._free: dict[int, list[mmap.mmap]] = {}
        self._lock = threading.Lock()

    def take(self, size: int) -> mmap.mmap:
        with self._lock:
            free = self._free.get(size)
            if free:
                return free.pop()
        return mmap.mmap(-1, size)

    def give(self, buffer: mmap.mmap) -> None:
        with self._lock:
            free = self._free.setdefault(len(buffer), [])
            if len(free) < self._keep:
                free.append(buffer)
                return
        # A failed write's traceback may still hold a view of it: then it goes with that view.
        with contextlib.suppress(BufferError):
            buffer.close()


#: Enough for two files being written at once with all their blocks in flight.
_buffers = _BufferPool(keep=2 * DEPTH)


def _disk_threads() -> ThreadPoolExecutor:
    global _disk
    with _disk_lock:
        if _disk is None:
            _disk = ThreadPoolExecutor(DISK_THREADS, thread_name_prefix="direct-write")
        return _disk


class DirectWriter:
    """Writes to ``fd`` (opened for writing, empty) a block at a time, each at its own offset
    on a disk thread while the caller fills the next; ``flush()`` writes the rest and sets the
    exact size, ``finish()`` also makes the data durable. Either releases the buffers; so does
    ``close()``, which abandons what is pending.

    The caller owns ``fd``: it closes it, after ``finish()`` or without it to abandon the file.
    """

    def __init__(self, fd: int, block: int = BLOCK, depth: int = DEPTH) -> None:
        if block % ALIGNMENT or depth < 1:
            raise ValueError("the block must be a whole number of aligned units")
        self._fd = fd
        self._block, self._depth = block, depth
        # Anonymous mappings are page-aligned, as direct writes need their memory to be; more
        # than one is taken only for a file of more than one block.
        self._buffers = [_buffers.take(block)]
        self._current = self._buffers[0]
        self._free: list[mmap.mmap] = []
        self._pending: deque[tuple[Future[None], mmap.mmap]] = deque()
        self._filled = 0
        self._written = 0
        self._direct = False
        self._flushed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        source = memoryview(data).cast("B")
        done, total = 0, len(source)
        while done < total:
            take = min(total - done, self._block - self._filled)
            self._current[self._filled : self._filled + take] = source[done : done + take]
            self._filled += take
            done += take
            if self._filled == self._block:
                self._send_block()
        return total

    @property
    def size(self) -> int:
        """Bytes written so far, staged ones included."""
        return self._written + self._filled

    def flush(self) -> None:
        """Write what is staged and give the file its exact size; the buffers are released."""
        if self._flushed:
            return
        self._wait_all()
        if self._filled:
            size = self.size
            with memoryview(self._current) as view:
                if self._direct:
                    # A direct write is whole aligned units: the last one is padded with
                    # zeros, which the truncation then cuts off.
                    padded = -(-self._filled // ALIGNMENT) * ALIGNMENT
                    view[self._filled : padded] = bytes(padded - self._filled)
                    self._write_at(view[:padded], self._written)
                    os.ftruncate(self._fd, size)
                else:
                    self._write_at(view[: self._filled], self._written)
            self._written, self._filled = size, 0
        self._flushed = True
        self.close()

    def patch(self, offset: int, data: bytes | bytearray | memoryview) -> None:
        """Rewrite bytes already written (a header completed once its member is): in memory
        where they are still staged, on the file the ordinary way where they are not."""
        source = memoryview(data).cast("B")
        end = offset + len(source)
        if offset < 0 or end > self.size or self._flushed:
            raise ValueError("a patch rewrites bytes already written, before the flush")
        split = max(offset, self._written)
        if split < end:
            start = split - self._written
            self._current[start : start + end - split] = source[split - offset :]
        if offset < split:
            # Those blocks reach the disk first; then, with direct writes off for the moment,
            # the page cache reads what the patch does not cover from the disk.
            self._wait_all()
            direct = self._direct
            if direct:
                self._stop_direct(OSError(errno.EINVAL, "direct writes cannot be stopped"))
            self._write_at(source[: split - offset], offset)
            if direct:
                self._direct = _set_direct(self._fd, True)

    def finish(self) -> None:
        """``flush()``, then ``fsync``: the data is on the disk."""
        self.flush()
        os.fsync(self._fd)

    def close(self) -> None:
        """Release the buffers, after the blocks being written (their failures ignored)."""
        interrupted: BaseException | None = None
        while self._pending:
            try:
                # A write's failure is abandoned with the file; a Ctrl+C while waiting is
                # raised once every block is done.
                with contextlib.suppress(Exception):
                    self._wait_all()
            except BaseException as interrupt:
                interrupted = interrupted or interrupt
        buffers, self._buffers = self._buffers, []
        for buffer in buffers:
            _buffers.give(buffer)
        if interrupted is not None:
            raise interrupted

    def _send_block(self) -> None:
        """The full buffer to a disk thread; the caller goes on with another one."""
        if self._written == 0:
            # From offset 0, whole blocks: every write of this file is then aligned.
            self._direct = _set_direct(self._fd, True)
        job = _disk_threads().submit(self._write_block, self._current, self._written)
        self._pending.append((job, self._current))
        self._written += self._block
        self._filled = 0
        if self._free:
            self._current = self._free.pop()
        elif len(self._buffers) < self._depth:
            self._current = _buffers.take(self._block)
            self._buffers.append(self._current)
        else:
            self._current = self._wait_oldest()

    def _wait_oldest(self) -> mmap.mmap:
        job, buffer = self._pending.popleft()
        job.result()
        return buffer

    def _wait_all(self) -> None:
        """Every block in flight done — even after one failed — then the first failure raised:
        no disk thread may write to this descriptor once the caller has closed it (its number
        could by then be another file's)."""
        failure: BaseException | None = None
        while self._pending:
            job, buffer = self._pending[0]
            error = job.exception()  # waits; returns the failure instead of raising it
            self._pending.popleft()
            self._free.append(buffer)
            failure = failure or error
        if failure is not None:
            raise failure

    def _write_block(self, buffer: mmap.mmap, offset: int) -> None:
        with memoryview(buffer) as view:
            self._write_at(view, offset)

    def _write_at(self, block: memoryview, offset: int) -> None:
        while block:
            # Several blocks may be on their way when direct writes turn out to be refused:
            # each one that was tried directly is tried again the ordinary way.
            direct = self._direct
            try:
                written = os.pwrite(self._fd, block, offset)
            except OSError as error:
                if not (direct and error.errno == errno.EINVAL):
                    raise
                # Some file systems take the flag and refuse only the write: the same bytes,
                # the ordinary way.
                self._stop_direct(error)
                continue
            if written < len(block) and self._direct:
                # A short direct write leaves an unaligned offset: the rest goes the usual way.
                self._stop_direct(OSError(errno.EIO, "a short direct write"))
            block, offset = block[written:], offset + written

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


class DirectFile:
    """A new file written mostly around the page cache, for a writer that appends and now and
    then goes back to rewrite a few bytes (a container's headers): appends go to a
    ``DirectWriter``, writes behind the end are its patches. ``flush()`` ends the writing;
    ``close()`` closes the file (``os.fsync(fileno())`` in between makes it durable)."""

    def __init__(
        self, path: str | os.PathLike[str], block: int = BLOCK, depth: int = DEPTH
    ) -> None:
        # Exclusive: a name that exists is never written over.
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            self._writer = DirectWriter(self._fd, block, depth)
        except BaseException:
            os.close(self._fd)
            raise
        self._position = 0
        self.closed = False

    def __enter__(self) -> "DirectFile":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def write(self, data: bytes | bytearray | memoryview) -> int:
        source = memoryview(data).cast("B")
        inside = min(len(source), self._writer.size - self._position)
        if inside > 0:
            self._writer.patch(self._position, source[:inside])
        if inside < len(source):
            if self._position + max(inside, 0) != self._writer.size:
                raise ValueError("a write past the end would leave a hole")
            self._writer.write(source[max(inside, 0) :])
        self._position += len(source)
        return len(source)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self._writer.size}
        self._position = base[whence] + offset
        if not 0 <= self._position <= self._writer.size:
            raise ValueError("a position outside what was written")
        return self._position

    def tell(self) -> int:
        return self._position

    def seekable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def flush(self) -> None:
        """Write everything still staged and set the file's exact size: the writing ends."""
        self._writer.flush()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._writer.close()
            os.close(self._fd)
