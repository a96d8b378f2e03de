"""Creating a workspace (``Workspace.create``, whose work this is).

The database is written under the set-up's own name (``unconfirmed.setup_database``), then
``keys.json``, and the database is moved to its real name last: until keys.json's rename
nothing on disk can be opened, and a crash during set-up leaves no workspace (only leftovers at
the set-up's own names, which the next creation removes); a database at the real name without
keys.json is never a set-up's, and no set-up removes it.
"""

import os
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto import age, keywrap
from crypto.sshkeys import public_key_to_openssh
from fieldapp.errors import WorkspaceExistsError
from fieldapp.workspace import master_key as keys
from fieldapp.workspace import unconfirmed
from fieldapp.workspace.database import open_database, transaction
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.layout import WorkspaceLayout
from fieldapp.workspace.migrations import migrate
from fieldapp.workspace.repository import Repository
from fieldapp.workspace.workspace import (
    DEVICE_AGE_KEY,
    META_CREATED_AT,
    META_LABEL,
    META_ROLE,
    META_WORKSPACE_ID,
    SETUP_MARKER,
    SIGNING_KEY,
    Initialiser,
    Role,
    Workspace,
    wrap_passphrase,
)


def create_workspace(
    cls: type[Workspace],
    root: Path,
    passphrase: str,
    role: Role,
    *,
    label: str,
    params: keywrap.Argon2Params | None,
    setup_note: Mapping[str, str] | None,
    initialise: Initialiser | None,
    workspace_id: str | None,
) -> tuple[Workspace, str]:
    """``Workspace.create``: a new workspace (an instance of ``cls``) and its recovery code."""
    layout = WorkspaceLayout(root)
    if layout.exists() and not unconfirmed.is_unconfirmed(root):
        raise WorkspaceExistsError()
    master = keys.new_master_key()
    recovery_code = keywrap.generate_recovery_code()
    workspace_id = workspace_id or str(uuid.uuid4())
    # The wraps first: a refused passphrase must leave nothing behind.
    key_file = KeyFile(
        workspace_id=workspace_id,
        passphrase_wrap=wrap_passphrase(master, passphrase, params),
        recovery_wrap=keywrap.wrap_with_recovery_code(master, recovery_code),
    )
    _clear_the_way(layout)
    marker = _begin(layout, workspace_id, setup_note)
    database = unconfirmed.setup_database(root, workspace_id)
    if database is None:
        raise ValueError("a workspace id is letters, digits and hyphens")
    initialise_database(database, master, role, workspace_id, label, initialise)
    if setup_note is not None:
        unconfirmed.record_database(root, database)  # by content: what starting over removes
    key_file.write(layout.key_file)
    # Last: a database at the real name without keys.json is never a set-up's.
    unconfirmed.install_database(root, database)
    marker.unlink()
    return cls(layout, master, workspace_id), recovery_code


def _clear_the_way(layout: WorkspaceLayout) -> None:
    """Remove a set-up cut before its code was confirmed (it holds nothing anyone recorded:
    start over); refuse a workspace, or a database without its keys."""
    unconfirmed.remove_unconfirmed(layout.root)
    if layout.exists():
        raise WorkspaceExistsError()
    if os.path.lexists(layout.database):
        # A database without keys is also a copy waiting for `keys restore`: never remove
        # it. The set-up's own is at the real name only once its key file is (R2-5).
        raise WorkspaceExistsError(
            "This folder holds a workspace's database without its keys; restore them with "
            "'fieldapp keys restore', or choose another folder."
        )


def _begin(
    layout: WorkspaceLayout, workspace_id: str, setup_note: Mapping[str, str] | None
) -> Path:
    """The folder, blobs/ and the creation marker (returned), the set-up's unconfirmed marker
    with ``setup_note``, and no leftover of a cut creation."""
    root = layout.root
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.chmod(0o700)
    layout.blobs.mkdir(mode=0o700, exist_ok=True)
    marker = root / SETUP_MARKER
    marker.touch(mode=0o600)
    if setup_note is not None:
        # Before anything it stands for, naming this workspace: a marker is honoured only
        # for the workspace it names (R1-1).
        unconfirmed.mark_unconfirmed(root, workspace_id, setup_note)
    else:
        (root / unconfirmed.UNCONFIRMED_MARKER).unlink(missing_ok=True)  # one not honoured
    # Leftovers of set-ups that were cut were never opened as a workspace (their names are
    # the set-up's own), and SQLite's files without their database open nothing.
    unconfirmed.remove_setup_leftovers(root)
    for leftover in layout.database_companions()[1:]:
        leftover.unlink(missing_ok=True)
    return marker


def initialise_database(
    database: Path,
    master: bytes,
    role: Role,
    workspace_id: str,
    label: str,
    initialise: Initialiser | None,
) -> None:
    """The new database at ``database``: its meta, the device's signing and age keys, then
    what ``initialise`` stores; closed (SQLite folds its WAL in) before the key file exists."""
    connection = open_database(database, keys.database_key(master), create=True)
    try:
        migrate(connection)
        repository = Repository(connection)
        signing_key = Ed25519PrivateKey.generate()
        age_identity, age_recipient = age.generate_x25519()
        with transaction(connection):
            repository.set_meta(META_ROLE, role.value)
            repository.set_meta(META_WORKSPACE_ID, workspace_id)
            repository.set_meta(META_LABEL, label)
            repository.set_meta(META_CREATED_AT, datetime.now(UTC).isoformat())
            repository.save_device_key(
                SIGNING_KEY,
                _private_key_text(signing_key),
                public_key_to_openssh(signing_key.public_key()),
            )
            repository.save_device_key(DEVICE_AGE_KEY, age_identity, age_recipient)
        if initialise is not None:
            initialise(connection, repository)
    finally:
        connection.close()


def _private_key_text(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode("ascii")
