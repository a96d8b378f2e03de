"""Exit status and stderr (DESIGN §6): 0 done; 1 refused, with one `fieldapp: error:` line (and
perhaps a hint) and never a traceback; 2 for a usage error."""

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from uuid import uuid4

import pytest

from fieldapp.services import records
from fieldapp.workspace import Role, Workspace, WorkspaceLayout
from tests.fieldapp.domain.factories import make_testimony

from .conftest import CliWorkspace, Runner
from .support import (
    PARAMS,
    PASSPHRASE,
    WRONG_PASSPHRASE,
    Result,
    assert_refused,
    new_document,
    run_process,
    write_json,
)

# -- refusals, as a real process shows them ----------------------------------------------------


def _wrong_passphrase(ws: CliWorkspace, tmp: Path) -> Result:
    return ws.process("status", FIELDAPP_PASSPHRASE=WRONG_PASSPHRASE)


def _missing_workspace(ws: CliWorkspace, tmp: Path) -> Result:
    return run_process(
        "--workspace", tmp / "nowhere", "testimony", "list", env={"FIELDAPP_PASSPHRASE": PASSPHRASE}
    )


def _unknown_id(ws: CliWorkspace, tmp: Path) -> Result:
    return ws.process("testimony", "show", str(uuid4()))


def _seal_without_consent(ws: CliWorkspace, tmp: Path) -> Result:
    testimony = make_testimony(id=uuid4())
    with ws.open() as opened:
        records.create_testimony(opened, testimony)
    return ws.process("testimony", "seal", str(testimony.id))


def _malformed_json(ws: CliWorkspace, tmp: Path) -> Result:
    document = tmp / "new.json"
    document.write_text(json.dumps(new_document())[:-20], encoding="utf-8")
    return ws.process("testimony", "new", "--json", document)


def _damaged_key_file(ws: CliWorkspace, tmp: Path) -> Result:
    key_file = WorkspaceLayout(ws.root).key_file
    key_file.write_bytes(key_file.read_bytes()[:200])
    return ws.process("testimony", "list")


REFUSALS: dict[str, tuple[Callable[[CliWorkspace, Path], Result], str, bool]] = {
    # case: (run, words of the error, whether a hint follows)
    "wrong passphrase": (_wrong_passphrase, "passphrase is wrong", True),
    "missing workspace": (_missing_workspace, "No workspace was found", True),
    "unknown id": (_unknown_id, "No such record", False),
    "seal without consent": (_seal_without_consent, "No consent has been recorded", True),
    "malformed JSON": (_malformed_json, "not valid JSON", False),
    "damaged key file": (_damaged_key_file, "damaged", True),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refusal_exits_1_with_one_error_line_and_no_traceback(
    case: str, workspace: CliWorkspace, tmp_path: Path
) -> None:
    run, words, hint = REFUSALS[case]
    result = run(workspace, tmp_path)
    message = assert_refused(result, hint=hint)
    assert words in message
    assert result.out == ""


# -- usage errors --------------------------------------------------------------------------------


def test_an_unknown_command_exits_2(tmp_path: Path) -> None:
    result = run_process("--workspace", tmp_path, "testimonies", "list")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.startswith("usage: fieldapp")
    assert "invalid choice" in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["testimony"],
        ["testimony", "new"],
        ["testimony", "seal"],
        ["consent", "withdraw", "0f8fad5b", "--how", "phone", "--by", "Caseworker"],
        ["consent", "withdraw", "0f8fad5b", "--scopes", "archive", "--how", "fax", "--by", "x"],
        ["attach", "0f8fad5b"],
        ["keys", "backup"],
        ["testimony", "list", "--from", "last tuesday"],
        ["testimony", "list", "--limit", "many"],
        ["status", "--bogus"],
    ],
    ids=" ".join,
)
def test_a_missing_or_malformed_argument_exits_2(
    argv: list[str], workspace: CliWorkspace, cli: Runner
) -> None:
    result = cli("--workspace", workspace.root, *argv, FIELDAPP_PASSPHRASE=PASSPHRASE)
    assert result.code == 2
    assert "usage: fieldapp" in result.err
    assert result.out == ""


# -- damaged workspaces: one clear error, whatever the damage ------------------------------------


def _replace_wrap_field(path: Path, field: str, value: object) -> None:
    document = json.loads(path.read_bytes())
    wrap = json.loads(document["passphrase_wrap"])
    wrap[field] = value
    document["passphrase_wrap"] = json.dumps(wrap, sort_keys=True, separators=(",", ":"))
    path.write_text(json.dumps(document, sort_keys=True, indent=1) + "\n", encoding="ascii")


