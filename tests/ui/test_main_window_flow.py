"""The window around the views: first run, menus by role and state, locking over dialogs."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from fieldapp.services import records, session
from tests.ui.conftest import PASSPHRASE
from tests.ui.first_run.support import FAST, Driver
from tests.ui.first_run.support import PASSPHRASE as NEW_PASSPHRASE
from ui.main_window import MainWindow


def _window(qtbot, root, **kwargs):
    window = MainWindow(root, **kwargs)
    qtbot.addWidget(window)
    window.show()
    return window


def _unlock(qtbot, window):
    qtbot.keyClicks(window.unlock_view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)


def test_a_folder_without_a_workspace_opens_the_set_up_and_ends_unlocked(qtbot, private_tmp):
    root = private_tmp / "laptop"
    window = _window(qtbot, root, key_params=FAST)
    assert window.stack.currentWidget() is window.welcome_view
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    driver = Driver(qtbot, window.first_run)
    driver.choose_role()
    driver.give_label("Laptop 3")
    driver.give_passphrase()
    driver.forward()
    driver.create()
    driver.read_back(driver.take_recovery_code())
    driver.forward()  # skip writing the request for now
    with qtbot.waitSignal(window.first_run.setup_finished, timeout=10_000):
        driver.forward()
    qtbot.waitUntil(lambda: window.first_run is None)
    assert window.unlocked
    assert window.stack.currentWidget() is window.testimony_list
    assert "not enrolled" in window.status_text.text()
    assert window.new_action.isEnabled()
    window.lock_action.trigger()
    assert window.stack.currentWidget() is window.unlock_view
    session.unlock(root, NEW_PASSPHRASE).lock()  # the passphrase chosen in the wizard


def test_leaving_the_set_up_shows_the_welcome_page_and_it_can_start_again(qtbot, private_tmp):
    root = private_tmp / "laptop"
    window = _window(qtbot, root, key_params=FAST)
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    window.first_run.reject()
    qtbot.waitUntil(lambda: window.first_run is None)
    assert window.stack.currentWidget() is window.welcome_view
    assert not root.exists()
    qtbot.mouseClick(window.welcome_view.setup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())


def test_actions_follow_the_lock(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    locked_out = (window.new_action, window.export_action, window.apply_pack_action)
    assert not any(action.isEnabled() for action in (*locked_out, window.lock_action))
    _unlock(qtbot, window)
    assert all(action.isEnabled() for action in (*locked_out, window.lock_action))
    window.lock_action.trigger()
    assert not any(action.isEnabled() for action in locked_out)


def test_opening_a_row_shows_it_in_the_editor_and_lock_wipes_the_editor(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    first = window.testimony_list.model.summary(0)
    window.testimony_list.testimony_activated.emit(first.id)
    assert window.stack.currentWidget() is window.editor
    assert window.editor.testimony_id == first.id
    window.lock_action.trigger()
    assert window.editor.testimony_id is None
    assert window.stack.currentWidget() is window.unlock_view


def test_a_new_testimony_opens_in_the_editor_and_shows_in_the_list(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    window.new_action.trigger()
    assert window.stack.currentWidget() is window.editor
    created = window.editor.testimony_id
    assert created is not None
    window.list_action.trigger()
    assert window.stack.currentWidget() is window.testimony_list
    ids = [window.testimony_list.model.summary(r).id for r in range(6)]
    assert created in ids
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        assert records.get_record(ws, created).testimony.id == created
    finally:
        ws.lock()


def test_locking_closes_an_open_dialog(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    window.export_action.trigger()
    dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
    assert len(dialogs) == 1
    window.lock_action.trigger()
    assert not dialogs[0].isVisible()
    assert not window.unlocked
