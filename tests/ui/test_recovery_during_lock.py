"""The window hidden during a recovery: the recovery form is reset at once, a step still running
(the code being checked, the new passphrase being set) is let finish, its result is shown
nowhere, and the workspace it opened is locked once it has ended (it used to be locked under
the running step, whose new recovery code then appeared on the reset form)."""

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from crypto import keywrap
from fieldapp.errors import WrongPassphraseError
from fieldapp.services import session, setup
from fieldapp.workspace import Workspace
from tests.ui.lock_support import Gate, is_locked
from ui.main_window import MainWindow
from ui.views.unlock_recovery import RecoveryFlow

STRONG = "amber lantern quietly folds"
NEW_PASSPHRASE = "copper meadow whistles twice"
TIMEOUT_MS = 30_000


@pytest.fixture
def recoverable(private_tmp: Path) -> tuple[Path, str]:
    """A locked workspace and its recovery code."""
    made = setup.create_workspace(
        private_tmp / "ws", setup.INTERVIEWER, STRONG, key_params=keywrap.TEST_PARAMS
    )
    made.workspace.lock()
    setup.confirm_setup(private_tmp / "ws")  # as the set-up's read-back does
    return private_tmp / "ws", made.recovery_code


def _window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.unlock_view
    window.unlock_view.forgot_button.click()
    return window


def _opened_by_the_code(monkeypatch: pytest.MonkeyPatch, gate: Gate | None) -> list[Any]:
    """The workspaces the code opens, each held by ``gate`` (if any) once opened."""
    opened: list[Any] = []
    unlock = session.unlock_with_recovery_code

    def unlock_then_hold(root: Path, code: str) -> Any:
        workspace = unlock(root, code)
        opened.append(workspace)
        if gate is not None:
            gate.hold()
        return workspace

    monkeypatch.setattr(session, "unlock_with_recovery_code", unlock_then_hold)
    return opened


def _enter_code(flow: RecoveryFlow, code: str) -> None:
    flow.code.setText(code)
    flow.code_button.click()


def _shows_nothing(flow: RecoveryFlow) -> None:
    assert flow.steps.currentIndex() == 0
    assert flow.new_code.text() == ""
    assert flow.status.text() == ""
    assert flow.code.text() == ""


def test_hidden_while_the_new_passphrase_is_set_shows_no_code_and_locks_after(
    qtbot, recoverable: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, code = recoverable
    opened = _opened_by_the_code(monkeypatch, None)
    gate = Gate()
    replace_keys = Workspace.replace_keys

    def held_replace_keys(workspace: Workspace, *args: Any, **kwargs: Any) -> str:
        gate.hold()  # on the worker, with its own handle open
        return replace_keys(workspace, *args, **kwargs)

    monkeypatch.setattr(Workspace, "replace_keys", held_replace_keys)
    window = _window(qtbot, root)
    flow = window.unlock_view.recovery
    _enter_code(flow, code)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 1, timeout=TIMEOUT_MS)
    (workspace,) = opened
    qtbot.keyClicks(flow.new_passphrase.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(flow.new_passphrase.confirmation, NEW_PASSPHRASE)
    qtbot.mouseClick(flow.set_button, Qt.MouseButton.LeftButton)
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.hide()  # minimised, another desktop: the recovery form is reset

    assert not gate.opened
    _shows_nothing(flow)
    assert not is_locked(workspace)  # the step being run still reads it
    gate.open()
    qtbot.waitUntil(lambda: not flow.busy, timeout=TIMEOUT_MS)
    _shows_nothing(flow)  # the late result, a new recovery code, is shown nowhere
    assert is_locked(workspace)
    assert not window.unlocked
    with pytest.raises(WrongPassphraseError):  # the new passphrase was set, as the step ran
        session.unlock(root, STRONG)
    session.unlock(root, NEW_PASSPHRASE).lock()


def test_hidden_while_the_code_is_checked_opens_nothing(
    qtbot, recoverable: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, code = recoverable
    gate = Gate()
    opened = _opened_by_the_code(monkeypatch, gate)
    window = _window(qtbot, root)
    flow = window.unlock_view.recovery
    _enter_code(flow, code)
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.hide()

    assert not gate.opened
    _shows_nothing(flow)
    gate.open()
    qtbot.waitUntil(lambda: not flow.busy, timeout=TIMEOUT_MS)
    (workspace,) = opened
    assert is_locked(workspace)  # what the code opened is locked as it arrives
    _shows_nothing(flow)  # no step for a new passphrase
    assert not window.unlocked
