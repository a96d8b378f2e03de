"""File dialogs that leave no trace of where the user looked.

When Qt's file dialog closes it saves the folders it visited (its history, the last one) in the
user's ``QtProject.conf``, in plain text: a folder named after a witness, or the stick a pack
came from, would stay on the laptop outside the encrypted workspace. A desktop's native dialog
keeps a recent-files list of its own that fieldapp cannot reach, so Qt's dialog is always used,
and each function here removes what it wrote as soon as it has closed.
"""

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

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


def save_file(
    parent: QWidget, caption: str, folder: str = "", filters: str = "", *, default_suffix: str = ""
) -> str:
    """The file the user chose to write ("" if none). ``folder`` may end in a file name.

    With ``default_suffix`` (``"json"``), a name typed without a suffix gets it from Qt's dialog
    itself, before it asks whether to replace a file of that name: added afterwards, it would
    replace ``report.json`` when the person was asked about ``report`` (or not at all)."""
    if not default_suffix:
        try:
            chosen, _ = QFileDialog.getSaveFileName(parent, caption, folder, filters, "", _QT_OWN)
        finally:
            _forget_visits()
        return chosen
    return _save_with_suffix(parent, caption, folder, filters, default_suffix)


def _save_with_suffix(
    parent: QWidget, caption: str, folder: str, filters: str, default_suffix: str
) -> str:
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setOption(_QT_OWN)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(default_suffix)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles() if accepted else []
    finally:
        # Qt writes the folders visited when the dialog is destroyed: destroyed now, then
        # forgotten.
        shiboken6.delete(dialog)
        _forget_visits()
    return chosen[0] if chosen else ""


def existing_folder(parent: QWidget, caption: str, folder: str = "") -> str:
    """The folder the user chose ("" if none)."""
    options = _QT_OWN | QFileDialog.Option.ShowDirsOnly
    try:
        return QFileDialog.getExistingDirectory(parent, caption, folder, options)
    finally:
        _forget_visits()
