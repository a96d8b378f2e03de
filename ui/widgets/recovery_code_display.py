"""A recovery code shown once, large, in numbered groups, for copying onto paper.

It cannot be selected, copied or dragged: the code must not reach the clipboard, where other
programs read it. ``wipe`` blanks every group when the code has been written down.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ui.widgets.plain_text_label import PlainTextLabel

GROUP_SEPARATOR = "-"
GROUPS_PER_ROW = 4
CODE_POINT_SIZE = 22


def code_groups(code: str) -> list[str]:
    return code.split(GROUP_SEPARATOR) if code else []


class RecoveryCodeDisplay(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self.groups: list[QLabel] = []
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def show_code(self, code: str) -> None:
        self.wipe()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(CODE_POINT_SIZE)
        font.setWeight(QFont.Weight.Bold)
        for index, group in enumerate(code_groups(code)):
            row, column = divmod(index, GROUPS_PER_ROW)
            number = QLabel(str(index + 1))
            number.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label = PlainTextLabel(group)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            label.setAccessibleName(self.tr("Group %1").replace("%1", str(index + 1)))
            self._layout.addWidget(number, row * 2, column)
            self._layout.addWidget(label, row * 2 + 1, column)
            self.groups.append(label)
        # The layouts above sized themselves for an empty display: ask them to make room.
        self._layout.activate()
        self.updateGeometry()

    def text(self) -> str:
        """What the display now holds (empty after ``wipe``)."""
        return GROUP_SEPARATOR.join(label.text() for label in self.groups)

    def wipe(self) -> None:
        for label in self.groups:
            label.clear()
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups = []
