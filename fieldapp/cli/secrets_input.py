"""Where passphrases come from: a file, the environment (for scripts), or the terminal.

Never from a command-line argument: arguments are visible to every user in the process list.
"""

import getpass
import os
import sys
from pathlib import Path

from fieldapp.errors import FieldappError

# Names of environment variables, not passphrases.
PASSPHRASE_ENV = "FIELDAPP_PASSPHRASE"  # noqa: S105
NEW_PASSPHRASE_ENV = "FIELDAPP_NEW_PASSPHRASE"  # noqa: S105
BACKUP_PASSPHRASE_ENV = "FIELDAPP_BACKUP_PASSPHRASE"  # noqa: S105
RECOVERY_CODE_ENV = "FIELDAPP_RECOVERY_CODE"
MAX_PASSPHRASE_FILE_BYTES = 4096


class PassphraseUnavailableError(FieldappError):
    """No passphrase was given, and there is no terminal to ask for one."""

    hint = "Set FIELDAPP_PASSPHRASE or use --passphrase-file in scripts."


class PassphraseMismatchError(FieldappError):
    """The two passphrases typed differ; nothing was changed."""


class EmptyPassphraseError(FieldappError):
    """The passphrase is empty."""


class PassphraseFileError(FieldappError):
    """The passphrase file cannot be used: it must be UTF-8 text of at most 4096 bytes."""


def _from_file(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(MAX_PASSPHRASE_FILE_BYTES + 1)
    if len(data) > MAX_PASSPHRASE_FILE_BYTES:
        raise PassphraseFileError()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PassphraseFileError() from None
    # One line end is what an editor or `echo` adds (CRLF on Windows): not part of the passphrase.
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def read_secret(prompt: str, *, env: str, file: Path | None = None, confirm: bool = False) -> str:
    """A passphrase from ``file``, else ``$env``, else the terminal (twice when confirming)."""
    if file is not None:
        secret = _from_file(file)
    elif os.environ.get(env):
        secret = os.environ[env]
    elif sys.stdin.isatty():
        secret = getpass.getpass(f"{prompt}: ")
        if confirm and getpass.getpass(f"{prompt} (again): ") != secret:
            raise PassphraseMismatchError()
    else:
        raise PassphraseUnavailableError()
    if not secret:
        raise EmptyPassphraseError()
    return secret
