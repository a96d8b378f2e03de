"""The set-up's marker authorises deleting keys only when it belongs to what it would remove
(review R1-1, R1-3, R1-4): a regular file naming the new workspace's id, that workspace's
database unchanged since it was written and its blobs/ empty; a custodian file it names is
removed only as the set-up writes one. Any other marker leaves the folder a workspace to unlock,
and the set-up refuses to start over there."""

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.errors import WorkspaceExistsError
from fieldapp.services import session, setup
from fieldapp.workspace import Role, Workspace, unconfirmed
from fieldapp.workspace.workspace import SETUP_MARKER
from tests.fieldapp.services.crash_support import opens
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, file_snapshot

CUSTODIAN_PASSPHRASE = "the custodian's own 보관 passphrase, kept apart"
FAST = setup.WorkFactors(argon2=PARAMS, custodian_scrypt=10)
PRECIOUS = b"the only copy of a signed witness statement\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _unconfirmed_set_up(root: Path, custodian: Path | None = None) -> setup.SetupResult:
    options = None if custodian is None else setup.CustodianOptions(custodian, CUSTODIAN_PASSPHRASE)
    role = Role.INTERVIEWER if custodian is None else Role.ARCHIVE
    made = setup.create_workspace(root, role, PASSPHRASE, custodian=options, key_params=FAST)
    made.workspace.lock()
    return made


def _marker(root: Path) -> Path:
    return root / unconfirmed.UNCONFIRMED_MARKER


def _refused_and_kept(folder: Path, root: Path, code: str) -> None:
    """Not honoured: the folder is a workspace, starting over is refused, nothing is removed."""
    before = file_snapshot(folder)
    assert session.workspace_exists(root)
    with pytest.raises(setup.SetupMarkerNotHonouredError):
        setup.clear_unfinished_setup(root)
    with pytest.raises(setup.SetupMarkerNotHonouredError):
        setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    assert file_snapshot(folder) == before
    assert opens(root, code=code)


def test_a_marker_left_from_the_set_up_is_void_once_the_workspace_holds_a_record(folder: Path):
    """The set-up's own marker, put back after the workspace was confirmed and used (a backup
    of the folder taken while the code was on screen, restored over it): its id matches, its
    database does not."""
    root = folder / "workspace"
    made = _unconfirmed_set_up(root)
    left = _marker(root).read_bytes()
    setup.confirm_setup(root)
    with Workspace.unlock(root, PASSPHRASE) as ws:
        add_testimony(ws)
    _marker(root).write_bytes(left)
    assert json.loads(left)[unconfirmed.NOTE_WORKSPACE_ID] == made.workspace.workspace_id
    _refused_and_kept(folder, root, made.recovery_code)


def test_a_marker_of_another_set_up_is_not_honoured(folder: Path):
    made = _unconfirmed_set_up(folder / "first")
    _unconfirmed_set_up(folder / "second")
    _marker(folder / "first").write_bytes(_marker(folder / "second").read_bytes())
    _refused_and_kept(folder, folder / "first", made.recovery_code)
    assert setup.setup_unfinished(folder / "second")  # its own still is


@pytest.mark.parametrize("kind", ["a link to the real marker", "a named pipe", "a folder"])
def test_a_marker_that_is_no_regular_file_is_not_honoured(folder: Path, kind: str):
    root = folder / "workspace"
    made = _unconfirmed_set_up(root)
    real = folder / "kept-marker"
    _marker(root).rename(real)
    if kind == "a link to the real marker":
        _marker(root).symlink_to(real)
    elif kind == "a named pipe":
        os.mkfifo(_marker(root))
    else:
        _marker(root).mkdir()
    _refused_and_kept(folder, root, made.recovery_code)


def test_a_marker_beside_a_file_in_blobs_is_not_honoured(folder: Path):
    root = folder / "workspace"
    made = _unconfirmed_set_up(root)
    (root / "blobs" / "ab").mkdir()
    (root / "blobs" / "ab" / "cdef.age").write_bytes(b"an attachment's ciphertext")
    _refused_and_kept(folder, root, made.recovery_code)


