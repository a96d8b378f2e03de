"""Locking while an export runs: the export stops, nothing that looks like a bundle is left, the
dialog closes, the keys are forgotten; the next export, after unlocking, works."""

from pathlib import Path

from fieldapp.services import export, importing, session
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PASSPHRASE
from ui.main_window import MainWindow
from ui.views.export_dialog import ExportDialog

from .dialogs import EXPORT_TIMEOUT_MS

#: Large enough that the export is still writing when the first progress report arrives.
ATTACHMENT_BYTES = 256 * 1024 * 1024


def test_locking_stops_the_export_and_leaves_no_bundle(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    root = enrolled.layout.root
    add_testimony(enrolled, files=[bytes(ATTACHMENT_BYTES)])
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    window.on_unlock_succeeded(enrolled)  # the window now owns it, and locks it
    window.export_action.trigger()
    (dialog,) = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    dialog.picker.set_folder(usb)
    locked: list[bool] = []

    def lock_at_first_report(_done: int, _total: int) -> None:
        if not locked:
            locked.append(True)
            window.lock_action.trigger()

    dialog.export_progressed.connect(lock_at_first_report)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(locked) and not window.unlocked, timeout=EXPORT_TIMEOUT_MS)
    # The dialog is gone with the keys (deleted: its last queued signals are dropped).
    qtbot.waitUntil(lambda: window.findChildren(ExportDialog) == [], timeout=5_000)

    assert window.stack.currentWidget() is window.unlock_view
    assert list(usb.iterdir()) == []  # neither a bundle nor a partial one
    ws = session.unlock(root, PASSPHRASE)
    try:
        result = export.export_bundle(ws, usb)
        assert (result.sequence, result.attachments) == (1, 1)
        (imported,) = importing.import_bundles(coordinator.ws, [result.path])
        assert imported.outcome == "imported"
    finally:
        ws.lock()
