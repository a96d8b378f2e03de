"""H8's review: a key restore writes the keys with a new passphrase and a new recovery code,
then shows the code to be copied and read back. Closed there (a lock, the window hidden,
Close), the code is wiped, never read back: the new passphrase opens the workspace, and no
recovery code that anyone holds does. The unlock screen said nothing (a recovery reset the
same way names the way out since H7); now it says the same sentence."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from crypto import keywrap
from fieldapp.services import setup_checks
from tests.ui.lock_support import Gate
from tests.ui.test_key_restore_dialog import (  # noqa: F401 - fixtures
    NEW_PASSPHRASE,
    TIMEOUT_MS,
    _choose,
    _give_shares,
    _held_after_checking,
    _set_new_passphrase,
    copy,
    made,
)
from ui.main_window import MainWindow
from ui.views.key_restore_dialog import KeyRestoreDialog

NOT_KEPT = "its new recovery code was not written down"


def _restore_until_the_code(qtbot, copy: Path, made) -> tuple[MainWindow, KeyRestoreDialog]:  # noqa: F811
    window = MainWindow(copy, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.welcome_view.restore_button, Qt.MouseButton.LeftButton)
    [dialog] = window.findChildren(KeyRestoreDialog)
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, made["shares"][1:])
    assert _set_new_passphrase(qtbot, dialog)  # the keys are written; the code is shown
    assert window.unlock_view.notice.text() == ""
    return window, dialog


def test_a_lock_while_a_restore_shows_its_new_code_says_it_was_not_kept(
    qtbot,
    copy: Path,  # noqa: F811
    made,  # noqa: F811
) -> None:
    window, dialog = _restore_until_the_code(qtbot, copy, made)

    window.idle_watcher.idle_timed_out.emit()  # the idle lock runs while a restore is open

    assert not dialog.isVisible()
    assert window.stack.currentWidget() is window.unlock_view
    assert NOT_KEPT in window.unlock_view.notice.text()


def test_closing_a_restore_on_its_new_code_says_it_was_not_kept(
    qtbot,
    copy: Path,  # noqa: F811
    made,  # noqa: F811
) -> None:
    window, dialog = _restore_until_the_code(qtbot, copy, made)

    dialog.reject()  # Close, or Escape

    assert window.stack.currentWidget() is window.unlock_view
    assert NOT_KEPT in window.unlock_view.notice.text()


def test_a_lock_while_the_keys_are_written_says_their_code_was_never_shown(
    qtbot,
    copy: Path,  # noqa: F811
    made,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = Gate()
    monkeypatch.setattr(setup_checks, "check_new_passphrase", _held_after_checking(gate))
    window = MainWindow(copy, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    window.welcome_view.restore_button.click()
    [dialog] = window.findChildren(KeyRestoreDialog)
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, made["shares"][:2])
    form = dialog.passphrase_page.form
    form.passphrase.setText(NEW_PASSPHRASE)
    form.confirmation.setText(NEW_PASSPHRASE)
    dialog.passphrase_page.restore_button.click()
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.on_lock_requested()
    gate.open()

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_view, timeout=TIMEOUT_MS)
    assert NOT_KEPT in window.unlock_view.notice.text()