def test_a_planted_marker_never_removes_a_copy_awaiting_its_keys(folder: Path):
    """A database without keys.json is also a copy waiting for `keys restore`: a marker (and a
    creation marker) written after it do not make it a cut set-up's."""
    root = folder / "copy"
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    with ws:
        add_testimony(ws)
    (root / "keys.json").unlink()
    (root / SETUP_MARKER).touch()
    _marker(root).write_text(json.dumps({unconfirmed.NOTE_WORKSPACE_ID: ws.workspace_id}))
    an_hour_ago = time.time_ns() - 3600 * 10**9  # the copy was made before the markers
    os.utime(root / "fieldapp.db", ns=(an_hour_ago, an_hour_ago))
    before = file_snapshot(folder)
    assert not setup.setup_unfinished(root)
    with pytest.raises(setup.SetupMarkerNotHonouredError):
        setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    _marker(root).unlink()  # the creation marker alone does not make it a cut creation's either
    with pytest.raises(WorkspaceExistsError, match="without its keys"):
        setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    assert file_snapshot(folder) == {
        name: data for name, data in before.items() if name != f"copy/{_marker(root).name}"
    }


def test_a_set_up_cut_before_its_database_was_recorded_still_starts_over(folder: Path):
    """A marker naming an id, and a database at the set-up's own name with no key file yet:
    the cut set-up's own, removed by the next set-up."""
    root = folder / "workspace"
    root.mkdir(mode=0o700)
    (root / SETUP_MARKER).touch()
    _marker(root).write_text(json.dumps({unconfirmed.NOTE_WORKSPACE_ID: "a-new-id"}))
    (root / ".setup-a-new-id.db").write_bytes(b"\0" * 4096)
    assert setup.setup_unfinished(root)
    made = _unconfirmed_set_up(root)
    assert not (root / ".setup-a-new-id.db").exists()
    setup.confirm_setup(root)
    assert opens(root, code=made.recovery_code)


def test_starting_over_removes_the_custodian_file_it_wrote(folder: Path):
    root = folder / "archive"
    _unconfirmed_set_up(root, folder / "custodian.age")
    assert setup.unfinished_custodian_file(root) == folder / "custodian.age"
    assert setup.clear_unfinished_setup(root)
    assert not (folder / "custodian.age").exists()
    assert list(root.iterdir()) == []


@pytest.mark.parametrize("named", ["a bundle", "a link to an .age file", "a relative path"])
def test_an_honoured_note_removes_no_other_file_of_the_digest(folder: Path, named: str):
    """Even a marker that is honoured (it is the cut set-up's own) has its note read from disk:
    it may name anything; only an ``.age`` regular file at an absolute path outside goes."""
    root = folder / "archive"
    _unconfirmed_set_up(root, folder / "custodian.age")
    (folder / "custodian.age").unlink()
    precious = folder / "stick" / "device-0001.fieldbundle"
    precious.parent.mkdir()
    precious.write_bytes(PRECIOUS)
    if named == "a bundle":
        path = str(precious)
    elif named == "a link to an .age file":
        precious = folder / "stick" / "identities.age"
        precious.write_bytes(PRECIOUS)
        (folder / "link.age").symlink_to(precious)
        path = str(folder / "link.age")
    else:
        precious = Path("device-0001.age")
        path = "device-0001.age"
    note = json.loads(_marker(root).read_bytes())
    note[unconfirmed.NOTE_OUTSIDE_FILE] = path
    note[unconfirmed.NOTE_OUTSIDE_SHA256] = hashlib.sha256(PRECIOUS).hexdigest()
    _marker(root).write_text(json.dumps(note))
    before = file_snapshot(folder)
    assert setup.unfinished_custodian_file(root) is None
    assert setup.clear_unfinished_setup(root)  # the cut set-up's own files still go
    after = file_snapshot(folder)
    assert {name: data for name, data in before.items() if "archive" not in name} == after


def test_a_stray_marker_in_an_empty_folder_is_no_set_up_and_is_replaced(folder: Path):
    root = folder / "workspace"
    root.mkdir(mode=0o700)
    _marker(root).write_bytes(b"{}")
    assert not setup.setup_unfinished(root)
    assert not setup.clear_unfinished_setup(root)  # nothing to refuse: no workspace there
    made = _unconfirmed_set_up(root)
    setup.confirm_setup(root)
    assert opens(root, code=made.recovery_code)


