"""Where the passphrase comes from: `--passphrase-file`, `FIELDAPP_PASSPHRASE`, or the terminal."""

from pathlib import Path

import pytest

from fieldapp.workspace import WorkspaceLayout

from .conftest import CliWorkspace
from .support import PASSPHRASE, WRONG_PASSPHRASE, assert_refused, run_process


def _status(workspace: CliWorkspace, *argv: str | Path, **env: str) -> int:
    return workspace.runner("--workspace", workspace.root, *argv, "status", **env).code


def test_from_the_environment(workspace: CliWorkspace) -> None:
    assert _status(workspace, FIELDAPP_PASSPHRASE=PASSPHRASE) == 0
    assert _status(workspace, FIELDAPP_PASSPHRASE=WRONG_PASSPHRASE) == 1


@pytest.mark.parametrize("ending", ["", "\n"], ids=["bare", "newline"])
def test_from_a_file_with_or_without_its_trailing_newline(
    ending: str, workspace: CliWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + ending, encoding="utf-8")
    assert _status(workspace, "--passphrase-file", path) == 0


def test_only_one_trailing_newline_is_taken_off(workspace: CliWorkspace, tmp_path: Path) -> None:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n\n", encoding="utf-8")
    assert _status(workspace, "--passphrase-file", path) == 1


def test_the_file_is_used_before_the_environment(workspace: CliWorkspace, tmp_path: Path) -> None:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE, encoding="utf-8")
    code = _status(workspace, "--passphrase-file", path, FIELDAPP_PASSPHRASE=WRONG_PASSPHRASE)
    assert code == 0


def test_an_empty_passphrase_file_is_refused(workspace: CliWorkspace, tmp_path: Path) -> None:
    path = tmp_path / "passphrase"
    path.write_text("\n", encoding="utf-8")
    result = workspace.runner("--workspace", workspace.root, "--passphrase-file", path, "status")
    assert "empty" in assert_refused(result)


def test_a_missing_passphrase_file_is_one_clear_error(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    result = workspace.runner(
        "--workspace", workspace.root, "--passphrase-file", tmp_path / "absent", "status"
    )
    assert "absent" in assert_refused(result)


@pytest.mark.parametrize("variable", [None, ""], ids=["unset", "empty"])
def test_no_passphrase_and_no_terminal_is_refused_clearly(
    variable: str | None, workspace: CliWorkspace
) -> None:
    env = {} if variable is None else {"FIELDAPP_PASSPHRASE": variable}
    result = run_process("--workspace", workspace.root, "testimony", "list", env=env)
    message = assert_refused(result, hint=True)
    assert "no terminal" in message
    assert "FIELDAPP_PASSPHRASE" in result.err_lines[1]
    assert "--passphrase-file" in result.err_lines[1]
    # Not a failed attempt: nothing was guessed, so the unlock delay did not grow.
    assert not WorkspaceLayout(workspace.root).unlock_counter.exists()


def test_a_passphrase_file_that_is_not_utf8_is_one_clear_error(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "passphrase"
    path.write_bytes("café\n".encode("latin-1"))
    result = workspace.runner("--workspace", workspace.root, "--passphrase-file", path, "status")
    assert_refused(result)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604], ids=["all", "group", "others"])
def test_a_passphrase_file_others_can_read_is_used_with_one_warning(
    mode: int, workspace: CliWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(mode)
    result = workspace.runner(
        "--workspace", workspace.root, "--passphrase-file", path, "--json", "status"
    )
    assert result.code == 0, result.err
    assert result.err_lines == [
        f"fieldapp: warning: {path} can be read by other users of this computer;"
        f" make it private (chmod 600 {path})."
    ]
    assert PASSPHRASE not in result.err
    assert path.stat().st_mode & 0o777 == mode  # warned, not changed behind the user's back


def test_a_private_passphrase_file_gives_no_warning(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(0o600)
    result = workspace.runner(
        "--workspace", workspace.root, "--passphrase-file", path, "--json", "status"
    )
    assert result.code == 0, result.err
    assert result.err == ""


def test_a_shared_new_passphrase_file_is_warned_about_too(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "new-passphrase"
    path.write_text("a new passphrase, 새 암호\n", encoding="utf-8")
    path.chmod(0o644)
    result = workspace("passphrase", "change", "--new-passphrase-file", path)
    assert result.code == 0, result.err
    assert result.err_lines[0] == (
        f"fieldapp: warning: {path} can be read by other users of this computer;"
        f" make it private (chmod 600 {path})."
    )
