"""The main window: the unlock screen, then the testimony list; Lock goes back."""

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QHideEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from fieldapp.services import session
from ui import settings
from ui.clipboard_guard import ClipboardGuard
from ui.idle_lock import IdleWatcher
from ui.views.testimony_list import TestimonyListView
from ui.views.unlock_view import UnlockView


class MainWindow(QMainWindow):
    """One workspace (``root``), locked or unlocked."""

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace: Any = None  # opaque: handed to the services only
        self.setWindowTitle(self.tr("Fieldapp"))
        self.resize(960, 640)

        self.unlock_view = UnlockView(root)
        self.testimony_list = TestimonyListView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unlock_view)
        self.stack.addWidget(self.testimony_list)
        self.setCentralWidget(self.stack)

        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence(self.tr("Ctrl+L")))
        self.lock_action.setStatusTip(self.tr("Close the workspace and forget its keys"))
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self.on_lock_requested)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(self.tr("&Workspace"))
        menu.addAction(self.lock_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.addAction(self.lock_action)  # the shortcut works with the menu closed

        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self.on_settings_requested)
        menu.insertAction(self.quit_action, self.settings_action)

        self.idle_watcher = IdleWatcher(settings.idle_minutes() * 60_000, self)
        self.idle_watcher.idle_timed_out.connect(self.on_lock_requested)
        self.clipboard_guard = ClipboardGuard(QGuiApplication.clipboard(), parent=self)
        self._closing = False

        self.unlock_view.unlock_succeeded.connect(self.on_unlock_succeeded)
        self.stack.setCurrentWidget(self.unlock_view)

    @property
    def unlocked(self) -> bool:
        return self._workspace is not None

    @Slot(object)
    def on_unlock_succeeded(self, workspace: object) -> None:
        if self._workspace is not None:  # cannot happen from the form; never leak one
            session.lock(self._workspace)
        self._workspace = workspace
        self.testimony_list.set_workspace(workspace)
        self.stack.setCurrentWidget(self.testimony_list)
        self.lock_action.setEnabled(True)
        self.idle_watcher.start()
        self.testimony_list.search.setFocus()

    @Slot()
    def on_lock_requested(self) -> None:
        self.idle_watcher.stop()
        self.clipboard_guard.clear_now()
        self.testimony_list.clear()
        if self._workspace is not None:
            session.lock(self._workspace)
            self._workspace = None
        self.lock_action.setEnabled(False)
        self.stack.setCurrentWidget(self.unlock_view)
        self.unlock_view.reset()

    @Slot()
    def on_settings_requested(self) -> None:
        from ui.views.settings_dialog import SettingsDialog  # only when asked for

        dialog = SettingsDialog(self)
        if dialog.exec():
            self.idle_watcher.set_timeout(settings.idle_minutes() * 60_000)

    # -- hiding the window locks it --------------------------------------------------------
    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # Hidden (minimised, another desktop, the window closed to a tray): no one is looking
        # at it, so it must not stay open for whoever looks next.
        if self.unlocked and not self._closing:
            self.on_lock_requested()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized() and self.unlocked:
            self.on_lock_requested()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._closing = True
        # An unlock still running would open the workspace after the window is gone: let it
        # end, deliver its result, and lock whatever is open.
        self.unlock_view.wait_for_work()
        QCoreApplication.sendPostedEvents()
        self.on_lock_requested()
        super().closeEvent(event)
