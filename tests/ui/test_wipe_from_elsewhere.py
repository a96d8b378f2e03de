"""An emergency wipe run from elsewhere (a terminal, in a hurry) while the window shows the
workspace: the window locks at once, keeps no draft, and offers what a wiped folder gets."""

import subprocess
from pathlib import Path

from crypto import keywrap
from fieldapp.workspace import Workspace
from tests.cli.support import fieldapp_command
from tests.ui.conftest import PASSPHRASE
from ui.main_window import MainWindow

TIMEOUT_MS = 30_000


def _unlocked_window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=TIMEOUT_MS):
        window.unlock_view.unlock_button.click()
    assert window.unlocked
    return window


def test_a_wipe_from_a_terminal_locks_the_open_window_and_keeps_no_draft(
    qtbot, workspace_root: Path
) -> None:
    window = _unlocked_window(qtbot, workspace_root)
    window.new_action.trigger()  # a draft open in the editor
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=TIMEOUT_MS)
    window.editor.interview.title.setText("draft typed as the wipe runs")
    wiped = subprocess.run(
        [*fieldapp_command(), "--workspace", str(workspace_root), "wipe", "--yes"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert wiped.returncode == 0, wiped.stderr
    qtbot.waitUntil(lambda: not window.unlocked, timeout=TIMEOUT_MS)
    assert window.stack.currentWidget() is window.welcome_view
    assert window.editor.interview.title.text() == ""
    assert window.testimony_list.model.rowCount() == 0
    qtbot.wait(0)  # nothing written into the wiped folder afterwards
    assert not workspace_root.exists() or sorted(workspace_root.iterdir()) == []


def test_the_windows_own_key_changes_do_not_lock_it(qtbot, workspace_root: Path) -> None:
    """A new passphrase replaces keys.json by a rename: the folder changes, the keys stay."""
    window = _unlocked_window(qtbot, workspace_root)
    with Workspace.unlock(workspace_root, PASSPHRASE) as other:
        other.change_passphrase("a new passphrase, long enough 새", params=keywrap.TEST_PARAMS)
    qtbot.wait(300)  # the watcher's signal, if any, is delivered by the event loop
    assert window.unlocked
    window.on_lock_requested()
