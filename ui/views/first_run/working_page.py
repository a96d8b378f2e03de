"""A wizard page that runs one piece of work at a time on a worker thread.

While it runs the page is busy (the wizard cannot move on), and its end — a result, a failure
or a cancellation — reaches the page as a slot on the GUI thread; a failure is one sentence in
the page's status line.
"""

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWizardPage

from fieldapp.errors import Cancelled
from ui import workers
from ui.error_text import error_text
from ui.widgets.plain_text_label import PlainTextLabel


class WorkingPage(QWizardPage):
    """Subclasses set ``status`` and extend ``_set_working`` to enable or disable their
    controls (calling this one first)."""

    status: PlainTextLabel

    def __init__(self) -> None:
        super().__init__()
        self._job: workers.Job | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.busy

    def _run(self, work: workers.Work, succeeded: Callable[[object], None], saying: str) -> None:
        """Start ``work``; ``succeeded(result)`` runs on the GUI thread when it ends well."""
        worker = workers.Worker(work)
        worker.succeeded.connect(succeeded)
        worker.failed.connect(self.on_failed)
        worker.cancelled.connect(self.on_cancelled)
        self.status.setText(saying)
        self._job = workers.start(worker)
        self._set_working(True)

    def _set_working(self, working: bool) -> None:
        if not working:
            self._job = None  # the Job keeps itself alive until its thread has ended

    @Slot(object)
    def on_failed(self, error: BaseException) -> None:
        self._set_working(False)
        self.status.setText(error_text(error))

    @Slot()
    def on_cancelled(self) -> None:
        self._set_working(False)
        self.status.setText(error_text(Cancelled()))

    def wait_for_work(self) -> None:
        """Block until the work has ended (before the wizard closes)."""
        if self._job is not None:
            self._job.wait()
