"""The key backup dialog: a real age backup is written that ``fieldapp.services.backup`` restores
into a copy of the workspace, only with the workspace's own passphrase, never over a file."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from crypto import keywrap
from fieldapp.errors import WrongPassphraseError
from fieldapp.services import backup, records, session
from tests.ui.conftest import PASSPHRASE
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.storage import Drive
from ui.views.key_backup_dialog import KeyBackupDialog, file_name_is_plain

BACKUP_PASSPHRASE = "a separate and much longer backup passphrase 9"
NEW_PASSPHRASE = "the restored copy gets its own passphrase 4"
WORK_FACTOR = 10  # scrypt N = 2^10: fast; the service's own is 2^20
TIMEOUT_MS = 30_000
ARMOR_START = "-----BEGIN AGE ENCRYPTED FILE-----\n"


@pytest.fixture
def stick(private_tmp: Path) -> Path:
    folder = private_tmp / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def dialog(qtbot, workspace: object, workspace_root: Path, stick: Path) -> KeyBackupDialog:
    drive = Drive(stick, "STICK", 1 << 30, 1 << 31)
    dialog = KeyBackupDialog(
        workspace, workspace_root, detect=lambda: [drive], work_factor=WORK_FACTOR
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _fill(dialog: KeyBackupDialog, workspace_passphrase: str = PASSPHRASE) -> None:
    dialog.workspace_passphrase.setText(workspace_passphrase)
    dialog.new_passphrase.passphrase.setText(BACKUP_PASSPHRASE)
    dialog.new_passphrase.confirmation.setText(BACKUP_PASSPHRASE)


def _write(qtbot, dialog: KeyBackupDialog) -> Path:
    with qtbot.waitSignal(dialog.key_backup_written, timeout=TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def _refused(qtbot, dialog: KeyBackupDialog) -> str:
    with qtbot.waitSignal(dialog.key_backup_failed, timeout=TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def _copy_without_keys(root: Path, folder: Path) -> Path:
    """What a restore starts from: the workspace's files, its keys.json gone."""
    copy = folder / "copy"
    shutil.copytree(root, copy)
    (copy / "keys.json").unlink()
    (copy / "unlock-attempts.json").unlink(missing_ok=True)
    return copy


def test_the_backup_written_restores_keys_that_open_the_same_records(
    qtbot, dialog, workspace, workspace_root: Path, stick: Path, private_tmp: Path
) -> None:
    listed = [summary.id for summary in records.list_testimonies(workspace)]
    _fill(dialog)

    out = _write(qtbot, dialog)

    assert out.parent == stick
    assert [path.name for path in stick.iterdir()] == [out.name]  # no temporary name left
    text = out.read_text("ascii")
    assert text.startswith(ARMOR_START)
    assert BACKUP_PASSPHRASE not in text
    assert PASSPHRASE not in text
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.name in dialog.status.text()
    # The fields let go of both passphrases.
    assert dialog.workspace_passphrase.text() == ""
    assert dialog.new_passphrase.text() == ""

    copy = _copy_without_keys(workspace_root, private_tmp)
    code = backup.restore_keys(
        out, BACKUP_PASSPHRASE, copy, NEW_PASSPHRASE, params=keywrap.TEST_PARAMS
    )
    with pytest.raises(WrongPassphraseError):
        session.unlock(copy, PASSPHRASE)  # the copy has new keys.json: only the new passphrase
    for opened in (
        session.unlock(copy, NEW_PASSPHRASE),
        session.unlock_with_recovery_code(copy, code),
    ):
        try:
            assert session.workspace_fingerprint(opened) == session.workspace_fingerprint(workspace)
            assert [s.id for s in records.list_testimonies(opened)] == listed
        finally:
            session.lock(opened)


def test_a_wrong_workspace_passphrase_writes_nothing(qtbot, dialog, stick: Path) -> None:
    _fill(dialog, workspace_passphrase="not the passphrase at all")

    sentence = _refused(qtbot, dialog)

    assert sentence == "The passphrase is wrong."
    assert list(stick.iterdir()) == []
    assert dialog.write_button.isEnabled()


def test_an_existing_file_is_left_as_it_is(qtbot, dialog, stick: Path) -> None:
    existing = stick / dialog.file_name.text()
    existing.write_text("someone's file\n")
    _fill(dialog)

    sentence = _refused(qtbot, dialog)

    assert sentence == "The output file already exists; it was left as it is."
    assert existing.read_text() == "someone's file\n"
    assert [path.name for path in stick.iterdir()] == [existing.name]
    # Refused before the work: the passphrases are still there to write elsewhere.
    assert dialog.workspace_passphrase.text() == PASSPHRASE


def test_a_weak_or_unconfirmed_backup_passphrase_is_refused_before_any_work(
    qtbot, dialog, stick: Path
) -> None:
    dialog.workspace_passphrase.setText(PASSPHRASE)
    for passphrase, again in (("abc", "abc"), (BACKUP_PASSPHRASE, BACKUP_PASSPHRASE + "x")):
        dialog.new_passphrase.passphrase.setText(passphrase)
        dialog.new_passphrase.confirmation.setText(again)
        with qtbot.waitSignal(dialog.key_backup_failed, timeout=TIMEOUT_MS):
            dialog.write_button.click()
        assert not dialog.busy
    assert list(stick.iterdir()) == []


@pytest.mark.parametrize("name", ["", "../keys.age", "a/b.age", ".hidden.age", "x\ny.age"])
def test_a_file_name_with_a_folder_in_it_is_refused(
    qtbot, dialog, stick: Path, private_tmp: Path, name: str
) -> None:
    assert not file_name_is_plain(name)
    dialog.file_name.setText(name)
    _fill(dialog)
    with qtbot.waitSignal(dialog.key_backup_failed, timeout=TIMEOUT_MS):
        dialog.write_button.click()
    assert list(stick.iterdir()) == []
    assert not (private_tmp / "keys.age").exists()


def test_the_workspace_menu_opens_the_dialog_on_an_unlocked_workspace(
    qtbot, workspace_root: Path
) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    assert not window.key_backup_action.isEnabled()  # locked: nothing to back up
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=TIMEOUT_MS):
        window.unlock_view.unlock_button.click()
    [workspace_menu] = [
        action.menu() for action in window.menuBar().actions() if "Workspace" in action.text()
    ]
    assert window.key_backup_action in workspace_menu.actions()

    window.key_backup_action.trigger()

    [opened] = window.findChildren(KeyBackupDialog)
    qtbot.waitUntil(opened.isVisible)
    window.on_lock_requested()  # locking closes it
    assert not opened.isVisible()


def test_its_controls_are_named_and_share_no_mnemonic(dialog) -> None:
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
