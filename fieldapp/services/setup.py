"""Creating a workspace for a role, as the first-run set-up does: a field device, or the archive
with its custodian file.

The order is the CLI's (``fieldapp init``): every check first, then the workspace, with the
archive keys and the custodian file stored before its key file exists (an archive must never
exist whose custodian identity failed to reach the disk, nor one without its keys). What fails
part-way is undone here, so that a refused or failed set-up leaves nothing behind: no folder
that was not there, no custodian file, no database without keys.

A new workspace is unconfirmed (``fieldapp.workspace.unconfirmed``) until ``confirm_setup``,
once the person has the recovery code: a set-up cut before then (a power cut while the code is
on screen) leaves no workspace, and the next set-up in that folder starts over
(``clear_unfinished_setup``, run by ``create_workspace``: only once the person asked to create,
and only for a marker that matches what it would remove).
"""

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from crypto import keywrap
from fieldapp.errors import (
    FieldappError,
    FolderNotFoundError,
    ValidationFailedError,
    WorkspaceBusyError,
)
from fieldapp.services import archive, enrolment
from fieldapp.services.setup_checks import (
    WorkspaceNotWritableError,
    check_custodian_file,
    check_custodian_passphrase,
    check_label,
    check_new_folder,
    check_new_passphrase,
)
from fieldapp.workspace import Role, Workspace, WorkspaceLayout, unconfirmed
from fieldapp.workspace.database import Connection
from fieldapp.workspace.repository import Repository
from fieldapp.workspace.workspace import SETUP_MARKER, Initialiser

#: The roles the set-up offers: an auditor needs no workspace (verification uses no secret).
SETUP_ROLES = (Role.INTERVIEWER, Role.ARCHIVE)
#: The roles by name, for the UI (which does not import the workspace package).
INTERVIEWER = Role.INTERVIEWER
ARCHIVE = Role.ARCHIVE
REQUEST_FILE_PREFIX = "enrolment-request-"

#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
FIELD_OR_ARCHIVE = "Set-up makes a field device or an archive only."
ARCHIVE_NEEDS_CUSTODIAN = "An archive needs a custodian file and its passphrase."
ONLY_AN_ARCHIVE_HAS_A_CUSTODIAN = "Only an archive has a custodian."


class SetupMarkerNotHonouredError(FieldappError):
    """This folder holds a workspace that its leftover set-up marker does not match, so the
    set-up did not start over; the workspace was kept as it is."""

    hint = "Unlock the workspace in this folder, or choose another folder for a new one."


class RequestNotWrittenError(FieldappError):
    """The enrolment request could not be written to this folder."""

    hint = "Check that the drive is connected and writable, then write the request again."


@dataclass(frozen=True)
class WorkFactors:
    """The costs of the key derivations: Argon2id for the passphrase, scrypt (log2 N) for the
    custodian file. Tests lower both; the defaults are the real ones."""

    argon2: keywrap.Argon2Params | None = None  # None: keywrap.DEFAULT_PARAMS, when used
    custodian_scrypt: int | None = None  # None: archive.CUSTODIAN_WORK_FACTOR, when used


def work_factors(key_params: object | None) -> WorkFactors:
    """The work factors from what the UI holds without knowing its type: None (the real ones),
    Argon2 parameters (``keywrap.TEST_PARAMS``), or ``WorkFactors``."""
    if key_params is None:
        return WorkFactors()
    if isinstance(key_params, WorkFactors):
        return key_params
    if isinstance(key_params, keywrap.Argon2Params):
        return WorkFactors(argon2=key_params)
    raise TypeError("key_params must be Argon2Params or WorkFactors")


@dataclass(frozen=True)
class CustodianOptions:
    """For an archive: where the custodian file goes, and the custodian's own passphrase."""

    file: Path
    passphrase: str
    classic: bool = False  # X25519 instead of the post-quantum hybrid, for age before 1.3


@dataclass(frozen=True)
class SetupResult:
    workspace: Workspace
    #: Shown once, then dropped by the caller.
    recovery_code: str
    fingerprint: str
    custodian_file: Path | None


