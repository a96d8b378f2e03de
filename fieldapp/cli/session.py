"""Opening the workspace a command works on."""

import argparse

from fieldapp.cli.secrets_input import PASSPHRASE_ENV, read_secret
from fieldapp.workspace import Workspace


def unlock(args: argparse.Namespace) -> Workspace:
    passphrase = read_secret("Passphrase", env=PASSPHRASE_ENV, file=args.passphrase_file)
    return Workspace.unlock(args.workspace, passphrase)
