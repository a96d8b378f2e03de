"""Text copied from a record leaves the clipboard after 30 seconds, and at once on lock.

A clipboard outlives the app's own memory: a name or a place copied from a testimony would
otherwise sit there for the next program (or person) to paste. Any copy made while this app owns
the clipboard — or makes while it is the active application, for platforms that do not say who
owns it (Wayland, the offscreen platform) — is taken as a copy from a record; a later copy by
another program is left alone, since clearing it would destroy someone else's data.
"""

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000


class ClipboardGuard(QObject):
    """Clears, after ``clear_after_ms``, text this application put on ``clipboard``."""

    def __init__(
        self,
        clipboard: QClipboard,
        clear_after_ms: int = CLEAR_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_now)
        clipboard.dataChanged.connect(self.on_clipboard_changed)

    @property
    def holding(self) -> bool:
        """Whether text of ours is on the clipboard, waiting to be cleared."""
        return self._ours is not None

    @Slot()
    def on_clipboard_changed(self) -> None:
        text = self._clipboard.text()
        if text and self._copied_here():
            self._ours = text
            self._timer.start()
        elif text != self._ours:
            self._forget()  # another program's copy: not ours to clear

    def _copied_here(self) -> bool:
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        return self._clipboard.ownsClipboard() or active

    @Slot()
    def clear_now(self) -> None:
        """Clear the clipboard if it still holds our text (on lock, and when the time is up);
        on lock also X11's selection, if ours: text merely selected in a field is offered to
        every program's middle click, clipboard or not."""
        if self._ours is not None and self._clipboard.text() == self._ours:
            self._clipboard.clear()
        self._forget()
        selection = QClipboard.Mode.Selection
        if self._clipboard.supportsSelection() and self._clipboard.ownsSelection():
            self._clipboard.clear(selection)

    def _forget(self) -> None:
        self._ours = None
        self._timer.stop()
