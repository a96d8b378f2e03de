"""``fieldapp keys``: back up the workspace's keys (an age file, or k-of-n shares on paper) and
restore them into a copy of the workspace; make a new recovery code (``keys_recovery_code``).

Shares are key material, so the terminal is handled with care: one share at a time, each
cleared from the screen and the terminal's scrollback before the next, and nothing written to
a file. Shares are read back from the terminal, or from stdin for a script, never from a file
argument (a file of shares would be the very single copy the shares exist to avoid).
"""

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TextIO

from fieldapp.cli import keys_recovery_code
from fieldapp.cli.commands_workspace import new_passphrase, show_recovery_code
from fieldapp.cli.output import note, print_json
from fieldapp.cli.secrets_input import (
    BACKUP_PASSPHRASE_ENV,
    BACKUP_PASSPHRASE_OPTION,
    NEW_PASSPHRASE_OPTION,
    read_secret,
)
from fieldapp.cli.session import unlock
from fieldapp.errors import FieldappError, WrongPassphraseError
from fieldapp.services import backup, key_shares, setup_checks
from fieldapp.services.session import workspace_label

#: Erase the screen, erase the scrollback (xterm's ED 3, which VTE, konsole, the Linux console
#: and Windows Terminal honour), then go home: a share must not be scrolled back to.
CLEAR_SCREEN_AND_SCROLLBACK = "\x1b[2J\x1b[3J\x1b[H"
#: Words a row when a share is shown for copying onto paper (33 words: 11 rows).
WORDS_PER_ROW = 3


class WrongBackupPassphraseError(WrongPassphraseError):
    """The backup's passphrase is wrong, or the file is not a fieldapp key backup."""

    hint = None  # the workspace's recovery code does not open a key backup


class SharesNeedTerminalError(FieldappError):
    """The shares are shown only on a terminal, one at a time; nothing was shown."""

    hint = "Add --yes-print-all to print every share at once (to a printer, say)."


class SharesNotAllShownError(FieldappError):
    """Not every share was shown; destroy the papers written so far and start again."""

    def __init__(self, shown: int, count: int) -> None:
        # The papers already written are real shares of the keys: enough of them open it.
        super().__init__(
            f"Only {shown} of {count} shares were shown; the papers written so far are still"
            " shares of the keys: destroy them and start again."
        )


def register(commands: argparse._SubParsersAction) -> None:
    keys = commands.add_parser("keys", help="back up or restore the workspace's keys")
    keys_commands = keys.add_subparsers(dest="action", required=True)
    backup_parser = keys_commands.add_parser("backup", help="write an age passphrase file")
    backup_parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    backup_parser.add_argument(BACKUP_PASSPHRASE_OPTION, type=Path, metavar="FILE")
    backup_parser.set_defaults(handler=cmd_keys_backup)

    shares = keys_commands.add_parser(
        "shares", help="split the keys into N shares on paper, any K of which restore them"
    )
    shares.add_argument(
        "--threshold", type=int, required=True, metavar="K", help="shares that restore (2 to N)"
    )
    shares.add_argument(
        "--count", type=int, required=True, metavar="N", help="shares to make (at most 16)"
    )
    shares.add_argument(
        "--yes-print-all",
        action="store_true",
        help="print every share at once, one a line, to whatever stdout is (a printer)",
    )
    shares.set_defaults(handler=cmd_keys_shares)

    restore = keys_commands.add_parser(
        "restore", help="new keys.json from a backup, or from key shares"
    )
    # One source or the other: argparse refuses both or neither as a usage error (exit 2).
    source = restore.add_mutually_exclusive_group(required=True)
    source.add_argument("backup", type=Path, nargs="?", metavar="BACKUP")
    source.add_argument(
        "--shares",
        action="store_true",
        help="read K shares, one a line, from the terminal (or stdin); an empty line ends",
    )
    restore.add_argument(BACKUP_PASSPHRASE_OPTION, type=Path, metavar="FILE")
    restore.add_argument(NEW_PASSPHRASE_OPTION, type=Path, metavar="FILE")
    # A backup's passphrase given with shares would be silently unused: a usage error instead.
    restore.set_defaults(handler=cmd_keys_restore, usage_error=restore.error)

    keys_recovery_code.register(keys_commands)


# -- backup -----------------------------------------------------------------------------------


def cmd_keys_backup(args: argparse.Namespace) -> int:
    setup_checks.check_output_folder(args.out)  # before any secret is asked for
    with unlock(args) as ws:
        secret = read_secret(
            "Backup passphrase",
            env=BACKUP_PASSPHRASE_ENV,
            file=args.backup_passphrase_file,
            confirm=True,
        )
        # The backup holds the master key: its passphrase guards as much as the workspace's.
        setup_checks.check_new_passphrase(secret, workspace_label(ws))
        backup.write_key_backup(ws, args.out, secret)
    note(f"Key backup written to {args.out} (an age file: `age -d {args.out}` opens it).")
    return 0


# -- shares -----------------------------------------------------------------------------------


def cmd_keys_shares(args: argparse.Namespace) -> int:
    # Every refusal before the passphrase is asked for.
    key_shares.check_share_counts(args.threshold, args.count)
    on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if not on_terminal and not args.yes_print_all:
        raise SharesNeedTerminalError()
    with unlock(args) as ws:
        shares = key_shares.make_key_shares(ws, args.threshold, args.count)
    if args.yes_print_all:
        _print_all(shares, args.threshold, args.json)
    else:
        _show_one_at_a_time(shares, args.threshold)
    note(
        f"{args.count} shares were shown; any {args.threshold} of them restore the keys"
        " ('fieldapp keys restore --shares'). No share was stored anywhere."
    )
    return 0


