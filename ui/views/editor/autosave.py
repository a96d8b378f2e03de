"""Autosave: a draft is saved into the encrypted store a moment after the last change.

Saving is a small transaction on the GUI thread (milliseconds: one record's canonical bytes),
so it needs no worker. A failure keeps the edits pending in the form and says why in one
sentence; the next change or ``flush`` tries again.
"""

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ui.error_text import error_text

#: Long enough not to save at every keystroke, short enough that little is lost in a crash.
AUTOSAVE_DELAY_MS = 1500


class SaveState(Enum):
    SAVED = "saved"
    PENDING = "pending"
    SAVING = "saving"
    FAILED = "failed"


class Autosave(QObject):
    """Calls ``save`` ``delay_ms`` after the last ``schedule``; emits ``state_changed`` with
    the new state and a sentence for the indicator, and ``saved`` after each success."""

    state_changed = Signal(object, str)
    saved = Signal()

    def __init__(
        self,
        save: Callable[[], None],
        parent: QObject | None = None,
        *,
        delay_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._pending = False
        self.state = SaveState.SAVED
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        return self._pending

    def schedule(self) -> None:
        """A change was made: save it after the delay (restarting the delay)."""
        self._pending = True
        self._set_state(SaveState.PENDING, self.tr("Unsaved changes"))
        self.timer.start()

    @Slot()
    def flush(self) -> bool:
        """Save pending changes now; whether everything is saved."""
        self.timer.stop()
        if not self._pending:
            return True
        self._set_state(SaveState.SAVING, self.tr("Saving…"))
        try:
            self._save()
        except Exception as error:  # every failure becomes one sentence; the edits stay
            self._set_state(SaveState.FAILED, error_text(error))
            return False
        self._pending = False
        self._set_state(SaveState.SAVED, self.tr("Saved"))
        self.saved.emit()
        return True

    def reset(self) -> None:
        """Forget pending changes (a record was loaded or the editor cleared)."""
        self.timer.stop()
        self._pending = False
        self._set_state(SaveState.SAVED, "")

    def _set_state(self, state: SaveState, sentence: str) -> None:
        self.state = state
        self.state_changed.emit(state, sentence)
