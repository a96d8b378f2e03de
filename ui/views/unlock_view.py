"""The unlock screen: a passphrase, an Unlock button, and the reason when it fails.

Unlocking derives a key with Argon2id (about half a second on purpose), so it runs on a worker:
the window keeps repainting and the button is disabled until the answer arrives.

After several wrong passphrases the workspace makes the next attempt wait (a delay kept on
disk); the screen counts it down and re-enables the form at zero. A forgotten passphrase is
replaced with the recovery code (``RecoveryFlow``), behind the same delay.
"""

import math
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from fieldapp.errors import Cancelled, UnlockThrottledError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import session
from ui import workers
from ui.error_text import error_text
from ui.views.unlock_recovery import RecoveryFlow
from ui.widgets.plain_text_label import PlainTextLabel

TICK_MS = 1000


class UnlockView(QWidget):
    """Emits ``unlock_succeeded(workspace)`` or ``unlock_failed(sentence)``."""

    unlock_succeeded = Signal(object)
    unlock_failed = Signal(str)
    #: Something was typed into the form (the passphrase, the recovery form's fields): the
    #: window watches for idle time from then on, and ``forget_typed`` ends it.
    typed = Signal()

    def __init__(
        self, root: Path, parent: QWidget | None = None, *, key_params: object | None = None
    ) -> None:
        """``key_params`` (opaque; tests pass fast ones) is the cost of a new passphrase set
        after a recovery."""
        super().__init__(parent)
        self._root = root
        self._job: workers.Job | None = None
        self._seconds_left = 0
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.on_tick)

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
        self.forgot_button = QPushButton(self.tr("&Forgot the passphrase? Use the recovery code"))
        self.forgot_button.setFlat(True)
        self.forgot_button.setAccessibleName(self.tr("Use the recovery code"))
        self.status = PlainTextLabel()
        self.status.setAccessibleName(self.tr("Unlock status"))
        self.status.setWordWrap(True)
        #: What the person must know from the last session (edits lost at the lock); kept
        #: through ``reset`` until the next unlock.
        self.notice = PlainTextLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Notice from the last session"))
        self.countdown = PlainTextLabel()
        self.countdown.setAccessibleName(self.tr("Time before the next attempt"))
        self.recovery = RecoveryFlow(root, key_params=key_params)

        passphrase_form = QWidget()
        form_layout = QVBoxLayout(passphrase_form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.passphrase, self.unlock_button, self.status, self.forgot_button):
            form_layout.addWidget(widget)
        form_layout.addStretch()  # the recovery steps are taller: keep this form together
        self.modes = QStackedWidget()
        self.modes.addWidget(passphrase_form)
        self.modes.addWidget(self.recovery)

        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (self.heading, self.location, self.notice, self.modes, self.countdown):
            layout.addWidget(widget)
        layout.addStretch()
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.unlock_button.clicked.connect(self.on_unlock_requested)
        self.passphrase.returnPressed.connect(self.on_unlock_requested)
        self.forgot_button.clicked.connect(self.on_recovery_requested)
        self.recovery.recovered.connect(self.on_unlock_succeeded)
        self.recovery.failed.connect(self.on_recovery_failed)
        self.recovery.abandoned.connect(self.on_recovery_abandoned)
        self.recovery.code_not_kept.connect(self.on_recovery_code_not_kept)
        for field in self.findChildren(QLineEdit):  # the recovery form's too
            field.textEdited.connect(self.typed)
        self._start_countdown(session.unlock_delay(root))

    @property
    def busy(self) -> bool:
        return self._job is not None or self.recovery.busy

    @property
    def counting_down(self) -> bool:
        return self._seconds_left > 0

    def reset(self) -> None:
        """Back to an empty form (after locking)."""
        self.passphrase.setText("")  # clear() would keep it in the undo history
        self.status.setText("")
        self.recovery.reset()
        self.modes.setCurrentIndex(0)
        self._start_countdown(session.unlock_delay(self._root))
        self.passphrase.setFocus()

    def forget_typed(self) -> None:
        """The window hidden, or the idle time gone by: what was typed and not sent goes (the
        passphrase, the recovery form), so that no one who comes to the window later has only
        to press Enter. An unlock already sent goes on (the window decides what its result
        opens)."""
        self.passphrase.setText("")  # clear() would keep it in the undo history
        self.recovery.reset()

    def say(self, sentence: str) -> None:
        """Say ``sentence`` under the passphrase until the next attempt or reset."""
        self.status.setText(sentence)

    def show_notice(self, sentence: str) -> None:
        """Say ``sentence`` (no content of the records) until the next unlock."""
        self.notice.setText(sentence)

    def clear_notice(self) -> None:
        """The workspace opened: the notice was read on this screen before."""
        self.notice.setText("")

    @Slot()
    def on_unlock_requested(self) -> None:
        if self.busy or self.counting_down:
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
        self.passphrase.setText("")  # clear() would keep it in the undo history
        self.status.setText("")
        # The notice stays: the window clears it once it opens (``clear_notice``), not when
        # it locks this result again (it ended while the window was hidden).
        self.modes.setCurrentIndex(0)
        self.unlock_succeeded.emit(workspace)

    @Slot(object)
    def on_unlock_failed(self, error: BaseException) -> None:
        self._after_refusal(error)  # first: whoever hears unlock_failed sees the countdown
        self._show_failure(error_text(error))

    @Slot()
    def on_unlock_cancelled(self) -> None:
        self._show_failure(error_text(Cancelled()))

    @Slot()
    def on_recovery_requested(self) -> None:
        if self.busy:
            return
        self.status.setText("")
        self.modes.setCurrentIndex(1)
        self.recovery.start()
        self.recovery.set_allowed(not self.counting_down)

    @Slot()
    def on_recovery_abandoned(self) -> None:
        self.modes.setCurrentIndex(0)
        self.passphrase.setFocus()

    @Slot()
    def on_recovery_code_not_kept(self) -> None:
        """A recovery set the new passphrase, and its new code never reached paper: said until
        the next unlock, with the way to make one."""
        self.show_notice(
            self.tr(
                "The new passphrase was set, but its new recovery code was not written down,"
                " and the old code no longer works. Unlock with the new passphrase, then make"
                " a new code: Workspace > Make a new recovery code…"
            )
        )

    @Slot(object)
    def on_recovery_failed(self, error: BaseException) -> None:
        self._after_refusal(error)
        self.unlock_failed.emit(error_text(error))

    @Slot()
    def on_tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            # The file decides, not this clock: another window may have failed meanwhile.
            self._start_countdown(session.unlock_delay(self._root))
            return
        self._show_countdown()

    def _after_refusal(self, error: BaseException) -> None:
        if isinstance(error, UnlockThrottledError):
            self._start_countdown(error.seconds)
        else:  # a wrong passphrase may have started the delay for the next attempt
            self._start_countdown(session.unlock_delay(self._root))

    def _start_countdown(self, seconds: float) -> None:
        self._seconds_left = math.ceil(seconds)
        if self._seconds_left > 0:
            self._ticker.start()
        else:
            self._ticker.stop()
        self._show_countdown()

    def _show_countdown(self) -> None:
        waiting = self.counting_down
        self.countdown.setText(
            self.tr("Try again in %n s", "", self._seconds_left) if waiting else ""
        )
        self.passphrase.setEnabled(not waiting and self._job is None)
        self.unlock_button.setEnabled(not waiting and self._job is None)
        self.recovery.set_allowed(not waiting)
        if not waiting and self.modes.currentIndex() == 0:
            self.passphrase.setFocus()

    def _show_failure(self, sentence: str) -> None:
        self._set_working(False)
        self.passphrase.setText("")  # clear() would keep it in the undo history
        self.status.setText(sentence)
        self.passphrase.setFocus()
        self.unlock_failed.emit(sentence)

    def _set_working(self, working: bool) -> None:
        if not working:
            self._job = None  # the Job keeps itself alive until its thread has ended
        allowed = not working and not self.counting_down
        self.unlock_button.setEnabled(allowed)
        self.passphrase.setEnabled(allowed)
        self.forgot_button.setEnabled(not working)

    def wait_for_work(self) -> None:
        """Block until an unlock in progress has ended (before the window closes)."""
        if self._job is not None:
            self._job.wait()
        self.recovery.wait_for_work()
