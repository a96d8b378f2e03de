"""Unlocking with the recovery code when the passphrase is forgotten: the code, then a new
passphrase, then the new recovery code, shown once.

The used code has been typed, perhaps watched: it is replaced as the new passphrase is set, and
the old one stops working. Leaving before the new passphrase is set changes nothing and locks
the workspace again.

``reset`` (the window hidden or locked) waits for nothing: a step still running (the code being
checked, the new passphrase being set: Argon2id, a second or two) is let finish, and its result
is shown nowhere: the workspace it opened, or the one it set the passphrase of, is locked as
that result arrives. The new passphrase, if it was set, opens the workspace; the new recovery
code of such a late result is never shown (as after a key restore hidden half-way), and one
shown but not yet confirmed as written is wiped: either way ``code_not_kept`` says so, and the
unlock screen names the way out (Workspace > Make a new recovery code…).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import session
from ui import workers
from ui.error_text import error_text
from ui.widgets.new_passphrase import NewPassphraseForm
from ui.widgets.plain_text_label import PlainTextLabel
from ui.widgets.recovery_code_display import RecoveryCodeDisplay

# A code is 28 symbols and 6 dashes; room for spaces typed between groups.
CODE_MAX_CHARS = 64


class RecoveryFlow(QWidget):
    """Emits ``recovered(workspace)`` at the end, ``failed(error)`` when the code is refused
    (for the throttle), ``abandoned()`` when the person goes back to the passphrase, and
    ``code_not_kept()`` when the new passphrase was set but its new recovery code was never
    shown, or wiped before it was confirmed as written (the old code no longer works)."""

    recovered = Signal(object)
    failed = Signal(object)
    abandoned = Signal()
    code_not_kept = Signal()

    def __init__(
        self, root: Path, *, key_params: object | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._root = root
        self._key_params = key_params
        self._workspace: object | None = None  # unlocked by the code, until handed on
        self._job: workers.Job | None = None
        self._forgotten_job: workers.Job | None = None  # running at a reset: its result is no one's
        self._held: list[object] = []  # what that job uses, locked once it has ended
        self.steps = QStackedWidget()
        self.steps.addWidget(self._code_step())
        self.steps.addWidget(self._passphrase_step())
        self.steps.addWidget(self._new_code_step())
        self.status = PlainTextLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Recovery status"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.steps)
        layout.addWidget(self.status)

    # -- the three steps -------------------------------------------------------------------
    def _code_step(self) -> QWidget:
        self.code = QLineEdit()
        self.code.setMaxLength(CODE_MAX_CHARS)
        self.code.setPlaceholderText(self.tr("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"))
        self.code.setAccessibleName(self.tr("Recovery code"))
        self.code_button = QPushButton(self.tr("Unlock with the &recovery code"))
        self.code_button.setAccessibleName(self.tr("Unlock with the recovery code"))
        self.back_button = QPushButton(self.tr("&Back to the passphrase"))
        self.back_button.setAccessibleName(self.tr("Back to the passphrase"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.code_button)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.addWidget(QLabel(self.tr("Type the recovery code from your paper.")))
        layout.addWidget(self.code)
        layout.addLayout(buttons)
        self.code.returnPressed.connect(self.on_code_entered)
        self.code_button.clicked.connect(self.on_code_entered)
        self.back_button.clicked.connect(self.on_back_requested)
        return step

    def _passphrase_step(self) -> QWidget:
        self.new_passphrase = NewPassphraseForm(self.tr("New passphrase"))
        self.set_button = QPushButton(self.tr("Set the &new passphrase"))
        self.set_button.setAccessibleName(self.tr("Set the new passphrase"))
        self.set_button.setEnabled(False)
        self.abandon_button = QPushButton(self.tr("&Cancel"))
        self.abandon_button.setAccessibleName(self.tr("Cancel the recovery"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.abandon_button)
        buttons.addWidget(self.set_button)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.addWidget(QLabel(self.tr("The code is right. Choose a new passphrase.")))
        layout.addWidget(self.new_passphrase)
        layout.addLayout(buttons)
        self.new_passphrase.changed.connect(self.on_new_passphrase_changed)
        self.new_passphrase.confirmation.returnPressed.connect(self.on_set_requested)
        self.set_button.clicked.connect(self.on_set_requested)
        self.abandon_button.clicked.connect(self.on_back_requested)
        return step

    def _new_code_step(self) -> QWidget:
        self.new_code = RecoveryCodeDisplay()
        self.new_code.setAccessibleName(self.tr("New recovery code"))
        self.written = QCheckBox(self.tr("I have written the new code on &paper"))
        self.written.setAccessibleName(self.tr("I have written the new code on paper"))
        self.done_button = QPushButton(self.tr("&Open the workspace"))
        self.done_button.setAccessibleName(self.tr("Open the workspace"))
        self.done_button.setEnabled(False)
        advice = PlainTextLabel(
            self.tr(
                "This is your new recovery code; the old one no longer works. Write it on paper"
                " now: it is shown only this once."
            )
        )
        advice.setWordWrap(True)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.addWidget(advice)
        layout.addWidget(self.new_code)
        layout.addWidget(self.written)
        layout.addWidget(self.done_button)
        self.written.toggled.connect(self.done_button.setEnabled)
        self.done_button.clicked.connect(self.on_done_requested)
        return step

    # -- state -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._job is not None

    def set_allowed(self, allowed: bool) -> None:
        """Disable the code form while the unlock throttle counts down."""
        self.code.setEnabled(allowed and not self.busy)
        self.code_button.setEnabled(allowed and not self.busy)

    def reset(self) -> None:
        """Back to an empty code form, without waiting: a workspace held mid-way is locked,
        at once or, while a step may still use it, once that step has ended."""
        unconfirmed = self.steps.currentIndex() == 2 and not self.written.isChecked()
        self._let_go()
        self.code.setText("")  # not clear(): that keeps an undo step
        self.new_passphrase.clear()
        self.new_code.wipe()
        self.written.setChecked(False)
        self.status.setText("")
        self.steps.setCurrentIndex(0)
        if unconfirmed:  # the new code was on the screen, and may be on no paper
            self.code_not_kept.emit()

    def start(self) -> None:
        self.reset()
        self.code.setFocus()

    def wait_for_work(self) -> None:
        if self._job is not None:
            self._job.wait()

    def _let_go(self) -> None:
        """Forget the workspace held mid-way and the result of a step still running."""
        workspace, self._workspace = self._workspace, None
        if self._job is not None:  # the step may still use it: locked when it has ended
            self._forgotten_job = self._job
            self._held += [workspace] if workspace is not None else []
        elif workspace is not None:
            session.lock(workspace)  # type: ignore[arg-type]

    def _end_job(self) -> bool:
        """The step's result has arrived: whether it is still wanted. If not (the form was
        reset meanwhile), what the step used is locked now."""
        wanted = self._job is not self._forgotten_job
        self._forgotten_job = None
        self._set_working(False)
        if not wanted:
            held, self._held = self._held, []
            for workspace in held:
                session.lock(workspace)  # type: ignore[arg-type]
        return wanted

    def _run(self, work: workers.Work, succeeded: Callable[[Any], None], sentence: str) -> None:
        worker = workers.Worker(work)
        worker.succeeded.connect(succeeded)
        worker.failed.connect(self.on_work_failed)
        worker.cancelled.connect(self.on_work_cancelled)
        self.status.setText(sentence)
        self._job = workers.start(worker)
        self._set_working(True)

    def _set_working(self, working: bool) -> None:
        if not working:
            self._job = None
        self.steps.setEnabled(not working)

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def on_code_entered(self) -> None:
        if self.busy or not self.code_button.isEnabled():
            return
        code = self.code.text()
        if not code.strip():
            self.status.setText(self.tr("Type the recovery code."))
            return
        if session.recovery_code_looks_mistyped(code):
            # Caught by the check characters: not a guess, so no attempt is counted.
            self.status.setText(
                self.tr(
                    "The recovery code looks mistyped: check it against the copy you wrote down."
                )
            )
            return
        root = self._root

        def unlock(_progress: ProgressCallback, _cancel: CancelToken) -> object:
            return session.unlock_with_recovery_code(root, code)

        self._run(unlock, self.on_code_accepted, self.tr("Checking the code…"))

    @Slot(object)
    def on_code_accepted(self, workspace: object) -> None:
        if not self._end_job():  # reset while the code was checked: nothing opens
            session.lock(workspace)  # type: ignore[arg-type]
            return
        self._workspace = workspace
        self.code.setText("")  # not clear(): that keeps an undo step
        self.status.setText("")
        self.new_passphrase.set_context([session.workspace_label(workspace)])  # type: ignore[arg-type]
        self.steps.setCurrentIndex(1)
        self.new_passphrase.passphrase.setFocus()

    @Slot()
    def on_new_passphrase_changed(self) -> None:
        problem = self.new_passphrase.problem()
        typed = bool(self.new_passphrase.text())
        self.status.setText((problem or "") if typed else "")
        self.set_button.setEnabled(problem is None)

    @Slot()
    def on_set_requested(self) -> None:
        workspace = self._workspace
        if self.busy or workspace is None or self.new_passphrase.problem() is not None:
            return
        passphrase, key_params = self.new_passphrase.text(), self._key_params

        def replace(_progress: ProgressCallback, _cancel: CancelToken) -> object:
            with session.worker_handle(workspace) as handle:  # type: ignore[arg-type]
                return session.replace_passphrase(handle, passphrase, key_params=key_params)

        self._run(replace, self.on_passphrase_replaced, self.tr("Setting the new passphrase…"))

    @Slot(object)
    def on_passphrase_replaced(self, new_code: str) -> None:
        if not self._end_job():  # reset meanwhile: the new code is shown nowhere
            self.code_not_kept.emit()
            return
        self.new_passphrase.clear()
        self.status.setText("")
        self.new_code.show_code(new_code)
        self.steps.setCurrentIndex(2)
        self.written.setFocus()

    @Slot()
    def on_done_requested(self) -> None:
        workspace, self._workspace = self._workspace, None
        self.new_code.wipe()
        self.written.setChecked(False)
        self.steps.setCurrentIndex(0)
        if workspace is not None:
            self.recovered.emit(workspace)

    @Slot()
    def on_back_requested(self) -> None:
        if self.busy:
            return
        self.reset()
        self.abandoned.emit()

    @Slot(object)
    def on_work_failed(self, error: BaseException) -> None:
        if not self._end_job():
            return
        self.status.setText(error_text(error))
        if self.steps.currentIndex() == 0:  # the code was refused (a new passphrase was not)
            self.code.setText("")  # not clear(): that keeps an undo step
            self.failed.emit(error)

    @Slot()
    def on_work_cancelled(self) -> None:
        if not self._end_job():
            return
        self.status.setText(error_text(Cancelled()))
