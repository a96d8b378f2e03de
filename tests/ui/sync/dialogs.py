"""Driving the export dialog in tests (no tests here)."""

from pathlib import Path

from PySide6.QtCore import Qt

from fieldapp.services.export import ExportResult
from ui.views.export_dialog import ExportDialog

from .conftest import drive_of

#: Generous: a loaded shared machine; the waits end as soon as the signal arrives.
EXPORT_TIMEOUT_MS = 60_000


def export_dialog(qtbot, workspace: object, usb: Path) -> ExportDialog:
    dialog = ExportDialog(workspace, detect=lambda: [drive_of(usb)])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def export_through(qtbot, dialog: ExportDialog) -> ExportResult:
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]
