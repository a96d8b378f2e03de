"""Locking after a time without input: an application-wide watch of the keyboard and mouse.

An unattended laptop with an open workspace shows a witness's testimony to whoever sits down;
after ``timeout`` with no key, click, wheel or touch anywhere in the app, ``idle_timed_out``
fires and the window locks. Mouse movement alone does not count: a cursor nudged by a passer-by
or a bumped table is not someone working.
"""

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot

DEFAULT_IDLE_MINUTES = 5

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle_timed_out`` once after ``timeout_ms`` without input while running."""

    idle_timed_out = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Precise: a coarse timer may fire 5% early or late, which at an hour is three minutes.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.on_timer_expired)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def remaining_ms(self) -> int:
        """Milliseconds left before locking (-1 when not running)."""
        return self._timer.remainingTime()

    def start(self) -> None:
        """Watch from now (after unlocking)."""
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (after locking)."""
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._timer.isActive() and event.type() in _ACTIVITY:
            self._timer.start()  # restart: the idle time counts from the last input
        return False  # only watching: every event goes on to its widget

    @Slot()
    def on_timer_expired(self) -> None:
        self.idle_timed_out.emit()
