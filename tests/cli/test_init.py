"""`fieldapp init`: the recovery code shown once with its warning; a second init changes nothing."""

import re
from pathlib import Path

from crypto import keywrap
from fieldapp.workspace import Role, Workspace, WorkspaceLayout
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.workspace import SETUP_MARKER

from .conftest import Runner
from .support import PARAMS, PASSPHRASE, assert_refused, run_process, snapshot

RECOVERY_CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4})+")
WARNING_START = "Write this recovery code on paper"


def _opens_with(root: Path, code: str) -> bytes:
    """The master key the recovery code unwraps (fast: HKDF, not Argon2id)."""
    return keywrap.unwrap_with_recovery_code(KeyFile.read(root / "keys.json").recovery_wrap, code)


def test_init_prints_the_recovery_code_once_with_the_warning(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = run_process(
        "--workspace",
        root,
        "init",
        "--role",
        "interviewer",
        env={"FIELDAPP_PASSPHRASE": PASSPHRASE},
    )
    assert result.code == 0, result.err
    lines = dict(line.split(": ", 1) for line in result.out.splitlines())
    assert lines["role"] == "interviewer"
    assert lines["workspace"] == str(root)
    assert lines["fingerprint"].startswith("SHA256:")
    code = lines["recovery code"]
    assert RECOVERY_CODE.fullmatch(code)
    # Once, on stdout only; the warning on stderr, so a script capturing stdout still shows it.
    assert (result.out + result.err).count(code) == 1
    assert WARNING_START in result.err
    assert "cannot be opened by anyone" in result.err
    assert WARNING_START not in result.out
    assert len(_opens_with(root, code)) == 32
    assert (root / "keys.json").stat().st_mode & 0o077 == 0


def test_init_json_gives_the_code_fingerprint_role_and_folder(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "ws"
    result = cli(
        "--workspace",
        root,
        "--json",
        "init",
        "--role",
        "interviewer",
        FIELDAPP_PASSPHRASE=PASSPHRASE,
    )
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {"recovery_code", "fingerprint", "role", "workspace"}
    assert document["role"] == "interviewer"
    assert document["workspace"] == str(root)
    assert result.out.count(document["recovery_code"]) == 1
    with Workspace.unlock_with_recovery_code(root, document["recovery_code"]) as ws:
        assert ws.fingerprint == document["fingerprint"]
        assert ws.role is Role.INTERVIEWER


def test_a_second_init_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)[0].lock()
    before = snapshot(root)
    result = run_process(
        "--workspace",
        root,
        "init",
        "--role",
        "archive",
        env={"FIELDAPP_PASSPHRASE": "another passphrase"},
    )
    message = assert_refused(result, hint=True)
    assert "already exists" in message
    assert result.out == ""
    assert snapshot(root) == before


def test_init_without_a_role_is_a_usage_error(tmp_path: Path, cli: Runner) -> None:
    result = cli("--workspace", tmp_path / "ws", "init", FIELDAPP_PASSPHRASE=PASSPHRASE)
    assert result.code == 2
    assert "--role" in result.err
    assert not (tmp_path / "ws").exists()


def test_init_refuses_a_database_waiting_for_its_keys(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "ws"
    Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)[0].lock()
    WorkspaceLayout(root).key_file.unlink()  # as a copy of the database and blobs would be
    before = snapshot(root)
    result = cli(
        "--workspace", root, "init", "--role", "interviewer", FIELDAPP_PASSPHRASE=PASSPHRASE
    )
    assert result.code == 1
    assert snapshot(root) == before


def test_init_finishes_over_an_interrupted_set_up(tmp_path: Path, cli: Runner) -> None:
    """What an interrupted set-up left (its marker, an empty blobs folder) is the workspace's
    own, not another's files: init goes ahead there."""
    root = tmp_path / "ws"
    (root / "blobs").mkdir(parents=True)
    (root / SETUP_MARKER).touch()
    result = cli(
        "--workspace", root, "--json", "init", "--role", "interviewer",
        FIELDAPP_PASSPHRASE=PASSPHRASE,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert WorkspaceLayout(root).exists()
    assert not (root / SETUP_MARKER).exists()