def create_workspace(
    root: Path,
    role: Role | str,
    passphrase: str,
    *,
    label: str = "",
    custodian: CustodianOptions | None = None,
    key_params: object | None = None,
) -> SetupResult:
    """A new workspace at ``root`` for ``role``, unlocked and unconfirmed until
    ``confirm_setup`` (slow: Argon2id, and scrypt for a custodian file; run it off the GUI
    thread). An unfinished set-up found at ``root`` is removed first: this one starts over."""
    factors = work_factors(key_params)
    role = Role(role)
    clear_unfinished_setup(root)  # before the checks: its custodian file may be chosen again
    _check(root, role, passphrase, label, custodian)
    plan = None
    if custodian is not None:
        plan = archive.prepare_archive(
            classic=custodian.classic,
            custodian_out=custodian.file,
            custodian_passphrase=custodian.passphrase,
            work_factor=factors.custodian_scrypt,
            deferred=True,  # written by the workspace's creation, before its key file
        )
    ws, code = create_or_clean_up(root, role, passphrase, label, factors.argon2, plan=plan)
    return SetupResult(ws, code, ws.fingerprint, None if plan is None else plan.custodian_file)


def clear_unfinished_setup(root: Path) -> bool:
    """Remove a set-up cut before its recovery code was confirmed (False if ``root`` holds
    none): its files, and the custodian file it wrote if unchanged. Nothing was recorded there.
    Only as part of a set-up the person started (never on opening a window). Raises
    ``SetupMarkerNotHonouredError`` for a marker that does not match the workspace beside it
    (left or planted in a workspace in use: nothing is removed), and ``WorkspaceBusyError``
    while another window still shows that set-up's code."""
    if unconfirmed.remove_unconfirmed(root):
        return True
    layout = WorkspaceLayout(root)
    if unconfirmed.marker_present(root) and any(
        os.path.lexists(path) for path in (layout.key_file, layout.database)
    ):
        raise SetupMarkerNotHonouredError()
    return False


def setup_unfinished(root: Path) -> bool:
    """Whether ``root`` holds a set-up cut before its recovery code was confirmed."""
    return unconfirmed.is_unconfirmed(root)


def unfinished_custodian_file(root: Path) -> Path | None:
    """The custodian file a set-up cut in ``root`` wrote and starting over removes (so that
    its name may be chosen again); None if there is none."""
    return unconfirmed.outside_file(root)


def confirm_setup(root: Path) -> None:
    """The person has the recovery code (read back, or printed): keep the workspace."""
    unconfirmed.confirm(root)


def _check(
    root: Path, role: Role, passphrase: str, label: str, custodian: CustodianOptions | None
) -> None:
    if role not in SETUP_ROLES:
        raise ValidationFailedError(FIELD_OR_ARCHIVE)
    check_new_folder(root)
    check_label(label)
    check_new_passphrase(passphrase, label)
    if role is Role.ARCHIVE and custodian is None:
        raise ValidationFailedError(ARCHIVE_NEEDS_CUSTODIAN)
    if role is not Role.ARCHIVE and custodian is not None:
        raise ValidationFailedError(ONLY_AN_ARCHIVE_HAS_A_CUSTODIAN)
    if custodian is None:
        return
    check_custodian_passphrase(custodian.passphrase, passphrase, label)
    check_custodian_file(root, custodian.file)


def create_or_clean_up(
    root: Path,
    role: Role,
    passphrase: str,
    label: str = "",
    params: keywrap.Argon2Params | None = None,
    *,
    plan: archive.ArchivePlan | None = None,
) -> tuple[Workspace, str]:
    """``Workspace.create`` (no checks; the caller made them), unconfirmed until
    ``confirm_setup``, with an archive's keys and custodian file from ``plan`` stored before
    its key file; undone if it fails part-way: a failed set-up leaves no marker, blobs/,
    custodian file or folder of its own behind."""
    existed = root.exists()
    initialise = None
    if plan is not None:
        initialise = _archive_initialiser(plan)
    try:
        return Workspace.create(
            root,
            passphrase,
            role,
            label=label,
            params=params,
            setup_note=_setup_note(plan),
            initialise=initialise,
        )
    except _CustodianNotWritten as failed:
        _undo(root, existed, plan)
        raise failed.error from None  # said as the drive's failure, not the workspace's
    except OSError as error:
        _undo(root, existed, plan)
        raise WorkspaceNotWritableError() from error
    except BaseException:
        _undo(root, existed, plan)
        raise


