"""A recovery whose window was hidden after the new passphrase was set never kept its new code
(shown nowhere, or wiped before it was confirmed as written): the unlock screen says so and
names Workspace > Make a new recovery code…, which then gives the workspace a code again."""

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from crypto import keywrap
from fieldapp.services import setup
from fieldapp.workspace import Workspace
from tests.ui.lock_support import Gate
from ui.main_window import MainWindow
from ui.views.recovery_code_dialog import RecoveryCodeDialog
from ui.views.unlock_recovery import RecoveryFlow

STRONG = "amber lantern quietly folds"
NEW_PASSPHRASE = "copper meadow whistles twice"
TIMEOUT_MS = 30_000
ACTION = "Workspace > Make a new recovery code…"


@pytest.fixture
def recoverable(private_tmp: Path) -> tuple[Path, str]:
    """A locked workspace and its recovery code."""
    made = setup.create_workspace(
        private_tmp / "ws", setup.INTERVIEWER, STRONG, key_params=keywrap.TEST_PARAMS
    )
    made.workspace.lock()
    setup.confirm_setup(private_tmp / "ws")
    return private_tmp / "ws", made.recovery_code


def _window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.forgot_button.click()
    return window


def _to_the_new_passphrase(qtbot, flow: RecoveryFlow, code: str) -> None:
    flow.code.setText(code)
    flow.code_button.click()
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 1, timeout=TIMEOUT_MS)
    qtbot.keyClicks(flow.new_passphrase.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(flow.new_passphrase.confirmation, NEW_PASSPHRASE)
    qtbot.mouseClick(flow.set_button, Qt.MouseButton.LeftButton)


def _make_a_new_code(qtbot, window: MainWindow) -> str:
    """Unlock with the new passphrase and go through Make a new recovery code…"""
    window.show()
    window.unlock_view.passphrase.setText(NEW_PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=TIMEOUT_MS):
        window.unlock_view.unlock_button.click()
    assert window.unlocked
    window.recovery_code_action.trigger()
    [dialog] = window.findChildren(RecoveryCodeDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.passphrase, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.code_shown, timeout=TIMEOUT_MS):
        dialog.make_button.click()
    code = dialog.display.text()
    dialog.written.setChecked(True)
    dialog.next_button.click()
    groups = code.split("-")
    for label, field in zip(dialog.group_labels, dialog.group_fields, strict=True):
        field.setText(groups[int(label.text().rsplit(" ", 1)[1]) - 1])
    with qtbot.waitSignal(dialog.code_stored, timeout=TIMEOUT_MS):
        dialog.store_button.click()
    return code


def test_a_code_never_shown_is_named_and_a_new_one_can_be_made(
    qtbot, recoverable: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, code = recoverable
    gate = Gate()
    replace_keys = Workspace.replace_keys

    def held_replace_keys(workspace: Workspace, *args: Any, **kwargs: Any) -> str:
        gate.hold()
        return replace_keys(workspace, *args, **kwargs)

    monkeypatch.setattr(Workspace, "replace_keys", held_replace_keys)
    window = _window(qtbot, root)
    flow = window.unlock_view.recovery
    _to_the_new_passphrase(qtbot, flow, code)
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    window.hide()
    assert window.unlock_view.notice.text() == ""  # nothing is known yet
    gate.open()
    qtbot.waitUntil(lambda: not flow.busy, timeout=TIMEOUT_MS)
    notice = window.unlock_view.notice.text()
    assert "was not written down" in notice
    assert ACTION in notice
    new = _make_a_new_code(qtbot, window)
    Workspace.unlock_with_recovery_code(root, new).lock()


def test_a_code_wiped_before_it_was_confirmed_is_named(
    qtbot, recoverable: tuple[Path, str]
) -> None:
    root, code = recoverable
    window = _window(qtbot, root)
    flow = window.unlock_view.recovery
    _to_the_new_passphrase(qtbot, flow, code)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 2, timeout=TIMEOUT_MS)
    window.hide()  # the code on the screen, "written" not ticked
    assert flow.new_code.text() == ""
    assert ACTION in window.unlock_view.notice.text()


def test_a_code_confirmed_as_written_is_not_named(qtbot, recoverable: tuple[Path, str]) -> None:
    root, code = recoverable
    window = _window(qtbot, root)
    flow = window.unlock_view.recovery
    _to_the_new_passphrase(qtbot, flow, code)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 2, timeout=TIMEOUT_MS)
    flow.written.setChecked(True)
    window.hide()
    assert window.unlock_view.notice.text() == ""
