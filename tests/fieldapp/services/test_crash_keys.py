"""A crash while the key file is rewritten (a new passphrase, a recovery, a new code, a restore)
and while the emergency wipe runs (session 12, H3-2, H3-3).

Each test runs the work in a child process that kills itself at a named point
(``crash_support``); the parent looks at what the next run of the program would find. Findings
are strict xfails named ``H3-n``.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from fieldapp.errors import (
    FieldappError,
    WipeInterruptedError,
    WorkspaceNotFoundError,
)
from fieldapp.services import (
    backup,
    session,
    setup_checks,
)
from fieldapp.workspace import Workspace
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.workspace import WIPE_MARKER
from tests.fieldapp.services.crash_support import (
    BACKUP_PASSPHRASE,
    NEW_PASSPHRASE,
    killed,
    leftovers,
    opens,
)
from tests.fieldapp.workspace.support import (
    PARAMS,
    PASSPHRASE,
    CreatedWorkspace,
    file_snapshot,
)

# --- the key file rewritten: a new passphrase, a recovery, a new code, a restore ------------------

_KEYS_KILLED = r"""
from fieldapp.services import backup
from fieldapp.workspace import Workspace, key_replacement
from fieldapp.workspace.keyfile import KeyFile

root, operation, point, secret, new = Path(args[0]), args[1], args[2], args[3], args[4]
if point == "before-rename":  # the new key file written and synced under its temporary name
    # A replacement swaps its file with keys.json (key_replacement).
    die_first(key_replacement, "_swap_into_place")
    # A restore links its key file into place (it never replaces one: R1-7).
    die_first(os, "link", when=lambda source, target, *a, **k: str(target).endswith("keys.json"))
else:  # renamed and durable; the caller not told yet (a new recovery code never shown)
    then_die(KeyFile, "write")
    then_die(KeyFile, "replace")
if operation == "change":
    Workspace.unlock(root, secret).change_passphrase(new, params=PARAMS)
elif operation == "recover":
    Workspace.unlock_with_recovery_code(root, secret).replace_keys(new, params=PARAMS)
elif operation == "new-code":
    Workspace.unlock(root, secret).new_recovery_code()
elif operation == "restore":
    backup.restore_keys(Path(args[5]), args[6], root, new, params=PARAMS)
"""


@pytest.mark.parametrize("point", ["before-rename", "after-write"])
@pytest.mark.parametrize("operation", ["change", "recover", "new-code"])
def test_a_key_file_rewrite_killed_opens_with_the_old_or_the_new_secret(
    tmp_path: Path, created: CreatedWorkspace, operation: str, point: str
) -> None:
    root, code = created.root, created.recovery_code
    created.workspace.lock()
    secret = code if operation == "recover" else PASSPHRASE
    killed(tmp_path, _KEYS_KILLED, root, operation, point, secret, NEW_PASSPHRASE)
    replaced = point == "after-write"
    if operation == "new-code":
        assert opens(root, passphrase=PASSPHRASE)
        # The new code died with the process; the old one works until a new one is shown.
        assert opens(root, code=code) is not replaced
    else:
        assert opens(root, passphrase=NEW_PASSPHRASE) is replaced
        assert opens(root, passphrase=PASSPHRASE) is not replaced
        # A recovery replaces the used code with one the process never showed; a change of
        # passphrase keeps the code.
        assert opens(root, code=code) is (operation == "change" or not replaced)
    assert leftovers(root) == []  # the unlock swept the temporary key file


def _backed_up_then_keyless(tmp_path: Path, created: CreatedWorkspace) -> Path:
    """Back up ``created``'s keys (the backup's path), then remove its keys.json: a copy of
    database and blobs, awaiting its keys."""
    out = tmp_path / "backup.age"
    backup.write_key_backup(created.workspace, out, BACKUP_PASSPHRASE, work_factor=10)
    created.workspace.checkpoint()
    created.workspace.lock()
    (created.root / "keys.json").unlink()
    return out


@pytest.mark.parametrize("point", ["before-rename", "after-write"])
def test_a_key_restore_killed_leaves_the_copy_restorable_or_restored(
    tmp_path: Path, created: CreatedWorkspace, point: str
) -> None:
    root, out = created.root, _backed_up_then_keyless(tmp_path, created)
    args = (root, "restore", point, "", NEW_PASSPHRASE, out, BACKUP_PASSPHRASE)
    killed(tmp_path, _KEYS_KILLED, *args)
    if point == "before-rename":
        assert not (root / "keys.json").exists()
        new_code = backup.restore_keys(out, BACKUP_PASSPHRASE, root, NEW_PASSPHRASE, params=PARAMS)
        assert opens(root, code=new_code)
    assert opens(root, passphrase=NEW_PASSPHRASE)
    assert leftovers(root) == []


# --- H3-2: the emergency wipe killed midway -------------------------------------------------------

_KEY_CHANGE_CUT_BEFORE_RENAME = r"""
from fieldapp.workspace import Workspace, key_replacement

die_first(key_replacement, "_swap_into_place")  # the new key file written and synced
Workspace.unlock(Path(args[0]), args[1]).change_passphrase(args[2], params=PARAMS)
"""

WIPE_KILLED_AFTER_THE_KEY_FILE = r"""
from fieldapp.workspace import Workspace
from fieldapp.workspace import wipe

