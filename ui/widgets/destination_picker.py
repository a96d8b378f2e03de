"""Where a file goes, or is looked for: a detected removable drive, or a folder the user chose.

A combo box lists the removable drives (``ui.storage``) with their free space, and a folder
chosen with "Choose folder…"; "Refresh" looks for drives again after one is plugged in. Drive
names and paths come from outside (a stick's label is whatever someone typed): they appear only
as item text, which a combo box shows as plain text.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from ui.storage import Drive, detect_drives
from ui.widgets import file_dialogs


class DestinationPicker(QWidget):
    """Emits ``destination_changed(path or None)`` when the chosen place changes.

    ``detect`` lists the drives (by default the mounted removable ones); tests give their own.
    """

    destination_changed = Signal(object)

    def __init__(
        self, parent: QWidget | None = None, *, detect: Callable[[], list[Drive]] = detect_drives
    ) -> None:
        super().__init__(parent)
        self._detect = detect
        self._drives: list[Drive] = []
        self._folder: Path | None = None

        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Destination drive or folder"))
        self.combo.setPlaceholderText(self.tr("No removable drive found"))
        self.combo.setMinimumContentsLength(30)
        self.choose_button = QPushButton(self.tr("Choose &folder…"))
        self.choose_button.setAccessibleName(self.tr("Choose a folder"))
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Look for drives again"))

        for button in (self.choose_button, self.refresh_button):
            button.setAutoDefault(False)  # Enter belongs to the dialog's own default button
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.refresh_button)
        self.setFocusProxy(self.combo)

        self.combo.currentIndexChanged.connect(self.on_selection_changed)
        self.choose_button.clicked.connect(self.on_choose_folder_requested)
        self.refresh_button.clicked.connect(self.on_refresh_requested)
        self.on_refresh_requested()

    def destination(self) -> Path | None:
        """The chosen drive or folder; None when there is nothing to choose from."""
        data = self.combo.currentData()
        return None if data is None else Path(data)

    def drives(self) -> list[Drive]:
        return list(self._drives)

    def set_folder(self, folder: Path) -> None:
        """Offer ``folder`` (chosen by the user) and select it."""
        self._folder = folder
        self._fill(select=folder)

    @Slot()
    def on_refresh_requested(self) -> None:
        self._drives = self._detect()
        self._fill(select=self.destination())

    @Slot()
    def on_choose_folder_requested(self) -> None:
        start = self.destination() or Path.home()
        chosen = file_dialogs.existing_folder(self, self.tr("Choose a folder"), str(start))
        if chosen:
            self.set_folder(Path(chosen))

    @Slot(int)
    def on_selection_changed(self, _index: int) -> None:
        self.destination_changed.emit(self.destination())

    def _fill(self, *, select: Path | None) -> None:
        before = self.destination()
        self.combo.blockSignals(True)
        self.combo.clear()
        locale = QLocale()
        for drive in self._drives:
            free = locale.formattedDataSize(drive.bytes_free)
            text = self.tr("{name} — {free} free ({path})").format(
                name=drive.name, free=free, path=drive.path
            )
            self.combo.addItem(text, str(drive.path))
        if self._folder is not None and self._folder not in {d.path for d in self._drives}:
            self.combo.addItem(
                self.tr("Folder: {path}").format(path=self._folder), str(self._folder)
            )
        index = self.combo.findData(str(select)) if select is not None else -1
        self.combo.setCurrentIndex(index if index >= 0 else (0 if self.combo.count() else -1))
        self.combo.blockSignals(False)
        if self.destination() != before:
            self.destination_changed.emit(self.destination())
