"""A hostile review of the set-up's database move (session 13, H5): the states a cut between the
move's link and its unlink leaves, met by what comes next. No flaw was found; these guard what
was checked, on real files and a real workspace."""

import os
from pathlib import Path

import pytest

from fieldapp.errors import WorkspaceExistsError
from fieldapp.workspace import Role, Workspace, WorkspaceLayout, unconfirmed
from fieldapp.workspace.files import move_without_replacing, rename_no_replace

from .support import PARAMS, PASSPHRASE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path / "workspace"


def _cut_between_link_and_unlink(root: Path) -> tuple[Path, Path]:
    """A workspace whose database also has the set-up's name (one file, two names)."""
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    ws.lock()
    real = WorkspaceLayout(root).database
    own = unconfirmed.setup_database(root, ws.workspace_id)
    assert own is not None
    os.link(real, own)
    return real, own


def test_a_wipe_before_any_open_removes_both_names(root: Path) -> None:
    real, own = _cut_between_link_and_unlink(root)

    Workspace.wipe(root)

    assert not os.path.lexists(real)
    assert not os.path.lexists(own)
    assert not list(root.glob(".setup-*"))


def test_a_set_up_over_it_is_refused_and_removes_neither_name(root: Path) -> None:
    real, own = _cut_between_link_and_unlink(root)

    with pytest.raises(WorkspaceExistsError):
        Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)

    assert real.exists()
    assert own.exists()
    assert os.path.samefile(real, own)


def test_a_second_name_that_is_a_link_to_the_database_is_not_taken_for_it(root: Path) -> None:
    # A symbolic link at the set-up's name, pointing at the database: lstat tells them apart,
    # so the open neither removes the database through it nor mistakes it for a second name.
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    ws.lock()
    real = WorkspaceLayout(root).database
    own = unconfirmed.setup_database(root, ws.workspace_id)
    assert own is not None
    own.symlink_to(real)

    Workspace.unlock(root, PASSPHRASE).lock()

    assert real.is_file()
    assert own.is_symlink()


def test_renameat2_s_refusal_is_file_exists_error_and_moves_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.write_bytes(b"the set-up's")
    target.write_bytes(b"someone else's")

    with pytest.raises(FileExistsError):
        rename_no_replace(source, target)
    with pytest.raises(FileExistsError):
        move_without_replacing(source, target)

    assert source.read_bytes() == b"the set-up's"
    assert target.read_bytes() == b"someone else's"
