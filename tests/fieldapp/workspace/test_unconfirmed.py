"""``Workspace.create`` for the set-up: unconfirmed until the code is read back (no door opens
it), its ``initialise`` run before the key file exists, and a create over an unconfirmed one
starting over."""

from pathlib import Path

import pytest

from fieldapp.errors import SetupUnfinishedError, WorkspaceExistsError, WrongRecoveryCodeError
from fieldapp.workspace import Role, Workspace, WorkspaceLayout, unconfirmed
from fieldapp.workspace.database import Connection
from fieldapp.workspace.repository import Repository
from fieldapp.workspace.workspace import SETUP_MARKER

from .support import PARAMS, PASSPHRASE

OTHER_PASSPHRASE = "another passphrase for the 두번째 set-up"


def _create(root: Path, passphrase: str = PASSPHRASE, **options: object) -> tuple[Workspace, str]:
    return Workspace.create(root, passphrase, Role.INTERVIEWER, params=PARAMS, **options)  # type: ignore[arg-type]


def test_an_unconfirmed_workspace_opens_by_no_door_until_confirmed(private_root: Path) -> None:
    ws, code = _create(private_root, setup_note={})
    ws.lock()
    for door in (
        lambda: Workspace.unlock(private_root, PASSPHRASE),
        lambda: Workspace.unlock_with_recovery_code(private_root, code),
    ):
        with pytest.raises(SetupUnfinishedError, match="was not finished"):
            door()
    unconfirmed.confirm(private_root)
    Workspace.unlock(private_root, PASSPHRASE).lock()
    Workspace.unlock_with_recovery_code(private_root, code).lock()
    with pytest.raises(WorkspaceExistsError):  # confirmed: never replaced
        _create(private_root, OTHER_PASSPHRASE, setup_note={})


def test_what_initialise_stores_is_there_before_the_key_file(private_root: Path) -> None:
    seen: list[bool] = []

    def initialise(connection: Connection, repository: Repository) -> None:
        seen.append(WorkspaceLayout(private_root).key_file.exists())
        repository.set_meta("initialised", "yes")

    ws, _ = _create(private_root, setup_note={}, initialise=initialise)
    try:
        assert seen == [False]
        assert ws.repository.meta("initialised") == "yes"
    finally:
        ws.lock()


def test_a_failed_initialise_leaves_no_key_file(private_root: Path) -> None:
    def initialise(connection: Connection, repository: Repository) -> None:
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        _create(private_root, setup_note={}, initialise=initialise)
    assert not WorkspaceLayout(private_root).key_file.exists()
    assert unconfirmed.is_unconfirmed(private_root)  # the next set-up removes the rest
    assert unconfirmed.remove_unconfirmed(private_root)
    assert sorted(p.name for p in private_root.iterdir()) == []


def test_a_create_over_an_unconfirmed_one_starts_over(private_root: Path) -> None:
    first, first_code = _create(private_root, setup_note={})
    first.lock()
    second, second_code = _create(private_root, OTHER_PASSPHRASE, setup_note={})
    second.lock()
    unconfirmed.confirm(private_root)
    assert second.workspace_id != first.workspace_id
    Workspace.unlock(private_root, OTHER_PASSPHRASE).lock()
    assert not (private_root / SETUP_MARKER).exists()
    with pytest.raises(WrongRecoveryCodeError):
        Workspace.unlock_with_recovery_code(private_root, first_code)
    Workspace.unlock_with_recovery_code(private_root, second_code).lock()


def test_the_creation_marker_is_named_alike_in_both_modules() -> None:
    from fieldapp.workspace import unconfirmed as module

    assert module._CREATION_MARKER == SETUP_MARKER


@pytest.fixture
def private_root(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path / "workspace"
