"""R1: adversarial review of session 12 (markers, restore, pack partials, release signing).

Each test is a finding: a strict xfail that fails now and passes once the product is fixed.
Real workspaces, real files, real processes (bash, ssh-keygen); nothing of storage, crypto or
Qt is mocked.
"""

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from fieldapp.errors import FieldappError, WipeInterruptedError, WorkspaceExistsError
from fieldapp.services import backup, demo, demo_marker, enrolment, session, setup
from fieldapp.services.pack_writing import pack_transaction, settle_folder
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.pack_partials import partial_path
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.unconfirmed import (
    NOTE_OUTSIDE_FILE,
    NOTE_OUTSIDE_SHA256,
    UNCONFIRMED_MARKER,
)
from fieldapp.workspace.workspace import WIPE_MARKER
from tests.fieldapp.services.import_support import make_archive
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, create_workspace

REPO = Path(__file__).resolve().parent.parent
BACKUP_PASSPHRASE = "a backup passphrase kept in the safe 열쇠"
NEW_PASSPHRASE = "the new passphrase after the restore 새로운"
BACKUP_WORK_FACTOR = 10
PRECIOUS = b"the only copy of a signed witness statement\n"


@pytest.fixture
def private(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _workspace_with_a_record(root: Path) -> bytes:
    """A confirmed interviewer workspace holding a sealed testimony; its keys.json bytes."""
    ws = create_workspace(root).workspace
    try:
        add_testimony(ws)
    finally:
        ws.lock()
    return (root / "keys.json").read_bytes()


# -- setup-unconfirmed marker ------------------------------------------------------------------
def test_a_planted_unconfirmed_marker_never_destroys_a_workspace_with_records(
    private: Path,
) -> None:
    root = private / "workspace"
    keys_before = _workspace_with_a_record(root)
    (root / UNCONFIRMED_MARKER).write_bytes(b"{}")
    with contextlib.suppress(FieldappError):
        setup.clear_unfinished_setup(root)  # what the set-up, `fieldapp init` and create run
    assert (root / "keys.json").exists()
    assert (root / "keys.json").read_bytes() == keys_before
    assert session.workspace_exists(root)
    session.unlock(root, PASSPHRASE).lock()


@pytest.mark.parametrize("doer", ["start-over", "wipe"])
def test_starting_over_or_wiping_never_overwrites_a_file_through_a_link(
    private: Path, doer: str
) -> None:
    outside = private / "statement.txt"
    outside.write_bytes(PRECIOUS)
    root = private / "folder"
    root.mkdir(mode=0o700)
    (root / "fieldapp.db").write_bytes(b"\0" * 64)
    (root / "keys.json").symlink_to(outside)
    (root / ".tmp-0123456789abcdef-keys.json").symlink_to(outside)
    if doer == "start-over":
        (root / UNCONFIRMED_MARKER).write_bytes(b"{}")
        with contextlib.suppress(FieldappError):  # a marker not honoured (R1-1) is refused
            setup.clear_unfinished_setup(root)
    else:
        Workspace.wipe(root)
    assert outside.read_bytes() == PRECIOUS


def test_the_unconfirmed_note_removes_only_a_custodian_file_of_its_own(private: Path) -> None:
    stick = private / "stick"
    stick.mkdir()
    bundle = stick / "device-0001.fieldbundle"
    bundle.write_bytes(PRECIOUS)
    root = private / "new-workspace"
    root.mkdir(mode=0o700)
    digest = hashlib.sha256(PRECIOUS).hexdigest()
    note = {NOTE_OUTSIDE_FILE: str(bundle), NOTE_OUTSIDE_SHA256: digest}
    (root / UNCONFIRMED_MARKER).write_text(json.dumps(note))
    setup.clear_unfinished_setup(root)
    assert bundle.read_bytes() == PRECIOUS


def test_a_marker_that_is_a_pipe_never_hangs_the_set_up(private: Path) -> None:
    root = private / "folder"
    root.mkdir(mode=0o700)
    os.mkfifo(root / UNCONFIRMED_MARKER)
    code = (
        "import sys, pathlib; from fieldapp.services import setup;"
        " setup.clear_unfinished_setup(pathlib.Path(sys.argv[1]))"
    )
    try:
        subprocess.run([sys.executable, "-c", code, str(root)], cwd=REPO, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the set-up waited for a writer on the marker")


# -- the demo's marker -------------------------------------------------------------------------
def test_a_demo_marker_never_removes_a_real_workspace(private: Path) -> None:
    keys_before = _workspace_with_a_record(private / demo.INTERVIEWER_FOLDER)
    marker = {
        "format": demo_marker.DEMO_MARKER_FORMAT,
        "root_existed": True,
        "usb_made": False,
        "usb": None,
    }
    (private / demo.DEMO_MARKER).write_text(json.dumps(marker))
    with contextlib.suppress(FieldappError):
        demo.build_demo(private, count=1, params=PARAMS)
    assert (private / demo.INTERVIEWER_FOLDER / "keys.json").read_bytes() == keys_before


# -- restoring the keys ------------------------------------------------------------------------
def _copy_awaiting_keys(private: Path) -> tuple[Path, Path, bytes]:
    """A workspace with a record, its key backup outside, and keys.json gone; its old bytes."""
    root = private / "copy"
    created = create_workspace(root)
    out = private / "keys.backup"
    try:
        add_testimony(created.workspace)
        backup.write_key_backup(
            created.workspace, out, BACKUP_PASSPHRASE, work_factor=BACKUP_WORK_FACTOR
        )
    finally:
        created.workspace.lock()
    keys = (root / "keys.json").read_bytes()
    (root / "keys.json").unlink()
    return root, out, keys


def test_restored_keys_are_never_written_into_a_folder_being_wiped(private: Path) -> None:
    root, out, _ = _copy_awaiting_keys(private)
    opened = backup.check_key_backup(out, BACKUP_PASSPHRASE, root)
    (root / WIPE_MARKER).touch()  # the wipe, in another window, cut after its marker
    with pytest.raises(WipeInterruptedError):
        backup.write_restored_keys(
            root, opened.master_key, opened.workspace_id, NEW_PASSPHRASE, params=PARAMS
        )
    assert not (root / "keys.json").exists()


def test_restored_keys_never_replace_a_key_file_written_meanwhile(private: Path) -> None:
    root, out, keys_before = _copy_awaiting_keys(private)
    opened = backup.check_key_backup(out, BACKUP_PASSPHRASE, root)

    def restored_elsewhere_meanwhile(_passphrase: str, _label: str) -> None:
        (root / "keys.json").write_bytes(keys_before)  # during the Argon2id that follows

    with pytest.raises(WorkspaceExistsError):
        backup.write_restored_keys(
            root,
            opened.master_key,
            opened.workspace_id,
            NEW_PASSPHRASE,
            params=PARAMS,
            check_new_passphrase=restored_elsewhere_meanwhile,
        )
    assert (root / "keys.json").read_bytes() == keys_before


# -- pack partials -----------------------------------------------------------------------------
def test_a_pack_written_to_a_shared_stick_leaves_another_archives_partial(private: Path) -> None:
    stick = private / "stick"
    stick.mkdir()
    first, second = make_archive(private / "a"), make_archive(private / "b")
    try:
        requests = []
        for name in ("d1", "d2"):
            device, _ = Workspace.create(
                private / name, PASSPHRASE, Role.INTERVIEWER, params=PARAMS
            )
            requests.append(enrolment.write_request(device, private / f"{name}.json"))
            device.lock()
        sent = enrolment.issue_enrolment(first.ws, requests[0], stick)
        # What a power cut between the first archive's commit and its rename leaves:
        left = partial_path(stick, uuid.UUID(sent.pack_id))
        os.rename(sent.path, left)
        enrolment.issue_enrolment(second.ws, requests[1], stick)
        assert left.exists() or sent.path.exists()
    finally:
        first.ws.lock()
        second.ws.lock()


def test_settling_a_folder_never_removes_a_partial_still_being_committed(private: Path) -> None:
    stick = private / "stick"
    stick.mkdir()
    archive = make_archive(private / "a")
    try:
        device, _ = Workspace.create(private / "d", PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
        request = enrolment.write_request(device, private / "d.json")
        device.lock()
        enrolment.issue_enrolment(archive.ws, request, stick)
        sent = None
        with contextlib.suppress(FieldappError), pack_transaction(archive.ws, stick) as batch:
            sent = batch.write(request.fingerprint, ManifestKind.RECEIPT, b"{}", stick)
            # Meanwhile, `fieldapp pack resend` (or a second window) on the same archive:
            second = Workspace.unlock(archive.root, PASSPHRASE)
            try:
                settle_folder(second, stick)
            finally:
                second.lock()
        assert sent is not None
        assert sent.path.is_file()
    finally:
        archive.ws.lock()


# -- release signing ---------------------------------------------------------------------------
needs_ssh_keygen = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="no ssh-keygen")


def _release_key(private: Path) -> Path:
    key = private / "release_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "r1", "-f", str(key)], check=True
    )
    return key


def _dist(private: Path, *, build_info: bool, matching: bool) -> Path:
    dist = private / "dist" / "fieldapp"
    dist.mkdir(parents=True)
    (dist / "fieldapp").write_bytes(b"#!/bin/sh\necho a frozen program\n")
    digest = hashlib.sha256((dist / "fieldapp").read_bytes()).hexdigest()
    if not matching:
        (dist / "fieldapp").write_bytes(b"#!/bin/sh\necho replaced after the build\n")
    (dist / "SHA256SUMS").write_text(f"{digest}  ./fieldapp\n")
    if build_info:
        (dist / "BUILD-INFO").write_text("commit: unknown\nuncommitted changes: no\n")
    return dist


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("build_info", "matching"), [(False, True), (True, False)], ids=["no-build-info", "stale-sums"]
)
def test_sign_release_signs_only_a_folder_its_sums_describe(
    private: Path, build_info: bool, matching: bool
) -> None:
    dist = _dist(private, build_info=build_info, matching=matching)
    script = REPO / "packaging" / "sign_release.sh"
    done = subprocess.run(
        ["bash", str(script), str(_release_key(private)), str(dist)],
        capture_output=True,
        check=False,
    )
    assert done.returncode != 0
    assert not (dist / "SHA256SUMS.sig").exists()


def test_build_refuses_to_sign_what_no_commit_describes(private: Path) -> None:
    (private / "packaging").mkdir()
    shutil.copy(REPO / "packaging" / "build.sh", private / "packaging" / "build.sh")
    # The build venv's python stops the script at its next step: only the source step is tried.
    venv_python = private / ".build-venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text("#!/bin/sh\nexit 3\n")
    venv_python.chmod(0o755)
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(private.parent)}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    done = subprocess.run(
        ["bash", "packaging/build.sh", "--sign", str(private / "no-key")],
        cwd=private,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "== build venv" not in done.stdout
