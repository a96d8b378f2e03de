"""R2: adversarial review of the fixes to review R1 (session 12: eef311b, 92257e2).

Each test is a finding: a strict xfail that fails now and passes once the product is fixed.
Real workspaces, real files, real processes (bash, ssh-keygen); nothing of storage, crypto or
Qt is mocked.
"""

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldapp.errors import FieldappError, SetupUnfinishedError
from fieldapp.services import backup, setup
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.workspace import WIPE_MARKER
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, create_workspace

REPO = Path(__file__).resolve().parent.parent
BACKUP_PASSPHRASE = "a backup passphrase kept in the safe 열쇠"
NEW_PASSPHRASE = "the new passphrase after the restore 새로운"
OTHER_ID = "0b3c3e58-6f0c-4f7e-9d4c-1f2a3b4c5d6e"
FAST = setup.WorkFactors(argon2=PARAMS, custodian_scrypt=10)


@pytest.fixture
def private(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


# -- wipe marker in a copy awaiting its keys -----------------------------------------------------
def test_a_wipe_marker_of_another_workspace_never_blocks_restoring_a_copy(private: Path) -> None:
    root = private / "copy"
    created = create_workspace(root)
    out = private / "keys.backup"
    try:
        add_testimony(created.workspace)
        backup.write_key_backup(created.workspace, out, BACKUP_PASSPHRASE, work_factor=10)
    finally:
        created.workspace.lock()
    (root / "keys.json").unlink()
    # Left by another workspace's cut wipe (a folder copied with it) or planted: it names a
    # workspace that is not this copy's, which the backup's master key can tell once opened.
    (root / WIPE_MARKER).write_text(OTHER_ID)
    code = backup.restore_keys(out, BACKUP_PASSPHRASE, root, NEW_PASSPHRASE, params=PARAMS)
    with Workspace.unlock_with_recovery_code(root, code) as ws:
        assert ws.workspace_id == created.workspace.workspace_id


# -- the wipe and a key file with a second hard link ---------------------------------------------
def test_a_wipe_destroys_the_key_file_even_with_a_second_hard_link(private: Path) -> None:
    root = private / "workspace"
    created = create_workspace(root)
    try:
        add_testimony(created.workspace)
    finally:
        created.workspace.lock()
    keys = (root / "keys.json").read_bytes()
    snapshot = private / "snapshot-keys.json"
    os.link(root / "keys.json", snapshot)
    Workspace.wipe(root)
    assert sorted(p.name for p in root.iterdir()) == []
    assert snapshot.read_bytes() != keys  # still opens with the passphrase and the code


# -- an unconfirmed set-up copied (cp -a, rsync -a, a backup tool, a FAT remount) ----------------
def test_an_exact_copy_of_an_unconfirmed_set_up_is_still_unconfirmed(private: Path) -> None:
    root = private / "workspace"
    made = setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    made.workspace.lock()
    copy = private / "copied"
    shutil.copytree(root, copy, symlinks=True)  # copy2: contents, modes and times as cp -a
    assert setup.setup_unfinished(root)
    with pytest.raises(SetupUnfinishedError):
        Workspace.unlock(copy, PASSPHRASE).lock()
    assert setup.clear_unfinished_setup(copy)


# -- creation / unconfirmed markers beside a keyless copy -----------------------------------------
def _keyless_copy_with_a_record(private: Path) -> tuple[Path, Path, bytes]:
    """A workspace holding a (text) testimony whose keys.json is gone: a copy awaiting 'keys
    restore', or a workspace that lost its key file; its folder, database and database bytes."""
    root = private / "copy"
    created = create_workspace(root)
    try:
        add_testimony(created.workspace)
        created.workspace.checkpoint()
    finally:
        created.workspace.lock()
    (root / "keys.json").unlink()
    database = next(root.glob("*.db"))
    return root, database, database.read_bytes()


def _an_hour_ago(path: Path) -> None:
    then = time.time() - 3600
    os.utime(path, (then, then))


@pytest.mark.parametrize("how", ["left-by-a-cut-set-up", "planted"])
def test_a_set_up_never_removes_a_keyless_copy_beside_an_old_creation_marker(
    private: Path, how: str
) -> None:
    if how == "left-by-a-cut-set-up":
        # The power cut between keys.json's write and the creation marker's unlink: the marker
        # stays while the workspace is used for months; then keys.json is lost.
        root = private / "copy"
        created = create_workspace(root)
        marker = root / "setup-in-progress"
        marker.touch()
        _an_hour_ago(marker)
        try:
            add_testimony(created.workspace)
            created.workspace.checkpoint()
        finally:
            created.workspace.lock()
        (root / "keys.json").unlink()
        database = next(root.glob("*.db"))
        before = database.read_bytes()
    else:
        root, database, before = _keyless_copy_with_a_record(private)
        marker = root / "setup-in-progress"
        marker.touch()
        _an_hour_ago(marker)
    with contextlib.suppress(FieldappError):
        setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    assert database.read_bytes() == before


def test_markers_beside_a_keyless_copy_never_remove_its_database(private: Path) -> None:
    root, database, before = _keyless_copy_with_a_record(private)
    marker = root / "setup-unconfirmed"
    marker.write_text('{"workspace_id": "' + OTHER_ID + '"}')
    _an_hour_ago(marker)
    (root / "setup-in-progress").touch()
    with contextlib.suppress(FieldappError):
        backup.check_restore_folder(root)
    with contextlib.suppress(FieldappError):
        setup.clear_unfinished_setup(root)
    assert database.exists()
    assert database.read_bytes() == before


# -- pack partials: signed_by / holds on a pipe --------------------------------------------------
_OPEN_PIPE = r"""
import os, sys
from pathlib import Path
from fieldapp.sync import pack_partials
path = Path(sys.argv[1])
os.mkfifo(path)
print(getattr(pack_partials, sys.argv[2])(path, *sys.argv[3:]), flush=True)
"""


@pytest.mark.parametrize("check", [("signed_by", "ssh-ed25519 AAAA"), ("holds",)])
def test_checking_a_leftover_never_waits_on_a_pipe(private: Path, check: tuple[str, ...]) -> None:
    args = list(check) if check[0] == "signed_by" else ["holds"]
    code = _OPEN_PIPE
    if check[0] == "holds":  # holds takes bytes
        code = code.replace("*sys.argv[3:]", "b'body'")
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(private / ".fieldpack-x.partial"), *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("blocked in open() on a named pipe")
    assert done.stdout.strip() == "False", done.stderr


# -- release signing: a name with a newline ------------------------------------------------------
needs_ssh_keygen = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="no ssh-keygen")


