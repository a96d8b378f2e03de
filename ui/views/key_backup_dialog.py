"""Backing up the workspace's keys from the desktop app, as ``fieldapp keys backup`` does: an
age passphrase file holding the master key, written to a drive or folder the person chooses.

As on the command line, the workspace's own passphrase is asked for before the keys leave: the
window being unlocked is not enough, since a laptop left open for a minute would otherwise hand
every record to whoever chose the backup's passphrase. Typing it is a real unlock attempt
(``session.unlock``, counted by the throttle), and its handle is the one the worker writes from.

The backup passphrase is weighed as the workspace's is (strength meter, the label as a guess,
``setup_checks.check_new_passphrase``). Neither passphrase stays in a field once the work starts.
Restoring is done in a copy of the workspace with no keys: the window offers it there
(``key_restore_dialog``), as ``fieldapp keys restore`` does.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import OutputExistsError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import backup, session, setup_checks
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views.work_dialog import WorkDialog
from ui.widgets.destination_picker import DestinationPicker
from ui.widgets.new_passphrase import NewPassphraseForm

DIALOG_MIN_WIDTH = 640
#: The file's name unless the person types another: the date tells two backups apart.
FILE_NAME_TEMPLATE = "fieldapp-keys-{date}.age"
#: A file name, not a path: longer names are refused by most file systems anyway.
FILE_NAME_MAX_CHARS = 200
#: Characters that would make the name a path, or a name no FAT stick takes.
_NOT_IN_A_NAME = frozenset('/\\:*?"<>|')


def default_file_name() -> str:
    return FILE_NAME_TEMPLATE.format(date=datetime.now(UTC).date().isoformat())


def file_name_is_plain(name: str) -> bool:
    """Whether ``name`` names a file in the chosen folder, and nothing else (no folder, no
    hidden name, no control character)."""
    return (
        bool(name)
        and not name.startswith(".")
        and name == name.strip()
        and not any(char in _NOT_IN_A_NAME or ord(char) < 32 for char in name)
    )


class KeyBackupDialog(WorkDialog):
    """Writes a key backup of the unlocked ``workspace`` (opaque) kept at ``root``.

    Emits ``key_backup_written(path)`` after a backup was written, ``key_backup_failed(sentence)``
    otherwise. ``detect`` lists the drives (tests give their own); ``work_factor`` is the
    backup's scrypt cost (log2 N), the service's own unless a test lowers it.
    """

    key_backup_written = Signal(object)
    key_backup_failed = Signal(str)

    def __init__(
        self,
        workspace: object,
        root: Path,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
        work_factor: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = root
        self._work_factor = work_factor
        self.setWindowTitle(self.tr("Back up the keys"))
        intro = QLabel(
            self.tr(
                "The backup holds the keys of this workspace: with the file and its passphrase,"
                " anyone can open every record in it. Write it to a USB drive kept apart from"
                " this laptop, and keep its passphrase on paper somewhere else. To restore the"
                " keys, open a copy of the workspace that has none: fieldapp then offers to"
                " restore them from this file."
            )
        )
        intro.setWordWrap(True)
        self.picker = DestinationPicker(detect=detect)
        self.file_name = QLineEdit(default_file_name())
        self.file_name.setMaxLength(FILE_NAME_MAX_CHARS)
        self.file_name.setAccessibleName(self.tr("File name"))
        self.workspace_passphrase = QLineEdit()
        self.workspace_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.workspace_passphrase.setAccessibleName(self.tr("This workspace's passphrase"))
        self.new_passphrase = NewPassphraseForm(self.tr("Backup passphrase"))
        self.new_passphrase.set_context([session.workspace_label(workspace)])  # type: ignore[arg-type]
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Backup progress"))
        self.progress_bar.setRange(0, 0)  # one step that cannot report its share: busy only
        self.progress_bar.setVisible(False)
        self.status.setAccessibleName(self.tr("Backup result"))
        self.write_button = QPushButton(self.tr("&Write backup"))
        self.write_button.setAccessibleName(self.tr("Write the backup"))
        self.write_button.setDefault(True)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)  # Enter in a field writes, never closes
        self._lay_out(intro)
        self.write_button.clicked.connect(self.on_write_requested)
        self.close_button.clicked.connect(self.reject)
        self.new_passphrase.changed.connect(self.on_new_passphrase_changed)
        self.picker.setFocus()

    def _lay_out(self, intro: QLabel) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Drive or folder"), self.picker)
        form.addRow(self.tr("File &name"), self.file_name)
        form.addRow(self.tr("This workspace's &passphrase"), self.workspace_passphrase)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        order = (
            self.picker,
            self.file_name,
            self.workspace_passphrase,
            self.new_passphrase.passphrase,
            self.new_passphrase.confirmation,
            self.write_button,
            self.close_button,
        )
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def on_new_passphrase_changed(self) -> None:
        typed = bool(self.new_passphrase.text())
        self._say((self.new_passphrase.problem() or "") if typed else "")

    @Slot()
    def on_write_requested(self) -> None:
        if self.busy:
            return
        refusal, out = self._refusal()
        if refusal is not None or out is None:
            self._refuse(refusal or "")
            return
        passphrase, secret = self.workspace_passphrase.text(), self.new_passphrase.text()
        root, work_factor = self._root, self._work_factor
        # The fields let go of both passphrases now; the worker holds its own copies.
        self.workspace_passphrase.setText("")  # not clear(): that keeps an undo step
        self.new_passphrase.clear()

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> Path:
            setup_checks.check_output_folder(out)
            if out.exists():  # never over another file (a previous backup, someone's file)
                raise OutputExistsError()
            handle = session.unlock(root, passphrase)  # the passphrase is right, or this raises
            try:
                setup_checks.check_new_passphrase(secret, session.workspace_label(handle))
                if work_factor is None:
                    backup.write_key_backup(handle, out, secret)
                else:
                    backup.write_key_backup(handle, out, secret, work_factor=work_factor)
            finally:
                session.lock(handle)
            return out

        self._run(work, self.on_backup_written, self.tr("Writing the key backup…"))

    def _refusal(self) -> tuple[str | None, Path | None]:
        """Why the backup cannot start, or where it goes."""
        folder = self.picker.destination()
        name = self.file_name.text()
        if folder is None:
            return self.tr("Plug in a USB drive and press Refresh, or choose a folder."), None
        if not file_name_is_plain(name):
            return self.tr('Type a file name alone, without a folder or / \\ : * ? " < > |.'), None
        if not self.workspace_passphrase.text():
            return self.tr("Type this workspace's passphrase."), None
        problem = self.new_passphrase.problem()
        if problem is not None:
            return problem, None
        if (folder / name).exists():  # said before the passphrases are let go of
            return error_text(OutputExistsError()), None
        return None, folder / name

    def _refuse(self, sentence: str) -> None:
        self._say(sentence)
        self.key_backup_failed.emit(sentence)

    @Slot(object)
    def on_backup_written(self, out: Path) -> None:
        self._set_working(False)
        self._say(
            self.tr(
                "The key backup was written: {name}. Keep it, and its passphrase, apart from"
                " this laptop."
            ).format(name=out.name)
        )
        self.key_backup_written.emit(out)

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        self._refuse(error_text(error))

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.progress_bar.setVisible(working)
        for widget in (
            self.picker,
            self.file_name,
            self.workspace_passphrase,
            self.new_passphrase,
            self.write_button,
            self.close_button,
        ):
            widget.setEnabled(not working)
