"""Workspace > Make a new recovery code…: the passphrase typed again, the new code shown once,
two groups read back, then written to keys.json; the old code works until then, and every way
out (Close, a lock at any step) wipes the code from the screen."""

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldapp.errors import WrongRecoveryCodeError
from fieldapp.services import recovery_code, session
from fieldapp.workspace import Workspace
from tests.ui.conftest import PASSPHRASE
from tests.ui.lock_support import Gate, is_locked, shown_anywhere
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.views.recovery_code_dialog import (
    CODE_PAGE,
    DONE_PAGE,
    PASSPHRASE_PAGE,
    READ_BACK_PAGE,
    RecoveryCodeDialog,
)

TIMEOUT_MS = 30_000


def _opens_with_code(root: Path, code: str) -> bool:
    try:
        Workspace.unlock_with_recovery_code(root, code).lock()
    except WrongRecoveryCodeError:
        return False
    return True


@pytest.fixture
def window(qtbot, workspace_root: Path) -> MainWindow:
    """The window, unlocked with the passphrase."""
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    assert not window.recovery_code_action.isEnabled()  # locked: no code to replace
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=TIMEOUT_MS):
        window.unlock_view.unlock_button.click()
    return window


def _open_dialog(qtbot, window: MainWindow) -> RecoveryCodeDialog:
    [menu] = [a.menu() for a in window.menuBar().actions() if "Workspace" in a.text()]
    assert window.recovery_code_action in menu.actions()
    window.recovery_code_action.trigger()
    [dialog] = window.findChildren(RecoveryCodeDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _make_code(qtbot, dialog: RecoveryCodeDialog, passphrase: str = PASSPHRASE) -> str:
    qtbot.keyClicks(dialog.passphrase, passphrase)
    with qtbot.waitSignal(dialog.code_shown, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == CODE_PAGE
    assert dialog.passphrase.text() == ""
    return dialog.display.text()


def _to_read_back(qtbot, dialog: RecoveryCodeDialog) -> list[str]:
    """Tick "written", go on; the groups asked for, as labelled."""
    assert not dialog.next_button.isEnabled()
    dialog.written.setChecked(True)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == READ_BACK_PAGE
    return [label.text() for label in dialog.group_labels]


def _type_groups(qtbot, dialog: RecoveryCodeDialog, code: str) -> None:
    groups = code.split("-")
    for label, field in zip(dialog.group_labels, dialog.group_fields, strict=True):
        number = int(label.text().rsplit(" ", 1)[1])
        qtbot.keyClicks(field, groups[number - 1].lower())


def test_a_code_read_back_replaces_the_old_one(
    qtbot, window: MainWindow, workspace_root: Path
) -> None:
    old = Workspace.unlock(workspace_root, PASSPHRASE)
    old.lock()
    before = (workspace_root / "keys.json").read_bytes()
    dialog = _open_dialog(qtbot, window)
    code = _make_code(qtbot, dialog)
    assert len(code.split("-")) == 7
    assert QApplication.clipboard().text() != code
    _to_read_back(qtbot, dialog)
    assert (workspace_root / "keys.json").read_bytes() == before  # nothing written yet
    assert not dialog.store_button.isEnabled()
    _type_groups(qtbot, dialog, code)
    assert dialog.store_button.isEnabled()
    with qtbot.waitSignal(dialog.code_stored, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.store_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == DONE_PAGE
    assert dialog.display.text() == ""
    assert shown_anywhere([code, *code.split("-")[:3]]) == []
    assert _opens_with_code(workspace_root, code)
    session.unlock(workspace_root, PASSPHRASE).lock()  # the passphrase is kept
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_old_code_works_until_the_groups_match(
    qtbot, window: MainWindow, workspace_root: Path
) -> None:
    before = (workspace_root / "keys.json").read_bytes()
    dialog = _open_dialog(qtbot, window)
    code = _make_code(qtbot, dialog)
    _to_read_back(qtbot, dialog)
    first = code.split("-")[int(dialog.group_labels[0].text().rsplit(" ", 1)[1]) - 1]
    qtbot.keyClicks(dialog.group_fields[0], first)
    qtbot.keyClicks(dialog.group_fields[1], "ZZZZ" if "ZZZZ" not in code else "YYYY")
    assert "does not match" in dialog.status.text()
    assert not dialog.store_button.isEnabled()
    dialog.store_button.click()  # disabled: nothing happens
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == CODE_PAGE
    assert dialog.display.text() == code  # the code, shown again to check the paper
    assert [field.text() for field in dialog.group_fields] == ["", ""]
    dialog.reject()  # Close
    assert dialog.display.text() == ""
    assert (workspace_root / "keys.json").read_bytes() == before
    assert not _opens_with_code(workspace_root, code)


def test_a_wrong_passphrase_shows_no_code(qtbot, window: MainWindow) -> None:
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.passphrase, "not the passphrase at all")
    with qtbot.waitSignal(dialog.code_refused, timeout=TIMEOUT_MS) as refused:
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert "passphrase" in refused.args[0].lower()
    assert dialog.pages.currentIndex() == PASSPHRASE_PAGE
    assert dialog.display.text() == ""


def test_a_lock_while_the_code_is_shown_wipes_it_and_changes_nothing(
    qtbot, window: MainWindow, workspace_root: Path
) -> None:
    before = (workspace_root / "keys.json").read_bytes()
    dialog = _open_dialog(qtbot, window)
    code = _make_code(qtbot, dialog)
    display = dialog.display
    window.on_lock_requested()
    assert display.text() == ""
    assert shown_anywhere([code]) == []
    assert (workspace_root / "keys.json").read_bytes() == before


def test_a_lock_while_the_passphrase_is_checked_shows_no_code(
    qtbot, window: MainWindow, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    made: list[recovery_code.NewRecoveryCode] = []
    make = recovery_code.make_recovery_code

    def held_make() -> recovery_code.NewRecoveryCode:
        gate.hold()  # on the worker, the passphrase checked
        made.append(make())
        return made[-1]

    monkeypatch.setattr(recovery_code, "make_recovery_code", held_make)
    before = (workspace_root / "keys.json").read_bytes()
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    job = dialog.running_job
    assert job is not None
    window.on_lock_requested()
    assert not gate.opened  # the lock did not wait
    assert not dialog.isVisible()
    gate.open()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=TIMEOUT_MS)
    [new] = made
    assert new.code == ""  # forgotten as it arrived
    assert (workspace_root / "keys.json").read_bytes() == before


def test_a_lock_while_the_code_is_stored_lets_the_write_finish(
    qtbot, window: MainWindow, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    set_code = Workspace.set_recovery_code

    def held_set(workspace: Workspace, code: str) -> None:
        gate.hold()  # on the worker, with its own handle open
        set_code(workspace, code)

    monkeypatch.setattr(Workspace, "set_recovery_code", held_set)
    opened: Any = window._workspace
    dialog = _open_dialog(qtbot, window)
    code = _make_code(qtbot, dialog)
    _to_read_back(qtbot, dialog)
    _type_groups(qtbot, dialog, code)
    qtbot.mouseClick(dialog.store_button, Qt.MouseButton.LeftButton)
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    assert dialog.display.text() == ""  # wiped as the write began
    job = dialog.running_job
    assert job is not None
    window.on_lock_requested()
    assert not gate.opened
    assert not window.unlocked
    assert not is_locked(opened)  # the write still reads its key
    gate.open()
    qtbot.waitUntil(lambda: is_locked(opened), timeout=TIMEOUT_MS)
    assert _opens_with_code(workspace_root, code)  # read back: it is on paper


def test_the_dialog_is_named_and_shares_no_mnemonic(qtbot, window: MainWindow) -> None:
    dialog = _open_dialog(qtbot, window)
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
