"""The main window: set-up or unlock, then the testimony list and the editor; Lock goes back.

It owns the open workspace (an opaque handle for the services) and every guard around it:
locking on demand, after idle time and when hidden closes dialogs, wipes the editor (its
edits not yet stored are stored on a worker), empties the list and forgets the keys. Its
actions and menus live in ``main_actions``, the Sync menu's dialogs in ``sync_launchers``,
the locking itself (and quitting, which locks first) in ``window_locking`` (all mixed in).
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QWidget

from fieldapp.services import enrolment, session
from ui import settings
from ui.clipboard_guard import ClipboardGuard
from ui.error_text import error_text
from ui.idle_lock import IdleWatcher
from ui.main_actions import MainActions
from ui.pending_release import PendingRelease
from ui.sync_launchers import SyncLaunchers
from ui.views.editor import TestimonyEditor
from ui.views.editor.draft_store_queue import DraftStoreQueue
from ui.views.key_restore_dialog import KeyRestoreDialog
from ui.views.testimony_list import TestimonyListView
from ui.views.unlock_view import UnlockView
from ui.views.welcome_view import WelcomeView, keys_missing
from ui.widgets.plain_text_label import PlainTextLabel
from ui.window_drafts import WindowDrafts
from ui.window_locking import WindowLocking


class MainWindow(MainActions, SyncLaunchers, WindowLocking, WindowDrafts, QMainWindow):
    """One workspace (``root``): set up, locked or unlocked. ``key_params`` (opaque) lowers the
    key-derivation costs in tests. ``offer_setup=False`` leaves a folder with no workspace on
    the welcome view without starting the set-up (``--verify``: an auditor sets nothing up)."""

    def __init__(
        self,
        root: Path,
        parent: QWidget | None = None,
        *,
        key_params: object | None = None,
        offer_setup: bool = True,
    ) -> None:
        super().__init__(parent)
        self._root = root
        self._key_params = key_params
        self._workspace: Any = None  # opaque: handed to the services only
        self._closing = False
        #: Hidden or minimised since last shown: no one is looking (``_on_unattended``).
        self._unattended = False
        self.first_run: QDialog | None = None
        self.setWindowTitle(self.tr("Fieldapp"))
        self.resize(1100, 720)

        self.welcome_view = WelcomeView(root)
        self.unlock_view = UnlockView(root, key_params=key_params)
        self.testimony_list = TestimonyListView()
        self.editor = TestimonyEditor()
        self.stack = QStackedWidget()
        for view in (self.welcome_view, self.unlock_view, self.testimony_list, self.editor):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)
        self.status_text = PlainTextLabel()
        self.status_text.setAccessibleName(self.tr("Workspace status"))
        self.statusBar().addPermanentWidget(self.status_text, 1)

        self._make_actions()
        self._make_menus()
        self.idle_watcher = IdleWatcher(settings.idle_minutes() * 60_000, self)
        # An emergency wipe run from elsewhere (a terminal, in a hurry) removes the key file
        # under an open window, which would go on showing every record: the window locks.
        self.folder_watcher = QFileSystemWatcher(self)
        self.folder_watcher.directoryChanged.connect(self.on_folder_changed)
        self.idle_watcher.idle_timed_out.connect(self.on_idle_timed_out)
        self.clipboard_guard = ClipboardGuard(QGuiApplication.clipboard(), parent=self)
        #: What the work still running at a lock uses, until that work ends.
        self.pending_release = PendingRelease(self)
        #: Every store of a draft's edits on a worker (a lock's, *Back to the list*'s), in order.
        self.draft_stores = DraftStoreQueue(self)
        self.draft_stores.stores_ended.connect(self.on_draft_stores_ended)

        self.unlock_view.unlock_succeeded.connect(self.on_unlock_succeeded)
        self.unlock_view.typed.connect(self.on_unlock_form_typed)
        self.welcome_view.setup_requested.connect(self.on_setup_requested)
        self.welcome_view.restore_requested.connect(self.on_restore_requested)
        self.welcome_view.wipe_finished.connect(self.on_wipe_finished)
        self.welcome_view.quit_requested.connect(self.close)
        self.testimony_list.testimony_activated.connect(self.on_testimony_activated)
        self.testimony_list.new_testimony_requested.connect(self.on_new_testimony_requested)
        self.editor.closed.connect(self.on_editor_closed)
        self.editor.leave_handler = self.on_editor_closed  # its Back button: the window leaves
        for changed in (
            self.editor.testimony_saved,
            self.editor.testimony_sealed,
            self.editor.testimony_amended,
            self.editor.withdrawal_recorded,
        ):
            changed.connect(self.on_testimony_changed)
        self._update_actions()
        if self.welcome_view.wipe_interrupted:  # what is left is destroyed, never opened
            self.stack.setCurrentWidget(self.welcome_view)
        elif session.workspace_exists(root):
            self.stack.setCurrentWidget(self.unlock_view)
        elif self.welcome_view.keys_missing:  # a copy awaiting its keys: never the set-up
            self.stack.setCurrentWidget(self.welcome_view)
        else:
            self.stack.setCurrentWidget(self.welcome_view)
            if offer_setup:
                QTimer.singleShot(0, self, self.on_setup_requested)  # once the window is up

    @property
    def unlocked(self) -> bool:
        return self._workspace is not None

    # -- set-up and unlock -----------------------------------------------------------------
    @Slot()
    def on_setup_requested(self) -> None:
        from ui.views.first_run import FirstRunWizard  # only on a laptop not yet set up

        if self.first_run is not None or session.workspace_exists(self._root):
            return
        # The set-up's creation would remove a database it finds beside its own marker: a
        # folder holding a database without keys gets the restore, never the set-up; one
        # whose wipe was cut gets the wipe finished first.
        if keys_missing(self._root) or session.wipe_interrupted(self._root):
            return
        wizard = FirstRunWizard(self._root, key_params=self._key_params, parent=self)
        wizard.setup_finished.connect(self.on_unlock_succeeded)
        wizard.finished.connect(self.on_setup_closed)
        self.first_run = wizard
        wizard.open()

    @Slot()
    def on_setup_closed(self) -> None:
        wizard, self.first_run = self.first_run, None
        if wizard is not None:
            wizard.deleteLater()
        if not self.unlocked:
            exists = session.workspace_exists(self._root)
            self.stack.setCurrentWidget(self.unlock_view if exists else self.welcome_view)

    @Slot()
    def on_wipe_finished(self) -> None:
        """The folder is empty now: what a laptop with no workspace shows (the set-up offered,
        not started, so that no one mistakes it for the wipe going on)."""
        self.stack.setCurrentWidget(self.welcome_view)

    @Slot()
    def on_restore_requested(self) -> None:
        # One restore at a time: one hidden by a lock may still be writing the keys.
        restores = self.findChildren(KeyRestoreDialog)
        if self.unlocked or any(d.isVisible() or d.busy for d in restores):
            return
        dialog = KeyRestoreDialog(self._root, self, key_params=self._key_params)
        dialog.unlock_succeeded.connect(self.on_unlock_succeeded)
        dialog.finished.connect(self.on_restore_closed)
        dialog.finished.connect(dialog.deleteLater)
        # Shares and passphrases typed into it are cleared by the idle lock, as an open
        # workspace is locked: no one may find them on a laptop left alone.
        self.idle_watcher.start()
        dialog.open()

    @Slot()
    def on_restore_closed(self) -> None:
        if self.unlocked:
            return
        self.idle_watcher.stop()
        if session.workspace_exists(self._root):  # restored, closed before the code's check
            self.stack.setCurrentWidget(self.unlock_view)
            self.unlock_view.reset()
        if any(d.code_not_kept for d in self.findChildren(KeyRestoreDialog)):
            self.unlock_view.on_recovery_code_not_kept()  # the way out, until the next unlock

    @Slot(object)
    def on_unlock_succeeded(self, workspace: object) -> None:
        if self._closing:  # an unlock that ended while the app quits: nothing opens
            session.lock(workspace)  # type: ignore[arg-type]
            return
        if not self._attended():  # typed, then the window hidden: it opens for no one
            session.lock(workspace)  # type: ignore[arg-type]
            self.unlock_view.reset()
            self.unlock_view.say(
                self.tr(
                    "The workspace was locked again: its unlock ended while the window was"
                    " hidden. Type the passphrase again."
                )
            )
            return
        if self._workspace is not None:  # cannot happen from the form; never leak one
            session.lock(self._workspace)
        self.unlock_view.clear_notice()
        self._workspace = workspace
        can_create = session.workspace_role(workspace) == "interviewer"
        self.testimony_list.set_workspace(workspace, can_create=can_create)
        self.stack.setCurrentWidget(self.testimony_list)
        self._update_actions()
        self._show_status()
        self.idle_watcher.start()
        if str(self._root) not in self.folder_watcher.directories():  # still, after a lock
            self.folder_watcher.addPath(str(self._root))
        self.testimony_list.search.setFocus()

    def _show_status(self) -> None:
        try:
            status = enrolment.enrolment_status(self._workspace)
        except Exception as error:  # a status line must never stop the window opening
            self.status_text.setText(error_text(error))
            return
        label = session.workspace_label(self._workspace)
        if status.get("role") == "archive":
            devices, revoked = status.get("devices", 0), status.get("revoked", 0)
            devices = devices if isinstance(devices, int) else 0
            text = self.tr("Archive “{label}” — %n device(s) enrolled", "", devices)
            text = text.format(label=label)
            if isinstance(revoked, int) and revoked:  # their bundles are refused
                text = self.tr("{status}, %n of them revoked", "", revoked).format(status=text)
        elif status.get("this_device_revoked"):
            text = self.tr("“{label}” — this laptop was revoked and can no longer export")
            text = text.format(label=label)
        elif status.get("enrolled"):
            text = self.tr(
                "“{label}” — enrolled with archive {archive}; this laptop's packs are named"
                " …-{tag}-….fieldpack"
            ).format(
                label=label,
                archive=str(status.get("archive_id", ""))[:8],
                tag=str(status.get("pack_tag", "")),
            )
        else:
            text = self.tr(
                "“{label}” — not enrolled yet: Sync > Write enrolment request…, then Apply pack…"
            ).format(label=label)
        self.status_text.setText(text)

    # -- the list and the editor (opening one, leaving it: ``window_drafts``) ---------------
    @Slot()
    def on_new_testimony_requested(self) -> None:
        if self._workspace is None or not self.new_action.isEnabled():
            return
        if self.editor.new_testimony(self._workspace) is not None:
            self.stack.setCurrentWidget(self.editor)

    @Slot(object)
    def on_testimony_changed(self, _testimony_id: object) -> None:
        self.testimony_list.refresh()

    @Slot()
    def on_settings_requested(self) -> None:
        from ui.views.settings_dialog import SettingsDialog  # only when asked for

        dialog = SettingsDialog(self)
        if dialog.exec():
            self.idle_watcher.set_timeout(settings.idle_minutes() * 60_000)
