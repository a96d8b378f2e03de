"""The welcome view: an empty folder is offered the set-up; a folder holding a workspace's
database without its keys is offered the restore, and the set-up never starts for it, not even
when an interrupted set-up's marker lies beside the database (the set-up's creation would then
remove the database)."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from fieldapp.workspace.workspace import SETUP_MARKER
from tests.ui.first_run.support import FAST
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.views.key_restore_dialog import KeyRestoreDialog
from ui.views.welcome_view import WelcomeView, keys_missing


@pytest.fixture
def keyless(workspace_root: Path, private_tmp: Path) -> Path:
    copy = private_tmp / "copy"
    shutil.copytree(workspace_root, copy)
    (copy / "keys.json").unlink()
    return copy


def _window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root, key_params=FAST)
    qtbot.addWidget(window)
    window.show()
    return window


def _let_queued_calls_run() -> None:
    # The window starts the set-up from a zero-time timer; these let any such call run.
    for _ in range(3):
        QCoreApplication.processEvents()


def test_what_each_folder_is_offered(qtbot, keyless: Path, private_tmp: Path) -> None:
    assert keys_missing(keyless)
    assert not keys_missing(private_tmp / "nothing here")
    view = WelcomeView(keyless)
    qtbot.addWidget(view)
    view.show()
    assert view.heading.text() == "This workspace's keys are missing"
    assert view.explanation.text() == (
        "This folder holds a workspace whose keys are missing: restore them from a key backup"
        " or from key shares."
    )
    assert view.restore_button.isVisible()
    assert view.restore_button.isDefault()
    assert not view.setup_button.isVisible()
    assert (_unnamed(view), collisions(_texts(view))) == ([], {})

    empty = WelcomeView(private_tmp / "new")
    qtbot.addWidget(empty)
    empty.show()
    assert empty.heading.text() == "There is no workspace here yet"
    assert empty.setup_button.isVisible()
    assert not empty.restore_button.isVisible()


def test_a_keyless_copy_never_emits_the_set_up(qtbot, keyless: Path) -> None:
    view = WelcomeView(keyless)
    qtbot.addWidget(view)
    emitted: list[str] = []
    view.setup_requested.connect(lambda: emitted.append("setup"))
    view.setup_button.click()  # hidden and disabled: nothing
    view.on_setup_clicked()  # and its slot, called anyway: nothing
    assert emitted == []


def test_a_database_put_there_later_turns_the_set_up_into_the_restore(
    qtbot, keyless: Path, private_tmp: Path
) -> None:
    later = private_tmp / "later"
    later.mkdir()
    view = WelcomeView(later)
    qtbot.addWidget(view)
    emitted: list[str] = []
    view.setup_requested.connect(lambda: emitted.append("setup"))
    shutil.copy(keyless / "fieldapp.db", later / "fieldapp.db")
    view.on_setup_clicked()
    assert emitted == []
    assert view.keys_missing
    assert view.restore_button.isEnabled()


@pytest.mark.parametrize("with_marker", [False, True], ids=["copy", "interrupted-marker"])
def test_the_window_on_a_keyless_copy_never_starts_the_set_up(
    qtbot, keyless: Path, with_marker: bool
) -> None:
    if with_marker:
        (keyless / SETUP_MARKER).touch()
    database = (keyless / "fieldapp.db").read_bytes()
    window = _window(qtbot, keyless)
    _let_queued_calls_run()
    assert window.stack.currentWidget() is window.welcome_view
    assert window.first_run is None
    window.on_setup_requested()  # even asked directly
    _let_queued_calls_run()
    assert window.first_run is None
    assert (keyless / "fieldapp.db").read_bytes() == database


def test_the_restore_is_offered_from_the_keyboard(qtbot, keyless: Path) -> None:
    window = _window(qtbot, keyless)
    window.activateWindow()
    button = window.welcome_view.restore_button
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    [dialog] = window.findChildren(KeyRestoreDialog)
    assert dialog.isVisible()
    window.welcome_view.restore_requested.emit()  # a second request opens no second dialog
    assert len([d for d in window.findChildren(KeyRestoreDialog) if d.isVisible()]) == 1
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert not window.idle_watcher.running
    assert window.stack.currentWidget() is window.welcome_view


def test_an_empty_folder_still_starts_the_set_up(qtbot, private_tmp: Path) -> None:
    window = _window(qtbot, private_tmp / "laptop")
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    window.first_run.reject()


# -- an emergency wipe cut midway ----------------------------------------------------------------


@pytest.fixture
def half_wiped(workspace_root: Path, private_tmp: Path) -> Path:
    """A workspace whose emergency wipe a power cut stopped after keys.json (a real SIGKILL)."""
    from tests.fieldapp.services.crash_support import killed
    from tests.fieldapp.services.test_crash_keys import WIPE_KILLED_AFTER_THE_KEY_FILE

    root = private_tmp / "half-wiped"
    shutil.copytree(workspace_root, root)
    killed(private_tmp, WIPE_KILLED_AFTER_THE_KEY_FILE, root)
    assert not (root / "keys.json").exists()
    assert (root / "fieldapp.db").exists()
    return root


def test_a_half_wiped_folder_is_offered_only_the_end_of_the_wipe(
    qtbot, half_wiped: Path
) -> None:
    window = _window(qtbot, half_wiped)
    _let_queued_calls_run()
    view = window.welcome_view
    assert window.stack.currentWidget() is view
    assert window.first_run is None
    assert view.heading.text() == "An emergency wipe was interrupted"
    assert view.finish_wipe_button.isVisible()
    assert view.finish_wipe_button.isDefault()
    assert not view.setup_button.isVisible()
    # R2-1: without a key, a marker naming a workspace may be another's that came with a copy;
    # the restore is offered too, and refuses this workspace's keys (test_crash_keys).
    assert view.restore_button.isVisible()
    assert not view.restore_button.isDefault()
    assert view.restore_decides
    assert (_unnamed(view), collisions(_texts(view))) == ([], {})

    with qtbot.waitSignal(view.wipe_finished, timeout=30_000):
        qtbot.mouseClick(view.finish_wipe_button, Qt.MouseButton.LeftButton)
    assert not half_wiped.exists() or list(half_wiped.iterdir()) == []
    assert view.status.text() == "The wipe is finished: nothing of the workspace is left."
    assert view.setup_button.isVisible()  # a laptop with no workspace now
    assert not view.finish_wipe_button.isVisible()
    assert window.first_run is None  # offered, not started


def test_the_finish_button_never_wipes_a_workspace_nobody_asked_to_wipe(
    qtbot, workspace_root: Path
) -> None:
    view = WelcomeView(workspace_root)
    qtbot.addWidget(view)
    assert not view.wipe_interrupted
    view.on_finish_wipe_clicked()  # as if a stale button were pressed
    assert view._job is not None
    view.wait_for_work()
    qtbot.waitUntil(lambda: view._job is None)
    assert (workspace_root / "keys.json").exists()
    assert (workspace_root / "fieldapp.db").exists()
