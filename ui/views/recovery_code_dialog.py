"""Making a new recovery code from the desktop app, as ``fieldapp keys recovery-code`` does: for
a paper lost, seen by someone or photographed, or after a recovery whose new code was never
shown.

The workspace's passphrase is typed again first (a laptop left unlocked must not let whoever
sits down replace the code: ``KeyBackupDialog`` says why); that is a real unlock attempt, on a
worker (Argon2id). The new code is then shown once (``RecoveryCodeDisplay``: never selectable,
never on the clipboard), two of its groups are typed back from the paper, as the first-run
set-up asks, and only then is it written to ``keys.json`` (``services.recovery_code``), on a
worker. Until that write the old code keeps working: closing the dialog, or a lock, at any
step before it changes nothing.

Every way out (Close, Escape, Finish, a lock, the window hidden) wipes the code from the
widgets and lets go of it. A lock while the code is being written lets the write finish (the
person has read the code back: it is on paper); its result reaches only this hidden dialog.
"""

import dataclasses
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import recovery_code, session
from fieldapp.services.recovery_code import NewRecoveryCode
from ui.error_text import error_text
from ui.views.work_dialog import WorkDialog
from ui.widgets.plain_text_label import PlainTextLabel
from ui.widgets.recovery_code_display import RecoveryCodeDisplay

DIALOG_MIN_WIDTH = 640
#: A group is 4 characters; room for stray spaces.
GROUP_MAX_CHARS = 8
PASSPHRASE_PAGE, CODE_PAGE, READ_BACK_PAGE, DONE_PAGE = range(4)


