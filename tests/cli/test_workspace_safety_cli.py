"""What a newcomer walking through the README met: the desktop set-up's passphrase floor on
every command that sets a passphrase, each secret's own hint, the way out of a wrong passphrase,
the folder checked (and named) before any secret is asked for, missing output folders said
plainly, and a passphrase file others can read warned about."""

from pathlib import Path

import pytest

from fieldapp.services import backup, setup, setup_checks
from fieldapp.workspace import Role, Workspace, WorkspaceLayout

from .conftest import CliWorkspace, Runner
from .support import (
    PARAMS,
    PASSPHRASE,
    WRONG_PASSPHRASE,
    assert_refused,
    on_a_terminal,
    snapshot,
)

TOO_SHORT = (
    "The passphrase is too weak. Use at least 12 characters; four or five unrelated words are"
    " easy to remember."
)
COMMON = (
    "The passphrase is too weak. Avoid common passwords and words about this work; add unrelated"
    " words."
)
CUSTODIAN_PASSPHRASE = "custodian passphrase, kept elsewhere"
NEW_PASSPHRASE = "a new passphrase, 새 암호"
BACKUP_PASSPHRASE = "backup passphrase kept in the safe"
#: Strong on its own; weak on a workspace labelled with the place it names.
LABEL = "Laptop Hoeryong"
LABELLED_PASSPHRASE = "hoeryong hoeryong 7"
KEYS = "keys.json"
COUNTER = "unlock-attempts.json"


def _kept(root: Path) -> dict[str, bytes]:
    """The workspace's files, but for the unlock counter (an unlock may reset it)."""
    files = snapshot(root)
    files.pop(COUNTER, None)
    return files


# -- 1. the passphrase floor of the desktop set-up -------------------------------------------


def test_init_refuses_a_weak_passphrase_and_makes_nothing(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "ws"
    result = cli("--workspace", root, "init", "--role", "interviewer", FIELDAPP_PASSPHRASE="a")
    assert assert_refused(result, hint=False) == TOO_SHORT
    assert result.out == ""
    assert list(tmp_path.iterdir()) == []


def test_init_weighs_the_passphrase_against_the_label(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "ws"
    result = cli(
        "--workspace", root, "init", "--role", "interviewer", "--label", LABEL,
        FIELDAPP_PASSPHRASE=LABELLED_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result) == COMMON
    assert list(tmp_path.iterdir()) == []


def test_an_archive_with_weak_passphrases_is_refused_and_nothing_made(
    tmp_path: Path, cli: Runner
) -> None:
    root, custodian_file = tmp_path / "archive", tmp_path / "custodian.age"
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out", custodian_file,
        FIELDAPP_PASSPHRASE="a", FIELDAPP_CUSTODIAN_PASSPHRASE="b",
    )  # fmt: skip
    assert assert_refused(result) == TOO_SHORT
    assert list(tmp_path.iterdir()) == []


def test_a_weak_custodian_passphrase_is_refused_and_nothing_made(
    tmp_path: Path, cli: Runner
) -> None:
    root, custodian_file = tmp_path / "archive", tmp_path / "custodian.age"
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out", custodian_file,
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_CUSTODIAN_PASSPHRASE="b",
    )  # fmt: skip
    assert assert_refused(result) == "The custodian's passphrase is too weak; nothing was made."
    assert list(tmp_path.iterdir()) == []


def test_a_custodian_file_inside_the_archive_folder_is_refused(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "archive"
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out", root / "custodian.age",
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_CUSTODIAN_PASSPHRASE=CUSTODIAN_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result) == (
        "The custodian file must be kept apart from the archive, not inside its folder."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("new", "sentence"), [("x", TOO_SHORT), ("password1234", COMMON)], ids=["short", "common"]
)
def test_passphrase_change_refuses_a_weak_one_and_changes_nothing(
    workspace: CliWorkspace, new: str, sentence: str
) -> None:
    before = _kept(workspace.root)
    result = workspace("passphrase", "change", FIELDAPP_NEW_PASSPHRASE=new)
    assert assert_refused(result) == sentence
    assert _kept(workspace.root) == before
    assert workspace("status").code == 0  # the old passphrase still opens it


def test_passphrase_change_weighs_the_new_one_against_the_label(
    tmp_path: Path, cli: Runner
) -> None:
    root = tmp_path / "ws"
    Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, label=LABEL, params=PARAMS)[0].lock()
    before = _kept(root)
    result = cli(
        "--workspace", root, "passphrase", "change",
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_NEW_PASSPHRASE=LABELLED_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result) == COMMON
    assert _kept(root) == before


