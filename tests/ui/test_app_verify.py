"""``fieldapp-gui --verify`` (and ``fieldapp gui --verify``): the desktop app opened straight on
the auditor's "Verify files" dialog, over the usual window (session 13, H10). Real windows on
the offscreen platform, started through ``ui.app`` as ``main`` starts them."""

from pathlib import Path

import pytest

from ui import app
from ui.views.verify_dialog import VerifyDialog, open_dialogs


def _open(qtbot, *argv: str):
    args, _ = app.parse_arguments(["fieldapp-gui", *argv])
    window = app.open_window(args)
    qtbot.addWidget(window)
    return window


def _the_open_dialog() -> VerifyDialog:
    (dialog,) = [dialog for dialog in open_dialogs() if dialog.isVisible()]
    return dialog


def test_verify_is_off_unless_asked() -> None:
    assert app.parse_arguments(["fieldapp-gui"])[0].verify is False
    assert app.parse_arguments(["fieldapp-gui", "--verify"])[0].verify is True


def test_on_a_laptop_not_set_up_the_dialog_opens_over_the_welcome_view(
    qtbot, private_tmp: Path
) -> None:
    root = private_tmp / "laptop"

    window = _open(qtbot, "--workspace", str(root), "--verify")

    qtbot.waitUntil(lambda: any(dialog.isVisible() for dialog in open_dialogs()))
    dialog = _the_open_dialog()
    assert dialog.parent() is window
    assert window.stack.currentWidget() is window.welcome_view
    qtbot.waitUntil(lambda: window.first_run is None)  # no set-up behind the check
    assert not root.exists()  # nothing made
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert open_dialogs() == []


def test_the_set_up_never_shows_behind_the_check_not_even_for_a_moment(
    qtbot, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened then closed at once, the wizard flashed on the auditor's screen and asked for
    # nothing they came for: with --verify the window never starts it.
    from ui.views import first_run

    shown: list[object] = []
    opens = first_run.FirstRunWizard.open

    def recorded_open(wizard) -> None:
        shown.append(wizard)
        opens(wizard)

    monkeypatch.setattr(first_run.FirstRunWizard, "open", recorded_open)

    window = _open(qtbot, "--workspace", str(private_tmp / "laptop"), "--verify")

    qtbot.waitUntil(lambda: any(dialog.isVisible() for dialog in open_dialogs()))
    assert shown == []
    assert window.first_run is None
    assert window.stack.currentWidget() is window.welcome_view


def test_on_a_workspace_the_dialog_opens_over_the_unlock_view(qtbot, workspace_root: Path) -> None:
    window = _open(qtbot, "--workspace", str(workspace_root), "--verify")

    qtbot.waitUntil(lambda: any(dialog.isVisible() for dialog in open_dialogs()))
    assert _the_open_dialog().parent() is window
    assert window.stack.currentWidget() is window.unlock_view
    assert not window.unlocked


def test_without_verify_the_set_up_opens_and_no_dialog(qtbot, private_tmp: Path) -> None:
    window = _open(qtbot, "--workspace", str(private_tmp / "laptop"))

    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    assert open_dialogs() == []


def test_the_cli_gui_command_forwards_verify(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fieldapp.cli import main as run_cli

    started: list[list[str]] = []
    monkeypatch.setattr(app, "main", lambda argv: started.append(list(argv)) or 0)

    assert run_cli(["--workspace", str(tmp_path), "gui", "--verify"]) == 0

    assert started == [["fieldapp-gui", "--workspace", str(tmp_path), "--verify"]]
