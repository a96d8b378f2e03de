"""``fieldapp keys recovery-code``: a new recovery code, for a paper lost, seen or photographed,
or after a recovery whose new code was never shown.

On a terminal the code is shown alone on a cleared screen, as a key share is, and cleared with
the scrollback once the person has copied it; two of its groups are then typed back from the
paper, and only then is it written to ``keys.json`` (``services.recovery_code``). Until that
write the old code keeps working: an interruption, or groups that do not match, change nothing.

A script has no paper to read back from: it must say so (``--yes-print-code``), and then, as
``init`` and ``recover`` do, the code is printed to stdout (``--json`` too) and stored only once
it is flushed there; output that cannot be written stores nothing. That stdout must not be a
terminal: printed there, outside a cleared screen, the code would stay in the scrollback.
"""

import argparse
import sys
from typing import TextIO

from fieldapp.cli.commands_workspace import show_recovery_code
from fieldapp.cli.output import note
from fieldapp.cli.session import unlock
from fieldapp.errors import FieldappError
from fieldapp.services import recovery_code

#: Erase the screen, erase the scrollback (xterm's ED 3), then go home (as for key shares).
CLEAR_SCREEN_AND_SCROLLBACK = "\x1b[2J\x1b[3J\x1b[H"
PRINT_OPTION = "--yes-print-code"


class RecoveryCodeNeedsTerminalError(FieldappError):
    """The new recovery code is shown only on a terminal, to be read back from paper; nothing
    was changed."""

    hint = f"Add {PRINT_OPTION} to print it to stdout and store it at once (a script's choice)."


class RecoveryCodePrintedToTerminalError(FieldappError):
    """The new recovery code is printed only for a script, never to a terminal, where it would
    stay in the scrollback; nothing was changed."""

    hint = (
        f"Run 'fieldapp keys recovery-code' without {PRINT_OPTION} to see it on a cleared screen."
    )


class RecoveryCodeNotReadBackError(FieldappError):
    """The new recovery code was not read back; nothing was changed: the old code still works."""

    hint = "Run 'fieldapp keys recovery-code' again and copy the new code carefully."


class RecoveryCodeNotPrintedError(FieldappError):
    """The new recovery code could not be printed, so it was not stored: the old code still
    works."""

    hint = f"Run 'fieldapp keys recovery-code {PRINT_OPTION}' again where its output can be read."


def register(keys_commands: argparse._SubParsersAction) -> None:
    parser = keys_commands.add_parser(
        "recovery-code",
        help="make a new recovery code (the old one stops working once it is read back)",
    )
    parser.add_argument(
        PRINT_OPTION,
        action="store_true",
        help="print the code to stdout and store it at once, with no read-back (a script)",
    )
    parser.set_defaults(handler=cmd_keys_recovery_code)


def cmd_keys_recovery_code(args: argparse.Namespace) -> int:
    on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if not on_terminal and not args.yes_print_code:
        raise RecoveryCodeNeedsTerminalError()  # before the passphrase is asked for
    if args.yes_print_code and sys.stdout.isatty():
        raise RecoveryCodePrintedToTerminalError()  # it would stay in the scrollback
    with unlock(args) as ws:
        new = recovery_code.make_recovery_code()
        try:
            if args.yes_print_code:
                _print_for_a_script(new, args.json)
            else:
                _show_and_read_back(new)
            recovery_code.store_recovery_code(ws, new)
        finally:
            new.forget()
    note("The new recovery code is stored; the old one no longer opens the workspace.")
    return 0


def _print_for_a_script(new: recovery_code.NewRecoveryCode, as_json: bool) -> None:
    try:
        show_recovery_code(new.code, as_json, {})
        sys.stdout.flush()  # in the script's hands before the code is stored
    except BrokenPipeError as error:
        raise RecoveryCodeNotPrintedError() from error
    new.confirmed = True  # the script took the responsibility of keeping it


def _clear(stream: TextIO) -> None:
    stream.write(CLEAR_SCREEN_AND_SCROLLBACK)
    stream.flush()


def _code_page(code: str) -> str:
    groups = code.split(recovery_code.GROUP_SEPARATOR)
    numbered = "   ".join(f"{index}. {group}" for index, group in enumerate(groups, 1))
    return (
        "Your new recovery code. Write it on paper, then press Enter; it is shown only this"
        " once. The old code keeps working until two groups of this one are typed back.\n\n"
        f"    {code}\n\n    {numbered}\n\n"
    )


def _show_and_read_back(new: recovery_code.NewRecoveryCode) -> None:
    try:
        try:
            _clear(sys.stdout)
            sys.stdout.write(_code_page(new.code))
            sys.stdout.flush()
            if not sys.stdin.readline():  # end of input: no one is there to copy it
                raise EOFError
        finally:
            _clear(sys.stdout)  # the code must not be scrolled back to
        typed = _read_groups(new.asked)
    except (KeyboardInterrupt, EOFError):
        raise RecoveryCodeNotReadBackError() from None
    if not recovery_code.confirm_read_back(new, typed):
        raise RecoveryCodeNotReadBackError(
            "The groups typed do not match the new recovery code; nothing was changed: the old"
            " code still works."
        )


def _read_groups(asked: tuple[int, ...]) -> list[str]:
    """The groups asked for, typed from the paper (with echo, then cleared)."""
    note("Type these groups of the new code from your paper.")
    typed: list[str] = []
    try:
        for index in asked:
            sys.stderr.write(f"Group {index + 1}: ")
            sys.stderr.flush()
            line = sys.stdin.readline(64)
            if not line:
                raise EOFError
            typed.append(line.strip())
    finally:
        _clear(sys.stderr if sys.stderr.isatty() else sys.stdout)
    return typed
