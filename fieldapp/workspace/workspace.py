"""An open workspace: the key hierarchy unlocked, the database open, the blob store ready.

Creating (``creation``) writes the database under the set-up's own name, then ``keys.json``,
and moves the database to its real name last, so that a crash during set-up leaves no
workspace. Unlocking pays the Argon2id cost once; every other key is derived from the master
key by HKDF or read from the encrypted database.
"""

import contextlib
import secrets
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto import keywrap
from crypto.errors import FormatError, KeyWrapError, LimitError
from crypto.sshkeys import fingerprint, public_key_to_openssh
from fieldapp.domain.vocabulary import (
    hold_vocabularies,
    install_vocabularies,
    release_vocabularies,
)
from fieldapp.errors import (
    ValidationFailedError,
    WorkspaceDamagedError,
    WorkspaceLockedError,
    WorkspaceNotFoundError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
)
from fieldapp.workspace import master_key as keys
from fieldapp.workspace import unconfirmed
from fieldapp.workspace.blobs import BlobStore
from fieldapp.workspace.custodian_folder import sweep_custodian_folder
from fieldapp.workspace.custody import CustodyLog
from fieldapp.workspace.database import Connection, checkpoint, open_database
from fieldapp.workspace.files import remove_stale_temporaries
from fieldapp.workspace.keyfile import KeyFile, destroy_temporaries
from fieldapp.workspace.layout import WorkspaceLayout
from fieldapp.workspace.migrations import migrate
from fieldapp.workspace.presence import WorkspacePresence
from fieldapp.workspace.repository import Repository
from fieldapp.workspace.throttle import UnlockThrottle
from fieldapp.workspace.vocabulary_state import vocabularies_in_force
from fieldapp.workspace.wipe_marker import (  # noqa: F401 - WIPE_MARKER and the checks: here
    WIPE_MARKER,
    refuse_interrupted_wipe,
    wipe_interrupted,
)

SIGNING_KEY = "signing"
SETUP_MARKER = "setup-in-progress"
#: Where an archive keeps each bundle's identities.age for the custodian (opaque to it).
CUSTODIAN_FOLDER = "custodian"
DEVICE_AGE_KEY = "age"
META_ROLE = "role"
META_WORKSPACE_ID = "workspace_id"
META_LABEL = "label"
META_CREATED_AT = "created_at"
#: What ``create`` may run in the new database before the key file exists.
Initialiser = Callable[[Connection, Repository], None]


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NOTHING_TYPED = "The passphrase cannot be used: it must not be empty."


class Role(StrEnum):
    INTERVIEWER = "interviewer"
    ARCHIVE = "archive"
    AUDITOR = "auditor"


#: Lone surrogates: what Python makes of bytes in another encoding than the terminal's (Latin-1
#: "café" in FIELDAPP_PASSPHRASE). No keyboard types them, so no wrap was ever made from one.
UNTYPABLE_TEXT = (
    "The passphrase holds characters that are not text (is the terminal set to another"
    " encoding?); it was not tried."
)


def _check_encodable(passphrase: str) -> None:
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationFailedError(UNTYPABLE_TEXT) from None


def wrap_passphrase(master: bytes, passphrase: str, params: keywrap.Argon2Params | None) -> bytes:
    _check_encodable(passphrase)
    try:
        return keywrap.wrap_with_passphrase(master, passphrase, params=params)
    except FormatError as error:
        raise ValidationFailedError(NOTHING_TYPED) from error


