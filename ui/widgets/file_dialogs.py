"""File dialogs that leave no trace of where the user looked.

When Qt's file dialog closes it saves the folders it visited (its history, the last one) in the
user's ``QtProject.conf``, in plain text: a folder named after a witness, or the stick a pack
came from, would stay on the laptop outside the encrypted workspace. A desktop's native dialog
keeps a recent-files list of its own that fieldapp cannot reach, so Qt's dialog is always used,
and each function here removes what it wrote as soon as it has closed.
"""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_QT_OWN = QFileDialog.Option.DontUseNativeDialog


def _forget_visits() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def open_file(parent: QWidget, caption: str, folder: str = "", filters: str = "") -> str:
    """The file the user chose to open ("" if none)."""
    try:
        chosen, _ = QFileDialog.getOpenFileName(parent, caption, folder, filters, "", _QT_OWN)
    finally:
        _forget_visits()
    return chosen


def open_files(parent: QWidget, caption: str, folder: str = "", filters: str = "") -> list[str]:
    """The files the user chose to open ([] if none)."""
    try:
        chosen, _ = QFileDialog.getOpenFileNames(parent, caption, folder, filters, "", _QT_OWN)
    finally:
        _forget_visits()
    return list(chosen)


def save_file(parent: QWidget, caption: str, folder: str = "", filters: str = "") -> str:
    """The file the user chose to write ("" if none)."""
    try:
        chosen, _ = QFileDialog.getSaveFileName(parent, caption, folder, filters, "", _QT_OWN)
    finally:
        _forget_visits()
    return chosen


def existing_folder(parent: QWidget, caption: str, folder: str = "") -> str:
    """The folder the user chose ("" if none)."""
    options = _QT_OWN | QFileDialog.Option.ShowDirsOnly
    try:
        return QFileDialog.getExistingDirectory(parent, caption, folder, options)
    finally:
        _forget_visits()
