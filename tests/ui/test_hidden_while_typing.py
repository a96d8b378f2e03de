"""H8's review: the window hidden (minimised, another desktop) while the unlock screen holds a
passphrase typed and not yet sent. Hiding locks the window, but a window already locked only
reset its recovery form: the passphrase stayed in its field, and whoever showed the window
again had only to press Enter. What was typed and not sent goes; nothing else changes."""

from pathlib import Path

import pytest

from tests.ui.conftest import PASSPHRASE
from tests.ui.lock_support import Gate
from tests.ui.test_unlock_while_hidden import TIMEOUT_MS, _held_unlocks
from ui.main_window import MainWindow


def test_hiding_the_locked_window_forgets_a_passphrase_typed(qtbot, workspace_root: Path) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, PASSPHRASE)

    window.hide()

    assert view.passphrase.text() == ""
    window.show()
    view.unlock_button.click()  # Enter, by whoever is at the laptop now
    assert not window.unlocked
    assert view.status.text() != ""  # asked to type it


def test_a_notice_stays_when_an_unlock_ending_hidden_is_locked_again(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unlock screen cleared its notice (a recovery code never written down, edits lost
    at a lock) as soon as any unlock succeeded, before the window locked a result that ended
    while it was hidden: the person, back, never read what they must do."""
    gate = Gate()
    _held_unlocks(monkeypatch, gate)
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    view = window.unlock_view
    view.on_recovery_code_not_kept()  # as a recovery reset half-way says it
    sentence = view.notice.text()
    assert sentence
    view.passphrase.setText(PASSPHRASE)
    view.unlock_button.click()
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.hide()
    gate.open()
    qtbot.waitUntil(lambda: not view.busy, timeout=TIMEOUT_MS)

    assert not window.unlocked
    assert view.notice.text() == sentence
    window.show()
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS):
        view.unlock_button.click()
    assert window.unlocked
    assert view.notice.text() == ""  # read before this unlock
