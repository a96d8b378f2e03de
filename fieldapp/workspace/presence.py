"""Knowing whether another process has the same workspace open.

Each open workspace holds a shared advisory lock on a lock file; the sweep of crash leftovers
(temporary blobs) runs only when an exclusive lock can be had, that is when no one else has the
workspace open — otherwise it could delete a recording another window is still writing.
"""

import contextlib
import fcntl
import os
from collections.abc import Iterator

from fieldapp.errors import ExportRunningError
from fieldapp.workspace.layout import WorkspaceLayout

LOCK_FILE = "workspace.lock"


class WorkspacePresence:
    def __init__(self, layout: WorkspaceLayout) -> None:
        self._fd: int | None = os.open(layout.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.alone = True
        except BlockingIOError:
            self.alone = False
            self.share()

    def share(self) -> None:
        """Hold the lock shared from now on: others may open the workspace, none may sweep."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


EXPORT_LOCK_FILE = "export.lock"


@contextlib.contextmanager
def exporting(layout: WorkspaceLayout) -> Iterator[None]:
    """Held for the whole of an export, by one process at a time (any window or command).

    One export's state (its pending row, its partial file) looks, to another, like a crash's
    leftovers to finish or remove; two exports at once would also race for one sequence
    number. The lock goes with the process, so a crash never leaves it held.
    """
    fd = os.open(layout.root / EXPORT_LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportRunningError() from None
        yield
    finally:
        os.close(fd)
