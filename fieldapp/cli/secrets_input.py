"""Where passphrases come from: a file, the environment (for scripts), or the terminal.

Never from a command-line argument: arguments are visible to every user in the process list.
"""

import getpass
import os
import shlex
import stat
import sys
from pathlib import Path

from fieldapp.cli.output import PROGRAM, plain_text
from fieldapp.errors import FieldappError
from fieldapp.workspace.files import open_regular

# Names of environment variables, not passphrases.
PASSPHRASE_ENV = "FIELDAPP_PASSPHRASE"  # noqa: S105
NEW_PASSPHRASE_ENV = "FIELDAPP_NEW_PASSPHRASE"  # noqa: S105
BACKUP_PASSPHRASE_ENV = "FIELDAPP_BACKUP_PASSPHRASE"  # noqa: S105
CUSTODIAN_PASSPHRASE_ENV = "FIELDAPP_CUSTODIAN_PASSPHRASE"  # noqa: S105
RECOVERY_CODE_ENV = "FIELDAPP_RECOVERY_CODE"
# Names of options, not passphrases: each secret has one, in every command that reads it.
PASSPHRASE_OPTION = "--passphrase-file"  # noqa: S105
NEW_PASSPHRASE_OPTION = "--new-passphrase-file"  # noqa: S105
BACKUP_PASSPHRASE_OPTION = "--backup-passphrase-file"  # noqa: S105
CUSTODIAN_PASSPHRASE_OPTION = "--custodian-passphrase-file"  # noqa: S105
#: The file option of each secret's variable, for the hint that names both (the recovery code
#: has none: it is typed, or set for a script).
FILE_OPTIONS = {
    PASSPHRASE_ENV: PASSPHRASE_OPTION,
    NEW_PASSPHRASE_ENV: NEW_PASSPHRASE_OPTION,
    BACKUP_PASSPHRASE_ENV: BACKUP_PASSPHRASE_OPTION,
    CUSTODIAN_PASSPHRASE_ENV: CUSTODIAN_PASSPHRASE_OPTION,
}
MAX_PASSPHRASE_FILE_BYTES = 4096
# A passphrase file that the group or others can read is a passphrase they can read.
_SHARED_MODE_BITS = stat.S_IRGRP | stat.S_IROTH


class PassphraseUnavailableError(FieldappError):
    """No passphrase was given, and there is no terminal to ask for one."""

    def __init__(self, prompt: str, *, env: str) -> None:
        super().__init__(
            f"No {prompt[:1].lower()}{prompt[1:]} was given, and there is no terminal to ask"
            " for one."
        )
        # This secret's own way in: `keys backup` wants the backup passphrase, not the workspace's.
        option = FILE_OPTIONS.get(env)
        self.hint = (  # type: ignore[misc]
            f"Set {env} or use {option} in scripts." if option else f"Set {env} in scripts."
        )


class PassphraseMismatchError(FieldappError):
    """The two passphrases typed differ; nothing was changed."""


class EmptyPassphraseError(FieldappError):
    """The passphrase is empty."""


class PassphraseFileError(FieldappError):
    """The passphrase file cannot be used: it must be UTF-8 text of at most 4096 bytes."""

    # Named: a command may read two passphrase files (keys restore), and must say which one.
    def __init__(self, path: Path | None = None) -> None:
        super().__init__(None if path is None else self._named(plain_text(str(path))))

    @staticmethod
    def _named(shown: str) -> str:
        return (
            f"The passphrase file {shown} cannot be used: it must be UTF-8 text of at most"
            f" {MAX_PASSPHRASE_FILE_BYTES} bytes."
        )


class PassphraseNotAFileError(PassphraseFileError):
    """The passphrase file is not a regular file; give a file, not a pipe or a device."""

    @staticmethod
    def _named(shown: str) -> str:
        return (
            f"The passphrase file {shown} is not a regular file; give a file, not a pipe or"
            " a device."
        )


def _from_file(path: Path) -> str:
    # A named pipe or a device is refused before any read (a pipe would wait for a writer).
    handle = open_regular(path)
    if handle is None:
        raise PassphraseNotAFileError(path)
    with handle:
        shared = os.name == "posix" and os.fstat(handle.fileno()).st_mode & _SHARED_MODE_BITS
        data = handle.read(MAX_PASSPHRASE_FILE_BYTES + 1)
    if len(data) > MAX_PASSPHRASE_FILE_BYTES:
        raise PassphraseFileError(path)
    try:
        # utf-8-sig: Windows Notepad starts a file with a byte-order mark, which is no part of
        # the passphrase anyone types.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PassphraseFileError(path) from None
    # One line end is what an editor or `echo` adds (CRLF on Windows): not part of the passphrase.
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    if shared and text:
        shown = plain_text(str(path))
        # Warned, not refused: the passphrase is already exposed, and a script that stops here
        # fixes nothing; the person who reads this can.
        print(
            f"{PROGRAM}: warning: {shown} can be read by other users of this computer;"
            f" make it private (chmod 600 {plain_text(shlex.quote(str(path)))}).",
            file=sys.stderr,
        )
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
        raise PassphraseUnavailableError(prompt, env=env)
    if not secret:
        raise EmptyPassphraseError()
    return secret
