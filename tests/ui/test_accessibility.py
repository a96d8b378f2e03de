"""Every control a keyboard reaches has a name a screen reader can say, on each main screen."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from fieldapp.services import session
from tests.fieldapp.services.test_enrolment_support import make_archive
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor.support import give_consent, open_identity
from ui.audio.recorder_dialog import RecordAudioDialog
from ui.main_window import MainWindow
from ui.views.apply_pack_dialog import ApplyPackDialog
from ui.views.enrol_device_dialog import EnrolDeviceDialog
from ui.views.export_dialog import ExportDialog
from ui.views.import_dialog import ImportDialog
from ui.views.receipt_dialog import ReceiptDialog

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractSpinBox, QTableView)


def _labelled_by_buddy(root: QWidget) -> set[int]:
    return {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}


def _unnamed(root: QWidget) -> list[str]:
    """Focusable controls with neither an accessible name, nor their own text, nor a label."""
    buddies = _labelled_by_buddy(root)
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if not widget.isVisibleTo(root):
            continue  # hidden until needed (a purge offer, say): named when it is shown
        if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the line edit inside a spin box or an editable combo box
        if isinstance(widget.parentWidget(), QTabWidget) or type(widget).__name__ == "QTabBar":
            continue
        own_text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName() or own_text.replace("&", "").strip() or id(widget) in buddies:
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(root).__name__}")
    return missing


@pytest.fixture
def window(qtbot, workspace_root):
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    return window


def _unlock(qtbot, window):
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        window.unlock_view.unlock_button.click()


def test_the_unlock_screen_and_the_list(qtbot, window):
    assert _unnamed(window.unlock_view) == []
    _unlock(qtbot, window)
    assert _unnamed(window.testimony_list) == []


def test_every_section_of_the_editor(qtbot, window):
    _unlock(qtbot, window)
    window.new_action.trigger()
    editor = window.editor
    give_consent(qtbot, editor)
    open_identity(qtbot, editor)
    qtbot.mouseClick(editor.incidents.add_button, Qt.MouseButton.LeftButton)
    assert _unnamed(editor) == []
    checked = 0
    for index in range(editor.tabs.count()):  # a page's controls are visible on its tab only
        editor.tabs.setCurrentIndex(index)
        page = editor.tabs.widget(index)
        assert _unnamed(page) == []
        checked += sum(1 for w in page.findChildren(QWidget) if isinstance(w, CONTROLS))
    assert checked > 40  # the walk really saw the editor's controls


def test_the_dialogs(qtbot, window, workspace_root):
    _unlock(qtbot, window)
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        window.new_action.trigger()
        for dialog in (
            ExportDialog(ws),
            ApplyPackDialog(ws),
            RecordAudioDialog(ws, window.editor.testimony_id),
        ):
            qtbot.addWidget(dialog)
            assert _unnamed(dialog) == []
            dialog.reject()
    finally:
        ws.lock()


def test_the_coordinators_dialogs(qtbot, private_tmp):
    archive = make_archive(private_tmp / "archive")
    try:
        for dialog in (
            ImportDialog(archive.ws, detect=list),
            EnrolDeviceDialog(archive.ws, detect=list),
            ReceiptDialog(archive.ws, detect=list),
        ):
            qtbot.addWidget(dialog)
            assert _unnamed(dialog) == []
            dialog.reject()
    finally:
        archive.ws.lock()
