"""The main window on the coordinator's archive: its own Sync actions, and a bundle imported
through the window from a real device's export, shown in the archive's list afterwards."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from fieldapp.services import export, importing, packs, receipts
from fieldapp.sync.packs import pack_file_tag
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PASSPHRASE
from ui.main_window import MainWindow
from ui.views.enrol_device_dialog import EnrolDeviceDialog
from ui.views.import_dialog import ImportDialog
from ui.views.receipt_dialog import ReceiptDialog

WORK_TIMEOUT_MS = 60_000


def _window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    return window


def _unlock(qtbot, window: MainWindow) -> None:
    window.unlock_view.passphrase.setText(PASSPHRASE)  # Hangul: no key events in QtTest
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)


def _locked_root(ws: Workspace) -> Path:
    root = ws.layout.root
    ws.lock()
    return root


def _open_dialog(window: MainWindow) -> QDialog:
    dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def test_an_archive_offers_the_coordinators_sync_actions_and_hides_the_devices(
    qtbot, coordinator: Archive
) -> None:
    window = _window(qtbot, _locked_root(coordinator.ws))
    device_actions = window._device_sync_actions()
    archive_actions = window._archive_sync_actions()
    locked = [*device_actions, *archive_actions]
    assert all(action.isVisible() and not action.isEnabled() for action in locked)
    _unlock(qtbot, window)
    assert all(action.isVisible() and action.isEnabled() for action in archive_actions)
    assert not any(action.isVisible() for action in device_actions)
    assert not window.new_action.isEnabled()
    assert not window.testimony_list.new_button.isVisible()  # the archive writes none
    assert window.status_text.text() == "Archive “HQ” — 0 device(s) enrolled"  # no translator
    window.lock_action.trigger()
    assert all(action.isVisible() and not action.isEnabled() for action in locked)


def test_a_device_sees_none_of_the_coordinators_actions(qtbot, workspace_root: Path) -> None:
    from tests.ui.conftest import PASSPHRASE as DEVICE_PASSPHRASE

    window = _window(qtbot, workspace_root)
    qtbot.keyClicks(window.unlock_view.passphrase, DEVICE_PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    assert not any(action.isVisible() for action in window._archive_sync_actions())
    assert all(action.isVisible() for action in window._device_sync_actions())
    assert window.testimony_list.new_button.isVisible()
    window.import_action.trigger()  # its shortcut, with the action hidden: nothing opens
    assert not [d for d in window.findChildren(QDialog) if d.isVisible()]


def test_each_coordinator_action_opens_its_dialog_and_locking_closes_it(
    qtbot, coordinator: Archive
) -> None:
    window = _window(qtbot, _locked_root(coordinator.ws))
    _unlock(qtbot, window)
    for action, kind in (
        (window.import_action, ImportDialog),
        (window.receipt_action, ReceiptDialog),
        (window.enrol_device_action, EnrolDeviceDialog),
    ):
        action.trigger()
        dialog = _open_dialog(window)
        assert isinstance(dialog, kind)
        assert not dialog.progress_bar.isVisible()  # nothing runs yet: no busy bar
        window.lock_action.trigger()
        assert not dialog.isVisible()
        assert not window.unlocked
        _unlock(qtbot, window)


def test_a_bundle_imported_through_the_window_shows_in_the_archives_list(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    for _ in range(3):
        add_testimony(enrolled, files=[b"a scanned page"])
    bundle = export.export_bundle(enrolled, usb).path
    assert bundle is not None
    window = _window(qtbot, _locked_root(coordinator.ws))
    _unlock(qtbot, window)
    assert window.testimony_list.model.rowCount() == 0
    assert "1 device(s) enrolled" in window.status_text.text()

    window.import_action.trigger()
    dialog = _open_dialog(window)
    assert isinstance(dialog, ImportDialog)
    dialog.set_bundle_paths([bundle])
    with qtbot.waitSignal(dialog.import_finished, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)

    [report] = blocker.args[0]
    assert report.outcome == "imported", report
    assert report.testimonies == 3
    qtbot.waitUntil(lambda: window.testimony_list.model.rowCount() == 3)
    window.lock_action.trigger()
    # And the archive itself, opened again, holds the bundle: importing it again changes nothing.
    again = Workspace.unlock(coordinator.ws.layout.root, PASSPHRASE)
    try:
        [repeat] = importing.import_bundles(again, [bundle])
        assert repeat.outcome == "already imported"
    finally:
        again.lock()


def test_a_received_testimony_opens_read_only_in_the_archive(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled, files=[b"a scanned page"])
    bundle = export.export_bundle(enrolled, usb).path
    assert bundle is not None
    [report] = importing.import_bundles(coordinator.ws, [bundle])
    assert report.outcome == "imported"
    window = _window(qtbot, _locked_root(coordinator.ws))
    _unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.testimony_list.model.rowCount() == 1)

    window.testimony_list.testimony_activated.emit(window.testimony_list.model.summary(0).id)

    editor = window.editor
    assert window.stack.currentWidget() is editor
    assert editor.header.notice.text().startswith("Received from a field laptop")
    hidden = (
        editor.header.amend_button,
        editor.header.seal_button,
        editor.consent.record_button,
        editor.consent.withdraw_button,
    )
    assert not any(button.isVisible() for button in hidden)
    assert not editor.witness.show_button.isEnabled()  # the archive holds no identity to edit
    assert editor.witness.show_button.isHidden()
    assert not editor.witness.custodian_note.isHidden()  # and says why (on its tab)
    assert editor.consent.history.toPlainText().startswith("Version 1")  # still readable


def test_a_purged_testimony_says_where_its_content_went(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled)
    bundle = export.export_bundle(enrolled, usb).path
    assert bundle is not None
    assert importing.import_bundles(coordinator.ws, [bundle])[0].outcome == "imported"
    (pack,) = receipts.write_receipts(coordinator.ws, usb)
    packs.apply_pack(enrolled, pack.path)
    assert receipts.purge_archived(enrolled).testimonies == 1
    window = _window(qtbot, _locked_root(enrolled))
    window.unlock_view.passphrase.setText(PASSPHRASE)  # the device's, as the archive's
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    # The laptop names the tag its packs' files carry, so that its user picks its own.
    tag = pack_file_tag(pack.path.name)  # a tag may itself hold "-"
    assert f"packs are named …-{tag}-….fieldpack" in window.status_text.text()
    model = window.testimony_list.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    title = model.data(model.index(0, model.columnCount() - 1))
    assert title == "(content removed from this laptop: the archive holds it)"

    window.testimony_list.testimony_activated.emit(model.summary(0).id)

    # What remains of it, on a page of its own (tests/ui/editor/test_purged_testimony.py).
    assert window.editor.purged.summary.text().startswith(
        "Its content was removed from this laptop on "
    )
