"""H8's review: a passphrase typed on the unlock screen and never sent stayed in its field until
the window was hidden; whoever came to the laptop later had only to press Enter. The idle time
of an open workspace now counts on the unlock screen too, from the first key typed there: once
it has gone by without input, what was typed and not sent goes."""

from pathlib import Path

from tests.ui.conftest import PASSPHRASE
from ui.main_window import MainWindow

IDLE_MS = 150
TIMEOUT_MS = 5_000


def _shown(qtbot, workspace_root: Path) -> MainWindow:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.idle_watcher.set_timeout(IDLE_MS)
    return window


def test_a_passphrase_typed_and_left_is_forgotten_after_the_idle_time(
    qtbot, workspace_root: Path
) -> None:
    window = _shown(qtbot, workspace_root)
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    assert window.idle_watcher.running

    with qtbot.waitSignal(window.idle_watcher.idle_timed_out, timeout=TIMEOUT_MS):
        pass

    assert view.passphrase.text() == ""
    view.unlock_button.click()  # Enter, by whoever is at the laptop now
    assert not window.unlocked
    assert window.isVisible()  # nothing else changed: the window stays as it was


def test_a_recovery_code_typed_and_left_is_forgotten_after_the_idle_time(
    qtbot, workspace_root: Path
) -> None:
    window = _shown(qtbot, workspace_root)
    view = window.unlock_view
    view.forgot_button.click()
    qtbot.keyClicks(view.recovery.code, "ABCD-EFGH")

    with qtbot.waitSignal(window.idle_watcher.idle_timed_out, timeout=TIMEOUT_MS):
        pass

    assert view.recovery.code.text() == ""


def test_typing_on_keeps_the_passphrase_and_it_still_unlocks(qtbot, workspace_root: Path) -> None:
    window = _shown(qtbot, workspace_root)
    window.idle_watcher.set_timeout(TIMEOUT_MS)  # longer than the typing takes
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    assert view.passphrase.text() == PASSPHRASE
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS):
        view.unlock_button.click()
    assert window.unlocked
    assert window.idle_watcher.running  # now the open workspace's idle lock


def test_an_untouched_unlock_screen_runs_no_idle_watch(qtbot, workspace_root: Path) -> None:
    window = _shown(qtbot, workspace_root)
    assert not window.idle_watcher.running
