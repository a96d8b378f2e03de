"""An unlock typed just before the window was hidden (minimised, another desktop) used to open
the hidden window, which then stayed open until the idle timeout: now its workspace is locked
as it arrives and the window stays at the unlock screen. Shown again before the result, the
window opens as before."""

from pathlib import Path
from typing import Any

import pytest

from fieldapp.services import session
from tests.ui.conftest import PASSPHRASE
from tests.ui.lock_support import Gate, is_locked
from ui.main_window import MainWindow

TIMEOUT_MS = 30_000


def _held_unlocks(monkeypatch: pytest.MonkeyPatch, gate: Gate) -> list[Any]:
    """The workspaces the passphrase opens, each held by ``gate`` once opened (on the worker)."""
    opened: list[Any] = []
    unlock = session.unlock

    def unlock_then_hold(root: Path, passphrase: str) -> Any:
        workspace = unlock(root, passphrase)
        opened.append(workspace)
        gate.hold()
        return workspace

    monkeypatch.setattr(session, "unlock", unlock_then_hold)
    return opened


def _unlock_held(qtbot, workspace_root: Path, gate: Gate) -> MainWindow:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    return window


def test_an_unlock_ending_while_the_window_is_hidden_opens_nothing(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    opened = _held_unlocks(monkeypatch, gate)
    window = _unlock_held(qtbot, workspace_root, gate)
    window.hide()
    gate.open()
    qtbot.waitUntil(lambda: not window.unlock_view.busy, timeout=TIMEOUT_MS)
    [workspace] = opened
    assert is_locked(workspace)
    assert not window.unlocked
    assert window.stack.currentWidget() is window.unlock_view
    assert "hidden" in window.unlock_view.status.text()
    assert not window.lock_action.isEnabled()


def test_an_unlock_ending_after_the_window_was_shown_again_opens_it(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    opened = _held_unlocks(monkeypatch, gate)
    window = _unlock_held(qtbot, workspace_root, gate)
    window.hide()
    window.show()
    gate.open()
    qtbot.waitUntil(lambda: window.unlocked, timeout=TIMEOUT_MS)
    [workspace] = opened
    assert not is_locked(workspace)
    assert window.stack.currentWidget() is window.testimony_list
