"""The archive options of ``fieldapp init --role archive``: checked, and the keys made, before
the workspace is; the keys stored and the custodian file written by its creation, before its
key file exists (``setup.create_or_clean_up``). The checks are the desktop set-up's
(``fieldapp.services.setup_checks``)."""

import argparse
from pathlib import Path
from typing import Any

from fieldapp.cli.secrets_input import (
    CUSTODIAN_PASSPHRASE_ENV,
    CUSTODIAN_PASSPHRASE_OPTION,
    read_secret,
)
from fieldapp.services import archive, setup_checks
from fieldapp.workspace import Role, Workspace


def add_archive_init_options(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "--classic",
        action="store_true",
        help="(archive) classic X25519 keys instead of post-quantum hybrid ones, for tools older"
        " than age 1.3",
    )
    init.add_argument(
        "--custodian-recipient",
        action="append",
        default=[],
        metavar="AGE1…",
        help="(archive) the custodian's age recipient, who alone opens witness identities"
        " (repeatable)",
    )
    init.add_argument(
        "--custodian-out",
        type=Path,
        metavar="FILE",
        help="(archive) make a custodian identity and write it to FILE, an age passphrase file"
        " (passphrase: $FIELDAPP_CUSTODIAN_PASSPHRASE, --custodian-passphrase-file, or asked)",
    )
    init.add_argument(CUSTODIAN_PASSPHRASE_OPTION, type=Path, metavar="FILE")
    init.set_defaults(usage_error=init.error)


def check_archive_options(args: argparse.Namespace) -> None:
    """For ``init``, before any secret is asked for: the archive options fit the role, and the
    custodian file can be written where it is asked for (not inside the archive's folder)."""
    archive_options = (
        args.classic
        or args.custodian_recipient
        or args.custodian_out
        or args.custodian_passphrase_file
    )
    if Role(args.role) is not Role.ARCHIVE:
        if archive_options:
            args.usage_error("--classic and --custodian-… are for --role archive only")
        return
    if not args.custodian_recipient and args.custodian_out is None:
        args.usage_error("an archive needs --custodian-recipient AGE1… or --custodian-out FILE")
    if args.custodian_out is not None:
        setup_checks.check_custodian_file(args.workspace, args.custodian_out)


def prepare_archive(args: argparse.Namespace, passphrase: str) -> archive.ArchivePlan | None:
    """For ``init``, once ``check_archive_options`` passed: the custodian's passphrase checked
    as the set-up checks it, and the keys made (the custodian file is written with the
    workspace). None for other roles."""
    if Role(args.role) is not Role.ARCHIVE:
        return None
    secret = None
    if args.custodian_out is not None:
        secret = read_secret(
            "Custodian passphrase",
            env=CUSTODIAN_PASSPHRASE_ENV,
            file=args.custodian_passphrase_file,
            confirm=True,
        )
        setup_checks.check_custodian_passphrase(secret, passphrase, args.label)
    return archive.prepare_archive(
        classic=args.classic,
        custodian_recipients=args.custodian_recipient,
        custodian_out=args.custodian_out,
        custodian_passphrase=secret,
        deferred=True,
    )


def describe_archive(
    args: argparse.Namespace, ws: Workspace, plan: archive.ArchivePlan
) -> dict[str, Any]:
    """For ``init``: what the new archive holds, as the command prints it."""
    setup = archive.describe_archive(ws, plan)
    if args.json:
        return {
            "archive_keys": setup.kind,
            "archive_recipients": list(setup.archive_recipients),
            "custodian_recipients": list(setup.custodian_recipients),
            "custodian_file": None if setup.custodian_file is None else str(setup.custodian_file),
        }
    result: dict[str, Any] = {"archive keys": setup.kind}
    if setup.custodian_file is not None:
        result["custodian file"] = f"{setup.custodian_file} (give it to the custodian)"
    result["custodian recipients"] = len(setup.custodian_recipients)
    return result
