"""The checks a new workspace's inputs pass before anything is made: its folder, its label, its
passphrase, and for an archive the custodian's passphrase and file.

The desktop set-up, ``fieldapp init`` and every command that sets a passphrase (a change, a
recovery, a key backup) run them, each before the secret is asked for where it can be: a
refusal comes before the slow work and leaves nothing behind.
"""

import unicodedata
from pathlib import Path

from fieldapp.errors import (
    FieldappError,
    FolderNotFoundError,
    OutputExistsError,
    ValidationFailedError,
    WorkspaceExistsError,
)
from fieldapp.services.passphrase_strength import check_passphrase
from fieldapp.sync.enrolment import MAX_LABEL_CHARS, plain_label
from fieldapp.workspace import WorkspaceLayout, unconfirmed
from fieldapp.workspace.layout import (
    BLOB_FOLDER,
    DATABASE_FILE,
    KEY_FILE,
    UNLOCK_COUNTER_FILE,
)
from fieldapp.workspace.presence import LOCK_FILE
from fieldapp.workspace.workspace import SETUP_MARKER, refuse_interrupted_wipe

#: The label travels in the enrolment request, the roster and so to auditors.
LABEL_MAX_CHARS = MAX_LABEL_CHARS
#: What a workspace folder may already hold: its own files, or an interrupted set-up's.
WORKSPACE_ENTRIES = frozenset(
    {
        KEY_FILE,
        DATABASE_FILE,
        f"{DATABASE_FILE}-wal",
        f"{DATABASE_FILE}-shm",
        BLOB_FOLDER,
        UNLOCK_COUNTER_FILE,
        SETUP_MARKER,
        unconfirmed.UNCONFIRMED_MARKER,
        LOCK_FILE,
    }
)
#: Files an OS or a file manager leaves in any folder it shows: the folder still looks empty.
OS_CLUTTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
#: As the CLI's passphrase-file cap: a passphrase set one way can always be given the other.
MAX_PASSPHRASE_BYTES = 4096


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NOT_ONE_LINE_OF_TEXT = "The passphrase must not hold line ends, tabs or other control characters."
TOO_MANY_BYTES = "The passphrase is at most {most} bytes of UTF-8 text."
CUSTODIAN_SAME_AS_ARCHIVE = (
    "The custodian's passphrase must differ from the archive's; nothing was made."
)
CUSTODIAN_TOO_WEAK = "The custodian's passphrase is too weak; nothing was made."
CUSTODIAN_INSIDE = "The custodian file must be kept apart from the archive, not inside its folder."
LABEL_TOO_LONG = "The label is at most {most} characters."
LABEL_NOT_PLAIN = "The label {phrase}; choose another."


class WorkspaceNotWritableError(FieldappError):
    """The workspace could not be created in this folder; nothing was made."""

    hint = "Check that the folder exists and is writable, or choose another one."


class FolderInUseError(FieldappError):
    """This folder already holds other files and no workspace; nothing was made."""

    hint = "Choose an empty folder, or a new one, for the workspace."


def check_new_folder(root: Path) -> None:
    """Refuse a folder that holds a workspace, or anything else (a stick full of bundles, a
    home folder): a workspace gets a folder of its own. A database without keys passes here;
    ``Workspace.create`` refuses it with its own sentence (it may be a copy awaiting a restore)."""
    refuse_interrupted_wipe(root)  # named as what it is: only wiping again is done there
    if WorkspaceLayout(root).exists() and not unconfirmed.is_unconfirmed(root):
        raise WorkspaceExistsError()
    if not root.exists():
        return
    if not root.is_dir():
        raise FolderInUseError(f"{root} is a file, not a folder; nothing was made.")
    try:
        foreign = any(not _own_entry(entry.name) for entry in root.iterdir())
    except OSError as error:
        raise WorkspaceNotWritableError() from error
    if foreign:
        raise FolderInUseError(
            f"The folder {root} already holds other files and no workspace; nothing was made."
        )


def _own_entry(name: str) -> bool:
    """A workspace's own file, an interrupted set-up's (its database at the set-up's own name
    too: never opened as a workspace), or an OS's clutter."""
    return (
        name in WORKSPACE_ENTRIES
        or name in OS_CLUTTER
        or unconfirmed.is_setup_leftover(name)
    )


def check_new_passphrase(passphrase: str, label: str = "") -> None:
    """The floor of every passphrase that will wrap a workspace's keys, wherever it is set:
    set-up, a change, a recovery, a key backup. ``label`` is a word a guesser would try."""
    # A line end or tab left in by a file can never be typed at a prompt or in the app's field.
    if any(unicodedata.category(char) == "Cc" for char in passphrase):
        raise ValidationFailedError(NOT_ONE_LINE_OF_TEXT)
    if len(passphrase.encode("utf-8", "surrogatepass")) > MAX_PASSPHRASE_BYTES:
        raise ValidationFailedError(TOO_MANY_BYTES, args={"most": MAX_PASSPHRASE_BYTES})
    check_passphrase(passphrase, (label,))


def check_custodian_passphrase(custodian_passphrase: str, passphrase: str, label: str = "") -> None:
    """The custodian's passphrase: as strong as the archive's, and not the same one."""
    # The custodian is another person, who must not be able to open the archive, nor the
    # archive's users the custodian file.
    # Compared as keywrap wraps them (NFC): the same words typed on a Mac and on Linux are one.
    if unicodedata.normalize("NFC", custodian_passphrase) == unicodedata.normalize(
        "NFC", passphrase
    ):
        raise ValidationFailedError(CUSTODIAN_SAME_AS_ARCHIVE)
    try:
        check_passphrase(custodian_passphrase, (label,))
    except ValidationFailedError as error:
        raise ValidationFailedError(CUSTODIAN_TOO_WEAK) from error


def check_custodian_file(root: Path, file: Path) -> None:
    """Where the custodian file may go: a new file in an existing folder, outside the archive's
    folder (whoever takes the archive must not find the custodian's identity with it)."""
    if file.resolve().is_relative_to(root.resolve()):
        raise ValidationFailedError(CUSTODIAN_INSIDE)
    check_output_folder(file)
    if file.exists():
        raise OutputExistsError()


def check_output_folder(file: Path) -> None:
    """The folder a new file goes into exists: said plainly, before any secret is asked for,
    rather than as the OS's error about a temporary name."""
    folder = file.parent
    if not folder.is_dir():
        raise FolderNotFoundError(f"The folder {folder} does not exist; nothing was written.")


def check_label(label: str) -> None:
    # As the enrolment request will check it, so that a device is never made unable to ask.
    if len(label) > LABEL_MAX_CHARS:
        raise ValidationFailedError(LABEL_TOO_LONG, args={"most": LABEL_MAX_CHARS})
    try:
        plain_label(label)
    except ValueError as problem:
        raise ValidationFailedError(LABEL_NOT_PLAIN, args={"phrase": str(problem)}) from None
