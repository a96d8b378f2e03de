"""Restoring a workspace's keys from the desktop app, as ``fieldapp keys restore`` does: into a
folder that holds a workspace's database without its ``keys.json`` (a copy awaiting its keys),
from a key backup file and its passphrase, or from key shares typed one at a time; then a new
passphrase, the new recovery code shown once and read back, and the workspace opens.

The order is the command line's: the source is checked, and must open this copy, before the new
passphrase is asked for, so that a wrong backup passphrase or a mistyped share never costs a
typed passphrase. Each share is checked as it is added (checksums: microseconds) and a bad one
is named by its position, never echoed. The backup's scrypt runs once: what
``backup.check_key_backup`` opened is handed to ``backup.write_restored_keys``. Nothing is
written but the new ``keys.json`` (by the services); a failure writes nothing, and keeps what
was given so far, so that only the wrong part is typed again.

Every secret (both passphrases, the shares, the new code) leaves the widgets on every way out:
Close, Escape, Open, and the window locking or hiding (``main_window`` runs its idle lock while
this dialog is open, and closes it on lock, without waiting for a step still running). Keys
written before the code was read back are kept, as after a recovery (``unlock_recovery``): the
new passphrase opens the workspace, and ``code_not_kept`` tells the window to say that no
recovery code opens it until a new one is made.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import WorkspaceDamagedError, WrongPassphraseError
from fieldapp.services import backup, session, setup
from ui import workers
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views.key_restore_pages import (
    BackupPage,
    CodePage,
    PassphrasePage,
    ReadBackPage,
    SharesPage,
    SourcePage,
)
from ui.views.key_restore_work import check_backup_work, check_shares_work, restore_work
from ui.views.work_dialog import WorkDialog

DIALOG_MIN_WIDTH = 640


class KeyRestoreDialog(WorkDialog):
    """Restores the keys of the copy at ``root``. Emits ``unlock_succeeded(workspace)`` (an
    opaque handle the receiver owns and must lock), as the unlock view does, once the new code
    was read back. ``key_params`` (opaque) lowers the new passphrase's Argon2id cost in tests;
    ``detect`` lists the drives offered for the backup file (tests give their own)."""

    unlock_succeeded = Signal(object)

    def __init__(
        self,
        root: Path,
        parent: QWidget | None = None,
        *,
        key_params: object | None = None,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._root = root
        self._factors = setup.work_factors(key_params)
        self._opened: backup.OpenedBackup | None = None  # the backup's keys, once checked
        self._held: list[object] = []  # the restored workspace, unlocked, until handed on
        self._code = ""  # the new recovery code, until it is read back
        #: The keys were written, and their new recovery code wiped before it was read back
        #: (or never shown): no code anyone holds opens the workspace now.
        self.code_not_kept = False
        self.setWindowTitle(self.tr("Restore the keys"))
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
        self.source_page = SourcePage(root)
        self.backup_page = BackupPage(detect)
        self.shares_page = SharesPage()
        self.passphrase_page = PassphrasePage()
        self.code_page = CodePage()
        self.read_back_page = ReadBackPage()
        self.pages = QStackedWidget()
        for page in self._all_pages():
            self.pages.addWidget(page)
        self._make_controls()
        self._connect()
        self._show(self.source_page, self.source_page.from_backup, self.source_page.next_button)

    def _all_pages(self) -> tuple[QWidget, ...]:
        return (
            self.source_page,
            self.backup_page,
            self.shares_page,
            self.passphrase_page,
            self.code_page,
            self.read_back_page,
        )

    def _make_controls(self) -> None:
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Restore progress"))
        self.progress_bar.setRange(0, 0)  # steps that cannot report their share: busy only
        self.progress_bar.setVisible(False)
        self.status.setAccessibleName(self.tr("Restore status"))
        self.cancel = QPushButton(self.tr("&Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel the check"))
        self.cancel.setAutoDefault(False)
        self.cancel.setVisible(False)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)  # Enter in a field goes on, never closes
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        source, chosen, shares = self.source_page, self.backup_page, self.shares_page
        source.next_button.clicked.connect(self.on_source_chosen)
        chosen.chooser.open_requested.connect(self.on_backup_file_given)
        chosen.check_button.clicked.connect(self.on_check_backup_requested)
        shares.add_button.clicked.connect(self.on_add_share_requested)
        shares.done_button.clicked.connect(self.on_shares_done_requested)
        shares.again_button.clicked.connect(self.on_start_again_requested)
        self.passphrase_page.form.changed.connect(self.on_new_passphrase_changed)
        self.passphrase_page.restore_button.clicked.connect(self.on_restore_requested)
        self.code_page.next_button.clicked.connect(self.on_code_written)
        for field in self.read_back_page.fields:
            field.textChanged.connect(self.on_read_back_changed)
        self.read_back_page.open_button.clicked.connect(self.on_open_requested)
        self.read_back_page.back_button.clicked.connect(self.on_show_code_again)
        for back in (chosen.back_button, shares.back_button):
            back.clicked.connect(self.on_back_to_source)
        self.passphrase_page.back_button.clicked.connect(self.on_back_to_given)
        self.cancel.clicked.connect(self.on_cancel_requested)
        self.close_button.clicked.connect(self.reject)

    def _show(self, page: QWidget, focus: QWidget, default: QPushButton) -> None:
        self.pages.setCurrentWidget(page)
        default.setDefault(True)  # Enter in a field of this page presses it
        focus.setFocus()

    # -- where the keys come from ----------------------------------------------------------
    @Slot()
    def on_source_chosen(self) -> None:
        self._say("")
        if self.source_page.from_backup.isChecked():
            page = self.backup_page
            self._show(page, page.chooser.path_edit, page.check_button)
        else:
            self._show(self.shares_page, self.shares_page.field, self.shares_page.add_button)

    @Slot()
    def on_back_to_source(self) -> None:
        if self.busy:
            return
        self._forget_source()
        self._say("")
        self._show(self.source_page, self.source_page.from_backup, self.source_page.next_button)

    @Slot(object)
    def on_backup_file_given(self, _path: Path) -> None:
        self.backup_page.passphrase.setFocus()

    @Slot()
    def on_check_backup_requested(self) -> None:
        page = self.backup_page
        path, secret = page.chooser.path(), page.passphrase.text()
        if self.busy:
            return
        if path is None:
            self._refuse(self.tr("Choose the key backup file."), page.chooser.path_edit)
            return
        if not secret:
            self._refuse(self.tr("Type the backup's passphrase."), page.passphrase)
            return
        page.passphrase.setText("")  # not clear(): that keeps an undo step
        check = check_backup_work(path, secret, self._root)
        sentence = self.tr("Checking the backup… (this can take several seconds)")
        self._step(check, self.on_backup_checked, sentence, cancellable=True)

    @Slot(object)
    def on_backup_checked(self, opened: backup.OpenedBackup) -> None:
        self._set_working(False)
        if not self.isVisible():  # closed (or the window locked) meanwhile
            return
        self._opened = opened
        self._ask_new_passphrase()

    # -- shares ----------------------------------------------------------------------------
    @Slot()
    def on_add_share_requested(self) -> None:
        if not self.busy:
            self._add_typed_share()

    def _add_typed_share(self) -> bool:
        refusal = self.shares_page.add_typed()
        self._say(refusal or "")
        return refusal is None

    @Slot()
    def on_shares_done_requested(self) -> None:
        page = self.shares_page
        if self.busy or (page.field.text().strip() and not self._add_typed_share()):
            return
        if not page.shares:
            self._refuse(self.tr("Type the words of share {n}.").format(n=1), page.field)
            return
        check = check_shares_work(list(page.shares), self._root)
        self._step(check, self.on_shares_checked, self.tr("Checking the shares…"), cancellable=True)

    @Slot(object)
    def on_shares_checked(self, _nothing: object) -> None:
        self._set_working(False)
        if self.isVisible():
            self._ask_new_passphrase()

    @Slot()
    def on_start_again_requested(self) -> None:
        if not self.busy:
            self.shares_page.forget()
            self._say("")
            self.shares_page.field.setFocus()

    # -- the new passphrase ----------------------------------------------------------------
    def _ask_new_passphrase(self) -> None:
        self._say("")
        page = self.passphrase_page
        self._show(page, page.form.passphrase, page.restore_button)

    @Slot()
    def on_back_to_given(self) -> None:
        """Back to the shares (kept) or the backup (to be checked again)."""
        if self.busy:
            return
        self.passphrase_page.form.clear()
        self._say("")
        if self._opened is not None:
            self._opened = None
            page = self.backup_page
            self._show(page, page.passphrase, page.check_button)
        else:
            self._show(self.shares_page, self.shares_page.field, self.shares_page.add_button)

    @Slot()
    def on_new_passphrase_changed(self) -> None:
        form = self.passphrase_page.form
        problem = form.problem()
        self._say((problem or "") if form.text() else "")
        self.passphrase_page.restore_button.setEnabled(problem is None)

    @Slot()
    def on_restore_requested(self) -> None:
        form = self.passphrase_page.form
        if self.busy or form.problem() is not None:
            return
        secret = form.text()
        form.clear()  # the worker holds its own copy
        shares = list(self.shares_page.shares)
        restore = restore_work(self._root, secret, self._factors, self._opened, shares, self._held)
        self._step(restore, self.on_keys_restored, self.tr("Restoring the keys…"))

    @Slot(object)
    def on_keys_restored(self, code: str) -> None:
        self._set_working(False)
        self._opened = None
        self.shares_page.forget()
        if not self.isVisible():
            self.code_not_kept = True  # shown nowhere
            self._release()
            return
        self._code = code
        page = self.code_page
        page.display.show_code(code)
        page.written.setChecked(False)
        self._say(self.tr("The keys were restored: the new passphrase now opens this workspace."))
        self._show(page, page.written, page.next_button)

    # -- the new recovery code -------------------------------------------------------------
    @Slot()
    def on_code_written(self) -> None:
        if not self.code_page.written.isChecked() or not self._code:
            return
        self.read_back_page.ask(self._code)
        self._say("")
        page = self.read_back_page
        self._show(page, page.fields[0], page.open_button)

    @Slot()
    def on_show_code_again(self) -> None:
        page = self.code_page
        self._show(page, page.written, page.next_button)

    @Slot()
    def on_read_back_changed(self) -> None:
        page = self.read_back_page
        self._say(
            self.tr("That does not match the code. Look at your paper again, or go Back to it.")
            if page.mistyped()
            else ""
        )
        page.open_button.setEnabled(page.complete())

    @Slot()
    def on_open_requested(self) -> None:
        if not self.read_back_page.complete():
            return
        workspace = self._held.pop() if self._held else None
        self._code = ""  # read back: kept on paper
        self._wipe()
        if workspace is not None:
            self.unlock_succeeded.emit(workspace)
        self.accept()

    # -- work, failure and every way out ---------------------------------------------------
    def _step(
        self,
        work: workers.Work,
        succeeded: Callable[[Any], None],
        sentence: str,
        *,
        cancellable: bool = False,
    ) -> None:
        # Only a check can be cancelled (its result is dropped); writing the keys is one step.
        self.cancel_button = self.cancel if cancellable else None
        self._run(work, succeeded, sentence)

    def _refuse(self, sentence: str, focus: QWidget) -> None:
        self._say(sentence)
        focus.setFocus()

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        page = self.pages.currentWidget()
        if page is self.backup_page and isinstance(error, WrongPassphraseError):
            sentence = self.tr(
                "The backup's passphrase is wrong, or the file is not a fieldapp key backup."
            )
        elif page is self.backup_page and isinstance(error, WorkspaceDamagedError):
            sentence = self.tr(
                "This backup does not open the workspace in this folder: it is of another"
                " workspace, or the folder's database is damaged. Nothing was written."
            )
        else:
            sentence = error_text(error)
        focus = {
            self.backup_page: self.backup_page.passphrase,
            self.shares_page: self.shares_page.field,
            self.passphrase_page: self.passphrase_page.form.passphrase,
        }.get(page)
        self._say(sentence)
        if focus is not None:
            focus.setFocus()

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.pages.setEnabled(not working)
        self.progress_bar.setVisible(working)
        self.cancel.setVisible(working and self.cancel_button is not None)
        self.cancel.setEnabled(working)
        self.close_button.setEnabled(not working)

    def _forget_source(self) -> None:
        self._opened = None
        self.backup_page.passphrase.setText("")
        self.shares_page.forget()

    def _wipe(self) -> None:
        """Let go of every secret: no field or label holds one afterwards."""
        if self._code:  # written, shown, and not read back
            self.code_not_kept = True
        self._forget_source()
        self.passphrase_page.form.clear()
        self.code_page.display.wipe()
        self.code_page.written.setChecked(False)
        self.read_back_page.wipe()
        self._code = ""

    def _release(self) -> None:
        """Lock a restored workspace not handed on (the dialog closed before Open)."""
        while self._held:
            session.lock(self._held.pop())  # type: ignore[arg-type]

    def done(self, result: int) -> None:
        # Close, Escape, Open: every way out of a dialog passes here.
        self._wipe()
        self._release()
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # The window's lock hides this dialog without done(), and without waiting for a step
        # still running (a key derivation takes seconds): the window is kept from freezing.
        # Such a step's result finds the dialog hidden and locks what it restored; the window
        # deletes the dialog only after that result (``ui.pending_release``).
        self._wipe()
        self._release()
        super().hideEvent(event)
