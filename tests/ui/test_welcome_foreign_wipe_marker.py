"""A copy awaiting its keys beside a wipe marker naming a workspace (R2-1): the window cannot
tell, without a key, another workspace's marker from this folder's cut wipe, so it offers both
the restore (which tells them apart by the key) and the end of the wipe, and says why in one
sentence; a marker naming no workspace, or a wipe cut after the database went, offers only the
end of the wipe."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from crypto import keywrap
from fieldapp.services import backup, session
from fieldapp.workspace.workspace import WIPE_MARKER
from tests.fieldapp.services.crash_support import killed
from tests.fieldapp.services.test_crash_keys import WIPE_KILLED_BEFORE_THE_BLOBS
from tests.ui.conftest import PASSPHRASE
from tests.ui.first_run.support import FAST
from tests.ui.test_key_restore_dialog import (
    BACKUP_PASSPHRASE,
    NEW_PASSPHRASE,
    WORK_FACTOR,
    _check_backup,
    _choose,
    _read_back,
    _set_new_passphrase,
)
from ui.main_window import MainWindow
from ui.views.key_restore_dialog import KeyRestoreDialog
from ui.views.welcome_view import WelcomeView

OTHER_ID = "0b3c3e58-6f0c-4f7e-9d4c-1f2a3b4c5d6e"
BOTH_WAYS = "restore the keys: the restore tells the two apart"


@pytest.fixture
def kept(workspace_root: Path, private_tmp: Path) -> tuple[Path, str]:
    """The workspace's key backup, and its id."""
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        out = private_tmp / "keys-backup.age"
        backup.write_key_backup(ws, out, BACKUP_PASSPHRASE, work_factor=WORK_FACTOR)  # type: ignore[arg-type]
        return out, ws.workspace_id  # type: ignore[attr-defined]
    finally:
        session.lock(ws)


@pytest.fixture
def copy(workspace_root: Path, private_tmp: Path) -> Path:
    root = private_tmp / "copy"
    shutil.copytree(workspace_root, root)
    (root / "keys.json").unlink()
    return root


def test_another_workspaces_marker_offers_the_restore_too(qtbot, copy: Path) -> None:
    (copy / WIPE_MARKER).write_text(OTHER_ID)
    window = MainWindow(copy, key_params=FAST)
    qtbot.addWidget(window)
    window.show()
    view = window.welcome_view
    assert window.stack.currentWidget() is view
    assert view.wipe_interrupted
    assert view.restore_decides
    assert view.restore_button.isVisible()
    assert view.restore_button.isEnabled()
    assert view.finish_wipe_button.isVisible()
    assert BOTH_WAYS in view.explanation.text()
    with qtbot.waitSignal(view.restore_requested, timeout=5_000):
        qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert (copy / WIPE_MARKER).read_text() == OTHER_ID  # nothing changed until keys are given


def test_an_empty_marker_offers_only_the_end_of_the_wipe(qtbot, copy: Path) -> None:
    (copy / WIPE_MARKER).touch()
    view = WelcomeView(copy)
    qtbot.addWidget(view)
    view.show()
    assert view.wipe_interrupted
    assert not view.restore_decides
    assert not view.restore_button.isVisible()
    assert view.finish_wipe_button.isVisible()
    assert BOTH_WAYS not in view.explanation.text()


def test_a_wipe_cut_after_the_database_offers_only_its_end(
    qtbot, workspace_root: Path, private_tmp: Path
) -> None:
    killed(private_tmp, WIPE_KILLED_BEFORE_THE_BLOBS, workspace_root)
    view = WelcomeView(workspace_root)
    qtbot.addWidget(view)
    view.show()
    assert view.wipe_interrupted
    assert not view.restore_decides
    assert not view.restore_button.isVisible()
    assert view.finish_wipe_button.isVisible()


def _dialog(qtbot, copy: Path) -> KeyRestoreDialog:
    dialog = KeyRestoreDialog(copy, key_params=keywrap.TEST_PARAMS, detect=lambda: [])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_restore_removes_another_workspaces_marker_and_opens(
    qtbot, copy: Path, kept: tuple[Path, str]
) -> None:
    (copy / WIPE_MARKER).write_text(OTHER_ID)
    dialog = _dialog(qtbot, copy)
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, kept[0], BACKUP_PASSPHRASE)
    assert dialog.pages.currentWidget() is dialog.passphrase_page, dialog.status.text()
    workspace = _read_back(qtbot, dialog, _set_new_passphrase(qtbot, dialog))
    session.lock(workspace)  # type: ignore[arg-type]
    assert not (copy / WIPE_MARKER).exists()
    assert not session.wipe_interrupted(copy)
    session.lock(session.unlock(copy, NEW_PASSPHRASE))


def test_the_restore_refuses_the_keys_of_the_workspace_whose_wipe_was_cut(
    qtbot, copy: Path, kept: tuple[Path, str]
) -> None:
    (copy / WIPE_MARKER).write_text(kept[1])
    dialog = _dialog(qtbot, copy)
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, kept[0], BACKUP_PASSPHRASE)
    assert dialog.pages.currentWidget() is dialog.backup_page
    assert dialog.status.text() == (
        "An emergency wipe of this folder was interrupted; finish it to destroy what is left."
    )
    assert not (copy / "keys.json").exists()
    assert (copy / WIPE_MARKER).read_text() == kept[1]
