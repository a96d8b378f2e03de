"""The window in a folder left by a set-up cut before its recovery code was read back (a real
cut: a child process killed): the set-up is offered again, never the unlock or a key restore;
opening it removes nothing (R1-1): the Create page says what it will remove, and Create
removes what the cut left and starts over there, with the same custodian file's name; and the
new workspace is kept only once its code is read back."""

from pathlib import Path

import pytest

from fieldapp.services import session, setup
from tests.fieldapp.services.setup_cut_support import (
    CUSTODIAN_PASSPHRASE,
    SERVICES_CUT,
    assert_whole,
    custodian_path,
    cut,
)
from tests.fieldapp.workspace.support import file_snapshot
from tests.ui.first_run.support import CREATION_TIMEOUT_MS, FAST, PASSPHRASE, Driver
from ui.main_window import MainWindow
from ui.views.first_run.state import PageId


def _window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root, key_params=FAST)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(
    ("role", "point"),
    [("archive", "before-keys"), ("interviewer", "after-keys"), ("archive", "code-shown")],
)
def test_the_window_sets_up_again_where_a_set_up_was_cut(qtbot, private_tmp, role, point):
    root, custodian = private_tmp / "workspace", custodian_path(private_tmp)
    cut(private_tmp, SERVICES_CUT, root, role, point)
    # At the real name only once keys.json is in place; before, at the set-up's own (R2-5).
    assert (root / "fieldapp.db").exists() == (point == "code-shown")
    assert len(list(root.glob("*.db"))) == 1

    window = _window(qtbot, root)
    qtbot.waitUntil(lambda: window.first_run is not None, timeout=CREATION_TIMEOUT_MS)
    assert window.stack.currentWidget() is window.welcome_view  # not the unlock screen
    assert not window.welcome_view.keys_missing  # not a copy awaiting its keys
    before = file_snapshot(private_tmp)
    assert setup.setup_unfinished(root)  # opening the wizard removed nothing

    wizard = window.first_run
    driver = Driver(qtbot, wizard)
    coordinator = role == "archive"
    driver.choose_role(coordinator=coordinator)
    driver.give_label("HQ" if coordinator else "Laptop 7")
    driver.give_passphrase()
    driver.forward()
    if coordinator:
        driver.give_custodian(custodian, CUSTODIAN_PASSPHRASE)  # the cut one's name
        driver.forward()
    assert driver.page == PageId.CREATE
    assert "removes what it left" in wizard.create_page.summary.text()
    assert file_snapshot(private_tmp) == before  # until Create is pressed
    driver.create()
    assert setup.setup_unfinished(root)  # kept only once the code is read back
    assert not session.workspace_exists(root)
    code = driver.take_recovery_code()
    driver.read_back(code)
    assert not setup.setup_unfinished(root)
    assert session.workspace_exists(root)
    if not coordinator:
        assert driver.page == PageId.REQUEST
        driver.forward()  # the request is skipped
    with qtbot.waitSignal(wizard.setup_finished, timeout=CREATION_TIMEOUT_MS):
        driver.forward()
    assert window.unlocked
    window.lock_action.trigger()
    assert not window.unlocked

    assert_whole(root, role, PASSPHRASE, code, custodian)


def test_leaving_the_wizard_before_the_read_back_leaves_no_workspace(qtbot, private_tmp):
    root = private_tmp / "workspace"
    window = _window(qtbot, root)
    qtbot.waitUntil(lambda: window.first_run is not None, timeout=CREATION_TIMEOUT_MS)
    driver = Driver(qtbot, window.first_run)
    driver.choose_role()
    driver.give_label("Laptop 7")
    driver.give_passphrase()
    driver.forward()
    driver.create()
    assert driver.page == PageId.RECOVERY_CODE
    window.first_run.reject()

    assert not session.workspace_exists(root)
    assert not setup.setup_unfinished(root)
    assert not root.exists()
