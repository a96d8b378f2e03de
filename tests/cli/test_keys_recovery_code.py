"""`fieldapp keys recovery-code`: on a real terminal (a pty) the new code is shown alone and
cleared with the scrollback, two groups are read back, and only then does it replace the old
one; a script must ask for the code printed; nothing is changed otherwise."""

import re
from pathlib import Path

from fieldapp.cli.keys_recovery_code import CLEAR_SCREEN_AND_SCROLLBACK
from fieldapp.errors import WrongRecoveryCodeError
from fieldapp.workspace import Workspace

from .conftest import CliWorkspace
from .support import PASSPHRASE, assert_refused, on_a_terminal, snapshot

CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}\b")
GROUP_PROMPT = re.compile(rb"Group (\d+): $")


def _opens_with_code(root: Path, code: str) -> bool:
    try:
        Workspace.unlock_with_recovery_code(root, code).lock()
    except WrongRecoveryCodeError:
        return False
    return True


def _on_a_terminal(root: Path, *, wrong: bool = False, stop: bool = False) -> tuple[int, str]:
    """Run the command on a pty: Enter once the code is shown (or Ctrl-D when ``stop``), then
    the groups asked for, read from what was shown (one of them wrong when ``wrong``)."""
    pressed = False

    def answer(seen: bytes) -> bytes | None:
        nonlocal pressed
        text = seen.decode(errors="replace")
        if not pressed and "then press Enter" in text:
            pressed = True
            return b"\x04" if stop else b"\r"
        prompt = GROUP_PROMPT.search(seen)
        if prompt is None:
            return None
        group = CODE.findall(text)[0].split("-")[int(prompt.group(1)) - 1]
        if wrong and seen.count(b"Group ") == 2:
            group = "ZZZZ" if group != "ZZZZ" else "YYYY"
        return group.lower().encode() + b"\r"

    argv = ["--workspace", str(root), "keys", "recovery-code"]
    return on_a_terminal(argv, answer, env={"FIELDAPP_PASSPHRASE": PASSPHRASE})


def test_on_a_terminal_the_code_is_read_back_then_replaces_the_old_one(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    status, shown = _on_a_terminal(workspace.root)
    assert status == 0, shown
    pages = shown.split(CLEAR_SCREEN_AND_SCROLLBACK)
    codes = [CODE.findall(page) for page in pages]
    # Cleared before the code, after it, and after the groups were typed back.
    assert len(pages) == 4, shown
    assert [codes[0], codes[2], codes[3]] == [[], [], []], shown
    new = codes[1][0]
    assert "shown only this once" in pages[1]
    assert "The new recovery code is stored" in pages[3]
    assert _opens_with_code(workspace.root, new)
    assert not _opens_with_code(workspace.root, workspace.recovery_code)
    with workspace.open():
        pass  # the passphrase still opens it
    files = b"".join(snapshot(tmp_path).values())
    assert new.encode() not in files
    assert new.replace("-", "").encode() not in files


def test_groups_that_do_not_match_change_nothing(workspace: CliWorkspace) -> None:
    before = (workspace.root / "keys.json").read_bytes()
    status, shown = _on_a_terminal(workspace.root, wrong=True)
    assert status == 1, shown
    last = shown.rsplit(CLEAR_SCREEN_AND_SCROLLBACK, 1)[1]
    assert "do not match the new recovery code; nothing was changed" in last
    assert not CODE.findall(last)
    assert (workspace.root / "keys.json").read_bytes() == before
    assert _opens_with_code(workspace.root, workspace.recovery_code)


def test_leaving_while_the_code_is_shown_changes_nothing(workspace: CliWorkspace) -> None:
    before = (workspace.root / "keys.json").read_bytes()
    status, shown = _on_a_terminal(workspace.root, stop=True)
    assert status == 1, shown
    last = shown.rsplit(CLEAR_SCREEN_AND_SCROLLBACK, 1)[1]
    assert "was not read back; nothing was changed: the old code still works" in last
    assert not CODE.findall(last)
    assert (workspace.root / "keys.json").read_bytes() == before


def test_a_script_is_refused_unless_it_asks_for_the_code_printed(
    workspace: CliWorkspace,
) -> None:
    before = (workspace.root / "keys.json").read_bytes()
    # Refused before a passphrase is asked for: none is given here.
    refused = workspace.process("keys", "recovery-code", FIELDAPP_PASSPHRASE="")
    error = assert_refused(refused, hint=True)
    assert "shown only on a terminal" in error
    assert "--yes-print-code" in refused.err_lines[1]
    assert (workspace.root / "keys.json").read_bytes() == before


def test_a_script_that_asks_gets_the_code_printed_and_stored(workspace: CliWorkspace) -> None:
    result = workspace.process("--json", "keys", "recovery-code", "--yes-print-code")
    assert result.code == 0, result
    new = result.json()["recovery_code"]
    assert CODE.fullmatch(new)
    assert _opens_with_code(workspace.root, new)
    assert not _opens_with_code(workspace.root, workspace.recovery_code)


def test_a_wrong_passphrase_changes_nothing(workspace: CliWorkspace) -> None:
    before = (workspace.root / "keys.json").read_bytes()
    result = workspace(
        "keys", "recovery-code", "--yes-print-code", FIELDAPP_PASSPHRASE="not the passphrase"
    )
    assert_refused(result)
    assert not CODE.findall(result.out)
    assert (workspace.root / "keys.json").read_bytes() == before
