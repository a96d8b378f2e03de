"""Letting go of what running jobs still use, once they have ended: the lock never waits.

The window locks at once (Ctrl+L, idle time, hidden, keys gone): it hides the records and the
dialogs and asks their jobs to stop, without waiting for them. But a job may still hold what the
window lets go of: a workspace handle (a job using a connection another thread closes would
crash or corrupt the database), a dialog (deleted while its job's signals are still on their
way, it would be deleted mid-delivery). ``PendingRelease`` keeps each such thing, with the jobs
using it, and lets it go — ``release()``: lock the handle, delete the dialog — once every one
of those jobs has ended and delivered its last signal.

The end of a job is its thread's ``finished``, queued to the GUI thread: it is posted after
every signal the worker sent (they are queued to the GUI thread too, in the order sent), so a
release never runs before the job's result has been delivered.
"""

from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, Slot

from ui import workers

Release = Callable[[], None]


def delete_later(thing: QObject) -> None:
    """``thing.deleteLater()``, unless it is deleted already: two owners may each let go of
    one dialog after its work (the window's lock and the widget that opened it)."""
    if shiboken6.isValid(thing):
        thing.deleteLater()


class _JobEnd(QObject):
    """Calls ``ended(job)`` on the GUI thread once ``job``'s thread has finished."""

    def __init__(
        self, job: workers.Job, ended: Callable[[workers.Job], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._job: workers.Job | None = job
        self._ended: Callable[[workers.Job], None] | None = ended
        queued = Qt.ConnectionType.QueuedConnection
        job.thread.finished.connect(self.on_thread_finished, queued)
        if job.thread.isFinished():  # ended already: its last signals are queued before this
            QMetaObject.invokeMethod(self, "on_thread_finished", queued)

    @Slot()
    def on_thread_finished(self) -> None:
        job, self._job = self._job, None
        ended, self._ended = self._ended, None
        if job is None or ended is None:  # heard of twice (see above): the second is nothing
            return
        try:
            ended(job)
        finally:
            # Held no more: nothing of the parent stays referenced from its child being deleted.
            self.deleteLater()


class _Held:
    """One thing let go of by ``release`` once ``jobs`` have all ended."""

    def __init__(self, jobs: set[workers.Job], release: Release) -> None:
        self.jobs = jobs
        self.release = release


class PendingRelease(QObject):
    """What jobs still running at a lock hold, each let go when its jobs end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held: list[_Held] = []
        self._watched: set[workers.Job] = set()

    @property
    def holding(self) -> bool:
        """Whether anything waits for a job to end."""
        return bool(self._held)

    def release_after(self, jobs: Iterable[workers.Job | None], release: Release) -> None:
        """Call ``release()`` once every job of ``jobs`` has ended (``None`` is no job); at
        once when none is running."""
        running = {job for job in jobs if job is not None}
        if not running:
            release()
            return
        self._held.append(_Held(running, release))
        for job in running - self._watched:
            self._watched.add(job)
            _JobEnd(job, self._job_ended, self)

    def _job_ended(self, job: workers.Job) -> None:
        self._watched.discard(job)
        ready = []
        for held in list(self._held):
            held.jobs.discard(job)
            if not held.jobs:
                self._held.remove(held)
                ready.append(held.release)
        _release_each(ready)

    def wait_for_all(self) -> None:
        """Block until every job held for has ended, deliver its last signals, and let go of
        everything (when the app quits: a process must not exit mid-transaction)."""
        for job in list(self._watched):
            job.wait()
        QCoreApplication.sendPostedEvents()  # the jobs' results, then their ends
        held, self._held = self._held, []
        _release_each([each.release for each in held])


def _release_each(releases: list[Release]) -> None:
    """Call every one of ``releases``, even after one raised (a dialog's failing must not keep
    a workspace handle unlocked: its master key would stay in memory); then raise the first
    error, so that it is still reported."""
    errors: list[Exception] = []
    for release in releases:
        try:
            release()
        except Exception as error:  # raised again below, after the others
            errors.append(error)
    if errors:
        raise errors[0]
