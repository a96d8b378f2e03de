"""A new recovery code on demand (``services.recovery_code``): made and read back before it is
written; the old code works until then; a cut at any point of the write leaves one valid code."""

from pathlib import Path

import pytest

from fieldapp.services import recovery_code
from fieldapp.workspace import Workspace
from tests.fieldapp.services.crash_support import NEW_PASSPHRASE, killed, leftovers, opens
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, CreatedWorkspace


def _read_back(new: recovery_code.NewRecoveryCode) -> list[str]:
    """The groups asked, typed from the paper as a person may (lower case, O for 0, spaces)."""
    groups = new.groups
    return [" " + groups[index].lower().replace("0", "o") + " " for index in new.asked]


def test_making_a_code_writes_nothing(created: CreatedWorkspace) -> None:
    before = (created.root / "keys.json").read_bytes()
    new = recovery_code.make_recovery_code()
    assert len(new.asked) == recovery_code.GROUPS_TO_READ_BACK
    assert len(set(new.asked)) == recovery_code.GROUPS_TO_READ_BACK
    assert all(0 <= index < len(new.groups) for index in new.asked)
    assert (created.root / "keys.json").read_bytes() == before
    assert opens(created.root, code=created.recovery_code)
    assert not opens(created.root, code=new.code)


def test_a_code_read_back_replaces_the_old_one(created: CreatedWorkspace) -> None:
    new = recovery_code.make_recovery_code()
    assert recovery_code.confirm_read_back(new, _read_back(new))
    recovery_code.store_recovery_code(created.workspace, new)
    assert opens(created.root, code=new.code)
    assert not opens(created.root, code=created.recovery_code)
    assert opens(created.root, passphrase=PASSPHRASE)  # the passphrase wrap is kept


def test_a_code_not_read_back_is_never_stored(created: CreatedWorkspace) -> None:
    new = recovery_code.make_recovery_code()
    before = (created.root / "keys.json").read_bytes()
    with pytest.raises(ValueError, match="read back"):
        recovery_code.store_recovery_code(created.workspace, new)
    wrong = _read_back(new)
    wrong[1] = "ZZZZ" if new.groups[new.asked[1]] != "ZZZZ" else "YYYY"
    assert not recovery_code.confirm_read_back(new, wrong)
    assert new.matches(wrong) == [True, False]
    with pytest.raises(ValueError, match="read back"):
        recovery_code.store_recovery_code(created.workspace, new)
    assert not recovery_code.confirm_read_back(new, _read_back(new)[:1])  # one group only
    new.forget()
    assert not recovery_code.confirm_read_back(new, ["", ""])
    assert (created.root / "keys.json").read_bytes() == before
    assert opens(created.root, code=created.recovery_code)


def test_a_passphrase_changed_meanwhile_is_kept(created: CreatedWorkspace) -> None:
    """The code is made, then (during the read-back) the passphrase is changed from the CLI:
    storing the code keeps the new passphrase."""
    new = recovery_code.make_recovery_code()
    with Workspace.unlock(created.root, PASSPHRASE) as other:
        other.change_passphrase(NEW_PASSPHRASE, params=PARAMS)
    assert recovery_code.confirm_read_back(new, _read_back(new))
    recovery_code.store_recovery_code(created.workspace, new)
    assert opens(created.root, passphrase=NEW_PASSPHRASE)
    assert opens(created.root, code=new.code)


_STORE_KILLED = r"""
from fieldapp.services import recovery_code
from fieldapp.workspace import Workspace, key_replacement
from fieldapp.workspace.keyfile import KeyFile

root, point, passphrase, code_file = Path(args[0]), args[1], args[2], Path(args[3])
if point == "before-rename":  # the new key file written and synced under its temporary name
    die_first(key_replacement, "_swap_into_place")
elif point == "after-write":  # renamed and durable; the caller not told yet
    then_die(KeyFile, "write")
    then_die(KeyFile, "replace")
else:  # "read-back": killed while the person copies the code (nothing written yet)
    die_first(recovery_code, "confirm_read_back")
new = recovery_code.make_recovery_code()
code_file.write_text(new.code)  # the paper: what the person copied
ws = Workspace.unlock(root, passphrase)
groups = new.groups
recovery_code.confirm_read_back(new, [groups[index] for index in new.asked])
recovery_code.store_recovery_code(ws, new)
"""


@pytest.mark.parametrize("point", ["read-back", "before-rename", "after-write"])
def test_a_cut_anywhere_leaves_one_code_that_opens(
    tmp_path: Path, created: CreatedWorkspace, point: str
) -> None:
    root, old = created.root, created.recovery_code
    created.workspace.lock()
    paper = tmp_path / "paper.txt"
    killed(tmp_path, _STORE_KILLED, root, point, PASSPHRASE, paper)
    new = paper.read_text()
    written = point == "after-write"
    assert opens(root, code=new) is written
    assert opens(root, code=old) is not written
    assert opens(root, passphrase=PASSPHRASE)
    assert leftovers(root) == []  # the unlock swept a temporary key file
