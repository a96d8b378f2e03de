"""The work of ``KeyRestoreDialog``'s steps, run off the GUI thread (``ui.workers``): checking a
key backup or the shares, then writing the restored keys and opening the workspace.

Each builder takes copies of what the dialog held (its fields are cleared before the work
starts) and returns the function a ``Worker`` runs; none touches a widget.
"""

from collections.abc import Callable
from pathlib import Path

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import backup, key_shares, session, setup, setup_checks


def check_backup_work(
    path: Path, secret: str, root: Path
) -> Callable[[ProgressCallback, CancelToken], backup.OpenedBackup]:
    """Open the backup at ``path`` and check that it opens the copy at ``root``."""

    def check(_progress: ProgressCallback, cancel: CancelToken) -> backup.OpenedBackup:
        opened = backup.check_key_backup(path, secret, root)
        cancel.raise_if_cancelled()  # scrypt cannot stop half-way; its result is dropped
        return opened

    return check


def check_shares_work(
    lines: list[str], root: Path
) -> Callable[[ProgressCallback, CancelToken], None]:
    """Check that the shares typed so far open the copy at ``root``."""

    def check(_progress: ProgressCallback, cancel: CancelToken) -> None:
        key_shares.check_shares(lines, root)
        cancel.raise_if_cancelled()

    return check


def restore_work(
    root: Path,
    secret: str,
    factors: setup.WorkFactors,
    opened: backup.OpenedBackup | None,
    lines: list[str],
    held: list[object],
) -> Callable[[ProgressCallback, CancelToken], str]:
    """Write the keys from ``opened`` (a checked backup) or else from ``lines`` (checked shares)
    under the new passphrase ``secret``; the new recovery code. The workspace, unlocked, goes
    into ``held``."""

    def restore(_progress: ProgressCallback, _cancel: CancelToken) -> str:
        # With the label, which only the keys can read.
        weigh = setup_checks.check_new_passphrase
        if opened is not None:
            code = backup.write_restored_keys(
                root,
                opened.master_key,
                opened.workspace_id,
                secret,
                params=factors.argon2,
                check_new_passphrase=weigh,
            )
        else:
            code = key_shares.restore_keys_from_shares(
                lines, root, secret, params=factors.argon2, check_new_passphrase=weigh
            )
        # Opened now, so that the passphrase waits nowhere for the code's read-back; held
        # where the dialog finds it even if it closes before this result arrives.
        held.append(session.unlock(root, secret))
        return code

    return restore