def test_workspace_create_never_replaces_a_workspace_under_a_foreign_marker(folder: Path):
    root = folder / "workspace"
    made = _unconfirmed_set_up(root)
    setup.confirm_setup(root)
    _marker(root).write_text(json.dumps({unconfirmed.NOTE_WORKSPACE_ID: "another set-up's"}))
    before = file_snapshot(folder)
    with pytest.raises(WorkspaceExistsError):
        Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS, setup_note={})
    assert file_snapshot(folder) == before
    assert opens(root, code=made.recovery_code)


# -- the set-up's database under its own name until keys.json is in place (R2-2, R2-5, R2-6) -----
def test_a_set_up_cut_between_its_key_file_and_its_database_move_starts_over(folder: Path):
    """keys.json written, the database still at the set-up's own name: unfinished, and the next
    set-up removes both (the digest recorded binds keys.json to that database)."""
    root = folder / "workspace"
    made = _unconfirmed_set_up(root)
    own = root / f".setup-{made.workspace.workspace_id}.db"
    (root / "fieldapp.db").rename(own)
    assert setup.setup_unfinished(root)
    assert not session.workspace_exists(root)
    own.write_bytes(own.read_bytes() + b"\0")  # other bytes: not the set-up's database
    assert not setup.setup_unfinished(root)
    own.write_bytes(own.read_bytes()[:-1])
    assert setup.clear_unfinished_setup(root)
    assert sorted(p.name for p in root.iterdir()) == []


def test_a_forged_marker_beside_a_keyless_copy_is_never_honoured(folder: Path):
    """Everything a marker can say, right (the copy's own id, its database's digest) and dated
    back: a database at the real name with no keys.json was never a set-up's."""
    root = folder / "copy"
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    with ws:
        add_testimony(ws)
    (root / "keys.json").unlink()
    digest = hashlib.sha256((root / "fieldapp.db").read_bytes()).hexdigest()
    note = {
        unconfirmed.NOTE_WORKSPACE_ID: ws.workspace_id,
        unconfirmed.NOTE_DATABASE_SHA256: digest,
    }
    _marker(root).write_text(json.dumps(note))
    (root / SETUP_MARKER).touch()
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for path in (_marker(root), root / SETUP_MARKER):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    before = file_snapshot(folder)
    assert not setup.setup_unfinished(root)
    with pytest.raises(setup.SetupMarkerNotHonouredError):
        setup.clear_unfinished_setup(root)
    with pytest.raises(setup.SetupMarkerNotHonouredError):
        setup.create_workspace(root, Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    assert file_snapshot(folder) == before


def test_unlocking_removes_a_creation_marker_left_beside_its_key_file(folder: Path):
    """A cut between keys.json and the creation marker's removal: once keys.json opens, the
    marker says nothing and goes (R2-5)."""
    root = folder / "workspace"
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    ws.lock()
    (root / SETUP_MARKER).touch()
    with Workspace.unlock(root, PASSPHRASE) as again:
        assert again.workspace_id == ws.workspace_id
    assert not (root / SETUP_MARKER).exists()


def test_a_creation_cut_before_its_database_move_is_finished_by_unlocking(folder: Path):
    """Without the set-up's marker (the demo's creation): keys.json opened, so the database
    at the set-up's own name for that id is its own, moved to the real name."""
    root = folder / "workspace"
    ws, code = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    ws.lock()
    (root / "fieldapp.db").rename(root / f".setup-{ws.workspace_id}.db")
    (root / SETUP_MARKER).touch()
    with Workspace.unlock_with_recovery_code(root, code) as again:
        assert again.repository.meta("role") == Role.INTERVIEWER.value
    assert (root / "fieldapp.db").is_file()
    assert not (root / f".setup-{ws.workspace_id}.db").exists()
    assert not (root / SETUP_MARKER).exists()


def test_a_set_up_goes_ahead_over_leftovers_at_the_set_up_s_own_names(folder: Path):
    """A database at a set-up's own name was never opened as a workspace (its marker gone or
    damaged, or a creation without one): the folder is no one else's, and the leftovers go."""
    root = folder / "workspace"
    root.mkdir(mode=0o700)
    for name in (".setup-0b3c3e58.db", ".setup-0b3c3e58.db-wal", SETUP_MARKER):
        (root / name).write_bytes(b"LEFTOVER")
    _marker(root).write_bytes(b"{}")
    made = _unconfirmed_set_up(root)
    setup.confirm_setup(root)
    assert opens(root, code=made.recovery_code)
    assert not list(root.glob(".setup-*"))