class _CustodianNotWritten(Exception):  # noqa: N818 - carries the OSError out of the creation
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error


def _archive_initialiser(plan: archive.ArchivePlan) -> Initialiser:
    def initialise(connection: Connection, repository: Repository) -> None:
        try:
            # Looked up at each call: a test puts a failure here.
            archive.store_archive_keys(connection, repository, plan)
        except OSError as error:
            raise _CustodianNotWritten(error) from error

    return initialise


def _setup_note(plan: archive.ArchivePlan | None) -> dict[str, str]:
    """The marker's note: where the custodian file goes, so that starting over removes it."""
    if plan is None or plan.custodian_file is None or plan.custodian_bytes is None:
        return {}
    return {
        unconfirmed.NOTE_OUTSIDE_FILE: str(plan.custodian_file.absolute()),
        unconfirmed.NOTE_OUTSIDE_SHA256: plan.custodian_digest,
    }


def _undo(root: Path, existed: bool, plan: archive.ArchivePlan | None) -> None:
    """Remove what a failed creation made: an unconfirmed set-up's files and the custodian
    file it wrote (only if unchanged), or an older creation's leftovers."""
    if plan is not None and plan.custodian_file is not None:
        unconfirmed.remove_if_unchanged(plan.custodian_file, plan.custodian_digest)
    # Not while another window's set-up holds the folder: that one is not ours to remove.
    with contextlib.suppress(WorkspaceBusyError, OSError):
        unconfirmed.remove_unconfirmed(root)
    _remove_leftovers(root, existed)


def _remove_leftovers(root: Path, existed: bool) -> None:
    """Undo a creation that failed before its key file was written: its database is still at
    the set-up's own name, never opened, so removing it loses nothing."""
    layout = WorkspaceLayout(root)
    # A database at the real name without keys is a copy awaiting 'keys restore' (the set-up
    # moves its own there only after its key file, R2-5); with a key file it is a workspace.
    # Neither is touched, nor the markers and blobs/ beside them.
    if not layout.exists() and not os.path.lexists(layout.database):
        unconfirmed.remove_setup_leftovers(root)
        _remove_unopenable(layout, root / SETUP_MARKER)
    if not existed:
        with contextlib.suppress(OSError):
            root.rmdir()  # only if empty: nothing of anyone else's is removed


def _remove_unopenable(layout: WorkspaceLayout, marker: Path) -> None:
    for path in (*layout.database_companions()[1:], marker):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    _remove_empty_folders(layout.blobs)


def _remove_empty_folders(folder: Path) -> None:
    """Remove ``folder`` if it holds only empty folders (what a set-up makes): a file under it
    is someone's."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for child in folder.iterdir():
        _remove_empty_folders(child)
    with contextlib.suppress(OSError):
        folder.rmdir()


def write_enrolment_request(ws: Workspace, folder: Path) -> Path:
    """Write this device's enrolment request into ``folder`` (a drive for the coordinator);
    returns the file. Its name holds the fingerprint's start, so that requests of several
    devices can share one drive; writing it again replaces this device's own."""
    short = "".join(c for c in ws.fingerprint.removeprefix("SHA256:") if c.isalnum())[:8]
    path = folder / f"{REQUEST_FILE_PREFIX}{short}.json"
    try:
        enrolment.write_request(ws, path)
    except (OSError, FolderNotFoundError) as error:  # a stick pulled out, or its folder gone
        raise RequestNotWrittenError() from error
    return path


def discard_workspace(ws: Workspace, custodian_file: Path | None = None) -> None:
    """Undo a set-up abandoned before its recovery code was confirmed: the new workspace holds
    nothing yet, and keeping it would leave a workspace whose code no one wrote down."""
    root = ws.layout.root
    ws.lock()
    if not unconfirmed.remove_unconfirmed(root):  # its files, and its custodian file if unchanged
        Workspace.wipe(root)  # one made before set-ups were confirmed
        if custodian_file is not None:
            custodian_file.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        root.rmdir()  # only if empty
