"""The main window's locking: a lock on demand, after idle time, when the window is hidden or
minimised, and when the keys vanish (a wipe begun elsewhere); quitting, which locks first.

``WindowLocking`` is mixed into ``MainWindow`` (which owns the workspace, the views and the
guards these methods use), as ``main_actions`` and ``sync_launchers`` are. A lock never waits
for running work (the window would freeze, still showing what it showed): everything is hidden
at once and the work asked to stop; what the work still uses (the workspace handle, its
dialog) is let go when it has ended (``ui.pending_release``). Its texts keep the window's
translation context (``MainWindow``).
"""

import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QFileSystemWatcher, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget

from fieldapp.services import session
from ui import workers
from ui.clipboard_guard import ClipboardGuard
from ui.error_text import error_text
from ui.idle_lock import IdleWatcher
from ui.pending_release import PendingRelease, delete_later
from ui.views.editor import TestimonyEditor
from ui.views.editor.draft_store_queue import DraftStoreQueue
from ui.views.key_restore_dialog import KeyRestoreDialog
from ui.views.testimony_list import TestimonyListView
from ui.views.unlock_view import UnlockView
from ui.views.welcome_view import WelcomeView
from ui.widgets.plain_text_label import PlainTextLabel

# lupdate reads the context from each call: the window's, whose Korean already exists.
translate = QCoreApplication.translate


if TYPE_CHECKING:  # the window it is mixed into: its widgets' methods and Qt's events
    _Window = QMainWindow
else:
    _Window = object


