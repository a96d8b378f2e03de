"""Key backups: the master key and device keys as an age passphrase file.

The backup is an ordinary age file (scrypt recipient), so the stock ``age`` CLI opens it: keys
must outlive this program. With it and a copy of the workspace's database and blobs, a new
``keys.json`` can be written under a new passphrase (``restore_keys``).
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from crypto import age, keywrap
from crypto.errors import DecryptionError
from fieldapp.errors import (
    FolderNotFoundError,
    SetupUnfinishedError,
    ValidationFailedError,
    WorkspaceExistsError,
    WorkspaceNotFoundError,
    WrongPassphraseError,
)
from fieldapp.sync.packs import creating_file
from fieldapp.workspace import Workspace, WorkspaceLayout
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.unconfirmed import is_unconfirmed
from fieldapp.workspace.wipe_marker import refuse_wipe_of, remove_foreign_marker

BACKUP_FORMAT = "fieldapp-key-backup/1"
# Backups are made rarely and must resist guessing for decades: well above age's default 18.
BACKUP_WORK_FACTOR = 20
MAX_BACKUP_BYTES = 64 * 1024


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NOT_A_KEY_BACKUP = "The file is not a fieldapp key backup."
BACKUP_INSIDE_WORKSPACE = (
    "A key backup cannot go into the workspace's own folder: the emergency wipe would leave it"
    " there. Write it to a USB drive."
)


def write_key_backup(
    ws: Workspace, out: Path, passphrase: str, *, work_factor: int | None = None
) -> None:
    """Write the backup as a new file (never over another: it may be an older backup, or
    another workspace's); it holds the master key, so only under a passphrase. Never inside the
    workspace's folder, where the emergency wipe, which removes what it knows, would leave the
    master key behind under the backup's passphrase alone."""
    if out.resolve().is_relative_to(ws.layout.root.resolve()):
        raise ValidationFailedError(BACKUP_INSIDE_WORKSPACE)
    document = {
        "format": BACKUP_FORMAT,
        "workspace_id": ws.workspace_id,
        "master_key": ws.master_key.hex(),
        "signing_public_key": ws.public_key,
    }
    plain = json.dumps(document, sort_keys=True).encode("ascii")
    # None is the real cost, looked up now (the test suite lowers it in one place).
    factor = BACKUP_WORK_FACTOR if work_factor is None else work_factor
    with creating_file(out) as handle:
        age.encrypt_passphrase(
            io.BytesIO(plain), handle, passphrase, armor=True, work_factor=factor
        )


def read_key_backup(path: Path, passphrase: str) -> dict[str, str]:
    plain = io.BytesIO()
    try:
        with path.open("rb") as handle:
            age.decrypt(handle, plain, passphrase=passphrase)
    except DecryptionError:
        raise WrongPassphraseError(
            "The backup's passphrase is wrong, or the file is not a fieldapp key backup."
        ) from None
    try:
        document = json.loads(plain.getvalue()[:MAX_BACKUP_BYTES])
        if document["format"] != BACKUP_FORMAT or len(bytes.fromhex(document["master_key"])) != 32:
            raise ValueError
        UUID(document["workspace_id"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ValidationFailedError(NOT_A_KEY_BACKUP) from None
    return document


def check_no_keys(root: Path) -> None:
    """Refuse, naming it, a workspace that has its keys: said before any secret is asked for."""
    if WorkspaceLayout(root).exists():
        raise WorkspaceExistsError(
            f"The workspace in {root} already has its keys; nothing was changed."
        )


def check_restore_folder(root: Path, workspace_id: str | None = None) -> None:
    """Refuse, naming it, a folder that is no workspace copy awaiting its keys. With
    ``workspace_id`` (once a restore's master key has opened the copy, which holds its id),
    a wipe marker naming another workspace is no wipe of this copy, and is let through."""
    # A database without keys is also what a wipe cut midway leaves: keys put back there
    # would undo a wipe someone asked for. A marker naming a workspace only the master key
    # can judge: before it is known the folder is let through, and refused once it is.
    refuse_wipe_of(root, workspace_id)
    # Nor is a set-up cut before its recovery code was confirmed: nothing was recorded there,
    # no backup of it can exist, and the set-up starts over there.
    if is_unconfirmed(root):
        raise SetupUnfinishedError(
            f"The set-up in {root} was not finished, so there are no keys to restore; the"
            " set-up starts again there."
        )
    check_no_keys(root)
    if not root.is_dir():
        raise FolderNotFoundError(f"The folder {root} does not exist; nothing was changed.")
    if not WorkspaceLayout(root).database.is_file():
        raise WorkspaceNotFoundError(
            f"No workspace database was found in {root}; nothing was changed."
        )


@dataclass(frozen=True)
class OpenedBackup:
    """A key backup read with its passphrase and known to open a copy: what
    ``write_restored_keys`` needs, so that the backup's slow scrypt runs once."""

    master_key: bytes = field(repr=False)  # never in a log line or a traceback's locals
    workspace_id: str


def check_key_backup(backup: Path, backup_passphrase: str, root: Path) -> OpenedBackup:
    """Read the backup and open the copy at ``root`` with it, writing nothing: a wrong
    passphrase, or a backup of another workspace (``WorkspaceDamagedError``), is said before a
    person types a new passphrase (the desktop app asks for it only after this)."""
    check_restore_folder(root)
    document = read_key_backup(backup, backup_passphrase)
    opened = OpenedBackup(bytes.fromhex(document["master_key"]), document["workspace_id"])
    Workspace(WorkspaceLayout(root), opened.master_key, opened.workspace_id).lock()
    check_restore_folder(root, opened.workspace_id)  # a wipe of this very workspace: refused
    return opened


def restore_keys(
    backup: Path,
    backup_passphrase: str,
    root: Path,
    new_passphrase: str,
    *,
    params: keywrap.Argon2Params | None = None,
    check_new_passphrase: Callable[[str, str], None] | None = None,
) -> str:
    """Write a new keys.json for the workspace copy at ``root``; return its new recovery code.
    ``check_new_passphrase(passphrase, label)`` weighs the new passphrase against the
    workspace's label, which only the backup's master key can read."""
    check_restore_folder(root)  # a mistyped folder is named before any key work
    document = read_key_backup(backup, backup_passphrase)
    return write_restored_keys(
        root,
        bytes.fromhex(document["master_key"]),
        document["workspace_id"],
        new_passphrase,
        params=params,
        check_new_passphrase=check_new_passphrase,
    )


def write_restored_keys(
    root: Path,
    master: bytes,
    workspace_id: str,
    new_passphrase: str,
    *,
    params: keywrap.Argon2Params | None = None,
    check_new_passphrase: Callable[[str, str], None] | None = None,
) -> str:
    """A new keys.json for ``master`` in the copy at ``root``, once ``master`` has opened it
    (from a backup or from key shares); the new recovery code.

    The folder is checked again right before the key file is written, and the key file is
    written only where none exists: the desktop app's dialog may wait minutes on its passphrase
    page after its first check, and the Argon2id below takes a second, while a wipe may begin
    there (keys put back would undo it), a set-up may leave its folder unconfirmed, or another
    window or the CLI may restore the keys (``WorkspaceExistsError``: theirs are kept).

    A wipe marker naming another workspace than the one ``master`` opened came with the copy
    (or was planted): it stands for no wipe here, and is removed before the key file is
    written. One naming this workspace, or none, is a wipe of it that was cut: refused."""
    layout = WorkspaceLayout(root)
    check_restore_folder(root)
    # Open it first: a key of another workspace fails here, before any key file exists (a
    # crash after writing a foreign one would leave the copy refusing the right key). The
    # opening also checks ``workspace_id`` against the id the database holds.
    opened = Workspace(layout, master, workspace_id)
    try:
        if check_new_passphrase is not None:
            check_new_passphrase(new_passphrase, opened.repository.meta("label") or "")
    finally:
        opened.lock()
    check_restore_folder(root, workspace_id)  # a cut wipe of this workspace: before Argon2id
    code = keywrap.generate_recovery_code()
    key_file = KeyFile(
        workspace_id=workspace_id,
        passphrase_wrap=keywrap.wrap_with_passphrase(master, new_passphrase, params=params),
        recovery_wrap=keywrap.wrap_with_recovery_code(master, code),
    )
    check_restore_folder(root, workspace_id)
    # Before the key file: once it is there, a wipe begun meanwhile writes a marker naming
    # this workspace, which must never be taken for the foreign one.
    remove_foreign_marker(root, workspace_id)
    key_file.write(layout.key_file, replace=False)
    return code
