"""Opening the workspace a command works on."""

import argparse
from pathlib import Path

from fieldapp.cli.secrets_input import PASSPHRASE_ENV, read_secret
from fieldapp.errors import WorkspaceNotFoundError
from fieldapp.workspace import Workspace, WorkspaceLayout
from fieldapp.workspace.workspace import refuse_interrupted_wipe


class KeysMissingError(WorkspaceNotFoundError):
    """This folder holds a workspace whose keys (keys.json) are missing."""

    hint = (
        "Restore them into this folder with 'fieldapp keys restore BACKUP' or"
        " 'fieldapp keys restore --shares', or open it in the desktop app."
    )


def require_workspace(root: Path) -> None:
    """Refuse a folder without a workspace, naming it, before any secret is asked for: a
    mistyped --workspace must not cost a typed passphrase."""
    refuse_interrupted_wipe(root)  # the one thing left to do there is to wipe it again
    layout = WorkspaceLayout(root)
    if layout.exists():
        return
    if layout.database.is_file():  # a copy awaiting its keys, not a folder to set up
        raise KeysMissingError(f"The workspace in {root} has no keys (keys.json is missing).")
    raise WorkspaceNotFoundError(f"No workspace was found in {root}.")


def unlock(args: argparse.Namespace) -> Workspace:
    require_workspace(args.workspace)
    passphrase = read_secret("Passphrase", env=PASSPHRASE_ENV, file=args.passphrase_file)
    return Workspace.unlock(args.workspace, passphrase)
