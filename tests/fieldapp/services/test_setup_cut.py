"""A set-up cut at each step, through the services the window's wizard calls: before the code
is confirmed nothing is kept and the set-up starts over in the same folder (with the same
custodian file's name); after it, the workspace is whole. And what starting over must never
remove."""

import hashlib
from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.errors import WorkspaceBusyError, WorkspaceExistsError
from fieldapp.services import session, setup
from fieldapp.workspace import Role, Workspace, unconfirmed
from fieldapp.workspace.workspace import SETUP_MARKER
from tests.fieldapp.services.crash_support import opens
from tests.fieldapp.services.setup_cut_support import (
    CUSTODIAN_PASSPHRASE,
    CUSTODIAN_SCRYPT,
    PASSPHRASE,
    ROLES,
    SERVICES_CUT,
    UNFINISHED_STEPS,
    assert_unfinished,
    assert_whole,
    custodian_path,
    cut,
)
from tests.fieldapp.workspace.support import file_snapshot

NEW_PASSPHRASE = "a second 설정 passphrase after the cut"
FAST = setup.WorkFactors(argon2=keywrap.TEST_PARAMS, custodian_scrypt=CUSTODIAN_SCRYPT)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _set_up(root: Path, role: str, custodian: Path, passphrase: str) -> setup.SetupResult:
    options = None
    if role == Role.ARCHIVE.value:
        options = setup.CustodianOptions(custodian, CUSTODIAN_PASSPHRASE)
    return setup.create_workspace(root, role, passphrase, custodian=options, key_params=FAST)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("point", UNFINISHED_STEPS)
