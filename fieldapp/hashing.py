"""SHA-256 on a second core while the first encrypts or decrypts.

Every attachment's plaintext is hashed as it passes (DESIGN §4: the hash at capture is what
the archive later checks). Without SHA extensions, SHA-256 is slower than ChaCha20-Poly1305, so
hashing on the same thread would double the cost of every attachment; hashlib releases the GIL
on large inputs, so a worker thread runs it beside the cipher.
"""

import hashlib
import queue
import threading

_STOP = b""
_QUEUE_CHUNKS = 8  # bounded: a fast producer waits rather than buffering the whole file


class BackgroundSha256:
    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=_QUEUE_CHUNKS)
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()
        self.size = 0

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not _STOP:
            self._hash.update(chunk)

    def update(self, data: bytes | bytearray | memoryview) -> None:
        chunk = bytes(data)
        if chunk:
            self.size += len(chunk)
            self._queue.put(chunk)

    def hexdigest(self) -> str:
        self._finish()
        return self._hash.hexdigest()

    def _finish(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()

    def close(self) -> None:
        """Stop the worker without a result (an aborted write)."""
        self._finish()
