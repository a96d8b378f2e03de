"""Preferences: minutes of inactivity before the workspace locks, and the language."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ui import settings


class SettingsDialog(QDialog):
    """Edits ``ui.settings``; the window applies the idle time at once and the language at the
    next start (every open view would otherwise need re-translating mid-interview)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(settings.MIN_IDLE_MINUTES, settings.MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setValue(settings.idle_minutes())
        self.idle_minutes.setAccessibleName(self.tr("Lock after minutes without use"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem("English", "en")
        self.language.addItem("한국어", "ko")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language())))
        note = QLabel(self.tr("A new language is used from the next start."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        lock_label = QLabel(self.tr("&Lock after"))
        lock_label.setBuddy(self.idle_minutes)
        language_label = QLabel(self.tr("L&anguage"))
        language_label.setBuddy(self.language)
        form.addRow(lock_label, self.idle_minutes)
        form.addRow(language_label, self.language)
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        settings.set_idle_minutes(self.idle_minutes.value())
        settings.set_language(str(self.language.currentData()))
        super().accept()
