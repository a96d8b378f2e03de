"""A small input level meter: a bar from 0 to 1 that falls back smoothly after a peak.

It is painted (no per-level widgets) and tells assistive technology its value as a percentage
in its accessible description, so a screen reader user can check that the microphone hears.
"""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

#: The share of the bar a new, lower level keeps of the old one: peaks stay visible briefly.
DECAY = 0.6
#: Above this the bar turns to the warning colour: the speaker is close to clipping.
CLIPPING = 0.9
_WARNING = QColor(200, 60, 40)
_STEP_PERCENT = 5  # the accessible value changes in steps, not at every delivery


class LevelMeter(QWidget):
    """Shows ``level()`` (0.0 silence to 1.0 full scale) as a horizontal bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level = 0.0
        self._announced = -1
        self.setAccessibleName(self.tr("Input level"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._announce()

    def level(self) -> float:
        return self._level

    def set_level(self, level: float) -> None:
        level = min(1.0, max(0.0, level))
        # Rising at once, falling gradually: the way a needle reads.
        self._level = level if level >= self._level else max(level, self._level * DECAY)
        self._announce()
        self.update()

    def reset(self) -> None:
        self._level = 0.0
        self._announce()
        self.update()

    def percent(self) -> int:
        return round(self._level * 100)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, 16)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        palette = self.palette()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        filled = rect.adjusted(0, 0, -round(rect.width() * (1.0 - self._level)), 0)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        colour = _WARNING if self._level >= CLIPPING else highlight
        painter.fillRect(filled, colour)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.end()

    def _announce(self) -> None:
        percent = self.percent() // _STEP_PERCENT * _STEP_PERCENT
        if percent != self._announced:
            self._announced = percent
            self.setAccessibleDescription(self.tr("%1 percent").replace("%1", str(percent)))