KEY_FILE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: p.write_bytes(b""),
    "random bytes": lambda p: p.write_bytes(secrets.token_bytes(600)),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:-40]),
    "huge": lambda p: p.write_bytes(b" " * 100_000 + p.read_bytes()),
    "not an object": lambda p: p.write_text("[1, 2, 3]"),
    "extra field": lambda p: p.write_text(json.dumps({**json.loads(p.read_bytes()), "extra": "x"})),
    "other format": lambda p: p.write_text(
        json.dumps({**json.loads(p.read_bytes()), "format": "fieldapp-keys/9"})
    ),
    "wrap not base64": lambda p: _replace_wrap_field(p, "salt", "@@@@"),
    "wrap over the caps": lambda p: _replace_wrap_field(
        p, "params", {"iterations": 1, "lanes": 1, "memory_kib": 1 << 30}
    ),
    "wrap below the floor": lambda p: _replace_wrap_field(
        p, "params", {"iterations": 1, "lanes": 1, "memory_kib": 8}
    ),
    "wrap of another kind": lambda p: p.write_text(
        json.dumps(
            {
                **json.loads(p.read_bytes()),
                "passphrase_wrap": json.loads(p.read_bytes())["recovery_wrap"],
            }
        )
    ),
}


@pytest.mark.parametrize("damage", KEY_FILE_DAMAGE)
def test_a_damaged_key_file_is_one_clear_error(
    damage: str, workspace: CliWorkspace, cli: Runner
) -> None:
    KEY_FILE_DAMAGE[damage](WorkspaceLayout(workspace.root).key_file)
    message = assert_refused(workspace("testimony", "list"))
    assert "damaged" in message


def test_the_key_file_of_another_workspace_is_reported_damaged(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    Workspace.create(other, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)[0].lock()
    WorkspaceLayout(workspace.root).key_file.write_bytes((other / "keys.json").read_bytes())
    message = assert_refused(workspace("status"), hint=True)
    assert "damaged" in message


def test_a_damaged_database_is_one_clear_error(workspace: CliWorkspace) -> None:
    database = WorkspaceLayout(workspace.root).database
    with database.open("r+b") as handle:
        handle.write(secrets.token_bytes(4096))
    message = assert_refused(workspace("testimony", "list"), hint=True)
    assert "damaged" in message


def test_a_key_file_that_is_a_folder_is_one_clear_error(workspace: CliWorkspace) -> None:
    key_file = WorkspaceLayout(workspace.root).key_file
    key_file.unlink()
    key_file.mkdir()
    assert_refused(workspace("testimony", "list"))


def test_a_missing_database_is_reported_damaged_and_not_recreated(
    workspace: CliWorkspace,
) -> None:
    """A copied keys.json without its database must not open onto a new, empty database."""
    database = WorkspaceLayout(workspace.root).database
    database.unlink()
    message = assert_refused(workspace("testimony", "list"))
    assert not database.exists()
    assert "damaged" in message


# -- bugs: input that makes an exception escape ------------------------------------------------


def _deeply_nested(path: Path) -> Path:
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="ascii")
    return path


@pytest.mark.parametrize("command", ["testimony new", "testimony amend", "consent add"])
def test_a_deeply_nested_document_is_refused_cleanly(
    command: str, workspace: CliWorkspace, tmp_path: Path
) -> None:
    testimony = make_testimony(id=uuid4())
    with workspace.open() as opened:
        records.create_testimony(opened, testimony)
    document = _deeply_nested(tmp_path / "deep.json")
    argv = command.split()
    if argv[-1] != "new":
        argv.append(str(testimony.id))
    message = assert_refused(workspace(*argv, "--json", document))
    assert "JSON" in message


def test_a_document_giving_an_id_is_refused(workspace: CliWorkspace, tmp_path: Path) -> None:
    document = write_json(tmp_path / "new.json", {**new_document(), "id": str(uuid4())})
    message = assert_refused(workspace("testimony", "new", "--json", document))
    assert "remove" in message
    with workspace.open() as opened:
        assert records.list_testimonies(opened) == []


def test_a_document_that_is_not_a_file_is_one_clear_error(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    message = assert_refused(workspace("testimony", "new", "--json", tmp_path / "absent.json"))
    assert "absent.json" in message
