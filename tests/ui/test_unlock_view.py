"""The unlock screen's throttle countdown and its recovery-code path, on real workspaces."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from crypto import keywrap
from fieldapp.errors import WrongPassphraseError, WrongRecoveryCodeError
from fieldapp.services import session, setup
from fieldapp.workspace.throttle import FIRST_DELAY_SECONDS, FREE_ATTEMPTS
from tests.ui.conftest import PASSPHRASE
from ui.views.unlock_view import UnlockView

STRONG = "amber lantern quietly folds"
NEW_PASSPHRASE = "copper meadow whistles twice"
COUNTDOWN_MS = (FIRST_DELAY_SECONDS + 3) * 1000


def _view(qtbot, root: Path) -> UnlockView:
    view = UnlockView(root, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(view)
    view.show()
    return view


def _fail(qtbot, view: UnlockView) -> str:
    qtbot.keyClicks(view.passphrase, "not the passphrase")
    with qtbot.waitSignal(view.unlock_failed, timeout=10_000) as blocker:
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    return blocker.args[0]


def _fail_elsewhere(root: Path, times: int) -> None:
    for _ in range(times):
        with pytest.raises(WrongPassphraseError):
            session.unlock(root, "not the passphrase")


# --- the throttle --------------------------------------------------------------------------


def test_the_form_counts_down_after_too_many_wrong_passphrases(qtbot, workspace_root):
    view = _view(qtbot, workspace_root)
    for _ in range(FREE_ATTEMPTS - 1):
        assert _fail(qtbot, view) == "The passphrase is wrong."
        assert view.countdown.text() == ""
        assert view.unlock_button.isEnabled()

    assert _fail(qtbot, view) == "The passphrase is wrong."
    assert view.countdown.text() == f"Try again in {FIRST_DELAY_SECONDS} s"
    assert not view.unlock_button.isEnabled()
    assert not view.passphrase.isEnabled()
    qtbot.waitUntil(lambda: view.countdown.text() == "Try again in 1 s", timeout=COUNTDOWN_MS)
    assert not view.unlock_button.isEnabled()

    qtbot.waitUntil(view.unlock_button.isEnabled, timeout=COUNTDOWN_MS)
    assert view.countdown.text() == ""
    assert view.passphrase.isEnabled()
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=10_000) as blocker:
        qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    session.lock(blocker.args[0])


def test_a_throttled_attempt_shows_the_delay_and_counts_it_down(qtbot, workspace_root):
    view = _view(qtbot, workspace_root)  # opened before another window failed
    _fail_elsewhere(workspace_root, FREE_ATTEMPTS)

    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(view.unlock_failed, timeout=10_000) as blocker:
        qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)

    assert blocker.args[0].startswith("Too many wrong passphrases")
    assert view.countdown.text().startswith("Try again in")
    assert not view.unlock_button.isEnabled()
    qtbot.waitUntil(view.unlock_button.isEnabled, timeout=COUNTDOWN_MS)


def test_a_screen_opened_during_the_delay_counts_it_down(qtbot, workspace_root):
    _fail_elsewhere(workspace_root, FREE_ATTEMPTS)
    view = _view(qtbot, workspace_root)

    assert view.countdown.text().startswith("Try again in")
    assert not view.passphrase.isEnabled()
    qtbot.waitUntil(view.passphrase.isEnabled, timeout=COUNTDOWN_MS)


# --- the recovery code ---------------------------------------------------------------------


@pytest.fixture
def recoverable(private_tmp: Path) -> tuple[Path, str]:
    """A locked workspace and its recovery code."""
    made = setup.create_workspace(
        private_tmp / "ws", setup.INTERVIEWER, STRONG, key_params=keywrap.TEST_PARAMS
    )
    made.workspace.lock()
    setup.confirm_setup(private_tmp / "ws")  # as the set-up's read-back does
    return private_tmp / "ws", made.recovery_code


def _enter_code(qtbot, view: UnlockView, code: str) -> None:
    if view.modes.currentWidget() is not view.recovery:
        qtbot.mouseClick(view.forgot_button, Qt.MouseButton.LeftButton)
    assert view.modes.currentWidget() is view.recovery
    view.recovery.code.clear()
    qtbot.keyClicks(view.recovery.code, code)
    qtbot.keyClick(view.recovery.code, Qt.Key.Key_Return)


def test_the_recovery_code_sets_a_new_passphrase_and_shows_a_new_code(qtbot, recoverable):
    root, old_code = recoverable
    view = _view(qtbot, root)
    flow = view.recovery

    _enter_code(qtbot, view, old_code.lower().replace("-", " "))
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 1, timeout=10_000)
    assert flow.code.text() == ""
    qtbot.keyClicks(flow.new_passphrase.passphrase, "password1234")
    qtbot.keyClicks(flow.new_passphrase.confirmation, "password1234")
    assert not flow.set_button.isEnabled()
    assert flow.status.text().startswith("Too weak:")
    flow.new_passphrase.clear()
    qtbot.keyClicks(flow.new_passphrase.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(flow.new_passphrase.confirmation, NEW_PASSPHRASE)
    qtbot.mouseClick(flow.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 2, timeout=10_000)

    new_code = flow.new_code.text()
    assert len(new_code.split("-")) == 7
    assert new_code != old_code
    assert not flow.done_button.isEnabled()
    qtbot.keyClick(flow.written, Qt.Key.Key_Space)
    with qtbot.waitSignal(view.unlock_succeeded) as blocker:
        qtbot.mouseClick(flow.done_button, Qt.MouseButton.LeftButton)
    session.lock(blocker.args[0])
    assert flow.new_code.text() == ""  # shown once

    with pytest.raises(WrongPassphraseError):
        session.unlock(root, STRONG)
    session.unlock(root, NEW_PASSPHRASE).lock()
    with pytest.raises(WrongRecoveryCodeError):
        session.unlock_with_recovery_code(root, old_code)
    session.unlock_with_recovery_code(root, new_code).lock()


def test_a_mistyped_code_is_said_and_costs_no_attempt(qtbot, recoverable):
    root, code = recoverable
    view = _view(qtbot, root)
    swapped = code[1] + code[0] + code[2:] if code[0] != code[1] else code[:-1] + "0"
    mistyped = [code[:-1] + ("0" if code[-1] != "0" else "1"), swapped, code[:20], code + "U"]

    for typed in mistyped * 2:
        _enter_code(qtbot, view, typed)
        assert view.recovery.status.text() == (
            "The recovery code looks mistyped: check it against the copy you wrote down."
        )
    assert session.unlock_delay(root) == 0
    assert view.recovery.code_button.isEnabled()


def test_a_wrong_code_is_refused_and_counted(qtbot, recoverable):
    root, _ = recoverable
    view = _view(qtbot, root)
    for _ in range(FREE_ATTEMPTS):
        with qtbot.waitSignal(view.unlock_failed, timeout=10_000) as blocker:
            _enter_code(qtbot, view, keywrap.generate_recovery_code())
        assert blocker.args[0] == "The recovery code is wrong."

    assert view.countdown.text().startswith("Try again in")
    assert not view.recovery.code_button.isEnabled()
    qtbot.waitUntil(view.recovery.code_button.isEnabled, timeout=COUNTDOWN_MS)


def test_leaving_the_recovery_before_the_new_passphrase_changes_nothing(qtbot, recoverable):
    root, code = recoverable
    keys_before = (root / "keys.json").read_bytes()
    view = _view(qtbot, root)
    flow = view.recovery
    _enter_code(qtbot, view, code)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 1, timeout=10_000)

    with qtbot.assertNotEmitted(view.unlock_succeeded):
        qtbot.mouseClick(flow.abandon_button, Qt.MouseButton.LeftButton)
    assert view.modes.currentIndex() == 0
    assert (root / "keys.json").read_bytes() == keys_before
    session.unlock(root, STRONG).lock()
    session.unlock_with_recovery_code(root, code).lock()


def test_the_unlock_form_forgets_the_passphrase_on_reset(qtbot, private_tmp):
    view = UnlockView(private_tmp)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.passphrase, "correct horse")

    view.reset()

    view.passphrase.setEchoMode(QLineEdit.EchoMode.Normal)
    view.passphrase.undo()
    assert view.passphrase.text() == ""  # not in the undo history either
