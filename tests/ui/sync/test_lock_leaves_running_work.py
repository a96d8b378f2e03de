"""Locking while an export or an import runs: the lock returns at once (the window never freezes
on the job), nothing of the records is shown any more, and the workspace handle the job uses is
locked only once the job has ended, when its dialog is gone too; meanwhile the workspace can be
unlocked again, and the old job's result reaches nothing of the new session."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from fieldapp.services import export, importing
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PASSPHRASE
from tests.ui.lock_support import Gate, is_locked, shown_anywhere
from ui import workers
from ui.main_window import MainWindow
from ui.models.testimony_table import TITLE
from ui.views.export_dialog import ExportDialog
from ui.views.import_dialog import ImportDialog

from .dialogs import EXPORT_TIMEOUT_MS

#: Enough that the work reports progress before it ends.
FILE_BYTES = 4 * 1024 * 1024


def _window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace.layout.root)
    qtbot.addWidget(window)
    window.show()
    window.on_unlock_succeeded(workspace)  # the window now owns it, and locks it
    return window


def _titles(window: MainWindow) -> list[str]:
    model = window.testimony_list.model
    titles = [model.index(row, TITLE).data() for row in range(model.rowCount())]
    assert titles  # there is something the lock must hide
    return titles


def _hold_at_first_progress(gate: Gate):
    """For a dialog's ``…_started(worker)``: the worker's first progress report, on the
    worker's own thread, is held by ``gate``."""

    def follow(worker: workers.Worker) -> None:
        worker.progress.connect(gate.hold, Qt.ConnectionType.DirectConnection)

    return follow


def _open_dialog(window: MainWindow, kind: type[QDialog]) -> QDialog:
    (dialog,) = [d for d in window.findChildren(kind) if d.isVisible()]
    return dialog


def _unlock_again(qtbot, window: MainWindow) -> None:
    view = window.unlock_view
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=EXPORT_TIMEOUT_MS):
        view.unlock_button.click()
    assert window.stack.currentWidget() is window.testimony_list


def _assert_hidden_at_once(window: MainWindow, dialog: QDialog, gate: Gate, titles: list[str]):
    assert not gate.opened  # the lock returned while the job was still held
    assert not window.unlocked
    assert window.stack.currentWidget() is window.unlock_view
    assert not dialog.isVisible()
    assert shown_anywhere(titles) == []


def test_a_lock_during_an_export_does_not_wait_for_it(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled, files=[os.urandom(FILE_BYTES)])
    window = _window(qtbot, enrolled)
    titles = _titles(window)
    window.export_action.trigger()
    dialog = _open_dialog(window, ExportDialog)
    dialog.picker.set_folder(usb)
    gate = Gate()
    dialog.export_started.connect(_hold_at_first_progress(gate))
    dialog.export_button.click()
    assert gate.reached.wait(EXPORT_TIMEOUT_MS / 1000)

    window.lock_action.trigger()

    _assert_hidden_at_once(window, dialog, gate, titles)
    assert not is_locked(enrolled)  # the job's handle stays open while the job runs
    _unlock_again(qtbot, window)
    gate.open()
    qtbot.waitUntil(lambda: is_locked(enrolled), timeout=EXPORT_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.findChildren(ExportDialog) == [], timeout=EXPORT_TIMEOUT_MS)
    assert list(usb.iterdir()) == []  # the export was cancelled: no bundle, whole or partial
    assert window.unlocked
    assert sorted(_titles(window)) == sorted(titles)  # the new session is untouched


def test_a_lock_during_an_import_does_not_wait_for_it(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled)
    first = export.export_bundle(enrolled, usb).path
    assert first is not None
    importing.import_bundles(coordinator.ws, [first])  # the archive's list is not empty
    add_testimony(enrolled, files=[os.urandom(FILE_BYTES)])
    bundle = export.export_bundle(enrolled, usb).path
    assert bundle is not None
    window = _window(qtbot, coordinator.ws)
    titles = _titles(window)
    window.import_action.trigger()
    dialog = _open_dialog(window, ImportDialog)
    dialog.set_bundle_paths([bundle])
    gate = Gate()
    dialog.import_started.connect(_hold_at_first_progress(gate))
    dialog.import_button.click()
    assert gate.reached.wait(EXPORT_TIMEOUT_MS / 1000)

    window.lock_action.trigger()

    _assert_hidden_at_once(window, dialog, gate, titles)
    assert not is_locked(coordinator.ws)
    _unlock_again(qtbot, window)
    refills: list[bool] = []
    window.testimony_list.model.modelReset.connect(lambda: refills.append(True))
    gate.open()
    qtbot.waitUntil(lambda: is_locked(coordinator.ws), timeout=EXPORT_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.findChildren(ImportDialog) == [], timeout=EXPORT_TIMEOUT_MS)
    assert refills == []  # the old dialog's result reached nothing of the new session
    assert window.unlocked
    assert sorted(_titles(window)) == sorted(titles)


def test_quitting_during_an_export_hides_everything_then_waits_for_it(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled, files=[os.urandom(FILE_BYTES)])
    window = _window(qtbot, enrolled)
    titles = _titles(window)
    window.export_action.trigger()
    dialog = _open_dialog(window, ExportDialog)
    dialog.picker.set_folder(usb)
    gate = Gate()
    dialog.export_started.connect(_hold_at_first_progress(gate))
    dialog.export_button.click()
    assert gate.reached.wait(EXPORT_TIMEOUT_MS / 1000)
    seen_at_clearing: list[tuple[bool, list[str]]] = []

    def look_then_let_go() -> None:  # as the list is emptied, during the quit
        seen_at_clearing.append((gate.opened, shown_anywhere(titles)))
        gate.open()

    window.testimony_list.model.modelReset.connect(look_then_let_go)

    window.close()

    # The list was emptied while the export was still held: hidden first, waited for after.
    assert seen_at_clearing[:1] == [(False, [])]
    assert is_locked(enrolled)  # the export had ended before the window closed
    assert list(usb.iterdir()) == []
