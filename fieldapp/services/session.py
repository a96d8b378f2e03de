"""Opening and closing a workspace for the desktop app.

The UI holds the unlocked ``Workspace`` as an opaque handle: it passes it back to the services
and never reaches into its storage or keys.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fieldapp.workspace import Workspace, default_workspace_dir


def default_root() -> Path:
    """``FIELDAPP_WORKSPACE``, or else the platform's user data folder."""
    return default_workspace_dir()


def unlock(root: Path, passphrase: str) -> Workspace:
    """The unlocked workspace at ``root`` (slow: Argon2id; run it off the GUI thread).

    Raises ``WorkspaceNotFoundError``, ``WrongPassphraseError``, ``UnlockThrottledError`` or
    ``WorkspaceDamagedError``.
    """
    return Workspace.unlock(root, passphrase)


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