# keys.json overwritten and unlinked (today the first step): the power is cut right after.
then_die(wipe, "destroy_file", when=lambda path, **_: path.name == "keys.json")
Workspace.wipe(Path(args[0]))
"""


def _wrapped_keys(root: Path) -> list[str]:
    """Files anywhere under ``root`` that hold a wrap of the master key."""
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            try:
                KeyFile.from_bytes(path.read_bytes())
            except FieldappError:
                continue
            found.append(path.name)
    return found


@pytest.fixture
def cut_key_change(tmp_path: Path, created: CreatedWorkspace) -> Path:
    """A workspace whose last change of passphrase was cut by a power cut before its rename:
    a temporary key file (a whole wrap of the master key) lies beside keys.json."""
    root = created.root
    created.workspace.lock()
    killed(tmp_path, _KEY_CHANGE_CUT_BEFORE_RENAME, root, PASSPHRASE, NEW_PASSPHRASE)
    assert len(leftovers(root)) == 1
    return root


def test_h3_2_a_wipe_killed_after_its_first_step_leaves_no_wrap_of_the_master_key(
    tmp_path: Path, cut_key_change: Path
) -> None:
    killed(tmp_path, WIPE_KILLED_AFTER_THE_KEY_FILE, cut_key_change)
    assert _wrapped_keys(cut_key_change) == []


def test_a_wipe_killed_midway_is_finished_by_wiping_again(
    tmp_path: Path, cut_key_change: Path
) -> None:
    root = cut_key_change
    killed(tmp_path, WIPE_KILLED_AFTER_THE_KEY_FILE, root)
    assert not (root / "keys.json").exists()
    Workspace.wipe(root)
    assert _wrapped_keys(root) == []
    assert sorted(p.name for p in root.iterdir()) == []


# --- H3-3: a wipe cut midway is told from a copy awaiting its keys, and finished ------------------

WIPE_KILLED_AFTER_ITS_MARKER = r"""
from fieldapp.workspace import Workspace
from fieldapp.workspace import wipe

then_die(wipe, "mark_wipe")  # nothing destroyed yet: keys.json is whole
Workspace.wipe(Path(args[0]))
"""

WIPE_KILLED_BEFORE_THE_BLOBS = r"""
import shutil
from fieldapp.workspace import Workspace

die_first(shutil, "rmtree")  # keys, counters and database gone; the blobs and the marker left
Workspace.wipe(Path(args[0]))
"""

INTERRUPTED = (
    "An emergency wipe of {root} was interrupted; run 'fieldapp wipe --yes' again to finish it."
)


def _refused_as_interrupted(root: Path, action: Callable[[], object]) -> None:
    with pytest.raises(WipeInterruptedError) as refused:
        action()
    assert str(refused.value) == INTERRUPTED.format(root=root)


@pytest.mark.parametrize(
    "child",
    [WIPE_KILLED_AFTER_ITS_MARKER, WIPE_KILLED_AFTER_THE_KEY_FILE, WIPE_KILLED_BEFORE_THE_BLOBS],
    ids=["after-its-marker", "after-the-key-file", "before-the-blobs"],
)
def test_a_wipe_cut_anywhere_is_said_as_such_and_finished_from_the_window(
    tmp_path: Path, created: CreatedWorkspace, child: str
) -> None:
    root, code = created.root, created.recovery_code
    out = tmp_path / "keys.backup"
    backup.write_key_backup(created.workspace, out, BACKUP_PASSPHRASE, work_factor=10)
    created.workspace.lock()
    killed(tmp_path, child, root)
    # The marker names the workspace (its id, in clear in keys.json too) and nothing else.
    assert (root / WIPE_MARKER).read_bytes() == created.workspace.workspace_id.encode()
    assert session.wipe_interrupted(root)
    # Neither a workspace to open (even if keys.json outlived the cut) nor a copy to restore.
    _refused_as_interrupted(root, lambda: session.unlock(root, PASSPHRASE))
    _refused_as_interrupted(root, lambda: session.unlock_with_recovery_code(root, code))
    # Refused once the backup's key has opened what is left and read its id, which is the
    # marker's (R2-1: before, a marker naming a workspace might have come with a copy).
    _refused_as_interrupted(root, lambda: backup.check_key_backup(out, BACKUP_PASSPHRASE, root))
    session.finish_wipe(root)
    assert sorted(p.name for p in root.iterdir()) == []
    assert not session.wipe_interrupted(root)


def test_finishing_a_wipe_never_wipes_a_workspace_whose_wipe_did_not_begin(
    created: CreatedWorkspace,
) -> None:
    root = created.root
    created.workspace.lock()
    before = file_snapshot(root)
    assert not session.wipe_interrupted(root)
    session.finish_wipe(root)
    assert file_snapshot(root) == before
    assert opens(root, passphrase=PASSPHRASE)


def test_a_copy_awaiting_its_keys_is_still_restored(
    tmp_path: Path, created: CreatedWorkspace
) -> None:
    """The marker, not a missing keys.json, is what says "wipe": a copy is not refused."""
    root, out = created.root, _backed_up_then_keyless(tmp_path, created)
    assert not session.wipe_interrupted(root)
    backup.check_restore_folder(root)
    backup.restore_keys(out, BACKUP_PASSPHRASE, root, NEW_PASSPHRASE, params=PARAMS)
    assert opens(root, passphrase=NEW_PASSPHRASE)


def test_a_wipe_that_finished_leaves_no_marker_and_a_second_is_refused(
    created: CreatedWorkspace,
) -> None:
    root = created.root
    created.workspace.lock()
    Workspace.wipe(root)
    assert not (root / WIPE_MARKER).exists()
    with pytest.raises(WorkspaceNotFoundError, match="No workspace was found in"):
        Workspace.wipe(root)
    assert sorted(p.name for p in root.iterdir()) == []


def test_the_set_up_names_a_wipe_cut_midway(tmp_path: Path, created: CreatedWorkspace) -> None:
    root = created.root
    created.workspace.lock()
    killed(tmp_path, WIPE_KILLED_AFTER_THE_KEY_FILE, root)
    _refused_as_interrupted(root, lambda: setup_checks.check_new_folder(root))
