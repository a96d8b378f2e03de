"""Session 12, H3, where the command line shows it: an emergency wipe cut by a power cut after
its first step (keys.json destroyed), then run again as the guide says."""

import shutil
from pathlib import Path

import pytest

from fieldapp.services import backup
from tests.cli.conftest import CliWorkspace, Runner
from tests.cli.support import assert_refused
from tests.fieldapp.services.crash_support import BACKUP_PASSPHRASE, NEW_PASSPHRASE, killed
from tests.fieldapp.services.test_crash_keys import WIPE_KILLED_AFTER_THE_KEY_FILE
from tests.fieldapp.workspace.support import file_snapshot


def _wiped_halfway(tmp_path: Path, workspace: CliWorkspace) -> Path:
    killed(tmp_path, WIPE_KILLED_AFTER_THE_KEY_FILE, workspace.root)
    root = workspace.root
    assert not (root / "keys.json").exists()
    assert (root / "fieldapp.db").exists()  # the rest is still there, under destroyed keys
    return root


def test_h3_3_wipe_again_finishes_a_wipe_cut_midway(
    tmp_path: Path, cli: Runner, workspace: CliWorkspace
) -> None:
    root = _wiped_halfway(tmp_path, workspace)
    result = cli("--workspace", root, "wipe", "--yes")
    assert result.code == 0, result
    assert sorted(p.name for p in root.iterdir()) == []
    assert "destroyed" in result.err


def _interrupted(root: Path) -> str:
    return (
        f"An emergency wipe of {root} was interrupted; run 'fieldapp wipe --yes' again to"
        " finish it."
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("status",),
        ("testimony", "list"),
        ("recover",),
        ("init", "--role", "interviewer"),
    ],
    ids=["status", "list", "recover", "init"],
)
def test_every_other_command_says_the_wipe_was_interrupted(
    tmp_path: Path, workspace: CliWorkspace, argv: tuple[str, ...]
) -> None:
    root = _wiped_halfway(tmp_path, workspace)
    before = file_snapshot(root)
    # No secret is asked for first: with no terminal, that would be the refusal.
    result = workspace.runner("--workspace", root, *argv)
    assert assert_refused(result, hint=False) == _interrupted(root)
    assert file_snapshot(root) == before


def test_keys_restore_says_the_wipe_was_interrupted_once_the_backup_opens_it(
    tmp_path: Path, workspace: CliWorkspace
) -> None:
    """Before a key, a marker naming a workspace beside a database may be another workspace's
    come with a copy (R2-1): the backup's key reads this one's id, and the restore is refused."""
    kept = tmp_path / "keys.age"
    with workspace.open() as ws:
        backup.write_key_backup(ws, kept, BACKUP_PASSPHRASE, work_factor=10)
    root = _wiped_halfway(tmp_path, workspace)
    before = file_snapshot(root)
    result = workspace.runner(
        "--workspace", root, "keys", "restore", kept,
        FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE, FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result, hint=False) == _interrupted(root)
    assert file_snapshot(root) == before


def test_after_the_second_wipe_the_folder_takes_a_new_workspace(
    tmp_path: Path, workspace: CliWorkspace
) -> None:
    root = _wiped_halfway(tmp_path, workspace)
    assert workspace("wipe", "--yes").code == 0
    assert assert_refused(workspace("status"), hint=True) == f"No workspace was found in {root}."
    made = workspace("init", "--role", "interviewer")
    assert made.code == 0, made
    assert workspace("status").code == 0


def test_a_wipe_of_a_mistyped_folder_is_still_refused_naming_it(
    tmp_path: Path, cli: Runner
) -> None:
    mistyped = tmp_path / "mistyped"
    result = cli("--workspace", mistyped, "wipe", "--yes")
    assert assert_refused(result, hint=True) == f"No workspace was found in {mistyped}."
    assert not mistyped.exists()


def test_a_copy_without_its_keys_is_told_to_restore_them_not_to_set_up(
    tmp_path: Path, cli: Runner, workspace: CliWorkspace
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(workspace.root, copy)
    (copy / "keys.json").unlink()
    result = cli("--workspace", copy, "status")
    assert result.code == 1
    assert result.err.startswith(f"fieldapp: error: The workspace in {copy} has no keys"), result
    assert "fieldapp keys restore" in result.err
    assert "fieldapp init" not in result.err