def _print_all(shares: list[str], threshold: int, as_json: bool) -> None:
    """A script's choice (a pipe to a printer): one share a line, nothing else on stdout."""
    if as_json:
        print_json({"threshold": threshold, "count": len(shares), "shares": shares})
        return
    sys.stdout.write("".join(f"{share}\n" for share in shares))
    sys.stdout.flush()


def _share_page(share: str, number: int, count: int, threshold: int) -> str:
    words = share.split()
    # Numbered, so that a word skipped on paper is noticed while the share is still shown.
    numbered = [f"{index:2d}. {word:<8}" for index, word in enumerate(words, 1)]
    rows = [
        "   ".join(numbered[start : start + WORDS_PER_ROW]).rstrip()
        for start in range(0, len(numbered), WORDS_PER_ROW)
    ]
    return (
        f"Share {number} of {count} ({threshold} needed to restore): write these {len(words)}"
        f" words on paper for trustee {number}, then press Enter.\n\n" + "\n".join(rows) + "\n\n"
    )


def _clear(stream: TextIO) -> None:
    stream.write(CLEAR_SCREEN_AND_SCROLLBACK)
    stream.flush()


def _show_one_at_a_time(shares: list[str], threshold: int) -> None:
    shown = 0
    try:
        for number, share in enumerate(shares, 1):
            _clear(sys.stdout)
            sys.stdout.write(_share_page(share, number, len(shares), threshold))
            sys.stdout.flush()
            shown = number
            if not sys.stdin.readline():  # end of input: no one is there to press Enter
                raise EOFError
    except (KeyboardInterrupt, EOFError):
        raise SharesNotAllShownError(shown, len(shares)) from None
    finally:
        _clear(sys.stdout)  # the last share too, and any share left by an interruption


# -- restore ----------------------------------------------------------------------------------


def cmd_keys_restore(args: argparse.Namespace) -> int:
    if args.shares and args.backup_passphrase_file is not None:
        args.usage_error(f"{BACKUP_PASSPHRASE_OPTION} goes with BACKUP, not with --shares")
    backup.check_restore_folder(args.workspace)  # before any secret is asked for
    code = _restore_from_shares(args) if args.shares else _restore_from_backup(args)
    show_recovery_code(code, args.json, {"workspace": str(args.workspace)})
    return 0


def _restore_from_backup(args: argparse.Namespace) -> str:
    secret = read_secret(
        "Backup passphrase", env=BACKUP_PASSPHRASE_ENV, file=args.backup_passphrase_file
    )
    new = new_passphrase(args.new_passphrase_file)
    setup_checks.check_new_passphrase(new)  # the floor at once; the label once the backup opens it
    try:
        return backup.restore_keys(
            args.backup,
            secret,
            args.workspace,
            new,
            check_new_passphrase=setup_checks.check_new_passphrase,
        )
    except WrongPassphraseError as error:
        raise WrongBackupPassphraseError(str(error)) from None


def _restore_from_shares(args: argparse.Namespace) -> str:
    lines = _read_share_lines()
    # The shares are checked, and must open this copy, before the new passphrase is asked for:
    # a mistyped word must not cost a typed passphrase.
    key_shares.check_shares(lines, args.workspace)
    new = new_passphrase(args.new_passphrase_file)
    setup_checks.check_new_passphrase(new)
    return key_shares.restore_keys_from_shares(
        lines, args.workspace, new, check_new_passphrase=setup_checks.check_new_passphrase
    )


def _read_share_lines() -> list[str]:
    """Shares one a line until an empty line (or the end of input), from the terminal or, for
    a script, stdin. Typed with echo, so that a typo can be seen and corrected, then cleared
    from the screen and the scrollback."""
    on_terminal = sys.stdin.isatty()
    if on_terminal:
        note("Type the shares, one a line (its words separated by spaces); an empty line ends.")
    lines: list[str] = []
    # A UTF-8 locale reads stdin strictly: bytes of another encoding (a share pasted from a
    # Korean Windows' file) would end in a traceback. Kept as escapes, they are no SLIP-39
    # word, and the share holding them is refused by its position.
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    try:
        while len(lines) <= key_shares.MAX_SHARES:
            if on_terminal:
                sys.stderr.write(f"Share {len(lines) + 1}: ")
                sys.stderr.flush()
            # Capped: a share is about 300 characters; a longer line is refused as invalid,
            # by its position, once the rest of it is read past (in capped pieces).
            line = sys.stdin.readline(key_shares.MAX_SHARE_LINE_CHARS + 1)
            if len(line) > key_shares.MAX_SHARE_LINE_CHARS and not line.endswith("\n"):
                _skip_rest_of_line()
            if not line.strip():
                break
            lines.append(line.strip())
    finally:
        if on_terminal:
            _clear(sys.stderr if sys.stderr.isatty() else sys.stdout)
    return lines


def _skip_rest_of_line() -> None:
    while (piece := sys.stdin.readline(key_shares.MAX_SHARE_LINE_CHARS)) and not piece.endswith(
        "\n"
    ):
        pass
