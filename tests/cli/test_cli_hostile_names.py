"""What the CLI says about a file whose name or kind is hostile: one line, escaped, at once.

A passphrase file that is a named pipe or a folder is refused in one sentence (a plain open of a
pipe waits for a writer forever); a file-system error names its file with every control
character escaped, so a name cannot rewrite the terminal's line.
"""

import os
from pathlib import Path

from .conftest import CliWorkspace
from .support import PASSPHRASE, assert_refused


def test_a_passphrase_file_that_is_a_named_pipe_is_refused_at_once(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = workspace.runner("--workspace", workspace.root, "--passphrase-file", pipe, "status")
    assert "not a regular file" in assert_refused(result)


def test_a_passphrase_file_that_is_a_folder_is_one_sentence(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    result = workspace.runner(
        "--workspace", workspace.root, "--passphrase-file", tmp_path, "status"
    )
    assert "not a regular file" in assert_refused(result)


def test_a_regular_passphrase_file_still_opens(workspace: CliWorkspace, tmp_path: Path) -> None:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)
    result = workspace.runner("--workspace", workspace.root, "--passphrase-file", path, "status")
    assert result.code == 0, result


def test_a_missing_file_named_with_escape_sequences_does_not_drive_the_terminal(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    name = tmp_path / "x\x1b[2K\r\u202eall-good"
    result = workspace.runner("--workspace", workspace.root, "--passphrase-file", name, "status")
    message = assert_refused(result)
    for char in "\x1b\r\u202e":
        assert char not in result.err
    assert "x\\x1b[2K\\rall-good" not in message  # \u202e sits between: escaped too
    assert "x\\x1b[2K\\r\\u202eall-good" in message


def test_a_shared_passphrase_file_named_with_escapes_is_warned_about_escaped(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "pass\x1b]0;owned\x07phrase"
    path.write_text(PASSPHRASE)
    path.chmod(0o644)
    result = workspace.runner("--workspace", workspace.root, "--passphrase-file", path, "status")
    assert result.code == 0, result
    assert "\x1b" not in result.err
    assert "\x07" not in result.err
    assert "pass\\x1b]0;owned\\x07phrase" in result.err
