"""``fieldapp``: the command line for every role, over the services.

Exit status: 0 on success, 1 when an operation is refused or fails (one line on stderr,
``fieldapp: error: …``), 2 on a usage error. No traceback reaches the user; ``--debug``
shows one to a developer.
"""

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fieldapp.cli import (
    commands_bundles,
    commands_custodian,
    commands_import,
    commands_keys,
    commands_records,
    commands_sync,
    commands_workspace,
)
from fieldapp.cli.output import error, plain_text
from fieldapp.errors import FieldappError
from fieldapp.process_guard import forbid_core_dumps
from fieldapp.workspace import default_workspace_dir

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldapp",
        description="Secure offline collection of testimonies: encrypted workspace, "
        "signed encrypted bundles, auditable custody.",
    )
    parser.add_argument(
        "--workspace",
        type=Path,
        default=None,
        metavar="DIR",
        help="the workspace folder (default: $FIELDAPP_WORKSPACE, or the user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the passphrase from FILE (or set FIELDAPP_PASSPHRASE)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands_workspace.register(commands)
    commands_keys.register(commands)
    commands_records.register(commands)
    commands_import.register(commands)
    commands_bundles.register(commands)
    commands_sync.register(commands)
    commands_custodian.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    forbid_core_dumps()  # before anything is unlocked
    # A file name in another encoding (a stick written on a Korean Windows) holds lone
    # surrogates: printed as escapes, so text and JSON output stay valid UTF-8.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.workspace is None:
        args.workspace = default_workspace_dir()
    handler: Handler = args.handler
    try:
        return handler(args)
    except FieldappError as failure:
        if args.debug:
            raise
        error(str(failure), failure.hint)
        return 1
    except BrokenPipeError:
        # The reader went away (`fieldapp testimony list | head`): stop quietly, as cat does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        error("Interrupted; nothing was left half-done.")
        return 1
    except OSError as failure:
        if args.debug:
            raise
        # File-system errors name a path and a reason, never a record's content. Escaped: the
        # path is whatever its author named it, and must not drive the terminal.
        name = failure.filename
        shown = os.fsdecode(name) if isinstance(name, str | bytes | os.PathLike) else ""
        error(plain_text(f"{failure.strerror or failure} ({shown or 'file'})"))
        return 1


def run() -> None:
    sys.exit(main())