def test_recover_refuses_a_weak_passphrase_and_keeps_the_code(workspace: CliWorkspace) -> None:
    before = _kept(workspace.root)
    result = workspace(
        "recover",
        FIELDAPP_RECOVERY_CODE=workspace.recovery_code,
        FIELDAPP_NEW_PASSPHRASE="weak",
    )
    assert assert_refused(result) == TOO_SHORT
    assert result.out == ""  # no new recovery code was made
    assert _kept(workspace.root) == before
    with Workspace.unlock_with_recovery_code(workspace.root, workspace.recovery_code) as ws:
        assert ws.fingerprint == workspace.fingerprint


def test_keys_backup_refuses_a_weak_backup_passphrase(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    out = tmp_path / "keys.age"
    result = workspace("keys", "backup", "--out", out, FIELDAPP_BACKUP_PASSPHRASE="backup")
    assert assert_refused(result) == TOO_SHORT
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["workspace"]


def test_keys_restore_refuses_a_weak_new_passphrase(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    kept = tmp_path / "keys.age"
    with workspace.open() as ws:
        backup.write_key_backup(ws, kept, BACKUP_PASSPHRASE, work_factor=10)
    (workspace.root / KEYS).unlink()  # a copy of the database and blobs, waiting for its keys
    before = snapshot(workspace.root)
    result = workspace(
        "keys", "restore", kept,
        FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE, FIELDAPP_NEW_PASSPHRASE="short",
    )  # fmt: skip
    assert assert_refused(result) == TOO_SHORT
    assert snapshot(workspace.root) == before


# -- 2. each secret's own hint ---------------------------------------------------------------


def test_keys_backup_without_its_passphrase_names_its_own_variable(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    out = tmp_path / "keys.age"
    result = workspace("keys", "backup", "--out", out)
    assert assert_refused(result, hint=True) == (
        "No backup passphrase was given, and there is no terminal to ask for one."
    )
    assert result.err_lines[1] == (
        "fieldapp: hint: Set FIELDAPP_BACKUP_PASSPHRASE or use --backup-passphrase-file in scripts."
    )
    assert not out.exists()


def test_passphrase_change_without_the_new_one_names_its_own_variable(
    workspace: CliWorkspace,
) -> None:
    before = _kept(workspace.root)
    result = workspace("passphrase", "change")
    assert assert_refused(result, hint=True) == (
        "No new passphrase was given, and there is no terminal to ask for one."
    )
    assert result.err_lines[1] == (
        "fieldapp: hint: Set FIELDAPP_NEW_PASSPHRASE or use --new-passphrase-file in scripts."
    )
    assert _kept(workspace.root) == before


def test_a_custodian_file_without_its_passphrase_names_its_own_variable(
    tmp_path: Path, cli: Runner
) -> None:
    root, custodian_file = tmp_path / "archive", tmp_path / "custodian.age"
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out", custodian_file,
        FIELDAPP_PASSPHRASE=PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result, hint=True) == (
        "No custodian passphrase was given, and there is no terminal to ask for one."
    )
    assert result.err_lines[1] == (
        "fieldapp: hint: Set FIELDAPP_CUSTODIAN_PASSPHRASE or use --custodian-passphrase-file in"
        " scripts."
    )
    assert list(tmp_path.iterdir()) == []


def test_recover_without_the_code_names_its_variable(workspace: CliWorkspace) -> None:
    result = workspace("recover", FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert assert_refused(result, hint=True) == (
        "No recovery code was given, and there is no terminal to ask for one."
    )
    assert result.err_lines[1] == "fieldapp: hint: Set FIELDAPP_RECOVERY_CODE in scripts."


def test_the_workspace_passphrase_keeps_its_hint(workspace: CliWorkspace) -> None:
    result = workspace.runner("--workspace", workspace.root, "status")
    assert assert_refused(result, hint=True) == (
        "No passphrase was given, and there is no terminal to ask for one."
    )
    assert result.err_lines[1] == (
        "fieldapp: hint: Set FIELDAPP_PASSPHRASE or use --passphrase-file in scripts."
    )


# -- 3. the way out of a wrong passphrase ----------------------------------------------------


def test_a_wrong_passphrase_names_fieldapp_recover(workspace: CliWorkspace) -> None:
    result = workspace("status", FIELDAPP_PASSPHRASE=WRONG_PASSPHRASE)
    assert assert_refused(result, hint=True) == "The passphrase is wrong."
    assert result.err_lines[1] == (
        "fieldapp: hint: If the passphrase is lost, run 'fieldapp recover' with the recovery code"
        " to set a new one."
    )


def test_a_wrong_backup_passphrase_does_not_point_at_the_recovery_code(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    kept = tmp_path / "keys.age"
    with workspace.open() as ws:
        backup.write_key_backup(ws, kept, BACKUP_PASSPHRASE, work_factor=10)
    (workspace.root / "keys.json").unlink()  # a copy awaiting its keys
    result = workspace(
        "keys", "restore", kept,
        FIELDAPP_BACKUP_PASSPHRASE="not the backup's passphrase",
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result, hint=False) == (
        "The backup's passphrase is wrong, or the file is not a fieldapp key backup."
    )
    assert not (workspace.root / "keys.json").exists()


# -- 4. the folder, checked and named before any secret --------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("status",),
        ("testimony", "list"),
        ("passphrase", "change"),
        ("recover",),
        ("keys", "backup", "--out", "keys.age"),
        ("wipe", "--yes"),
    ],
    ids=["status", "list", "passphrase-change", "recover", "keys-backup", "wipe"],
)
def test_no_workspace_is_said_first_naming_the_folder(
    tmp_path: Path, cli: Runner, argv: tuple[str, ...]
) -> None:
    mistyped = tmp_path / "mistyped"
    # No secret given and no terminal: were one asked for first, that would be the refusal.
    result = cli("--workspace", mistyped, *argv)
    assert assert_refused(result, hint=True) == f"No workspace was found in {mistyped}."
    assert not mistyped.exists()


def test_keys_restore_names_a_missing_folder_before_asking_for_the_backup_passphrase(
    tmp_path: Path, cli: Runner
) -> None:
    mistyped = tmp_path / "mistyped"
    kept = tmp_path / "keys.age"
    kept.write_bytes(b"not looked at")
    # No secret given and no terminal: were one asked for first, that would be the refusal.
    result = cli("--workspace", mistyped, "keys", "restore", kept)
    assert assert_refused(result) == f"The folder {mistyped} does not exist; nothing was changed."
    assert not mistyped.exists()


def test_on_a_terminal_no_passphrase_is_asked_for_a_folder_without_a_workspace(
    tmp_path: Path,
) -> None:
    mistyped = tmp_path / "mistyped"

    def empty_at_a_prompt(seen: bytes) -> bytes | None:
        # A prompt is answered empty, so that the run ends either way.
        return b"\n" if seen.endswith(b": ") else None

    argv = ["--workspace", str(mistyped), "testimony", "list"]
    code, shown = on_a_terminal(argv, empty_at_a_prompt)
    assert code == 1
    assert "Passphrase" not in shown
    assert f"fieldapp: error: No workspace was found in {mistyped}." in shown


def test_init_refuses_a_folder_of_other_files_before_asking_anything(
    tmp_path: Path, cli: Runner
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "bundle-0001.fieldapp").write_bytes(b"a bundle")
    before = snapshot(stick)
    result = cli("--workspace", stick, "init", "--role", "interviewer")  # no passphrase given
    assert assert_refused(result, hint=True) == (
        f"The folder {stick} already holds other files and no workspace; nothing was made."
    )
    assert snapshot(stick) == before
    assert [p.name for p in stick.iterdir()] == ["bundle-0001.fieldapp"]


def test_init_refuses_a_file_for_a_folder(tmp_path: Path, cli: Runner) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"notes")
    result = cli("--workspace", path, "init", "--role", "interviewer")
    assert assert_refused(result, hint=True) == f"{path} is a file, not a folder; nothing was made."
    assert path.read_bytes() == b"notes"


def test_init_takes_an_empty_folder(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    result = cli(
        "--workspace", root, "--json", "init", "--role", "interviewer",
        FIELDAPP_PASSPHRASE=PASSPHRASE,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert WorkspaceLayout(root).exists()


# -- 5. missing output folders ---------------------------------------------------------------


def test_keys_backup_into_a_missing_folder_is_said_plainly(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    before = _kept(workspace.root)
    result = workspace(
        "keys", "backup", "--out", missing / "keys.age",
        FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result, hint=False) == (
        f"The folder {missing} does not exist; nothing was written."
    )
    assert ".tmp" not in result.err
    assert not (tmp_path / "no").exists()
    assert _kept(workspace.root) == before


def test_a_custodian_file_into_a_missing_folder_is_said_plainly(
    tmp_path: Path, cli: Runner
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    root = tmp_path / "archive"
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out",
        missing / "custodian.age",
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_CUSTODIAN_PASSPHRASE=CUSTODIAN_PASSPHRASE,
    )  # fmt: skip
    assert assert_refused(result, hint=False) == (
        f"The folder {missing} does not exist; nothing was written."
    )
    assert ".tmp" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_the_desktop_set_up_refuses_the_same_folder(tmp_path: Path) -> None:
    """One rule for both doors: the app's set-up (the service the CLI's checks come from)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "bundle-0001.fieldapp").write_bytes(b"a bundle")
    with pytest.raises(setup_checks.FolderInUseError, match="already holds other files"):
        setup.create_workspace(stick, Role.INTERVIEWER, PASSPHRASE, key_params=PARAMS)
    assert [p.name for p in stick.iterdir()] == ["bundle-0001.fieldapp"]
