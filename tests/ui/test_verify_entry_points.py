"""Where the auditor's "Verify files" dialog opens from: the first-run wizard's third role (which
makes nothing), the welcome view, and the window's Sync menu, locked or not."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWizard

from tests.ui.first_run.support import FAST, make_wizard
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.views.verify_dialog import VerifyDialog, open_dialogs


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def _one_open_dialog(qtbot) -> VerifyDialog:
    dialogs = [dialog for dialog in open_dialogs() if dialog.isVisible()]
    assert len(dialogs) == 1
    if dialogs[0].parent() is None:
        qtbot.addWidget(dialogs[0])  # closed after the test (else with its window)
    return dialogs[0]


def _click(qtbot, button: QAbstractButton) -> None:
    """A click on the button's indicator (a radio button's middle may be past its text)."""
    at = QPoint(4, button.height() // 2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=at)


def _let_queued_calls_run() -> None:
    # The window starts the set-up from a zero-time timer; these let any such call run.
    for _ in range(3):
        QCoreApplication.processEvents()


def test_the_wizard_auditor_choice_opens_the_check_and_makes_nothing(
    qtbot, private_tmp: Path
) -> None:
    root = private_tmp / "laptop"
    before = _entries(private_tmp)
    driver = make_wizard(qtbot, root)
    wizard = driver.wizard
    page = wizard.role_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_text = next_button.text()

    _click(qtbot, page.auditor)
    assert next_button.text() == "&Verify files…"
    _click(qtbot, page.interviewer)
    assert next_button.text() == next_text  # another role: Next again
    _click(qtbot, page.auditor)
    with qtbot.waitSignal(wizard.rejected):
        driver.forward()

    dialog = _one_open_dialog(qtbot)
    assert not wizard.isVisible()
    assert wizard.state.workspace is None
    assert not root.exists()
    assert _entries(private_tmp) == before  # no workspace, no file, no folder
    assert dialog.add_files_button.isEnabled()
    assert dialog.file_paths() == []


def test_in_the_window_the_auditor_choice_leaves_the_welcome_view_and_the_dialog(
    qtbot, private_tmp: Path
) -> None:
    root = private_tmp / "laptop"
    window = MainWindow(root, key_params=FAST)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    wizard = window.first_run
    _click(qtbot, wizard.role_page.auditor)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)

    dialog = _one_open_dialog(qtbot)
    assert dialog.parent() is window
    assert window.first_run is None
    assert window.stack.currentWidget() is window.welcome_view
    assert not root.exists()


def test_the_welcome_view_offers_the_check(qtbot, private_tmp: Path) -> None:
    window = MainWindow(private_tmp / "laptop", key_params=FAST)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    window.first_run.reject()
    _let_queued_calls_run()
    button = window.welcome_view.verify_button
    assert button.isVisible()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    dialog = _one_open_dialog(qtbot)
    assert dialog.parent() is window
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert open_dialogs() == []


def test_the_sync_menu_offers_the_check_locked_or_unlocked(qtbot, workspace_root: Path) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    action = window.verify_action
    (sync_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Sync"]
    assert action in sync_menu.actions()
    assert action.isEnabled()
    assert action.isVisible()

    action.trigger()

    dialog = _one_open_dialog(qtbot)
    assert dialog.parent() is window


def test_the_dialog_names_its_controls_and_its_mnemonics_are_apart(qtbot) -> None:
    dialog = VerifyDialog(detect=list)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
