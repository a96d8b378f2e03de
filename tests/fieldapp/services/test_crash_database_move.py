"""A power cut in the middle of the set-up's database move: after the hard link to
``fieldapp.db``, before the set-up's own name is removed. Both names are then one file; what
the next run finds is what the set-up recovery already handles: an unconfirmed set-up starts
over, and a creation without the set-up's marker (the demo's) opens, its old name dropped."""

import os
from pathlib import Path

import pytest

from fieldapp.services import setup
from fieldapp.workspace import Workspace, WorkspaceLayout, unconfirmed
from tests.fieldapp.services.crash_support import killed, opens
from tests.fieldapp.services.setup_cut_support import (
    CUSTODIAN_PASSPHRASE,
    CUSTODIAN_SCRYPT,
    PASSPHRASE,
    ROLES,
    assert_unfinished,
    assert_whole,
    custodian_path,
)
from tests.fieldapp.workspace.support import PARAMS

NEW_PASSPHRASE = "a second 설정 passphrase after the cut in the move"
FAST = setup.WorkFactors(argon2=PARAMS, custodian_scrypt=CUSTODIAN_SCRYPT)

#: Killed right after the database's link to its real name (the only link made to it).
_CUT_IN_THE_MOVE = r"""
from fieldapp.services import setup
from fieldapp.workspace import Role, Workspace

root, role, kind = Path(args[0]), args[1], args[2]
then_die(os, "link", when=lambda source, target, **_: str(target).endswith("fieldapp.db"))
if kind == "set-up":
    custodian = setup.CustodianOptions(Path(args[3]), args[4]) if role == "archive" else None
    setup.create_workspace(
        root, role, args[5], label="Laptop", custodian=custodian,
        key_params=setup.WorkFactors(argon2=PARAMS, custodian_scrypt=int(args[6])),
    )
else:
    Workspace.create(root, args[5], Role(role), params=PARAMS)
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _cut(folder: Path, root: Path, role: str, kind: str) -> Path:
    """Run the creation killed between link and unlink; the set-up's own name left."""
    args = (root, role, kind, custodian_path(folder), CUSTODIAN_PASSPHRASE, PASSPHRASE)
    killed(folder, _CUT_IN_THE_MOVE, *args, CUSTODIAN_SCRYPT)
    [own] = root.glob(".setup-*.db")
    real = WorkspaceLayout(root).database
    assert os.path.samefile(own, real)  # both names of one file
    assert os.stat(real).st_nlink == 2
    return own


@pytest.mark.parametrize("role", ROLES)
def test_a_set_up_cut_between_link_and_unlink_starts_over(folder: Path, role: str) -> None:
    root = folder / "workspace"
    _cut(folder, root, role, "set-up")
    assert_unfinished(root, "")

    options = None
    if role == "archive":
        options = setup.CustodianOptions(custodian_path(folder), CUSTODIAN_PASSPHRASE)
    made = setup.create_workspace(
        root, role, NEW_PASSPHRASE, custodian=options, key_params=FAST
    )  # the same folder, the same custodian file's name
    made.workspace.lock()
    setup.confirm_setup(root)
    assert_whole(root, role, NEW_PASSPHRASE, made.recovery_code, custodian_path(folder))
    assert not opens(root, passphrase=PASSPHRASE)
    assert not list(root.glob(".setup-*"))
    assert os.stat(WorkspaceLayout(root).database).st_nlink == 1


def test_a_creation_cut_between_link_and_unlink_opens_and_drops_the_old_name(
    folder: Path,
) -> None:
    root = folder / "workspace"
    own = _cut(folder, root, "interviewer", "creation")
    with Workspace.unlock(root, PASSPHRASE) as ws:
        assert ws.role.value == "interviewer"
        assert unconfirmed.setup_database(root, ws.workspace_id) == own
    assert not os.path.lexists(own)
    assert os.stat(WorkspaceLayout(root).database).st_nlink == 1