class WindowLocking(_Window):
    """Locks the window (``_lock``) and decides when: Ctrl+L, idle time, hidden, keys gone,
    quit."""

    # Provided by MainWindow.
    _root: Path
    _workspace: Any
    _closing: bool
    _unattended: bool
    first_run: QDialog | None
    idle_watcher: IdleWatcher
    folder_watcher: QFileSystemWatcher
    clipboard_guard: ClipboardGuard
    pending_release: PendingRelease
    draft_stores: DraftStoreQueue
    _open_when_stored: Any
    editor: TestimonyEditor
    testimony_list: TestimonyListView
    unlock_view: UnlockView
    welcome_view: WelcomeView
    stack: QStackedWidget
    status_text: PlainTextLabel
    unlocked: bool
    _update_actions: Callable[[], None]
    _let_go_of_export_store: Callable[..., list[workers.Job]]
    on_restore_closed: Callable[[], None]

    @Slot()
    def on_lock_requested(self) -> None:
        self._lock(keep_draft=True)

    @Slot()
    def on_idle_timed_out(self) -> None:
        """No input for the idle time: an open workspace (or a key restore's secrets) is
        locked; on the unlock screen, a passphrase or recovery form typed and not sent is
        forgotten, as when the window is hidden."""
        if self.unlocked or self._restore_open():
            self.on_lock_requested()
        else:
            self.unlock_view.forget_typed()

    @Slot()
    def on_unlock_form_typed(self) -> None:
        """Typing on the unlock screen: the idle time counts from the last input from now on
        (``on_idle_timed_out``). Already running (a key restore open), it goes on as it is."""
        if not self.unlocked and not self.idle_watcher.running:
            self.idle_watcher.start()

    def _restore_open(self) -> bool:
        return any(d.isVisible() for d in self.findChildren(KeyRestoreDialog))

    @Slot(str)
    def on_folder_changed(self, _path: str) -> None:
        """The workspace's folder changed: if its keys went (a wipe begun elsewhere), every
        store of a draft still running stops, and an open workspace locks at once, keeping
        nothing (a draft saved now would be written into what is being wiped). The folder is
        watched from the first unlock on, so a store an earlier lock left running (waiting for
        a write lock held elsewhere) stops too."""
        if session.workspace_exists(self._root) and not session.wipe_interrupted(self._root):
            return
        self.draft_stores.cancel_all()
        if not self.unlocked:
            return
        self._lock(keep_draft=False)
        self.welcome_view.refresh()
        self.stack.setCurrentWidget(self.welcome_view)

    def _lock(self, *, keep_draft: bool) -> None:
        """Hide everything at once and forget the keys, waiting for nothing: running work is
        asked to stop, and what it uses is let go when it has ended. A draft's edits not yet
        stored are stored on a worker (``keep_draft``; a wipe drops them)."""
        self.idle_watcher.stop()
        # The folder stays watched: a wipe begun after the lock must still stop the draft's
        # store the lock leaves running (``on_folder_changed``).
        self.clipboard_guard.clear_now()
        self._open_when_stored = None  # a testimony asked for before the lock opens no more
        jobs = self._close_dialogs()
        # Taken before the editor is hidden: hiding it would save its identity panel here.
        edits = self.editor.take_unsaved()
        self.status_text.setText("")
        at_unlock = session.workspace_exists(self._root)
        if at_unlock:
            self.stack.setCurrentWidget(self.unlock_view)
        self.editor.clear(save=False)  # a file being attached is asked to stop
        jobs.extend(self.editor.attachments.running_jobs)  # a file, the recorder's work
        jobs.extend(self._let_go_of_export_store(keep_draft=keep_draft))  # before an export
        if not keep_draft:
            self.draft_stores.cancel_all()  # nothing written into what is being wiped
        jobs.extend(self.draft_stores.running_jobs)  # *Back to the list*'s, an earlier lock's
        self.testimony_list.clear()
        workspace, self._workspace = self._workspace, None
        if workspace is not None and edits is not None and keep_draft:
            # Saving here could wait seconds for a write lock held elsewhere (an import).
            jobs.append(self.draft_stores.start(workspace, edits, self.on_edits_lost))
        if workspace is not None:
            # A job's own handle copies the key, but one that has not opened it yet reads it
            # from this one: locked only once every job that may use it has ended.
            self.pending_release.release_after(jobs, partial(session.lock, workspace))
        self._update_actions()
        if at_unlock:  # last: what hides and forgets must not depend on it
            self._reset_unlock_view()

    def _reset_unlock_view(self) -> None:
        """An empty unlock form; its countdown reads the attempts' counter, which a disk
        error can make unreadable: said on the form (the next attempt says it again)."""
        try:
            self.unlock_view.reset()
        except OSError as error:
            self.unlock_view.say(error_text(error))

    @Slot(object)
    def on_edits_lost(self, error: object) -> None:
        """A draft's edits taken at a lock could not be stored: said where it will be read."""
        sentence = translate(
            "MainWindow",
            "The last changes to a testimony, made just before the lock, could not be saved"
            " and are lost: {reason}",
        ).format(reason=error_text(error))  # type: ignore[arg-type]
        if self.unlocked:  # unlocked again meanwhile
            self.status_text.setText(sentence)
        else:
            self.unlock_view.show_notice(sentence)

    def _close_dialogs(self) -> list[workers.Job | None]:
        """Hide every dialog over the workspace (each wipes what it holds as it closes) and
        ask its work to stop; the jobs still running. A dialog with none is deleted now; one
        whose job runs is deleted after the job's last signal (deleting it while its signals
        are delivered would delete their sender mid-delivery), and says nothing meanwhile."""
        jobs: list[workers.Job | None] = []
        for dialog in self.findChildren(QDialog):
            if dialog is self.first_run or not dialog.isVisible():
                continue
            dialog.reject()  # asks running work to stop
            running = _running_jobs(dialog)
            dialog.blockSignals(True)  # a late result reaches nothing of the window
            dialog.hide()
            if not running:
                dialog.deleteLater()
                continue
            jobs.extend(running)
            release = partial(_dialog_work_ended, dialog, weakref.ref(self))
            self.pending_release.release_after(running, release)
        return jobs

    # -- hiding the window locks it --------------------------------------------------------
    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # Hidden (minimised, another desktop, the window closed to a tray): no one is looking
        # at it, so it must not stay open for whoever looks next.
        if not self._closing:
            self._on_unattended()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.WindowStateChange:
            if self.isMinimized():
                self._on_unattended()
            elif self.isVisible():
                self._unattended = False
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._unattended = False
        super().showEvent(event)

    def _attended(self) -> bool:
        """Whether someone may be looking: not hidden or minimised since last shown (a window
        not shown yet, as in a test, counts as looked at)."""
        return not self._unattended and not self.isMinimized()

    def _on_unattended(self) -> None:
        """Lock what is open; a recovery half-way holds the workspace it opened and may show
        its new recovery code: it is dropped too (the new passphrase is already set), as is a
        passphrase typed and not sent. An unlock still running opens nothing when it ends
        (``on_unlock_succeeded``)."""
        self._unattended = True
        if self.unlocked or self._restore_open():
            self.on_lock_requested()  # a key restore's secrets go as an open workspace does
        else:
            self.unlock_view.forget_typed()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Quitting hides and locks everything as a lock does, then waits for the work still
        running (a process must not exit mid-transaction), and lets go of what it used."""
        self._closing = True
        self.on_lock_requested()
        # Blocked below, the window would not be painted again: the screen would go on showing
        # its last frame, the records, for as long as the work takes. Off the screen first.
        self.hide()
        QGuiApplication.sync()
        # Work still running would open or use the workspace after the window is gone: let it
        # end; an unlock it delivers locks what it opened at once (``on_unlock_succeeded``).
        self.unlock_view.wait_for_work()
        self.welcome_view.wait_for_work()
        if self.first_run is not None:
            self.first_run.wait_for_work()  # type: ignore[attr-defined]
        QCoreApplication.sendPostedEvents()
        self.on_lock_requested()  # whatever a set-up or a restore opened meanwhile
        self.pending_release.wait_for_all()
        super().closeEvent(event)


def _dialog_work_ended(dialog: QDialog, window: "weakref.ref[WindowLocking]") -> None:
    """Delete ``dialog``, hidden by a lock, now that its work has ended. The window is only
    referred to weakly: a pending release keeps no window alive (nor deletes one mid-call)."""
    delete_later(dialog)  # the recorder's section may have let go of it already
    owner = window()
    if owner is not None and isinstance(dialog, KeyRestoreDialog):
        owner.on_restore_closed()  # the keys it was writing may be there now


def _running_jobs(dialog: QDialog) -> list[workers.Job]:
    """The work ``dialog`` still runs: its ``running_jobs`` (the recorder: a take being
    saved, a recording being decrypted) or its one ``running_job``."""
    several: list[workers.Job] | None = getattr(dialog, "running_jobs", None)
    if several is not None:
        return list(several)
    job: workers.Job | None = getattr(dialog, "running_job", None)
    return [] if job is None else [job]
