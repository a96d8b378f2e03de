"""``file_dialogs.save_file(default_suffix=…)``: the suffix added by Qt's own dialog, before it
asks about replacing a file, and the folders visited forgotten as for every other dialog
(session 13, H10). Real Qt dialogs, answered as a person would: a name typed, then Save."""

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget

from ui.widgets import file_dialogs

#: How often the test looks for the dialog to answer.
ANSWER_EVERY_MS = 50


class _TypeAndSave:
    """Types ``typed`` into Qt's file dialog, then presses Save (once)."""

    def __init__(self, typed: str) -> None:
        self.typed = typed
        self.answered = False

    def answer(self) -> None:
        modal = QApplication.activeModalWidget()
        if self.answered or not isinstance(modal, QFileDialog):
            return
        self.answered = True
        name_edit = modal.findChild(QLineEdit, "fileNameEdit")
        assert name_edit is not None
        name_edit.setText(self.typed)
        QTimer.singleShot(0, modal.accept)


def _save(qtbot, folder: Path, typed: str, **options: str) -> str:
    parent = QWidget()
    qtbot.addWidget(parent)
    answers = _TypeAndSave(typed)
    timer = QTimer()
    timer.timeout.connect(answers.answer)
    timer.start(ANSWER_EVERY_MS)
    try:
        return file_dialogs.save_file(parent, "Save", str(folder), "Text (*.txt)", **options)
    finally:
        timer.stop()


def test_a_default_suffix_is_added_to_a_name_typed_without_it(qtbot, tmp_path: Path) -> None:
    chosen = _save(qtbot, tmp_path, "notes", default_suffix="txt")

    assert chosen == str(tmp_path / "notes.txt")
    qt_settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert "FileDialog" not in qt_settings.childGroups()


def test_without_a_default_suffix_the_name_is_kept_as_typed(qtbot, tmp_path: Path) -> None:
    chosen = _save(qtbot, tmp_path, "notes")

    assert chosen == str(tmp_path / "notes")
