"""`fieldapp init` cut at each step: until it has printed the recovery code and kept the
workspace, a cut leaves none, every command says so, and the next `init` starts over in the same
folder (with the same custodian file's name); after it, the workspace is whole and `init`
refuses the folder."""

import errno
import json
from pathlib import Path

import pytest

from fieldapp.workspace import Role
from tests.fieldapp.services.crash_support import opens
from tests.fieldapp.services.setup_cut_support import (
    CLI_CUT,
    CUSTODIAN_PASSPHRASE,
    PASSPHRASE,
    ROLES,
    UNFINISHED_STEPS,
    assert_unfinished,
    assert_whole,
    custodian_path,
    cut,
)

from .conftest import Runner
from .support import assert_refused, snapshot

NEW_PASSPHRASE = "a second 설정 passphrase after the cut"


def _init(cli: Runner, root: Path, role: str, custodian: Path, passphrase: str):
    argv: list[str | Path] = ["--workspace", root, "--json", "init", "--role", role]
    env = {"FIELDAPP_PASSPHRASE": passphrase}
    if role == Role.ARCHIVE.value:
        argv += ["--custodian-out", custodian]
        env["FIELDAPP_CUSTODIAN_PASSPHRASE"] = CUSTODIAN_PASSPHRASE
    return cli(*argv, **env)


def _printed_code(out: str) -> str:
    return json.loads(out)["recovery_code"] if out.strip() else ""


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("point", UNFINISHED_STEPS)
def test_an_init_cut_before_it_kept_the_workspace_starts_over(
    tmp_path: Path, cli: Runner, role: str, point: str
) -> None:
    tmp_path.chmod(0o700)
    root, custodian = tmp_path / "workspace", custodian_path(tmp_path)
    printed = _printed_code(cut(tmp_path, CLI_CUT, root, role, point))
    assert bool(printed) == (point == "code-shown")  # printed, then cut before it was kept
    assert (root / "keys.json").exists() == (point != "before-keys")
    assert_unfinished(root, printed)
    status = cli("--workspace", root, "status", FIELDAPP_PASSPHRASE=PASSPHRASE)
    said = assert_refused(status, hint=True)
    assert "was not finished" in said if point != "before-keys" else "No workspace" in said

    result = _init(cli, root, role, custodian, NEW_PASSPHRASE)
    assert result.code == 0, result.err
    code = result.json()["recovery_code"]
    assert_whole(root, role, NEW_PASSPHRASE, code, custodian)
    assert not opens(root, passphrase=PASSPHRASE)
    if printed:
        assert not opens(root, code=printed)


@pytest.mark.parametrize("role", ROLES)
def test_an_init_cut_after_it_kept_the_workspace_leaves_it_whole(
    tmp_path: Path, cli: Runner, role: str
) -> None:
    tmp_path.chmod(0o700)
    root, custodian = tmp_path / "workspace", custodian_path(tmp_path)
    code = _printed_code(cut(tmp_path, CLI_CUT, root, role, "confirmed"))
    assert_whole(root, role, PASSPHRASE, code, custodian)

    before = snapshot(tmp_path)
    result = _init(cli, root, role, tmp_path / "another-custodian.age", NEW_PASSPHRASE)
    assert_refused(result)
    assert snapshot(tmp_path) == before


def test_init_keeps_the_workspace_only_once_the_code_is_printed(
    tmp_path: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Output that fails (a terminal gone) means no one has the code: nothing is kept."""
    tmp_path.chmod(0o700)
    root = tmp_path / "workspace"

    def terminal_gone(*_: object, **__: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr("fieldapp.cli.commands_workspace.show_recovery_code", terminal_gone)
        result = _init(cli, root, Role.ARCHIVE.value, custodian_path(tmp_path), PASSPHRASE)
    assert_refused(result)
    assert not root.exists()
    assert not custodian_path(tmp_path).exists()


def test_init_whose_output_pipe_closed_keeps_nothing_and_says_so(
    tmp_path: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader gone (`fieldapp init | true`) is no success here: no one has the code."""
    tmp_path.chmod(0o700)
    root = tmp_path / "workspace"

    def reader_gone(*_: object, **__: object) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    with monkeypatch.context() as patch:
        patch.setattr("fieldapp.cli.commands_workspace.show_recovery_code", reader_gone)
        result = _init(cli, root, Role.INTERVIEWER.value, custodian_path(tmp_path), PASSPHRASE)
    assert assert_refused(result, hint=True) == (
        "The recovery code could not be printed, so the workspace was not kept."
    )
    assert not root.exists()
