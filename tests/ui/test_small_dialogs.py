"""The enrolment-request dialog (after a skipped first run) and the settings dialog."""

from pathlib import Path

from PySide6.QtCore import Qt

from fieldapp.services import enrolment, session
from tests.ui.conftest import PASSPHRASE
from ui import settings
from ui.views.enrolment_request_dialog import EnrolmentRequestDialog
from ui.views.settings_dialog import SettingsDialog


def test_the_request_is_written_to_the_chosen_folder(qtbot, workspace_root, private_tmp):
    stick = private_tmp / "stick"
    stick.mkdir()
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        dialog = EnrolmentRequestDialog(ws)
        qtbot.addWidget(dialog)
        spoken = dialog.fingerprint.text().splitlines()
        assert enrolment.parse_spoken_fingerprint(" ".join(spoken[:-1])) == ws.fingerprint
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        assert dialog.result_text.text() == "Choose a drive or a folder first."
        dialog.destination.set_folder(stick)
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        (written,) = stick.iterdir()
        assert written.name in dialog.result_text.text()
        assert enrolment.read_request(written).fingerprint == ws.fingerprint
    finally:
        ws.lock()


def test_a_folder_that_cannot_be_written_gives_one_sentence(qtbot, workspace_root, tmp_path):
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        dialog = EnrolmentRequestDialog(ws)
        qtbot.addWidget(dialog)
        dialog.destination.set_folder(Path("/proc"))  # exists, and refuses new files
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        assert dialog.result_text.text().startswith("The enrolment request could not be written")
    finally:
        ws.lock()


def test_settings_are_kept(qtbot):
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.idle_minutes.setValue(12)
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))
    dialog.accept()
    assert (settings.idle_minutes(), settings.language()) == (12, "ko")
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert (again.idle_minutes.value(), again.language.currentData()) == (12, "ko")
