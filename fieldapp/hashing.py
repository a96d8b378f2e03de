"""SHA-256 on a second core while the first encrypts, decrypts or copies.

Every attachment's plaintext is hashed as it passes (DESIGN §4: the hash at capture is what
the archive later checks), and every bundle member as it is written or read. hashlib and
``crc32`` release the GIL on large inputs, so worker threads hash beside the cipher or the copy:

- ``BackgroundSha256``: chunks handed over as they come (encrypting, decrypting);
- ``Sha256Pipe``: a copy that hashes what it copies, through a few reused buffers (export);
- ``RegionHasher``, ``hash_regions``: many regions of one file, in order, on worker threads
  (verifying a bundle; importing one while its members are still being hashed).

A thread costs about half a millisecond to start and join, more than hashing a small file
takes: ``BackgroundSha256`` hashes the first ``INLINE_BYTES`` on the caller's thread and starts
its worker only for a larger input (most scans and notes stay inline; recordings go to it).
"""

import hashlib
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Protocol

# ISA-L's CRC-32 (the ZIP polynomial, zlib's exact values) folds with carry-less multiplication:
# 0.03 s a GiB here against zlib's 0.16, on every member an export writes or a verify reads.
from isal.isal_zlib import crc32

_QUEUE_CHUNKS = 8  # bounded: a fast producer waits rather than buffering the whole file
_BATCH_BYTES = 1024 * 1024
INLINE_BYTES = 2 * 1024 * 1024