class Workspace:
    """An unlocked workspace. ``lock`` closes it and forgets its keys."""

    def __init__(self, layout: WorkspaceLayout, master_key: bytes, workspace_id: str) -> None:
        self.layout = layout
        self.workspace_id = workspace_id
        self._master_key: bytearray | None = bytearray(master_key)
        self._presence: WorkspacePresence | None = None
        # What the master key opens, held only while unlocked (``lock`` lets go of them).
        self._blobs: BlobStore | None = None
        self._signing_key: Ed25519PrivateKey | None = None
        self._custody: CustodyLog | None = None
        self._holds_vocabularies = False
        unconfirmed.finish_move(layout, workspace_id)
        self._connection: Connection | None = open_database(
            layout.database, keys.database_key(master_key)
        )
        try:
            migrate(self._connection)
            self.repository = Repository(self._connection)
            self._blobs = BlobStore(layout.blobs, keys.blob_identity(master_key))
            private_text, _ = self.repository.device_key(SIGNING_KEY)
            signing_key = serialization.load_ssh_private_key(private_text.encode(), None)
            if not isinstance(signing_key, Ed25519PrivateKey):
                raise WorkspaceDamagedError()
            self._signing_key = signing_key
            #: The device's public key: shown (fingerprint) after lock too.
            self._public_key = signing_key.public_key()
            self._custody = CustodyLog(self._connection, signing_key)
            # keys.json is not authenticated as a whole: its id must be the database's own.
            if self.repository.meta(META_WORKSPACE_ID) != workspace_id:
                raise WorkspaceDamagedError()
            self.role = Role(self.repository.meta(META_ROLE) or "")
            # Here, where every unlock passes (CLI, desktop app, a worker's second handle):
            # records are validated against the vocabularies this workspace took from packs.
            hold_vocabularies(workspace_id, vocabularies_in_force(self._connection))
            self._holds_vocabularies = True
            self._presence = WorkspacePresence(layout)
            if self._presence.alone:
                self._sweep()  # while holding the lock exclusively: no one else is writing
            self._presence.share()
        except BaseException:
            self.lock()
            raise
        # keys.json is there and opened what it stands for: a creation marker left by a cut
        # just before its removal says nothing any more (R2-5).
        with contextlib.suppress(OSError):
            (layout.root / SETUP_MARKER).unlink(missing_ok=True)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        root: Path,
        passphrase: str,
        role: Role,
        *,
        label: str = "",
        params: keywrap.Argon2Params | None = None,
        setup_note: Mapping[str, str] | None = None,
        initialise: Initialiser | None = None,
        workspace_id: str | None = None,
    ) -> tuple["Workspace", str]:
        """A new workspace and its recovery code (to be shown once and written down); the work
        is ``creation.create_workspace``'s.

        With ``setup_note`` the set-up stays unconfirmed (``unconfirmed``: no workspace to open,
        and the next set-up starts over) until ``unconfirmed.confirm``, once the code was read
        back. ``initialise(connection, repository)`` stores the rest of what the role needs (an
        archive's keys) before the key file exists: a cut leaves no workspace or a whole one.
        ``workspace_id`` (a new UUID when None) lets a caller record the id before anything
        exists (the demo's marker: only workspaces it names are its own to remove)."""
        # Imported here: the creation module takes this module's names.
        from fieldapp.workspace.creation import create_workspace

        return create_workspace(
            cls,
            root,
            passphrase,
            role,
            label=label,
            params=params,
            setup_note=setup_note,
            initialise=initialise,
            workspace_id=workspace_id,
        )

    @classmethod
    def unlock(cls, root: Path, passphrase: str) -> "Workspace":
        layout = WorkspaceLayout(root)
        unconfirmed.refuse_unconfirmed(root)  # its code was never confirmed: no workspace
        key_file = KeyFile.read(layout.key_file)
        throttle = UnlockThrottle(layout.unlock_counter)
        throttle.check()
        _check_encodable(passphrase)  # not a guess, and not damage: costs no attempt
        throttle.record_attempt()
        try:
            master = keywrap.unwrap_with_passphrase(key_file.passphrase_wrap, passphrase)
        except KeyWrapError:
            raise WrongPassphraseError() from None
        except (FormatError, LimitError) as error:
            raise WorkspaceDamagedError() from error
        throttle.record_success()
        return cls(layout, master, key_file.workspace_id)

    @classmethod
    def unlock_with_recovery_code(cls, root: Path, code: str) -> "Workspace":
        layout = WorkspaceLayout(root)
        unconfirmed.refuse_unconfirmed(root)
        key_file = KeyFile.read(layout.key_file)
        throttle = UnlockThrottle(layout.unlock_counter)
        throttle.check()
        try:
            normalized = keywrap.normalize_recovery_code(code)
        except FormatError as error:
            # A typo caught by the check characters costs no attempt: it is not a guess.
            raise WrongRecoveryCodeError(str(error)) from None
        throttle.record_attempt()
        try:
            master = keywrap.unwrap_with_recovery_code(key_file.recovery_wrap, normalized)
        except KeyWrapError:
            raise WrongRecoveryCodeError() from None
        except (FormatError, LimitError) as error:
            raise WorkspaceDamagedError() from error
        throttle.record_success()
        return cls(layout, master, key_file.workspace_id)

    # -- keys ------------------------------------------------------------------------------
    @property
    def master_key(self) -> bytes:
        if self._master_key is None:
            raise WorkspaceLockedError()
        return bytes(self._master_key)

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise WorkspaceLockedError()
        return self._connection

    @property
    def blobs(self) -> BlobStore:
        """The attachment store (it holds the blob identity): only while unlocked."""
        if self._blobs is None:
            raise WorkspaceLockedError()
        return self._blobs

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        if self._signing_key is None:
            raise WorkspaceLockedError()
        return self._signing_key

    @property
    def custody(self) -> CustodyLog:
        if self._custody is None:
            raise WorkspaceLockedError()
        return self._custody

    @property
    def fingerprint(self) -> str:
        return fingerprint(self._public_key)

    @property
    def public_key(self) -> str:
        return public_key_to_openssh(self._public_key)

    def change_passphrase(
        self, new_passphrase: str, *, params: keywrap.Argon2Params | None = None
    ) -> None:
        """Rewrap the master key under a new passphrase; nothing is re-encrypted. The key file
        is read after the Argon2id (a second or two), so that a recovery code stored meanwhile
        elsewhere is kept, not undone (the old, exposed code would open the workspace again).
        Not once an emergency wipe has begun, as ``set_recovery_code``."""
        wrap = wrap_passphrase(self.master_key, new_passphrase, params)
        current = KeyFile.read(self.layout.key_file)
        refuse_interrupted_wipe(self.layout.root)
        self._replace_key_file(KeyFile(self.workspace_id, wrap, current.recovery_wrap))

    def replace_keys(
        self, new_passphrase: str, *, params: keywrap.Argon2Params | None = None
    ) -> str:
        """A new passphrase and a new recovery code in one write of the key file (after a
        recovery): two writes would leave, if the second failed, the passphrase changed
        while the caller says nothing was."""
        wrap = wrap_passphrase(self.master_key, new_passphrase, params)
        code = keywrap.generate_recovery_code()
        recovery = keywrap.wrap_with_recovery_code(self.master_key, code)
        self._replace_key_file(KeyFile(self.workspace_id, wrap, recovery))
        return code

    def new_recovery_code(self) -> str:
        """Replace the recovery code (after one was used or exposed); the old one stops working."""
        code = keywrap.generate_recovery_code()
        self.set_recovery_code(code)
        return code

    def set_recovery_code(self, code: str) -> None:
        """Make ``code`` the recovery code, in one atomic write of the key file that keeps the
        passphrase wrap it holds now (one set meanwhile elsewhere included); the old code
        works until that write, and stops working with it. Not once an emergency wipe has
        begun (its marker): written after the wipe destroyed the key file, it would put a
        whole wrap of the master key back beside the database."""
        wrap = keywrap.wrap_with_recovery_code(self.master_key, code)
        current = KeyFile.read(self.layout.key_file)
        refuse_interrupted_wipe(self.layout.root)
        self._replace_key_file(KeyFile(self.workspace_id, current.passphrase_wrap, wrap))

    def _replace_key_file(self, key_file: KeyFile) -> None:
        """Replace ``keys.json``, never create it: where a wipe destroyed it after it was read,
        nothing is written (``KeyFile.replace``), and the wipe is named when its marker says so."""
        try:
            key_file.replace(self.layout.key_file)
        except WorkspaceNotFoundError:
            refuse_interrupted_wipe(self.layout.root)
            raise

    def refresh_vocabularies(self) -> None:
        """Put in force the vocabularies now stored here (after a transaction that stored one
        has committed: a rolled-back vocabulary must never validate a record)."""
        install_vocabularies(vocabularies_in_force(self.connection), holder=self.workspace_id)

    # -- closing ---------------------------------------------------------------------------
    def lock(self) -> None:
        """Close the database, overwrite the in-memory master key and let go of every key
        derived from it, and of the vocabularies this handle put in force."""
        if self._holds_vocabularies:
            self._holds_vocabularies = False
            release_vocabularies(self.workspace_id)
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
        if self._master_key is not None:
            self._master_key[:] = secrets.token_bytes(len(self._master_key))
            self._master_key = None
        # The keys derived from it go too: a locked workspace decrypts and signs nothing.
        # (Python cannot overwrite them in place; unreferenced, they are freed.)
        self._blobs = self._signing_key = self._custody = None
        if self._presence is not None:
            self._presence.release()
            self._presence = None

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *_: object) -> None:
        self.lock()

    def checkpoint(self) -> None:
        checkpoint(self.connection)

    def _sweep(self) -> None:
        """Remove what a crash may have left: temporary files and unreferenced blobs."""
        destroy_temporaries(self.layout.root)  # an old key file among them: destroyed
        remove_stale_temporaries(self.layout.blobs)  # ciphertext: removed
        self.blobs.remove_unreferenced(self.repository.blob_names())
        sweep_custodian_folder(self.connection, self.layout.root / CUSTODIAN_FOLDER)

    @staticmethod
    def wipe(root: Path) -> bool:
        """Emergency wipe (``wipe.wipe_workspace``): whether ``custodian/`` was left."""
        # Imported here: the wipe module takes this module's folder names.
        from fieldapp.workspace.wipe import wipe_workspace

        return wipe_workspace(root)
