"""One small worker type: a plain callable run on a ``QThread``, reporting through signals.

The callable is ``fn(progress, cancel)``: ``progress(done, total)`` becomes the ``progress``
signal and ``cancel`` is a ``CancelToken`` the GUI sets. A worker never touches a widget; the
signals reach the GUI thread through queued connections.

``start(worker)`` wires the thread so that it quits when the work ends and is deleted after it has
finished, and keeps the Python objects alive until then: a caller may drop its reference.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken, ProgressCallback

#: The work: ``fn(progress, cancel) -> result``.
Work = Callable[[ProgressCallback, CancelToken], Any]


class Worker(QObject):
    """Runs ``fn`` once, on whatever thread it was moved to, and says how it ended.

    Exactly one of ``succeeded``, ``failed`` or ``cancelled`` is emitted, then ``finished``.
    """

    progress = Signal(object, object)  # Python ints: byte counts pass 2 GiB
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Work, cancel: CancelToken | None = None) -> None:
        super().__init__()
        self._fn = fn
        self.cancel_token = cancel or CancelToken()

    def cancel(self) -> None:
        """Ask the work to stop at its next check (thread-safe: it only sets a flag)."""
        self.cancel_token.cancel()

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self._report, self.cancel_token)
        except Cancelled:
            self.cancelled.emit()
        except Exception as error:  # every failure becomes a signal; the GUI maps it to text
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()

    def _report(self, done: int, total: int) -> None:
        self.progress.emit(done, total)


class Job(QObject):
    """A running worker and its thread; lives on the GUI thread until the thread has ended."""

    _running: ClassVar[set["Job"]] = set()

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker
        self.thread = QThread()
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        # Direct: quit is thread-safe, and a queued call would wait for the GUI thread's event
        # loop — which ``wait()`` on the GUI thread blocks, so the thread would never end.
        worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        # Queued to this object's (the GUI) thread: the references are dropped there, after
        # the thread has finished, never from the worker thread itself.
        self.thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        Job._running.add(self)
        self.thread.start()

    def is_running(self) -> bool:
        return self in Job._running

    def wait(self, msecs: int = -1) -> bool:
        """Block until the thread has ended (for closing the app while work runs)."""
        return self.thread.wait() if msecs < 0 else self.thread.wait(msecs)

    @Slot()
    def _on_thread_finished(self) -> None:
        self.thread.wait()  # returns at once: the thread is leaving its run()
        Job._running.discard(self)


def start(worker: Worker) -> Job:
    """Run ``worker`` on a new thread. Connect to its signals *before* calling this: a signal
    emitted while nothing is connected is lost, and fast work may end at once."""
    job = Job(worker)
    job.start()
    return job
