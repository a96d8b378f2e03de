"""Locking on idle and on hiding, the clipboard guard, and the preferences behind them."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.conftest import PASSPHRASE
from ui import settings
from ui.clipboard_guard import ClipboardGuard
from ui.idle_lock import DEFAULT_IDLE_MINUTES, IdleWatcher
from ui.main_window import MainWindow


def _unlocked_window(qtbot, root):
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.unlock_view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    assert window.unlocked
    return window


def test_idle_time_locks_the_window_and_forgets_the_rows(qtbot, workspace_root):
    window = _unlocked_window(qtbot, workspace_root)
    assert window.idle_watcher.timeout_ms == DEFAULT_IDLE_MINUTES * 60_000
    window.idle_watcher.set_timeout(200)
    with qtbot.waitSignal(window.idle_watcher.idle_timed_out, timeout=5_000):
        pass
    assert not window.unlocked
    assert window.stack.currentWidget() is window.unlock_view
    assert window.testimony_list.model.rowCount() == 0
    assert not window.idle_watcher.running


def test_input_restarts_the_idle_time_and_a_moved_mouse_does_not(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watcher = IdleWatcher(60_000)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.remaining_ms < 59_800, timeout=3_000)
    qtbot.mouseMove(field)
    assert watcher.remaining_ms < 59_800  # not restarted
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert watcher.remaining_ms > 59_800  # restarted by the key
    qtbot.waitUntil(lambda: watcher.remaining_ms < 59_800, timeout=3_000)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert watcher.remaining_ms > 59_800
    watcher.stop()
    assert watcher.remaining_ms == -1


def test_hiding_or_minimising_the_window_locks_it(qtbot, workspace_root):
    window = _unlocked_window(qtbot, workspace_root)
    window.hide()
    assert not window.unlocked
    window.show()
    qtbot.keyClicks(window.unlock_view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    window.showMinimized()
    qtbot.waitUntil(lambda: not window.unlocked, timeout=3_000)


def test_a_copy_leaves_the_clipboard_after_the_delay(qtbot):
    field = QLineEdit("Kim Chol-su, Hoeryong")
    qtbot.addWidget(field)
    field.show()
    with qtbot.waitActive(field):  # a copy counts as ours while the app is the active one
        field.activateWindow()
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(clipboard, clear_after_ms=200)
    field.selectAll()
    field.copy()
    assert clipboard.text() == "Kim Chol-su, Hoeryong"
    assert guard.holding
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3_000)
    assert not guard.holding


def test_locking_clears_the_clipboard_at_once(qtbot, workspace_root):
    window = _unlocked_window(qtbot, workspace_root)
    clipboard = QApplication.clipboard()
    clipboard.setText("a pseudonym")
    assert window.clipboard_guard.holding
    window.lock_action.trigger()
    assert clipboard.text() == ""


def test_another_programs_text_is_not_cleared(qtbot):
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(clipboard, clear_after_ms=60_000)
    clipboard.setText("ours")
    assert guard.holding
    guard._ours = "something else"  # as if another program had copied since
    guard.clear_now()
    assert clipboard.text() == "ours"


def test_idle_minutes_are_kept_within_bounds(isolated_settings):
    assert settings.idle_minutes() == DEFAULT_IDLE_MINUTES
    settings.set_idle_minutes(0)
    assert settings.idle_minutes() == settings.MIN_IDLE_MINUTES
    settings.set_idle_minutes(10_000)
    assert settings.idle_minutes() == settings.MAX_IDLE_MINUTES
    QSettings(settings.ORGANISATION, settings.APPLICATION).setValue("lock/idle_minutes", "never")
    assert settings.idle_minutes() == DEFAULT_IDLE_MINUTES


def test_settings_change_the_idle_time_of_an_open_window(qtbot, workspace_root):
    window = _unlocked_window(qtbot, workspace_root)
    settings.set_idle_minutes(2)
    window.idle_watcher.set_timeout(settings.idle_minutes() * 60_000)
    assert window.idle_watcher.timeout_ms == 120_000
    assert window.idle_watcher.running
