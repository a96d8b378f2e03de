"""A file to open from a stick: a path box, Choose… and Open.

Choose… opens Qt's own file dialog (which forgets where it looked, ``file_dialogs``) in the first
removable drive found, else where the box points, else the home folder. Enter in the box, Open,
or a file chosen in the dialog ask for the file to be opened; the dialog using the chooser does
the opening (on a worker) and decides what a new path undoes. Paths are whatever someone typed or
named: the box shows them as plain text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from ui.storage import Drive, detect_drives
from ui.widgets import file_dialogs


@dataclass(frozen=True)
class ChooserTexts:
    """What the chooser says, translated by the dialog that uses it (its own context)."""

    file: str  # the path box's accessible name and placeholder: "Pack file"
    choose: str  # the button: "C&hoose pack…"
    choose_name: str  # its accessible name: "Choose the pack file"
    open: str  # "&Open"
    open_name: str  # "Open the pack"
    caption: str  # the file dialog's title
    filters: str  # "Packs (*.fieldpack)"


class FileChooser(QWidget):
    """Emits ``open_requested(path)`` when a file is to be opened, and ``path_edited()`` when
    the box's text is changed by hand (what was opened from it no longer holds)."""

    open_requested = Signal(object)
    path_edited = Signal()

    def __init__(
        self,
        texts: ChooserTexts,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._texts = texts
        self._detect = detect
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(texts.file)
        self.path_edit.setPlaceholderText(texts.file)
        self.choose_button = QPushButton(texts.choose)
        self.choose_button.setAccessibleName(texts.choose_name)
        self.open_button = QPushButton(texts.open)
        self.open_button.setAccessibleName(texts.open_name)
        for button in (self.choose_button, self.open_button):
            button.setAutoDefault(False)  # Enter belongs to the dialog's own action
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.path_edit, self.choose_button, self.open_button):
            layout.addWidget(widget)
        QWidget.setTabOrder(self.path_edit, self.choose_button)
        QWidget.setTabOrder(self.choose_button, self.open_button)

        self.path_edit.textEdited.connect(self.on_text_edited)
        self.path_edit.returnPressed.connect(self.on_open_clicked)
        self.choose_button.clicked.connect(self.on_choose_clicked)
        self.open_button.clicked.connect(self.on_open_clicked)

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def set_path(self, path: Path) -> None:
        """Put ``path`` in the box and ask for it to be opened (as the file dialog does)."""
        self.path_edit.setText(str(path))
        self.open_requested.emit(path)

    @Slot()
    def on_open_clicked(self) -> None:
        path = self.path()
        if path is not None and self.path_edit.isEnabled():
            self.open_requested.emit(path)

    @Slot()
    def on_choose_clicked(self) -> None:
        drives = self._detect()
        start = drives[0].path if drives else (self.path() or Path.home())
        chosen = file_dialogs.open_file(
            self.window(), self._texts.caption, str(start), self._texts.filters
        )
        if chosen:
            self.set_path(Path(chosen))

    @Slot(str)
    def on_text_edited(self, _text: str) -> None:
        self.path_edited.emit()
