"""The wipe's marker is honoured only for the workspace it names (review R1, session 12): one
planted beside an intact workspace (empty, naming another, a link, a pipe, a folder) changes
nothing, while a wipe really cut midway is still said and finished; and keys are never
restored into a folder whose wipe began after the restore's first check (R1-6), whether from a
backup or from key shares."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldapp.errors import WipeInterruptedError, WorkspaceExistsError
from fieldapp.services import backup, key_shares, session, setup_checks
from fieldapp.workspace import Workspace
from fieldapp.workspace.workspace import CUSTODIAN_FOLDER, WIPE_MARKER
from tests.fieldapp.services.crash_support import NEW_PASSPHRASE, killed, opens
from tests.fieldapp.services.test_crash_keys import (
    WIPE_KILLED_AFTER_ITS_MARKER,
    WIPE_KILLED_AFTER_THE_KEY_FILE,
)
from tests.fieldapp.small_disk import fill, small_disk
from tests.fieldapp.workspace.support import (
    PARAMS,
    PASSPHRASE,
    CreatedWorkspace,
    create_workspace,
    file_snapshot,
)

OTHER_ID = "0b3c3e58-6f0c-4f7e-9d4c-1f2a3b4c5d6e"


def _empty(marker: Path, _workspace_id: str, _outside: Path) -> None:
    marker.touch()


def _another_id(marker: Path, _workspace_id: str, _outside: Path) -> None:
    marker.write_text(OTHER_ID)


def _link(marker: Path, workspace_id: str, outside: Path) -> None:
    # Even a link to a file naming the right workspace: the wipe never writes a link.
    outside.write_text(workspace_id)
    marker.symlink_to(outside)


def _pipe(marker: Path, _workspace_id: str, _outside: Path) -> None:
    os.mkfifo(marker)


def _folder(marker: Path, _workspace_id: str, _outside: Path) -> None:
    marker.mkdir()
    (marker / "inside").write_bytes(b"")


PLANTS = [_empty, _another_id, _link, _pipe, _folder]
Plant = Callable[[Path, str, Path], None]


@pytest.fixture
def locked(created: CreatedWorkspace) -> CreatedWorkspace:
    created.workspace.lock()
    return created


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: p.__name__.strip("_"))
def test_a_marker_planted_beside_an_intact_workspace_changes_nothing(
    tmp_path: Path, locked: CreatedWorkspace, plant: Plant
) -> None:
    root, outside = locked.root, tmp_path / "outside.txt"
    plant(root / WIPE_MARKER, locked.workspace.workspace_id, outside)
    keys_before = (root / "keys.json").read_bytes()
    assert not session.wipe_interrupted(root)
    assert session.workspace_exists(root)
    assert opens(root, passphrase=PASSPHRASE)
    assert opens(root, code=locked.recovery_code)
    # What the folder would be without it: a workspace with its keys, nothing to set up.
    with pytest.raises(WorkspaceExistsError):
        backup.check_restore_folder(root)
    with pytest.raises(WorkspaceExistsError):
        setup_checks.check_new_folder(root)
    assert session.finish_wipe(root) is False  # the window's button wipes nothing here
    assert (root / "keys.json").read_bytes() == keys_before
    assert (root / "fieldapp.db").is_file()


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: p.__name__.strip("_"))
def test_wipe_yes_still_wipes_it_and_nothing_outside(
    tmp_path: Path, locked: CreatedWorkspace, plant: Plant
) -> None:
    root, outside = locked.root, tmp_path / "outside.txt"
    workspace_id = locked.workspace.workspace_id
    plant(root / WIPE_MARKER, workspace_id, outside)
    assert Workspace.wipe(root) is False  # no custodian folder here
    assert sorted(p.name for p in root.iterdir()) == []
    if plant is _link:
        assert outside.read_text() == workspace_id


def test_a_wipe_cut_after_overwriting_the_key_file_is_still_said(
    locked: CreatedWorkspace,
) -> None:
    """Between the overwrite of keys.json and its unlink, no key file is left to disagree."""
    root = locked.root
    (root / WIPE_MARKER).write_text(locked.workspace.workspace_id)
    assert session.wipe_interrupted(root)  # keys.json intact and named: the wipe began
    size = (root / "keys.json").stat().st_size
    (root / "keys.json").write_bytes(os.urandom(size))  # what destroy_file writes first
    assert session.wipe_interrupted(root)
    with pytest.raises(WipeInterruptedError):
        session.unlock(root, PASSPHRASE)
    assert session.finish_wipe(root) is False
    assert sorted(p.name for p in root.iterdir()) == []


def test_a_marker_in_a_folder_without_keys_is_a_wipe_that_began(locked: CreatedWorkspace) -> None:
    """Without a key file nothing can tell a planted marker from a wipe cut after keys.json
    went (whose marker may even be empty, the disk too full for the id): the folder is refused
    as a wipe cut midway, never offered for a restore that would undo it."""
    root = locked.root
    (root / "keys.json").unlink()
    (root / WIPE_MARKER).touch()
    assert session.wipe_interrupted(root)
    with pytest.raises(WipeInterruptedError):
        backup.check_restore_folder(root)


def test_finishing_an_archives_wipe_says_its_custodian_folder_was_left(
    tmp_path: Path, locked: CreatedWorkspace
) -> None:
    root = locked.root
    kept = root / CUSTODIAN_FOLDER / "bundle.age"
    kept.parent.mkdir()
    kept.write_bytes(b"age-encryption.org/v1 (identities for the custodian)")
    killed(tmp_path, WIPE_KILLED_AFTER_ITS_MARKER, root)
    assert session.wipe_interrupted(root)
    assert session.finish_wipe(root) is True
    assert sorted(p.name for p in root.iterdir()) == [CUSTODIAN_FOLDER]
    assert file_snapshot(root) == {f"{CUSTODIAN_FOLDER}/bundle.age": kept.read_bytes()}


def test_a_wipe_on_a_full_disk_still_marks_itself(tmp_path: Path) -> None:
    """No room for the id: an empty marker (no data block) still says the wipe began once
    keys.json is gone, so the copy is never offered for a restore that would undo it."""
    with small_disk(tmp_path / "disk", "8m") as disk:
        made = create_workspace(disk / "workspace")
        made.workspace.lock()
        root = made.root
        fill(disk)
        killed(tmp_path, WIPE_KILLED_AFTER_THE_KEY_FILE, root)
        assert (root / WIPE_MARKER).read_bytes() == b""
        assert session.wipe_interrupted(root)
        with pytest.raises(WipeInterruptedError):
            backup.check_restore_folder(root)
        session.finish_wipe(root)
        assert sorted(p.name for p in root.iterdir()) == []


# -- restoring the keys into a folder whose wipe began meanwhile (R1-6) --------------------------
def test_shares_never_restore_keys_into_a_folder_being_wiped(created: CreatedWorkspace) -> None:
    root = created.root
    lines = key_shares.make_key_shares(created.workspace, 2, 3)
    created.workspace.lock()
    (root / "keys.json").unlink()
    key_shares.check_shares(lines[:2], root)  # the dialog's first check passes
    (root / WIPE_MARKER).touch()  # a wipe, in another window, cut after its marker
    with pytest.raises(WipeInterruptedError):
        key_shares.restore_keys_from_shares(lines[:2], root, NEW_PASSPHRASE, params=PARAMS)
    assert not (root / "keys.json").exists()


def test_a_wipe_begun_during_the_argon2id_keeps_the_keys_out(
    tmp_path: Path, created: CreatedWorkspace
) -> None:
    """The second check stands right before the write, after the passphrase was weighed."""
    root, out = created.root, tmp_path / "keys.backup"
    backup.write_key_backup(created.workspace, out, "the backup passphrase 백업", work_factor=10)
    created.workspace.lock()
    (root / "keys.json").unlink()
    opened = backup.check_key_backup(out, "the backup passphrase 백업", root)

    def wipe_begins_meanwhile(_passphrase: str, _label: str) -> None:
        (root / WIPE_MARKER).touch()

    with pytest.raises(WipeInterruptedError):
        backup.write_restored_keys(
            root,
            opened.master_key,
            opened.workspace_id,
            NEW_PASSPHRASE,
            params=PARAMS,
            check_new_passphrase=wipe_begins_meanwhile,
        )
    assert not (root / "keys.json").exists()
