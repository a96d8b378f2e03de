"""Waiting on the GUI thread for a worker to end, and taking its result at once.

``ui.workers.Job.wait`` cannot serve here: the thread's ``quit`` is queued to the GUI thread,
which is the one blocked waiting, so it never returns (see the xfail test in
tests/ui/audio/test_completion.py). This waits on the work itself instead: the worker's
``finished`` sets a flag directly on its own thread, after its result signal was queued.
"""

import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt

from ui import workers


class Completion:
    """Started with ``worker`` (connect before ``workers.start``); ``wait`` blocks until the
    work has ended, then delivers the result signals queued to ``receiver``."""

    def __init__(self, worker: workers.Worker) -> None:
        self._done = threading.Event()
        worker.finished.connect(self._done.set, Qt.ConnectionType.DirectConnection)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, receiver: QObject) -> None:
        self._done.wait()
        QCoreApplication.sendPostedEvents(receiver)
