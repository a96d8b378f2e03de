"""A file read for attaching whose every wait can be cancelled.

``open()`` of a named pipe no one writes to blocks until someone does, and ``read()`` of a pipe
or a stalled device blocks until data comes: a job waiting there never looks at its cancel
flag, so a lock could never end it and quitting (which waits for running work) would wait for
ever, the master key in memory. Here the file is opened without blocking, and each read waits
for data in short steps, looking at the flag between them (Linux's ``poll``: a pipe whose
writer has not come yet reports nothing, one whose writer has gone reports the end).
"""

import os
import select
from pathlib import Path
from types import TracebackType

from fieldapp.progress import CancelToken

#: How long one wait for data lasts before the cancel flag is looked at again.
WAITING_STEP_MS = 100


class CancellableSource:
    """``path`` opened for reading, as a ``BinaryIO`` whose ``read`` can be cancelled."""

    def __init__(self, path: Path, cancel: CancelToken) -> None:
        self._fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        self._cancel = cancel
        self._poll = select.poll()
        self._poll.register(self._fd, select.POLLIN)

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes, once some are there (fewer than asked from a pipe); ``b""`` at
        the end; ``Cancelled`` if the flag is set while waiting."""
        while True:
            self._cancel.raise_if_cancelled()
            if not self._poll.poll(WAITING_STEP_MS):
                continue
            try:
                return os.read(self._fd, size if size >= 0 else 1 << 20)
            except BlockingIOError:  # said ready, then nothing: wait again
                continue

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> "CancellableSource":
        return self

    def __exit__(
        self,
        _kind: type[BaseException] | None,
        _error: BaseException | None,
        _trace: TracebackType | None,
    ) -> None:
        self.close()
