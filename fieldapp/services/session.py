"""Opening and closing a workspace for the desktop app.

The UI holds the unlocked ``Workspace`` as an opaque handle: it passes it back to the services
and never reaches into its storage or keys.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crypto import keywrap
from crypto.errors import FormatError
from fieldapp.services.passphrase_strength import check_passphrase
from fieldapp.services.setup import work_factors
from fieldapp.workspace import Workspace, WorkspaceLayout, default_workspace_dir
from fieldapp.workspace.throttle import UnlockThrottle
from fieldapp.workspace.unconfirmed import is_unconfirmed
from fieldapp.workspace.workspace import refuse_interrupted_wipe
from fieldapp.workspace.workspace import wipe_interrupted as _wipe_interrupted


def default_root() -> Path:
    """``FIELDAPP_WORKSPACE``, or else the platform's user data folder."""
    return default_workspace_dir()


def unlock(root: Path, passphrase: str) -> Workspace:
    """The unlocked workspace at ``root`` (slow: Argon2id; run it off the GUI thread).

    Raises ``WorkspaceNotFoundError``, ``WrongPassphraseError``, ``UnlockThrottledError``,
    ``WorkspaceDamagedError`` or ``WipeInterruptedError``.
    """
    refuse_interrupted_wipe(root)  # a wipe cut before keys.json went: destroy it, not open it
    return Workspace.unlock(root, passphrase)


def workspace_exists(root: Path) -> bool:
    """Whether ``root`` holds a workspace (its key file): if not, the app shows the set-up.
    Ask ``wipe_interrupted`` first: a wipe cut in its first moments leaves the key file.
    A set-up cut before its recovery code was confirmed is none: the set-up starts over."""
    return WorkspaceLayout(root).exists() and not is_unconfirmed(root)


def wipe_interrupted(root: Path) -> bool:
    """Whether an emergency wipe of ``root`` began and was cut before it finished (a power
    cut, a killed process). Such a folder is no workspace to open or set up: the window offers
    to finish the wipe (``finish_wipe``), or to leave; beside a database without keys whose
    marker names a workspace, also the restore, which decides once its key has read the
    database's id (``backup.check_restore_folder``). A marker that
    is no regular file, or that names another workspace than an intact keys.json does, is not
    a wipe that began (it was planted, or left by something else) and changes nothing."""
    return _wipe_interrupted(root)


def finish_wipe(root: Path) -> bool:
    """Finish an emergency wipe that was cut midway (slow only on a large folder: run it off
    the GUI thread); whether an archive's ``custodian/`` folder was left (it survives a wipe by
    design: identities encrypted to the custodian alone, held nowhere else). Does nothing to a
    folder whose wipe did not begin (False): a button that says "finish" must never wipe a
    workspace nobody asked to wipe, nor one beside which a marker was merely planted."""
    if _wipe_interrupted(root):
        return Workspace.wipe(root)
    return False


def unlock_delay(root: Path) -> float:
    """Seconds before the next unlock attempt is allowed (0 when it is allowed now)."""
    return UnlockThrottle(WorkspaceLayout(root).unlock_counter).seconds_to_wait()


def unlock_with_recovery_code(root: Path, code: str) -> Workspace:
    """The unlocked workspace, opened with its recovery code (for a forgotten passphrase).

    Raises ``WrongRecoveryCodeError`` (a typo caught by the check characters costs no attempt),
    ``UnlockThrottledError``, ``WorkspaceNotFoundError``, ``WorkspaceDamagedError`` or
    ``WipeInterruptedError``.
    """
    refuse_interrupted_wipe(root)
    return Workspace.unlock_with_recovery_code(root, code)


def recovery_code_looks_mistyped(code: str) -> bool:
    """Whether the check characters show a typo (microseconds, and no attempt is counted):
    the screen can say "mistyped" rather than "wrong"."""
    try:
        keywrap.normalize_recovery_code(code)
    except FormatError:
        return True
    return False


def workspace_label(workspace: Workspace) -> str:
    """The label given at set-up: a word a guesser of the passphrase would try."""
    return workspace.repository.meta("label") or ""


def workspace_role(workspace: Workspace) -> str:
    """``interviewer`` (a field device) or ``archive`` (the coordinator's)."""
    return workspace.role.value


def workspace_fingerprint(workspace: Workspace) -> str:
    """The workspace's signing key fingerprint (``SHA256:…``), to read aloud."""
    return workspace.fingerprint


def replace_passphrase(
    workspace: Workspace, new_passphrase: str, *, key_params: object | None = None
) -> str:
    """After a recovery: set a new passphrase and return a new recovery code (slow: Argon2id).

    The used code has been typed somewhere, so it is replaced and stops working; the new one
    is shown once. A passphrase below the strength floor is refused before anything changes.
    """
    check_passphrase(new_passphrase, (workspace_label(workspace),))
    return workspace.replace_keys(new_passphrase, params=work_factors(key_params).argon2)


def lock(workspace: Workspace) -> None:
    """Close the database and forget the keys; calling it twice is harmless."""
    workspace.lock()


@contextmanager
def worker_handle(workspace: Workspace) -> Iterator[Workspace]:
    """A second handle on the same unlocked workspace, with its own database connection, for
    work on another thread (export, attach, record): SQLite connections are not shared between
    threads here, so a long export never interleaves with the list the window is reading.
    Locked again when the block ends."""
    handle = Workspace(workspace.layout, workspace.master_key, workspace.workspace_id)
    try:
        yield handle
    finally:
        handle.lock()
