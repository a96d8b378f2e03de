"""`fieldapp keys shares` and `keys restore --shares`: one share at a time on a real terminal
(a pty), cleared with its scrollback before the next; all at once only when asked; read back
from the terminal or stdin; never a word of a share in a file."""

import io
import itertools
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from fieldapp.cli.commands_keys import CLEAR_SCREEN_AND_SCROLLBACK
from fieldapp.services import key_shares, records
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.key_share_support import another_split
from tests.fieldapp.workspace.support import new_testimony

from .conftest import CliWorkspace, Runner
from .support import PARAMS, PASSPHRASE, assert_refused, echoes_a_share, on_a_terminal

NEW_PASSPHRASE = "five trustees and a locked cabinet 셋"
CLEAR = CLEAR_SCREEN_AND_SCROLLBACK.encode()
PAGE = re.compile(r"Share (\d+) of (\d+) \((\d+) needed to restore\)")
NUMBERED_WORD = re.compile(r"\b\d+\. ([a-z]+)")


def _answer_each(prompt: bytes, reply: bytes):
    """An ``answer`` for ``on_a_terminal`` that types ``reply`` once for each ``prompt`` seen."""
    answered = 0

    def answer(seen: bytes) -> bytes | None:
        nonlocal answered
        if seen.count(prompt) > answered:
            answered += 1
            return reply
        return None

    return answer


def _shares_on_a_terminal(root: Path, threshold: int, count: int) -> tuple[int, str]:
    argv = ["--workspace", str(root), "keys", "shares"]
    argv += ["--threshold", str(threshold), "--count", str(count)]
    return on_a_terminal(
        argv, _answer_each(b"then press Enter", b"\r"), env={"FIELDAPP_PASSPHRASE": PASSPHRASE}
    )


def _pages(shown: str) -> list[str]:
    """What stood on the screen between two clears."""
    return shown.split(CLEAR_SCREEN_AND_SCROLLBACK)


def _words(page: str) -> list[str]:
    return NUMBERED_WORD.findall(page)


def _copy_without_keys(root: Path, folder: Path) -> Path:
    copy = folder / "copy"
    shutil.copytree(root, copy)
    (copy / "keys.json").unlink()
    (copy / "unlock-attempts.json").unlink(missing_ok=True)
    return copy


def _every_file_under(folder: Path) -> list[bytes]:
    return [path.read_bytes() for path in folder.rglob("*") if path.is_file()]


def _restore_from_stdin(cli: Runner, monkeypatch, copy: Path, text: str, **env: str):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return cli("--workspace", copy, "--json", "keys", "restore", "--shares", **env)


# -- on a terminal -------------------------------------------------------------------------------


