"""The emergency wipe: the key file first (everything is unreadable from then on), then the rest."""

import io

import pytest

from fieldapp.errors import WorkspaceNotFoundError, WrongPassphraseError
from fieldapp.services import records
from fieldapp.workspace import Workspace
from fieldapp.workspace.files import TEMP_PREFIX

from .support import PARAMS, PASSPHRASE, WRONG_PASSPHRASE, CreatedWorkspace, new_testimony


def _fill(created: CreatedWorkspace) -> None:
    ws = created.workspace
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    ws.blobs.store(io.BytesIO(b"an attachment"))
    with pytest.raises(WrongPassphraseError):
        Workspace.unlock(created.root, WRONG_PASSPHRASE)


def _assert_wiped(created: CreatedWorkspace) -> None:
    root = created.root
    layout = created.workspace.layout
    assert not layout.key_file.exists()
    for suffix in ("", "-wal", "-shm"):
        assert not (root / f"fieldapp.db{suffix}").exists()
    assert not layout.blobs.exists()
    assert not layout.unlock_counter.exists()
    assert sorted(p.name for p in root.iterdir()) == []
    with pytest.raises(WorkspaceNotFoundError):
        Workspace.unlock(root, PASSPHRASE)
    with pytest.raises(WorkspaceNotFoundError):
        Workspace.unlock_with_recovery_code(root, created.recovery_code)


def test_wipe_of_a_locked_workspace(created: CreatedWorkspace) -> None:
    _fill(created)
    assert created.workspace.layout.unlock_counter.exists()
    created.workspace.lock()
    Workspace.wipe(created.root)
    _assert_wiped(created)


def test_wipe_while_it_is_open(created: CreatedWorkspace) -> None:
    # The panic button: nobody waits for a clean lock.
    _fill(created)
    Workspace.wipe(created.root)
    created.workspace.lock()
    _assert_wiped(created)


def test_wipe_twice_and_wipe_of_nothing(created: CreatedWorkspace, tmp_path) -> None:
    created.workspace.lock()
    Workspace.wipe(created.root)
    # Nothing is left to wipe: saying "wiped" about a mistyped folder would be false comfort.
    with pytest.raises(WorkspaceNotFoundError):
        Workspace.wipe(created.root)
    with pytest.raises(WorkspaceNotFoundError):
        Workspace.wipe(tmp_path / "never-existed")
    _assert_wiped(created)


def test_a_new_workspace_can_be_made_after_a_wipe(created: CreatedWorkspace) -> None:
    created.workspace.lock()
    Workspace.wipe(created.root)
    again, _code = Workspace.create(created.root, "new", created.workspace.role, params=PARAMS)
    with again:
        assert again.workspace_id != created.workspace.workspace_id
        assert again.repository.count_testimonies() == 0


def test_wipe_destroys_a_leftover_temporary_key_file(created: CreatedWorkspace) -> None:
    ws = created.workspace
    # As if the machine died between writing the new key file and renaming it into place.
    leftover = ws.layout.root / f"{TEMP_PREFIX}0123456789abcdef-keys.json"
    leftover.write_bytes(ws.layout.key_file.read_bytes())
    ws.lock()
    Workspace.wipe(created.root)
    assert not leftover.exists()
