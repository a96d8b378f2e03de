"""Knowing whether another process has the same workspace open.

Each open workspace holds a shared advisory lock on a lock file; the sweep of crash leftovers
(temporary blobs) runs only when an exclusive lock can be had, that is when no one else has the
workspace open — otherwise it could delete a recording another window is still writing.
"""

import contextlib
import fcntl
import os

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
