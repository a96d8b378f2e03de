"""SHA-256 on a second core while the first encrypts, decrypts or copies.

Every attachment's plaintext is hashed as it passes (DESIGN §4: the hash at capture is what
the archive later checks), and every bundle member as it is written or read. hashlib and zlib
release the GIL on large inputs, so worker threads hash beside the cipher or the copy:

- ``BackgroundSha256``: chunks handed over as they come (encrypting, decrypting);
- ``Sha256Pipe``: a copy that hashes what it copies, through a few reused buffers (export);
- ``hash_regions``: many regions of one file, two at a time (verifying a bundle).

A thread costs about half a millisecond to start and join, more than hashing a small file
takes: ``BackgroundSha256`` hashes the first ``INLINE_BYTES`` on the caller's thread and starts
its worker only for a larger input (most scans and notes stay inline; recordings go to it).
"""

import hashlib
import os
import queue
import threading
import zlib
from collections.abc import Callable, Sequence
from typing import Protocol

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
    """

    def __init__(self, chunk_size: int = _PIPE_CHUNK, depth: int = _PIPE_DEPTH) -> None:
        self._free: queue.Queue[bytearray] = queue.Queue()
        for _ in range(depth):
            self._free.put(bytearray(chunk_size))
        self._work: queue.Queue[object] = queue.Queue()
        self._results: queue.Queue[tuple[str, int]] = queue.Queue()
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
            self.finish()
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
        """The SHA-256 (hex) and the byte count of everything since ``begin``."""
        self._work.put(_END)
        self._open = False
        return self._results.get()

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


class _Regions:
    """The shared state of ``hash_regions``: the next region to take, the results, the bytes
    done, and whether to stop (a failure or a cancel on either thread)."""

    def __init__(self, fd: int, regions: Sequence[tuple[int, int]]) -> None:
        self.fd = fd
        self.regions = regions
        self.results: list[tuple[str, int] | None] = [None] * len(regions)
        self.done = 0
        self.stop = False
        self.error: BaseException | None = None
        self._next = 0
        self._lock = threading.Lock()

    def take(self) -> int | None:
        with self._lock:
            if self.stop or self._next >= len(self.regions):
                return None
            self._next += 1
            return self._next - 1

    def add(self, count: int) -> None:
        with self._lock:
            self.done += count

    def hash(self, index: int, buffer: bytearray, step: Callable[[], None]) -> None:
        offset, size = self.regions[index]
        digest, crc, view = hashlib.sha256(), 0, memoryview(buffer)
        while size and not self.stop:
            count = os.preadv(self.fd, [view[: min(size, len(view))]], offset)
            if count <= 0:
                raise EOFError("the file is shorter than its container says")
            digest.update(view[:count])
            crc = zlib.crc32(view[:count], crc)
            offset, size = offset + count, size - count
            self.add(count)
            step()
        self.results[index] = (digest.hexdigest(), crc)


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
    """SHA-256 (hex) and CRC-32 of each ``(offset, size)`` region of the open file ``fd``.

    Two regions are hashed at a time, one on this thread and one on a worker, so both cores
    hash (each SHA-256 is sequential: a single large region still takes one core). Reads use
    pread, which leaves the file's position alone, into a buffer each thread reuses. ``step``,
    called on this thread only, between its chunks, gets the bytes done so far on both
    threads; it may raise (a cancel) and then both threads stop.
    """
    shared = _Regions(fd, regions)

    def work(report: Callable[[], None]) -> None:
        buffer = bytearray(_REGION_CHUNK)
        while (index := shared.take()) is not None:
            shared.hash(index, buffer, report)

    def in_worker() -> None:
        try:
            work(lambda: None)
        except BaseException as error:  # handed to the caller's thread below, not printed
            shared.stop, shared.error = True, error

    def report() -> None:
        if step is not None:
            step(shared.done)

    worker = threading.Thread(target=in_worker, name="sha256-regions", daemon=True)
    if len(regions) > 1:
        worker.start()
    try:
        work(report)
    except BaseException:
        shared.stop = True
        raise
    finally:
        if len(regions) > 1:
            worker.join()
    if shared.error is not None:
        raise shared.error
    results = [result for result in shared.results if result is not None]
    if len(results) != len(regions):  # pragma: no cover - every region was taken and hashed
        raise RuntimeError("a region was not hashed")
    return results
