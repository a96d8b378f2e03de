"""The main window: the unlock screen, then the testimony list; Lock goes back."""

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from fieldapp.services import session
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
        self.testimony_list.search.setFocus()

    @Slot()
    def on_lock_requested(self) -> None:
        self.testimony_list.clear()
        if self._workspace is not None:
            session.lock(self._workspace)
            self._workspace = None
        self.lock_action.setEnabled(False)
        self.stack.setCurrentWidget(self.unlock_view)
        self.unlock_view.reset()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # An unlock still running would open the workspace after the window is gone: let it
        # end, deliver its result, and lock whatever is open.
        self.unlock_view.wait_for_work()
        QCoreApplication.sendPostedEvents()
        self.on_lock_requested()
        super().closeEvent(event)