class RecoveryCodeDialog(WorkDialog):
    """Replaces the recovery code of the unlocked ``workspace`` (opaque) kept at ``root``.

    Emits ``code_shown()`` when the new code is on the screen, ``code_stored()`` once it has
    replaced the old one, and ``code_refused(sentence)`` when a step fails."""

    code_shown = Signal()
    code_stored = Signal()
    code_refused = Signal(str)

    def __init__(self, workspace: object, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._root = root
        self._new: NewRecoveryCode | None = None  # made, not stored: held while it is shown
        self.setWindowTitle(self.tr("Make a new recovery code"))
        self.pages = QStackedWidget()
        for page in (self._passphrase_page(), self._code_page(), self._read_back_page()):
            self.pages.addWidget(page)
        self.pages.addWidget(self._done_page())
        self.status.setAccessibleName(self.tr("New recovery code status"))
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
        layout.addWidget(self.pages)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._show_page(PASSPHRASE_PAGE, self.passphrase)

    # -- the pages -------------------------------------------------------------------------
    def _passphrase_page(self) -> QWidget:
        intro = QLabel(
            self.tr(
                "A new recovery code replaces the one on your paper. Make one if that paper was"
                " lost, seen by someone or photographed, or if a recovery never showed you its"
                " new code. The old code keeps working until you have typed two groups of the"
                " new one back from your paper; after that, only the new one works."
            )
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("This workspace's passphrase"))
        self.make_button = QPushButton(self.tr("&Make a new code"))
        self.make_button.setAccessibleName(self.tr("Make a new recovery code"))
        form = QFormLayout()
        form.addRow(self.tr("This workspace's &passphrase"), self.passphrase)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.make_button)
        layout.addStretch()
        QWidget.setTabOrder(self.passphrase, self.make_button)
        self.passphrase.returnPressed.connect(self.on_make_requested)
        self.make_button.clicked.connect(self.on_make_requested)
        return page

    def _code_page(self) -> QWidget:
        advice = PlainTextLabel(
            self.tr(
                "Write this new code on paper now: it is shown only this once. Keep the paper"
                " apart from the laptop; do not photograph it or type it anywhere else."
            )
        )
        advice.setWordWrap(True)
        self.display = RecoveryCodeDisplay()
        self.display.setAccessibleName(self.tr("New recovery code"))
        self.written = QCheckBox(self.tr("I have &written the new code on paper"))
        self.written.setAccessibleName(self.tr("I have written the new code on paper"))
        self.next_button = QPushButton(self.tr("&Next"))
        self.next_button.setAccessibleName(self.tr("Type two groups back"))
        self.next_button.setEnabled(False)
        page = QWidget()
        layout = QVBoxLayout(page)
        for widget in (advice, self.display, self.written, self.next_button):
            layout.addWidget(widget)
        QWidget.setTabOrder(self.written, self.next_button)
        self.written.toggled.connect(self.next_button.setEnabled)
        self.next_button.clicked.connect(self.on_next_requested)
        return page

    def _read_back_page(self) -> QWidget:
        intro = QLabel(self.tr("Type these two groups of the new code from your paper."))
        intro.setWordWrap(True)
        self.group_fields = [QLineEdit() for _ in range(recovery_code.GROUPS_TO_READ_BACK)]
        self.group_labels = [QLabel() for _ in self.group_fields]
        form = QFormLayout()
        for label, field in zip(self.group_labels, self.group_fields, strict=True):
            field.setMaxLength(GROUP_MAX_CHARS)
            field.textChanged.connect(self.on_group_typed)
            label.setBuddy(field)
            form.addRow(label, field)
        self.back_button = QPushButton(self.tr("&Back to the code"))
        self.back_button.setAccessibleName(self.tr("Back to the code"))
        self.store_button = QPushButton(self.tr("&Store the new code"))
        self.store_button.setAccessibleName(self.tr("Store the new recovery code"))
        self.store_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.store_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch()
        for before, after in pairwise([*self.group_fields, self.store_button, self.back_button]):
            QWidget.setTabOrder(before, after)
        self.back_button.clicked.connect(self.on_back_requested)
        self.store_button.clicked.connect(self.on_store_requested)
        return page

    def _done_page(self) -> QWidget:
        self.done_text = PlainTextLabel(
            self.tr(
                "The new recovery code is stored; the old one no longer opens this workspace."
                " Destroy the old paper."
            )
        )
        self.done_text.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("&Finish"))
        self.finish_button.setAccessibleName(self.tr("Finish"))
        self.finish_button.clicked.connect(self.accept)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_text)
        layout.addWidget(self.finish_button)
        layout.addStretch()
        return page

    def _show_page(self, index: int, focus: QWidget) -> None:
        self.pages.setCurrentIndex(index)
        defaults = (self.make_button, self.next_button, self.store_button, self.finish_button)
        defaults[index].setDefault(True)  # Enter presses it (when it is enabled)
        focus.setFocus()

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def on_make_requested(self) -> None:
        if self.busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._refuse(self.tr("Type this workspace's passphrase."))
            return
        self.passphrase.setText("")  # not clear(): that keeps an undo step
        root = self._root

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> NewRecoveryCode:
            handle = session.unlock(root, passphrase)  # the passphrase is right, or this raises
            session.lock(handle)
            return recovery_code.make_recovery_code()  # nothing is written yet

        self._run(work, self.on_code_made, self.tr("Checking the passphrase…"))

    @Slot(object)
    def on_code_made(self, new: NewRecoveryCode) -> None:
        self._set_working(False)
        if not self.isVisible():  # closed (or the window locked) meanwhile: shown nowhere
            new.forget()
            return
        self._say("")
        self._new = new
        self.display.show_code(new.code)
        self.written.setChecked(False)
        self._show_page(CODE_PAGE, self.written)
        self.code_shown.emit()

    @Slot()
    def on_next_requested(self) -> None:
        if self._new is None or not self.written.isChecked():
            return
        for label, field, index in zip(
            self.group_labels, self.group_fields, self._new.asked, strict=True
        ):
            name = self.tr("Group %1").replace("%1", str(index + 1))
            label.setText(name)
            field.setAccessibleName(name)
        self._clear_groups()
        self._say("")
        self._show_page(READ_BACK_PAGE, self.group_fields[0])

    @Slot()
    def on_back_requested(self) -> None:
        if self.busy or self._new is None:
            return
        self._clear_groups()
        self._say("")
        self._show_page(CODE_PAGE, self.written)

    @Slot()
    def on_group_typed(self) -> None:
        new = self._new
        if new is None:
            return
        typed = [field.text() for field in self.group_fields]
        complete = [len(recovery_code.normalise_group(text)) >= 4 for text in typed]
        pairs = zip(complete, new.matches(typed), strict=True)
        wrong = any(done and not right for done, right in pairs)
        self._say(
            self.tr("That does not match the new code. Look at your paper again, or go Back to it.")
            if wrong
            else ""
        )
        self.store_button.setEnabled(recovery_code.confirm_read_back(new, typed))

    @Slot()
    def on_store_requested(self) -> None:
        new = self._new
        typed = [field.text() for field in self.group_fields]
        if self.busy or new is None or not recovery_code.confirm_read_back(new, typed):
            return
        # The worker has its own copy: this one is wiped at once, and at any way out.
        stored = dataclasses.replace(new)
        workspace = self._workspace
        self._forget_code()

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> None:
            try:
                with session.worker_handle(workspace) as handle:  # type: ignore[arg-type]
                    recovery_code.store_recovery_code(handle, stored)
            finally:
                stored.forget()

        self._run(work, self.on_code_stored, self.tr("Storing the new recovery code…"))

    @Slot(object)
    def on_code_stored(self, _result: object) -> None:
        self._set_working(False)
        self._say("")
        self._show_page(DONE_PAGE, self.finish_button)
        self.code_stored.emit()

    # -- letting go ------------------------------------------------------------------------
    def _clear_groups(self) -> None:
        for field in self.group_fields:
            field.blockSignals(True)  # no re-check of a code that may be gone
            field.setText("")  # not clear(): that keeps an undo step
            field.blockSignals(False)
        self.store_button.setEnabled(False)

    def _forget_code(self) -> None:
        """The code leaves the widgets and this dialog (the old code still works if it was
        not stored)."""
        self.display.wipe()
        self.written.setChecked(False)
        self._clear_groups()
        if self._new is not None:
            self._new.forget()
            self._new = None

    def done(self, result: int) -> None:
        # Close, Escape, Finish and a lock not waiting on work pass here.
        self._forget_code()
        self.passphrase.setText("")
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # A lock while work runs hides the dialog without closing it: the code goes too.
        self._forget_code()
        self.passphrase.setText("")
        super().hideEvent(event)

    def _refuse(self, sentence: str) -> None:
        self._say(sentence)
        self.code_refused.emit(sentence)

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        if self.pages.currentIndex() != READ_BACK_PAGE:  # the passphrase was refused
            self._refuse(error_text(error))
            return
        self._show_page(PASSPHRASE_PAGE, self.passphrase)  # the code shown is gone
        self._refuse(
            self.tr(
                "The new recovery code could not be stored; the old one still works: {reason}"
            ).format(reason=error_text(error))
        )

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.pages.setEnabled(not working)
        self.close_button.setEnabled(not working)
        if not working and self.pages.currentIndex() == PASSPHRASE_PAGE:
            self.passphrase.setFocus()
