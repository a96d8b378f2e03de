"""``destroy_file`` overwrites only a regular file of one name (R1-2), and a key file written for
a restore never replaces one that is there (R1-7)."""

import os
from pathlib import Path

import pytest

from fieldapp.errors import WorkspaceExistsError
from fieldapp.workspace.files import TEMP_PREFIX, destroy_file, write_new_atomically
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.workspace import Workspace
from tests.fieldapp.workspace.support import CreatedWorkspace

PRECIOUS = b"the only copy of a signed witness statement\n" * 4


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "folder"
    made.mkdir(mode=0o700)
    return made


def test_a_regular_file_is_overwritten_then_removed(folder: Path) -> None:
    path = folder / "keys.json"
    path.write_bytes(PRECIOUS)
    with path.open("rb") as still_open:  # the same inode, read after the name is gone
        destroy_file(path)
        left = still_open.read()
    assert not path.exists()
    assert len(left) == len(PRECIOUS)
    assert left != PRECIOUS


def test_a_link_is_removed_and_its_target_left_untouched(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "statement.txt"
    outside.write_bytes(PRECIOUS)
    link = folder / "keys.json"
    link.symlink_to(outside)
    destroy_file(link)
    assert not os.path.lexists(link)
    assert outside.read_bytes() == PRECIOUS


def test_a_file_with_another_name_is_unlinked_not_overwritten(folder: Path, tmp_path: Path) -> None:
    """A hard link planted as a temporary key file: its bytes are also the other name's."""
    outside = tmp_path / "statement.txt"
    outside.write_bytes(PRECIOUS)
    leftover = folder / f"{TEMP_PREFIX}0123456789abcdef-keys.json"
    os.link(outside, leftover)
    destroy_file(leftover)
    assert not leftover.exists()
    assert outside.read_bytes() == PRECIOUS


def test_a_named_pipe_is_removed(folder: Path) -> None:
    pipe = folder / "keys.json"
    os.mkfifo(pipe)
    destroy_file(pipe)
    assert not os.path.lexists(pipe)


def test_nothing_there_is_nothing_to_do(folder: Path) -> None:
    destroy_file(folder / "keys.json")
    assert list(folder.iterdir()) == []


# -- a key file that never replaces one ---------------------------------------------------------
def _key_file(workspace_id: str) -> KeyFile:
    return KeyFile(workspace_id, b"passphrase-wrap", b"recovery-wrap")


def test_a_new_key_file_is_written_where_there_is_none(folder: Path) -> None:
    path = folder / "keys.json"
    _key_file("new").write(path, replace=False)
    assert KeyFile.read(path).workspace_id == "new"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["keys.json"]


def test_a_key_file_written_meanwhile_is_kept(folder: Path) -> None:
    path = folder / "keys.json"
    _key_file("theirs").write(path)
    before = path.read_bytes()
    with pytest.raises(WorkspaceExistsError, match="already has its keys; nothing was changed"):
        _key_file("ours").write(path, replace=False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["keys.json"]  # no temporary left


def test_a_link_of_the_key_file_name_is_not_written_through(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "statement.txt"
    outside.write_bytes(PRECIOUS)
    (folder / "keys.json").symlink_to(outside)
    with pytest.raises(FileExistsError):
        write_new_atomically(folder / "keys.json", b"{}")
    assert outside.read_bytes() == PRECIOUS
    (folder / "gone").symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):  # even a dangling one: link() never follows it
        write_new_atomically(folder / "gone", b"{}")
    assert not (tmp_path / "nowhere").exists()


def test_a_wipe_goes_through_folders_planted_under_its_files_names(
    created: CreatedWorkspace,
) -> None:
    """A folder named like keys.json, a marker or the attempt counter must not stop a wipe after
    the keys are gone: it is removed with the rest."""
    from fieldapp.workspace.unconfirmed import UNCONFIRMED_MARKER

    root = created.root
    created.workspace.lock()
    for name in (UNCONFIRMED_MARKER, "unlock-attempts.json"):
        (root / name).mkdir()
        (root / name / "inside").write_bytes(b"x")
    Workspace.wipe(root)
    assert sorted(p.name for p in root.iterdir()) == []


def test_destroying_a_folder_under_a_files_name_removes_it(tmp_path: Path) -> None:
    planted = tmp_path / "keys.json"
    planted.mkdir()
    (planted / "inside").write_bytes(b"x")
    outside = tmp_path / "outside"
    outside.write_bytes(b"kept")
    (planted / "link").symlink_to(outside)
    destroy_file(planted)
    assert not planted.exists()
    assert outside.read_bytes() == b"kept"


def test_a_wipe_removes_a_database_a_cut_creation_left_under_its_own_name(
    created: CreatedWorkspace,
) -> None:
    from fieldapp.workspace.unconfirmed import setup_database

    root = created.root
    created.workspace.lock()
    leftover = setup_database(root, "a-cut-creation")
    assert leftover is not None
    leftover.write_bytes(b"a database a creation never moved into place")
    Workspace.wipe(root)
    assert sorted(p.name for p in root.iterdir()) == []
