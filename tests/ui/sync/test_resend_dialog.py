"""Sending a lost bundle's records again from the app, checked in the next bundle."""

from pathlib import Path

from PySide6.QtCore import Qt

from fieldapp.domain import ConfidentialityLevel
from fieldapp.services import access, export
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_export_support import add_testimony
from ui.views.resend_dialog import ResendDialog


def _dialog(qtbot, workspace: Workspace) -> ResendDialog:
    dialog = ResendDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_lost_bundles_records_leave_again_with_the_next_export(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled, files=[b"a scan"])
    lost = export.export_bundle(enrolled, usb)
    lost.path.unlink()  # the stick never reached the archive
    assert export.export_bundle(enrolled, usb).path is None  # nothing new to send
    dialog = _dialog(qtbot, enrolled)
    dialog.sequence.setValue(1)
    qtbot.keyClicks(dialog.reason, "stick lost on the way")
    with qtbot.waitSignal(dialog.bundle_resent) as resent:
        qtbot.mouseClick(dialog.resend_button, Qt.MouseButton.LeftButton)
    assert (resent.args[0].sequence, resent.args[0].testimonies) == (1, 1)
    assert "bundle 1 will go in the next export" in dialog.status.text()
    assert "opening" not in dialog.status.text()  # the bundle carried none
    again = export.export_bundle(enrolled, usb)
    assert (again.sequence, again.testimonies, again.attachments) == (2, 1, 1)


def test_the_openings_a_lost_bundle_carried_are_logged_again(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    opened = add_testimony(enrolled, confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    access.open_record(enrolled, opened.id)
    access.open_identity(enrolled, opened.id)
    lost = export.export_bundle(enrolled, usb)
    lost.path.unlink()  # the stick never reached the archive
    dialog = _dialog(qtbot, enrolled)
    dialog.sequence.setValue(1)
    qtbot.keyClicks(dialog.reason, "stick lost on the way")
    with qtbot.waitSignal(dialog.bundle_resent) as resent:
        qtbot.keyClick(dialog.resend_button, Qt.Key.Key_Space)
    assert resent.args[0].openings == 2
    assert "2 opening" in dialog.status.text()
    assert "logged again and go with the next export" in dialog.status.text()
    again = export.export_bundle(enrolled, usb)
    assert (again.sequence, again.testimonies) == (2, 1)
    assert again.custody_events > 2


def test_a_bundle_never_sent_is_refused_in_one_sentence(qtbot, enrolled: Workspace) -> None:
    dialog = _dialog(qtbot, enrolled)
    dialog.sequence.setValue(7)
    qtbot.keyClicks(dialog.reason, "asked by the coordinator")
    with qtbot.assertNotEmitted(dialog.bundle_resent):
        qtbot.mouseClick(dialog.resend_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == (
        "This laptop never exported a bundle with that number; nothing was changed."
    )
    assert dialog.resend_button.isEnabled()