class BackgroundSha256:
    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self._queue: queue.Queue[list[bytes]] | None = None
        self._thread: threading.Thread | None = None
        # Chunks (64 KiB from a decryptor) go to the worker a batch at a time: one hand-over
        # per chunk costs more in locking and waking than the hash of the chunk itself.
        self._batch: list[bytes] = []
        self._batched = 0
        self.size = 0

    def _run(self) -> None:
        assert self._queue is not None
        while batch := self._queue.get():
            for chunk in batch:
                self._hash.update(chunk)

    def update(self, data: bytes | bytearray | memoryview) -> None:
        count = memoryview(data).nbytes
        if not count:
            return
        if self._thread is None and self.size + count <= INLINE_BYTES:
            self._hash.update(data)
            self.size += count
            return
        if self._thread is None:
            self._queue = queue.Queue(maxsize=_QUEUE_CHUNKS)
            self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
            self._thread.start()
        # bytes are immutable and handed on as they are; anything else is copied, since the
        # caller may reuse its buffer before the worker reaches it.
        self._batch.append(data if isinstance(data, bytes) else bytes(data))
        self._batched += count
        self.size += count
        if self._batched >= _BATCH_BYTES:
            self._send()

    def _send(self) -> None:
        if self._batch:
            assert self._queue is not None
            self._queue.put(self._batch)
            self._batch, self._batched = [], 0

    def hexdigest(self) -> str:
        self._finish()
        return self._hash.hexdigest()

    def _finish(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            assert self._queue is not None
            self._send()
            self._queue.put([])
            self._thread.join()

    def close(self) -> None:
        """Stop the worker without a result (an aborted write)."""
        self._finish()


class _Begin:
    pass


class _End:
    pass


_BEGIN, _END = _Begin(), _End()
_PIPE_CHUNK = 1024 * 1024
_PIPE_DEPTH = 4


class Sha256Pipe:
    """Reads files in chunks into a few reused buffers, and hashes each chunk on one worker
    thread while the caller writes it elsewhere: a copy that is hashed in the same pass.

    The buffers are reused because a fresh 1 MiB bytes object per chunk costs more than
    copying it (the allocator maps and faults in new pages for each: 4 times slower here). A
    buffer goes back to the free ring only once the worker has hashed it, and the caller has
    written it before it asks for the next one, so no buffer is refilled while in use. One
    worker serves every file in turn (``begin`` … ``finish``): a thread per file costs more
    than hashing a small one. Memory: ``depth`` chunks.

    ``end`` closes a stream without waiting for its hash, and ``result`` gives the ended
    streams' hashes in order: a copy of many files then never waits for the worker to catch up
    at each file's end (waits that left the disk idle, 0.1 s a GiB in 64 files).
    """

    def __init__(self, chunk_size: int = _PIPE_CHUNK, depth: int = _PIPE_DEPTH) -> None:
        self._free: queue.Queue[bytearray] = queue.Queue()
        for _ in range(depth):
            self._free.put(bytearray(chunk_size))
        self._work: queue.Queue[object] = queue.Queue()
        self._results: queue.Queue[tuple[str, int]] = queue.Queue()
        #: For each ended stream whose result is not taken yet: whether anyone wants it (a
        #: stream abandoned by ``begin`` is not).
        self._wanted: deque[bool] = deque()
        self._thread = threading.Thread(target=self._run, name="sha256-pipe", daemon=True)
        self._thread.start()
        self._open = False

    def _run(self) -> None:
        digest, size = hashlib.sha256(), 0
        while (item := self._work.get()) is not None:
            if item is _BEGIN:
                digest, size = hashlib.sha256(), 0
            elif item is _END:
                self._results.put((digest.hexdigest(), size))
            elif isinstance(item, bytes):
                digest.update(item)
                size += len(item)
            else:
                buffer, count = item  # type: ignore[misc]
                digest.update(memoryview(buffer)[:count])
                size += count
                self._free.put(buffer)

    def begin(self) -> None:
        """Start hashing a new stream; one left unfinished (after an error) is dropped."""
        if self._open:
            self._end(wanted=False)
        self._work.put(_BEGIN)
        self._open = True

    def update(self, data: bytes) -> None:
        """Hash a few bytes the caller already holds (a header), in order with the chunks."""
        if data:
            self._work.put(bytes(data))

    def read_from(self, file: "_ReadInto", limit: int | None = None) -> memoryview | None:
        """The next chunk of ``file`` (at most ``limit`` bytes), queued for hashing; None at
        its end. The view is valid until the next call."""
        buffer = self._free.get()
        view = memoryview(buffer)
        if limit is not None and limit < len(view):
            view = view[:limit]
        try:
            count = (file.readinto(view) or 0) if len(view) else 0
        except BaseException:
            self._free.put(buffer)  # the ring keeps its size whatever the file does
            raise
        if not count:
            self._free.put(buffer)
            return None
        self._work.put((buffer, count))
        return memoryview(buffer)[:count]

    def finish(self) -> tuple[str, int]:
        """The SHA-256 (hex) and the byte count of everything since ``begin``; streams
        ``end``ed before must have had their ``result`` taken."""
        if any(self._wanted):
            raise ValueError("take the results of the streams ended before")
        self.end()
        return self.result()

    def end(self) -> None:
        """End the stream since ``begin`` without waiting for its hash (see ``result``)."""
        self._end(wanted=True)

    def result(self) -> tuple[str, int]:
        """The SHA-256 (hex) and byte count of the earliest ``end``ed stream whose result was
        not taken yet; it waits for the worker to get there."""
        while self._wanted:
            wanted = self._wanted.popleft()
            found = self._results.get()
            if wanted:
                return found
        raise ValueError("no stream was ended")

    def _end(self, *, wanted: bool) -> None:
        if not self._open:
            raise ValueError("no stream was begun")
        self._work.put(_END)
        self._wanted.append(wanted)
        self._open = False

    def close(self) -> None:
        if self._thread.is_alive():
            self._work.put(None)
            self._thread.join()

    def __enter__(self) -> "Sha256Pipe":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _ReadInto(Protocol):
    def readinto(self, buffer: memoryview, /) -> int | None: ...


_REGION_CHUNK = 1024 * 1024


class RegionHasher:
    """SHA-256 (hex) and CRC-32 of each ``(offset, size)`` region of the open file ``fd``,
    computed in order on ``threads`` worker threads from the moment it is made; the caller
    waits for whichever region it needs next (``wait``) while the rest are still being hashed.

    Each SHA-256 is sequential, so a thread takes a whole region; with two threads two regions
    are hashed at a time. Reads use pread, which leaves the file's position alone, into a
    buffer each thread reuses. A failure on a worker (the file shorter than its regions) is
    raised by the ``wait`` of that region or any after it. ``close`` stops the workers between
    chunks and joins them; use it as a context manager.
    """

    def __init__(self, fd: int, regions: Sequence[tuple[int, int]], threads: int = 2) -> None:
        self._fd = fd
        self._regions = list(regions)
        self._results: list[tuple[str, int] | None] = [None] * len(self._regions)
        self._error: BaseException | None = None
        self._done = 0
        self._next = 0
        self._stop = False
        self._changed = threading.Condition()
        # No thread at all (``threads=0``): each region is hashed by the first ``wait`` that
        # needs it, on the caller's thread (for small files, where a thread costs more).
        count = max(0, min(threads, len(self._regions)))
        self._threads = [
            threading.Thread(target=self._work, name="sha256-regions", daemon=True)
            for _ in range(count)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def done(self) -> int:
        """Bytes hashed so far, on every thread."""
        return self._done

    def _take(self, last: int) -> int | None:
        """The next region not yet taken, if it is no later than ``last``."""
        with self._changed:
            if self._stop or self._next > last:
                return None
            self._next += 1
            return self._next - 1

    def _work(self) -> None:
        self._hash_through(len(self._regions) - 1, bytearray(_REGION_CHUNK))

    def _hash_through(self, last: int, buffer: bytearray) -> None:
        """Take and hash regions in order up to ``last``. Every result and failure is published
        under the lock with a notify: another thread may already wait for that very region
        (without workers, the import's attachment thread and its main thread both hash here)."""
        try:
            while (index := self._take(last)) is not None:
                result = self._hash(index, buffer)
                with self._changed:
                    self._results[index] = result
                    self._changed.notify_all()
        except BaseException as error:  # handed to the waiting thread, not printed
            with self._changed:
                self._error = self._error or error
                self._stop = True
                self._changed.notify_all()

    def _hash(self, index: int, buffer: bytearray) -> tuple[str, int] | None:
        offset, size = self._regions[index]
        digest, crc, view = hashlib.sha256(), 0, memoryview(buffer)
        while size:
            if self._stop:
                return None
            count = os.preadv(self._fd, [view[: min(size, len(view))]], offset)
            if count <= 0:
                raise EOFError("the file is shorter than its container says")
            digest.update(view[:count])
            crc = crc32(view[:count], crc)
            offset, size = offset + count, size - count
            with self._changed:
                self._done += count
                self._changed.notify_all()
        return digest.hexdigest(), crc

    def wait(self, index: int, step: Callable[[int], None] | None = None) -> tuple[str, int]:
        """Region ``index``'s SHA-256 (hex) and CRC-32, once hashed. ``step``, called on this
        thread as the workers progress, gets the bytes hashed so far; it may raise (a cancel)."""
        if not self._threads:
            self._hash_here(index)
        while True:
            with self._changed:
                result = self._results[index]
                if result is not None:
                    return result
                if self._stop:
                    # A failure stops every worker, so regions before it may stay unhashed:
                    # the file is damaged either way.
                    raise self._error or RuntimeError("the region hasher was closed")
                self._changed.wait()
                done = self._done
            if step is not None:
                step(done)

    def _hash_here(self, index: int) -> None:
        if self._next > index:
            return  # taken already (here or on another thread): wait() waits for its result
        largest = max(size for _, size in self._regions)
        self._hash_through(index, bytearray(min(_REGION_CHUNK, max(1, largest))))

    def close(self) -> None:
        with self._changed:
            self._stop = True
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> "RegionHasher":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def can_hash_regions(file: object) -> bool:
    """Whether ``hash_regions`` can read this file object (a real file, and pread here)."""
    if not hasattr(os, "preadv") or not hasattr(file, "fileno"):
        return False
    try:
        file.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation: BytesIO and the like
        return False
    return True


def hash_regions(
    fd: int,
    regions: Sequence[tuple[int, int]],
    step: Callable[[int], None] | None = None,
) -> list[tuple[str, int]]:
    """SHA-256 (hex) and CRC-32 of each ``(offset, size)`` region of the open file ``fd``, two
    regions at a time (``RegionHasher``). ``step``, called on this thread only, gets the bytes
    done so far on both threads; it may raise (a cancel) and then both threads stop.
    """
    with RegionHasher(fd, regions, threads=2) as hasher:
        results = [hasher.wait(index, step) for index in range(len(regions))]
        if step is not None and regions:
            step(hasher.done)
        return results