def test_on_a_terminal_one_share_at_a_time_cleared_before_the_next(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    code, shown = _shares_on_a_terminal(workspace.root, 3, 5)
    assert code == 0, shown
    pages = _pages(shown)
    # Before the first share, before each next one, and after the last: six clears.
    assert len(pages) == 7
    assert pages[0] == ""
    shares = []
    for number, page in enumerate(pages[1:6], 1):
        assert PAGE.findall(page) == [(str(number), "5", "3")], page
        assert f"on paper for trustee {number}, then press Enter." in page
        words = _words(page)
        assert len(words) == key_shares.SHARE_WORDS
        shares.append(" ".join(words))
    last = pages[6]
    assert "5 shares were shown; any 3 of them restore the keys" in last
    assert "No share was stored anywhere." in last
    assert not _words(last)
    # The words shown are the workspace's shares: any three give back its master key.
    with workspace.open() as ws:
        master = ws.master_key
    assert key_shares.recover_master_key([shares[4], shares[1], shares[3]]) == master
    # And not a word of them (any two in a row) is in any file of the workspace or the test.
    files = _every_file_under(tmp_path)
    for share in shares:
        words = share.split()
        for pair in itertools.pairwise(words):
            assert not any(" ".join(pair).encode() in data for data in files), pair


def test_stopping_before_the_last_share_is_refused_and_clears_the_screen(
    workspace: CliWorkspace,
) -> None:
    argv = ["--workspace", str(workspace.root), "keys", "shares", "--threshold", "2"]
    argv += ["--count", "3"]
    typed = iter([b"\r", b"\x04"])  # Enter after share 1, then end of input (Ctrl-D)
    answer = _answer_each(b"then press Enter", b"")

    def stop(seen: bytes) -> bytes | None:
        return next(typed, None) if answer(seen) is not None else None

    code, shown = on_a_terminal(argv, stop, env={"FIELDAPP_PASSPHRASE": PASSPHRASE})
    assert code == 1
    error = shown.rsplit(CLEAR_SCREEN_AND_SCROLLBACK, 1)[1]
    assert "Only 2 of 3 shares were shown" in error
    assert "destroy them and start again" in error
    assert not _words(error)
    assert "Share 3 of 3" not in shown


def test_restore_on_a_terminal_reads_one_share_a_line_then_clears_them(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    with workspace.open() as ws:
        shares = key_shares.make_key_shares(ws, 2, 3)
    copy = _copy_without_keys(workspace.root, tmp_path)
    typed = iter([shares[2].encode() + b"\r", shares[0].encode() + b"\r", b"\r"])
    answer = _answer_each(b": ", b"")

    def type_shares(seen: bytes) -> bytes | None:
        return next(typed, None) if answer(seen) is not None else None

    code, shown = on_a_terminal(
        ["--workspace", str(copy), "keys", "restore", "--shares"],
        type_shares,
        env={"FIELDAPP_NEW_PASSPHRASE": NEW_PASSPHRASE},
    )
    assert code == 0, shown
    assert "Share 1: " in shown
    assert "Share 3: " in shown
    after = shown.rsplit(CLEAR_SCREEN_AND_SCROLLBACK, 1)[1]
    assert "recovery code: " in after
    assert not echoes_a_share(after, *shares), after
    Workspace.unlock(copy, NEW_PASSPHRASE).lock()


# -- without a terminal ------------------------------------------------------------------------


def test_without_a_terminal_the_shares_are_refused_and_nothing_is_printed(
    workspace: CliWorkspace,
) -> None:
    result = workspace("keys", "shares", "--threshold", "2", "--count", "3")
    assert assert_refused(result, hint=True).startswith("The shares are shown only on a terminal")
    assert "--yes-print-all" in result.err
    assert result.out == ""
    process = workspace.process("keys", "shares", "--threshold", "2", "--count", "3")
    assert process.code == 1
    assert process.out == ""


@pytest.mark.parametrize(("threshold", "count"), [(1, 3), (3, 2), (2, 17), (0, 0)])
def test_counts_out_of_bounds_are_refused_before_the_passphrase(
    workspace: CliWorkspace, threshold: int, count: int
) -> None:
    result = workspace.runner(
        "--workspace", workspace.root, "keys", "shares", "--yes-print-all",
        "--threshold", str(threshold), "--count", str(count),
    )  # fmt: skip
    message = assert_refused(result)
    assert message.startswith(f"{threshold} of {count} shares cannot be made")
    assert "1 needed would make each share a copy of the keys" in message
    assert result.out == ""


def test_print_all_gives_a_line_a_share_and_any_k_restore_a_copy_from_stdin(
    workspace: CliWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with workspace.open() as ws:
        testimony, consent = new_testimony()
        records.create_testimony(ws, testimony, [consent])
        records.seal_testimony(ws, testimony.id)
        record = records.get_record(ws, testimony.id)
    printed = workspace("keys", "shares", "--threshold", "3", "--count", "4", "--yes-print-all")
    assert printed.code == 0, printed.err
    shares = printed.out.splitlines()
    assert len(shares) == 4
    assert all(len(share.split()) == key_shares.SHARE_WORDS for share in shares)
    assert "No share was stored anywhere." in printed.err
    copy = _copy_without_keys(workspace.root, tmp_path)

    text = "\n".join([shares[3], shares[0], shares[2]]) + "\n\n"
    restored = _restore_from_stdin(
        workspace.runner, monkeypatch, copy, text, FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE
    )

    assert restored.code == 0, restored.err
    code = restored.json()["recovery_code"]
    for opener in (
        lambda: Workspace.unlock(copy, NEW_PASSPHRASE),
        lambda: Workspace.unlock_with_recovery_code(copy, code),
    ):
        with opener() as ws:
            assert records.get_record(ws, testimony.id) == record


def test_print_all_as_json(workspace: CliWorkspace) -> None:
    printed = workspace("--json", "keys", "shares", "--threshold", "2", "--count", "2",
                        "--yes-print-all")  # fmt: skip
    document = json.loads(printed.out)
    assert document["threshold"] == 2
    assert document["count"] == 2
    with workspace.open() as ws:
        assert key_shares.recover_master_key(document["shares"]) == ws.master_key


# -- restore refusals ----------------------------------------------------------------------------


@pytest.fixture
def split(workspace: CliWorkspace, tmp_path: Path) -> tuple[list[str], Path]:
    """Three shares of the workspace's keys (two needed), and a copy of it without keys."""
    with workspace.open() as ws:
        shares = key_shares.make_key_shares(ws, 2, 3)
    return shares, _copy_without_keys(workspace.root, tmp_path)


def test_a_mistyped_word_is_refused_naming_the_share_and_never_its_words(
    workspace: CliWorkspace, split: tuple[list[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shares, copy = split
    words = shares[1].split()
    words[10] = "acid" if words[10] != "acid" else "acne"
    text = f"{shares[0]}\n{' '.join(words)}\n\n"
    # No new passphrase is given: the shares are refused before it would be asked for.
    result = _restore_from_stdin(workspace.runner, monkeypatch, copy, text)
    message = assert_refused(result, hint=True)
    assert message.startswith("Share 2 is not a valid share of a workspace's keys")
    # Fixed sentences only: not one of the share's words is echoed back.
    assert result.out == ""
    assert result.err == (
        "fieldapp: error: Share 2 is not a valid share of a workspace's keys (a word may be"
        " mistyped, missing or out of place); nothing was written.\n"
        "fieldapp: hint: Check that share's words against its paper, in order.\n"
    )
    assert not (copy / "keys.json").exists()


def test_too_few_the_same_twice_and_another_split_are_refused(
    workspace: CliWorkspace, split: tuple[list[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shares, copy = split
    with workspace.open() as ws:
        other = another_split(ws, 2, 3, than=shares[0])
    cases = {
        f"{shares[0]}\n\n": "2 shares are needed; 1 was given.",
        f"{shares[0]}\n{shares[0]}\n": "Shares 1 and 2 are the same share;",
        f"{shares[0]}\n{other[1]}\n": "Share 2 is of another split of the keys than share 1;",
    }
    for text, sentence in cases.items():
        result = _restore_from_stdin(workspace.runner, monkeypatch, copy, text)
        assert sentence in assert_refused(result)
    assert not (copy / "keys.json").exists()


def test_shares_of_another_workspace_are_refused_and_nothing_is_written(
    workspace: CliWorkspace,
    split: tuple[list[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, copy = split
    other, _ = Workspace.create(tmp_path / "other", PASSPHRASE, Role.ARCHIVE, params=PARAMS)
    with other:
        foreign = key_shares.make_key_shares(other, 2, 2)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    result = _restore_from_stdin(workspace.runner, monkeypatch, copy, "\n".join(foreign) + "\n")
    assert assert_refused(result).startswith("The shares do not open this workspace copy")
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["keys", "restore"], id="neither"),
        pytest.param(["keys", "restore", "backup.age", "--shares"], id="both"),
        pytest.param(
            ["keys", "restore", "--shares", "--backup-passphrase-file", "pass.txt"],
            id="a backup's passphrase with shares",
        ),
    ],
)
def test_restore_takes_a_backup_or_shares(workspace: CliWorkspace, argv: list[str]) -> None:
    assert workspace(*argv).code == 2
