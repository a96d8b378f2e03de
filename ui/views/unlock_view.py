"""The unlock screen: a passphrase, an Unlock button, and the reason when it fails.

Unlocking derives a key with Argon2id (about half a second on purpose), so it runs on a worker:
the window keeps repainting and the button is disabled until the answer arrives.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import session
from ui import workers
from ui.error_text import error_text
from ui.widgets.plain_text_label import PlainTextLabel


class UnlockView(QWidget):
    """Emits ``unlock_succeeded(workspace)`` or ``unlock_failed(sentence)``."""

    unlock_succeeded = Signal(object)
    unlock_failed = Signal(str)

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._job: workers.Job | None = None

        self.heading = QLabel(self.tr("Unlock the workspace"))
        self.location = PlainTextLabel(str(root))  # a path is text from outside: plain only
        self.location.setAccessibleName(self.tr("Workspace folder"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.status = PlainTextLabel()
        self.status.setAccessibleName(self.tr("Unlock status"))
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (self.heading, self.location, self.passphrase, self.unlock_button):
            layout.addWidget(widget)
        layout.addWidget(self.status)
        layout.addStretch()
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.unlock_button.clicked.connect(self.on_unlock_requested)
        self.passphrase.returnPressed.connect(self.on_unlock_requested)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def reset(self) -> None:
        """Back to an empty form (after locking)."""
        self.passphrase.clear()
        self.status.setText("")
        self.passphrase.setFocus()

    @Slot()
    def on_unlock_requested(self) -> None:
        if self.busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.status.setText(self.tr("Type the workspace's passphrase."))
            return
        root = self._root

        def unlock(_progress: ProgressCallback, _cancel: CancelToken) -> object:
            return session.unlock(root, passphrase)

        worker = workers.Worker(unlock)
        worker.succeeded.connect(self.on_unlock_succeeded)
        worker.failed.connect(self.on_unlock_failed)
        worker.cancelled.connect(self.on_unlock_cancelled)
        self._set_working(True)
        self.status.setText(self.tr("Unlocking…"))
        self._job = workers.start(worker)

    @Slot(object)
    def on_unlock_succeeded(self, workspace: object) -> None:
        self._set_working(False)
        self.passphrase.clear()
        self.status.setText("")
        self.unlock_succeeded.emit(workspace)

    @Slot(object)
    def on_unlock_failed(self, error: BaseException) -> None:
        self._show_failure(error_text(error))

    @Slot()
    def on_unlock_cancelled(self) -> None:
        self._show_failure(error_text(Cancelled()))

    def _show_failure(self, sentence: str) -> None:
        self._set_working(False)
        self.passphrase.clear()
        self.status.setText(sentence)
        self.passphrase.setFocus()
        self.unlock_failed.emit(sentence)

    def _set_working(self, working: bool) -> None:
        if not working:
            self._job = None  # the Job keeps itself alive until its thread has ended
        self.unlock_button.setEnabled(not working)
        self.passphrase.setEnabled(not working)

    def wait_for_work(self) -> None:
        """Block until an unlock in progress has ended (before the window closes)."""
        if self._job is not None:
            self._job.wait()