def test_a_set_up_cut_before_the_confirmation_starts_over(folder: Path, role: str, point: str):
    root, custodian = folder / "workspace", custodian_path(folder)
    printed = cut(folder, SERVICES_CUT, root, role, point).strip()
    assert bool(printed) == (point == "code-shown")
    assert (root / "keys.json").exists() == (point != "before-keys")
    # The database is at the set-up's own name until its key file is in place (R2-5): one at
    # the real name without keys.json is never a set-up's.
    assert (root / "fieldapp.db").exists() == (point == "code-shown")
    assert len(list(root.glob("*.db"))) == 1
    if role == Role.ARCHIVE.value:
        assert custodian.exists()  # written before the key file: an archive never lacks it
    assert_unfinished(root, printed)

    made = _set_up(root, role, custodian, NEW_PASSPHRASE)  # the same folder, the same file
    made.workspace.lock()
    assert_unfinished(root, made.recovery_code)  # until this one's code is confirmed too
    setup.confirm_setup(root)
    assert_whole(root, role, NEW_PASSPHRASE, made.recovery_code, custodian)
    assert not opens(root, passphrase=PASSPHRASE)  # nothing of the cut set-up opens it
    if printed:
        assert not opens(root, code=printed)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".age") == (
        ["custodian.age"] if role == Role.ARCHIVE.value else []
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_set_up_cut_after_the_confirmation_is_whole_and_kept(folder: Path, role: str):
    root, custodian = folder / "workspace", custodian_path(folder)
    code = cut(folder, SERVICES_CUT, root, role, "confirmed").strip()
    assert_whole(root, role, PASSPHRASE, code, custodian)

    before = file_snapshot(folder)
    with pytest.raises(WorkspaceExistsError):
        _set_up(root, role, folder / "another-custodian.age", NEW_PASSPHRASE)
    assert file_snapshot(folder) == before


def test_the_marker_is_written_before_the_key_file_and_removed_only_by_the_confirmation(
    folder: Path,
):
    made = _set_up(folder / "archive", Role.ARCHIVE.value, custodian_path(folder), PASSPHRASE)
    try:
        note = unconfirmed.read_note(folder / "archive")
        digest = hashlib.sha256(custodian_path(folder).read_bytes()).hexdigest()
        assert note[unconfirmed.NOTE_OUTSIDE_FILE] == str(custodian_path(folder))
        assert note[unconfirmed.NOTE_OUTSIDE_SHA256] == digest
        # Bound to this workspace and its database as written, by content (R1-1, R2-2).
        assert note[unconfirmed.NOTE_WORKSPACE_ID] == made.workspace.workspace_id
        database = (folder / "archive" / "fieldapp.db").read_bytes()
        assert note[unconfirmed.NOTE_DATABASE_SHA256] == hashlib.sha256(database).hexdigest()
        # The window's own handle works meanwhile (the read-back needs nothing else).
        assert made.workspace.repository.meta("label") == ""
    finally:
        made.workspace.lock()
    setup.confirm_setup(folder / "archive")
    assert not (folder / "archive" / unconfirmed.UNCONFIRMED_MARKER).exists()
    assert not (folder / "archive" / SETUP_MARKER).exists()
    setup.confirm_setup(folder / "archive")  # twice is once


def test_starting_over_keeps_a_custodian_file_that_changed_since(folder: Path):
    """The note names the custodian file by its digest: a file put there since is another's."""
    made = _set_up(folder / "archive", Role.ARCHIVE.value, custodian_path(folder), PASSPHRASE)
    made.workspace.lock()
    custodian_path(folder).write_bytes(b"the custodian's own notes, not the set-up's file")

    assert setup.clear_unfinished_setup(folder / "archive")
    assert custodian_path(folder).read_bytes().startswith(b"the custodian's own notes")
    assert not setup.setup_unfinished(folder / "archive")
    assert sorted(p.name for p in (folder / "archive").iterdir()) == []


def test_a_set_up_still_showing_its_code_in_another_window_is_not_removed(folder: Path):
    root = folder / "workspace"
    made = _set_up(root, Role.INTERVIEWER.value, custodian_path(folder), PASSPHRASE)
    try:
        before = file_snapshot(root)
        with pytest.raises(WorkspaceBusyError):
            setup.clear_unfinished_setup(root)
        with pytest.raises(WorkspaceBusyError):
            _set_up(root, Role.INTERVIEWER.value, custodian_path(folder), NEW_PASSPHRASE)
        assert file_snapshot(root) == before
        assert made.workspace.repository.meta("role") == Role.INTERVIEWER.value
    finally:
        made.workspace.lock()
    setup.confirm_setup(root)
    assert opens(root, code=made.recovery_code)


def test_a_workspace_without_the_marker_is_never_cleared(folder: Path):
    """Workspaces made before set-ups were confirmed (the older creation marker left beside
    keys.json by a crash of that version, too) are workspaces: starting over removes nothing."""
    root = folder / "workspace"
    ws, code = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    ws.lock()
    (root / SETUP_MARKER).touch()
    before = file_snapshot(root)
    assert not setup.clear_unfinished_setup(root)
    assert session.workspace_exists(root)
    with pytest.raises(WorkspaceExistsError):
        _set_up(root, Role.INTERVIEWER.value, custodian_path(folder), NEW_PASSPHRASE)
    assert file_snapshot(root) == before
    assert opens(root, code=code)


@pytest.mark.parametrize(
    "note", [b"", b"not json", b"[1, 2]", b'{"custodian_file": 7}', b"{" * 100_000]
)
def test_a_damaged_marker_is_not_honoured_and_removes_nothing(folder: Path, note: bytes):
    """A marker that does not name the workspace beside it authorises no deletion (R1-1): the
    folder is a workspace to unlock, and the set-up refuses to start over."""
    made = _set_up(folder / "archive", Role.ARCHIVE.value, custodian_path(folder), PASSPHRASE)
    made.workspace.lock()
    (folder / "archive" / unconfirmed.UNCONFIRMED_MARKER).write_bytes(note)
    before = file_snapshot(folder)

    assert session.workspace_exists(folder / "archive")
    with pytest.raises(setup.SetupMarkerNotHonouredError):
        setup.clear_unfinished_setup(folder / "archive")
    assert file_snapshot(folder) == before
    assert opens(folder / "archive", code=made.recovery_code)


def test_discarding_an_unconfirmed_set_up_leaves_nothing(folder: Path):
    made = _set_up(folder / "archive", Role.ARCHIVE.value, custodian_path(folder), PASSPHRASE)
    setup.discard_workspace(made.workspace, made.custodian_file)
    assert sorted(folder.iterdir()) == []