def _line(path: Path, name: str) -> str:
    return f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}\n"


def _sign_with_a_new_key(private: Path, dist: Path) -> subprocess.CompletedProcess[str]:
    """``sign_release.sh`` run on ``dist`` with a release key made for the test."""
    key = private / "release_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "r2", "-f", str(key)], check=True
    )
    return subprocess.run(
        ["bash", str(REPO / "packaging" / "sign_release.sh"), str(key), str(dist)],
        capture_output=True,
        text=True,
        check=False,
    )


@needs_ssh_keygen
def test_sign_release_never_signs_a_folder_holding_an_unlisted_file(private: Path) -> None:
    dist = private / "dist" / "fieldapp"
    dist.mkdir(parents=True)
    (dist / "BUILD-INFO").write_text("commit: " + "a" * 40 + "\nuncommitted changes: no\n")
    (dist / "x").write_bytes(b"a file of the build\n")
    (dist / "b").write_bytes(b"another file of the build\n")
    (dist / "x\nb").write_bytes(b"#!/bin/sh\necho no sum covers me\n")
    sums = (
        _line(dist / "BUILD-INFO", "./BUILD-INFO")
        + _line(dist / "x", "./x") * 2  # find prints './x' for x and for 'x\nb'
        + _line(dist / "b", "./b")
        + _line(dist / "b", "b")  # ... and 'b', which sha256sum -c reads as ./b
    )
    (dist / "SHA256SUMS").write_text(sums)
    done = _sign_with_a_new_key(private, dist)
    assert done.returncode != 0, "signed a folder whose SHA256SUMS does not cover 'x\\nb'"
    assert not (dist / "SHA256SUMS.sig").exists()


@needs_ssh_keygen
def test_sign_release_never_signs_a_sums_line_that_checks_nothing(private: Path) -> None:
    dist = private / "dist" / "fieldapp"
    dist.mkdir(parents=True)
    (dist / "BUILD-INFO").write_text("commit: " + "a" * 40 + "\nuncommitted changes: no\n")
    (dist / "libqt-plugin.so").write_bytes(b"\x7fELF a plugin as built\n")
    short = hashlib.sha256((dist / "libqt-plugin.so").read_bytes()).hexdigest()[:63]
    (dist / "SHA256SUMS").write_text(
        _line(dist / "BUILD-INFO", "./BUILD-INFO") + f"{short}   ./libqt-plugin.so\n"
    )
    done = _sign_with_a_new_key(private, dist)
    assert done.returncode != 0, "signed a SHA256SUMS line that checks nothing"
    assert not (dist / "SHA256SUMS.sig").exists()
