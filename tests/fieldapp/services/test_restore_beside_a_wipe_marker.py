"""A restore judges a wipe marker in a copy awaiting its keys by the id its master key reads in
the database (R2-1): a marker naming another workspace (come with the copy, or planted) is
removed and the keys restored; one naming this workspace, or none (the wipe's own, empty), is a
wipe that was cut, refused whether the keys come from a backup or from shares; and a wipe
asked for of such a copy makes its marker honoured whatever it named."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldapp.errors import WipeInterruptedError
from fieldapp.services import backup, key_shares, session
from fieldapp.workspace import Workspace
from fieldapp.workspace.wipe_marker import WIPE_MARKER, mark_wipe
from tests.fieldapp.services.crash_support import BACKUP_PASSPHRASE, NEW_PASSPHRASE, opens
from tests.fieldapp.workspace.support import PARAMS, CreatedWorkspace

OTHER_ID = "0b3c3e58-6f0c-4f7e-9d4c-1f2a3b4c5d6e"


class Copy:
    """A workspace copied without its keys.json, with its key backup and three shares (2
    needed)."""

    def __init__(self, created: CreatedWorkspace, folder: Path) -> None:
        self.workspace_id = created.workspace.workspace_id
        self.backup = folder / "keys.backup"
        backup.write_key_backup(created.workspace, self.backup, BACKUP_PASSPHRASE, work_factor=10)
        self.shares = key_shares.make_key_shares(created.workspace, 2, 3)[:2]
        created.workspace.lock()
        self.root = folder / "copy"
        shutil.copytree(created.root, self.root)
        (self.root / "keys.json").unlink()
        (self.root / "unlock-attempts.json").unlink(missing_ok=True)

    @property
    def marker(self) -> Path:
        return self.root / WIPE_MARKER

    def restore_from_backup(self) -> str:
        opened = backup.check_key_backup(self.backup, BACKUP_PASSPHRASE, self.root)
        return backup.write_restored_keys(
            self.root, opened.master_key, opened.workspace_id, NEW_PASSPHRASE, params=PARAMS
        )

    def restore_from_shares(self) -> str:
        key_shares.check_shares(self.shares, self.root)
        return key_shares.restore_keys_from_shares(
            self.shares, self.root, NEW_PASSPHRASE, params=PARAMS
        )


@pytest.fixture
def copy(created: CreatedWorkspace, tmp_path: Path) -> Copy:
    return Copy(created, tmp_path)


RESTORES: list[Callable[[Copy], str]] = [Copy.restore_from_backup, Copy.restore_from_shares]
WAYS = pytest.mark.parametrize("restore", RESTORES, ids=["backup", "shares"])


@WAYS
@pytest.mark.parametrize("named", [OTHER_ID, "not a workspace id at all"], ids=["other", "junk"])
def test_a_marker_naming_another_workspace_is_removed_and_the_keys_restored(
    copy: Copy, restore: Callable[[Copy], str], named: str
) -> None:
    copy.marker.write_text(named)
    assert session.wipe_interrupted(copy.root)  # what the window can tell without a key
    backup.check_restore_folder(copy.root)  # let through: only the key can judge it
    code = restore(copy)
    assert not copy.marker.exists()
    assert not session.wipe_interrupted(copy.root)
    with Workspace.unlock_with_recovery_code(copy.root, code) as ws:
        assert ws.workspace_id == copy.workspace_id
    assert opens(copy.root, passphrase=NEW_PASSPHRASE)


@WAYS
def test_a_marker_naming_this_workspace_is_a_cut_wipe_and_refused(
    copy: Copy, restore: Callable[[Copy], str]
) -> None:
    copy.marker.write_text(copy.workspace_id)
    with pytest.raises(WipeInterruptedError):
        restore(copy)
    assert not (copy.root / "keys.json").exists()
    assert copy.marker.read_text() == copy.workspace_id
    assert session.finish_wipe(copy.root) is False
    assert sorted(p.name for p in copy.root.iterdir()) == []


@WAYS
def test_an_empty_marker_is_refused_before_any_key_work(
    copy: Copy, restore: Callable[[Copy], str]
) -> None:
    copy.marker.touch()
    with pytest.raises(WipeInterruptedError):
        backup.check_restore_folder(copy.root)
    with pytest.raises(WipeInterruptedError):
        restore(copy)
    assert not (copy.root / "keys.json").exists()


def test_the_check_of_a_backup_writes_nothing(copy: Copy) -> None:
    """The marker goes only when the keys are written: a person may still turn back."""
    copy.marker.write_text(OTHER_ID)
    backup.check_key_backup(copy.backup, BACKUP_PASSPHRASE, copy.root)
    assert copy.marker.read_text() == OTHER_ID


def test_a_wipe_asked_for_of_such_a_copy_is_honoured(copy: Copy) -> None:
    """A wipe of the copy cut after its marker: the marker it found named another workspace,
    but the wipe was asked for here, so its marker names none and no restore undoes it."""
    copy.marker.write_text(OTHER_ID)
    mark_wipe(copy.root, None)  # what Workspace.wipe does first where there is no key file
    assert copy.marker.read_bytes() == b""
    with pytest.raises(WipeInterruptedError):
        copy.restore_from_backup()
    assert not (copy.root / "keys.json").exists()


def test_a_cut_wipe_without_its_database_is_said_before_any_key_work(copy: Copy) -> None:
    copy.marker.write_text(copy.workspace_id)
    for database in copy.root.glob("*.db*"):
        database.unlink()
    with pytest.raises(WipeInterruptedError):
        backup.check_restore_folder(copy.root)
