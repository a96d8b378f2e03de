"""What every dialog that works on a worker thread shares: one job at a time, a status line that
the dialog grows to fit, and a Close that never leaves work running unseen.

A subclass lays out its own widgets (``self.status`` among them), keeps its controls in step in
``_set_working`` (calling this class's first), and says how a failure
reads in ``_work_failed``. That is a plain method called by this class's own slots, never a slot
a subclass overrides: PySide6 calls an overridden slot in the thread that emits the signal, so
an override would answer a worker's failure on the worker's thread, touching widgets there.

What Escape or Close does while work runs depends on ``cancel_button``: a dialog whose work
stops between chunks (an export, an import) sets it, and Close then asks the work to stop, as
the button does; without one (work that is one transaction cannot stop halfway) the dialog
waits for the work.

The window's lock never waits for the work: it hides the dialog, asks the work to stop and
deletes the dialog once ``running_job`` has ended (``ui.pending_release``). A result arriving
after that finds the dialog hidden; its signals are blocked by then, so it reaches nothing else.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from fieldapp.errors import Cancelled
from ui import workers
from ui.widgets.plain_text_label import PlainTextLabel


class WorkDialog(QDialog):
    """A dialog running at most one worker at a time, reporting in ``self.status``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job: workers.Job | None = None
        #: Set by a dialog whose work can be cancelled; connected to ``on_cancel_requested``.
        self.cancel_button: QPushButton | None = None
        self.status = PlainTextLabel()  # may quote file names and labels: plain text only
        self.status.setWordWrap(True)

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def running_job(self) -> workers.Job | None:
        """The work in progress, until its result has been delivered here."""
        return self._job

    def _start(self, worker: workers.Worker) -> None:
        """Run ``worker``, whose signals are already connected."""
        self._job = workers.start(worker)

    def _run(self, fn: workers.Work, succeeded: Callable[[Any], None], message: str) -> None:
        """Run ``fn`` on a worker: ``succeeded(result)`` (a slot of the subclass's own, not
        an override), or ``_work_failed(error)`` (a cancel as ``Cancelled``); ``message`` is
        shown meanwhile."""
        worker = workers.Worker(fn)
        worker.succeeded.connect(succeeded)
        worker.failed.connect(self.on_work_failed)
        worker.cancelled.connect(self.on_work_cancelled)
        self._set_working(True)
        self._say(message)
        self._start(worker)

    @Slot()
    def on_cancel_requested(self) -> None:
        """Ask the running work to stop at its next check (it only sets a flag)."""
        if self._job is None:
            return
        self._job.worker.cancel()
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)
        self._say(self.tr("Cancelling…"))

    def _set_working(self, working: bool) -> None:
        """Enable and disable the controls as work starts and ends (a subclass extends it,
        calling this first)."""
        if not working:
            self._job = None  # the Job keeps itself alive until its thread has ended

    @Slot()
    def on_work_cancelled(self) -> None:
        self._work_failed(Cancelled())

    @Slot(object)
    def on_work_failed(self, error: BaseException) -> None:
        self._work_failed(error)

    def _work_failed(self, error: BaseException) -> None:
        """Say how the work failed (on the GUI thread: called from this class's slots)."""
        raise NotImplementedError

    def reject(self) -> None:
        # Escape or Close while work runs: the dialog stays until the work has ended, so no
        # work runs on unseen; work that can stop is asked to.
        if self.busy:
            if self.cancel_button is not None:
                self.on_cancel_requested()
            return
        super().reject()

    def wait_for_work(self) -> None:
        """Block until the work in progress has ended (the GUI freezes meanwhile: never on a
        lock, which lets go of the dialog after its ``running_job`` instead)."""
        if self._job is not None:
            self._job.wait()

    def _say(self, text: str) -> None:
        """Show ``text`` and let the dialog grow to it: a top-level window does not follow its
        wrapped labels' heights by itself, and a clipped summary or fingerprint misleads."""
        self.status.setText(text)
        QTimer.singleShot(0, self, self.adjustSize)  # dropped if the dialog is gone
