"""The window's stores of a draft's edits on workers, one after another.

A store of unsaved edits runs on a worker (``unsaved_edits``) and may wait up to SQLite's busy
timeout for a write lock held elsewhere (an import). Two of them for the same testimony — the
edits taken at a lock, then, after a quick unlock, newer edits taken at the next lock or on
*Back to the list* — could otherwise land in either order, and the older would overwrite the
newer. So every store of a window goes through one ``DraftStoreQueue``: each is its own job
(the window keeps the workspace it writes to until that job ends, as for any job) but waits,
on its worker, until every store started before it has ended. The window also opens no
testimony while a store of it is queued (``pending``; ``stores_ended`` says when), so that the
editor never reads a record an older store is about to change under newer edits.
"""

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal, Slot

from fieldapp.progress import CancelToken, ProgressCallback
from ui import workers
from ui.views.editor.unsaved_edits import UnsavedEdits

#: How often a store waiting for its turn looks at its cancel flag (a wipe begun elsewhere).
_TURN_CHECK_SECONDS = 0.1


class _Turns:
    """Tickets served in the order they were taken; thread-safe."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._taken = 0
        self._serving = 0
        self._ended: set[int] = set()

    def take(self) -> int:
        with self._changed:
            self._taken += 1
            return self._taken - 1

    @contextlib.contextmanager
    def turn(self, ticket: int, cancel: CancelToken) -> Iterator[None]:
        """Wait until every earlier ticket has ended, then hold the turn for the block; a
        cancel while waiting raises ``Cancelled`` (the turn is given up either way)."""
        try:
            with self._changed:
                while self._serving != ticket:
                    cancel.raise_if_cancelled()
                    self._changed.wait(_TURN_CHECK_SECONDS)
            yield
        finally:
            self._end(ticket)

    def _end(self, ticket: int) -> None:
        with self._changed:
            self._ended.add(ticket)
            while self._serving in self._ended:
                self._ended.discard(self._serving)
                self._serving += 1
            self._changed.notify_all()


class DraftStoreQueue(QObject):
    """Starts stores of unsaved edits on workers, each after the ones started before it."""

    #: (testimony id) No store of that testimony is queued or running any more.
    stores_ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._turns = _Turns()
        self._pending: Counter[UUID] = Counter()
        self._running: dict[workers.Worker, tuple[UUID, workers.Job]] = {}

    @property
    def running_jobs(self) -> list[workers.Job]:
        """The stores queued or running: a lock keeps the workspace each writes to until they
        have ended."""
        return [job for _testimony_id, job in self._running.values() if job.is_running()]

    def cancel_all(self) -> None:
        """Stop every store queued or running (the keys vanished: a wipe begun elsewhere):
        nothing more is written, not even by one waiting for the write lock."""
        for worker in self._running:
            worker.cancel()

    def pending(self, testimony_id: UUID | None) -> bool:
        """Whether a store of ``testimony_id`` is queued or running."""
        return testimony_id is not None and self._pending[testimony_id] > 0

    def start(
        self,
        workspace: Any,
        edits: UnsavedEdits,
        failed: Callable[[object], None],
        succeeded: Callable[[object], None] | None = None,
    ) -> workers.Job:
        """Store ``edits`` into ``workspace`` on a worker, once every store started before
        has ended; ``failed(error)``/``succeeded(None)`` on the GUI thread. The caller keeps
        ``workspace`` unlocked until the job has ended (the worker reads its key)."""
        ticket = self._turns.take()

        def store(_progress: ProgressCallback, cancel: CancelToken) -> None:
            with self._turns.turn(ticket, cancel):
                edits.store(workspace, cancel)

        worker = workers.Worker(store)
        worker.failed.connect(failed)
        if succeeded is not None:
            worker.succeeded.connect(succeeded)
        worker.finished.connect(self._on_store_finished)  # queued: this object's thread
        job = workers.start(worker)
        self._running[worker] = (edits.testimony_id, job)
        self._pending[edits.testimony_id] += 1
        return job

    @Slot()
    def _on_store_finished(self) -> None:
        ended = self._running.pop(self.sender(), None)  # type: ignore[call-overload]
        if ended is None:
            return
        testimony_id = ended[0]
        self._pending[testimony_id] -= 1
        if self._pending[testimony_id] <= 0:
            del self._pending[testimony_id]
            self.stores_ended.emit(testimony_id)
