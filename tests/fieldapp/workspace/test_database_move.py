"""The set-up's database moved to its real name by a move that itself refuses to replace
(``files.move_without_replacing``): a database that appeared at ``fieldapp.db`` meanwhile is
someone else's, and stays. Each way the move is made is tried on a real file system: a hard
link where there are hard links (here), ``renameat2`` with ``RENAME_NOREPLACE`` (Linux), and
on an exFAT stick, which has neither through FUSE, a look then a rename."""

import os
import sys
from pathlib import Path

import pytest

from fieldapp.workspace import Role, Workspace, WorkspaceLayout, unconfirmed
from fieldapp.workspace.files import (
    link_then_unlink,
    move_without_replacing,
    rename_no_replace,
)
from tests.fieldapp.exfat_support import exfat_stick, needs_root

from .support import PARAMS, PASSPHRASE

SET_UP_BYTES = b"the set-up's own database, " + os.urandom(4096)
SOMEONE_ELSES = b"a database copied here meanwhile, " + os.urandom(4096)
WORKSPACE_ID = "0b3c3e58-a-set-up"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _set_up_database(root: Path) -> Path:
    database = unconfirmed.setup_database(root, WORKSPACE_ID)
    assert database is not None
    database.write_bytes(SET_UP_BYTES)
    return database


def _assert_refused_and_intact(root: Path, database: Path) -> None:
    real = WorkspaceLayout(root).database
    with pytest.raises(FileExistsError):
        unconfirmed.install_database(root, database)
    assert database.read_bytes() == SET_UP_BYTES
    assert real.read_bytes() == SOMEONE_ELSES
    assert os.stat(database).st_nlink == os.stat(real).st_nlink == 1  # no name shared


def test_a_database_that_appeared_meanwhile_is_never_replaced(root: Path) -> None:
    database = _set_up_database(root)
    WorkspaceLayout(root).database.write_bytes(SOMEONE_ELSES)
    _assert_refused_and_intact(root, database)


def test_a_link_at_the_real_name_is_never_replaced_nor_followed(root: Path) -> None:
    database = _set_up_database(root)
    (root / "elsewhere.db").write_bytes(SOMEONE_ELSES)
    WorkspaceLayout(root).database.symlink_to(root / "elsewhere.db")
    _assert_refused_and_intact(root, database)
    assert WorkspaceLayout(root).database.is_symlink()


def test_where_there_are_hard_links_the_move_links_then_unlinks(root: Path) -> None:
    database = _set_up_database(root)
    inode = os.stat(database).st_ino
    unconfirmed.install_database(root, database)
    real = WorkspaceLayout(root).database
    assert not os.path.lexists(database)
    assert real.read_bytes() == SET_UP_BYTES
    assert (os.stat(real).st_ino, os.stat(real).st_nlink) == (inode, 1)  # the file, one name

    again = _set_up_database(root)
    assert link_then_unlink(again, root / "moved.db")  # this file system has hard links
    with pytest.raises(FileExistsError):
        link_then_unlink(root / "moved.db", real)
    assert real.read_bytes() == (root / "moved.db").read_bytes() == SET_UP_BYTES


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_renameat2_moves_without_replacing(root: Path) -> None:
    database = _set_up_database(root)
    real = WorkspaceLayout(root).database
    real.write_bytes(SOMEONE_ELSES)
    with pytest.raises(FileExistsError):
        rename_no_replace(database, real)
    assert (database.read_bytes(), real.read_bytes()) == (SET_UP_BYTES, SOMEONE_ELSES)

    real.unlink()
    assert rename_no_replace(database, real)  # glibc 2.28 and later, on this file system
    assert not os.path.lexists(database)
    assert real.read_bytes() == SET_UP_BYTES


def test_a_missing_source_is_said_and_nothing_is_made(root: Path) -> None:
    with pytest.raises(FileNotFoundError):
        move_without_replacing(root / "gone.db", root / "fieldapp.db")
    assert list(root.iterdir()) == []


@needs_root
def test_on_an_exfat_stick_the_move_falls_back_and_still_refuses(tmp_path: Path) -> None:
    """exfat-fuse has no hard links (``link``: EPERM) and no ``RENAME_NOREPLACE`` (EINVAL):
    both ways say so and change nothing; the look then rename still refuses."""
    with exfat_stick(tmp_path / "stick.img", tmp_path / "stick") as stick:
        database = _set_up_database(stick)
        assert not link_then_unlink(database, stick / "linked.db")
        assert not rename_no_replace(database, stick / "renamed.db")
        assert sorted(p.name for p in stick.iterdir()) == [database.name]

        WorkspaceLayout(stick).database.write_bytes(SOMEONE_ELSES)
        _assert_refused_and_intact(stick, database)
        WorkspaceLayout(stick).database.unlink()
        unconfirmed.install_database(stick, database)
        assert sorted(p.name for p in stick.iterdir()) == ["fieldapp.db"]
        assert WorkspaceLayout(stick).database.read_bytes() == SET_UP_BYTES


@needs_root
def test_a_workspace_set_up_on_an_exfat_stick_opens(tmp_path: Path) -> None:
    with exfat_stick(tmp_path / "stick.img", tmp_path / "stick") as stick:
        folder = stick / "workspace"
        ws, code = Workspace.create(folder, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
        ws.lock()
        assert not list(folder.glob(".setup-*"))
        with Workspace.unlock_with_recovery_code(folder, code) as again:
            assert again.workspace_id == ws.workspace_id


def test_an_open_drops_the_set_up_s_name_left_beside_the_moved_database(root: Path) -> None:
    """A creation without the set-up's marker (the demo's) cut between the move's link and its
    unlink: both names are one file; the next open removes the set-up's."""
    ws, code = Workspace.create(root / "workspace", PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    ws.lock()
    real = WorkspaceLayout(root / "workspace").database
    own = unconfirmed.setup_database(root / "workspace", ws.workspace_id)
    assert own is not None
    os.link(real, own)
    with Workspace.unlock_with_recovery_code(root / "workspace", code) as again:
        assert again.workspace_id == ws.workspace_id
    assert not os.path.lexists(own)
    assert os.stat(real).st_nlink == 1


def test_an_open_keeps_a_different_file_at_the_set_up_s_name(root: Path) -> None:
    """Only another name of the very database is dropped: a file of other bytes there is left
    (a leftover that the wipe and the next set-up remove, never the open)."""
    ws, _ = Workspace.create(root / "workspace", PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    ws.lock()
    own = unconfirmed.setup_database(root / "workspace", ws.workspace_id)
    assert own is not None
    own.write_bytes(WorkspaceLayout(root / "workspace").database.read_bytes())  # a copy
    Workspace.unlock(root / "workspace", PASSPHRASE).lock()
    assert own.exists()
