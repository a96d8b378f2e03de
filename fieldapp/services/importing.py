"""Importing bundles into the archive: verify, decrypt, check, then apply all of it or nothing.

Order of work for one bundle: the container and its signature by an enrolled device (no secret
needed), that device's standing (unknown, revoked) and chain (the next sequence, chained to the
last imported manifest; the same bundle again is "already imported" and changes nothing);
then decryption with the archive's identities, the inner header against the manifest, every
record's canonical form and rules, every attachment's plaintext hash. All of it happens in one
transaction, taken before the records are read: each record is stored as soon as it is
checked (``import_records``), so an import holds a few records at a time whatever the bundle
carries, and the rules that span records ask the database, which holds the bundle's records
by then, uncommitted. A bundle refused at any step leaves the archive exactly as it was. The
archive's write lock is held for the whole import: another import waits for it as long as it
takes (or until cancelled), so the same bundle imported twice at once is imported by one and
"already imported" for the other; any other change to the archive waits up to the busy timeout
(5 s) and then fails with ``WorkspaceBusyError``, changing nothing.

Every member's SHA-256 against the signed manifest is computed on another thread from the
moment the signature is checked, in file order; each member is decrypted only once its own
hash is confirmed (``bundle_reader``), so the records are checked and the first attachments
stored while later ones are still being hashed. Nothing commits, and no bundle is called
"already imported", before every member is confirmed; a refusal for any other reason gives way
to a member's refusal, so the reason is the one checking every member first would give.
"""

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from fieldapp.domain import CustodyKind
from fieldapp.errors import (
    FULL_DISK_ERRNOS,
    BundleRejectedError,
    FieldappError,
    StorageFullError,
)
from fieldapp.progress import CancelToken, ProgressCallback, split_progress
from fieldapp.services import import_chain, office_withdrawals
from fieldapp.services.custodian_manifests import MANIFEST_SUFFIX, SIGNATURE_SUFFIX
from fieldapp.services.event_signatures import EventSignatures
from fieldapp.services.import_blobs import BlobStoring
from fieldapp.services.import_records import REJECTED_CONFLICT, RecordStream
from fieldapp.services.import_report import NOT_TRIED as NOT_TRIED
from fieldapp.services.import_report import STOPPED as STOPPED
from fieldapp.services.import_report import AllowedAgain as AllowedAgain
from fieldapp.services.import_report import ImportReport
from fieldapp.services.import_versions import check_versions
from fieldapp.sync.bundle_reader import (
    OpenedBundle,
    copy_member,
    open_bundle_checking,
    read_records,
)
from fieldapp.sync.bundle_verify import IDENTITIES_NAME
from fieldapp.workspace import Role, Workspace, chain_state
from fieldapp.workspace import import_state as state
from fieldapp.workspace.custodian_folder import (
    CUSTODIAN_FILE_MODE,
    CUSTODIAN_FOLDER_MODE,
    finish_identities_file,
    staged_identities_path,
)
from fieldapp.workspace.database import IntegrityError, transaction
from fieldapp.workspace.files import open_regular
from fieldapp.workspace.workspace import CUSTODIAN_FOLDER

__all__ = [
    "REJECTED_CONFLICT",
    "AllowedAgain",
    "ImportReport",
    "NotAnArchiveError",
    "import_bundle",
]


#: A bundle given as something other than a regular file (a named pipe, a device, a folder).
REJECTED_NOT_A_FILE = "it is not a regular file"
#: A bundle whose file could not be opened: the system's words for why (``strerror``).
REJECTED_UNREADABLE = "its file cannot be read ({error})"
REJECTED_SAME_ID = "its id is the id of another bundle the archive holds"


class NotAnArchiveError(FieldappError):
    """Only an archive workspace imports bundles."""


class CustodianFolderNotAFolderError(FieldappError):
    """The archive's custodian folder is a link or not a folder; nothing was imported."""

    hint = "Make the archive's custodian folder a plain folder inside the archive again."


def import_bundles(
    ws: Workspace,
    paths: Iterable[Path],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[ImportReport]:
    """Import each bundle in turn, each in its own transaction; one refusal stops no other.

    An error that is not the bundle's (a cancel, a full disk) stops the run there: the bundles
    before it stay imported, each committed on its own, and the reports say so — that one as
    ``stopped`` with the error's sentence, the rest as ``not tried``. ``progress`` follows the
    whole run, each bundle weighing its file's size."""
    if ws.role is not Role.ARCHIVE:
        raise NotAnArchiveError()
    reports: list[ImportReport] = []
    waiting = list(paths)
    parts = split_progress([_file_size(path) for path in waiting], progress or _ignore)
    while waiting:
        path, part = waiting.pop(0), parts.pop(0)
        try:
            reports.append(import_bundle(ws, path, progress=part, cancel=cancel))
            part(1, 1)  # a bundle refused before its members were read reported nothing
        except (FieldappError, OSError) as stopped:
            reason = stopped.message if isinstance(stopped, FieldappError) else _os_text(stopped)
            reports.append(ImportReport(str(path), outcome=STOPPED, reason=reason))
            reports += [ImportReport(str(rest), outcome=NOT_TRIED) for rest in waiting]
            break
    return reports


def import_bundle(
    ws: Workspace,
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    report = ImportReport(str(path))
    try:
        file = open_regular(path)  # a named pipe would block here for good, cancel or not
    except OSError as failure:  # the bundle's file, before anything was done
        return report.refused(
            BundleRejectedError(REJECTED_UNREADABLE, args={"error": _os_text(failure)})
        )
    if file is None:
        return report.refused(BundleRejectedError(REJECTED_NOT_A_FILE))
    try:
        with file:
            keys = state.device_keys(ws.connection)
            # The members are hashed on another thread while this one checks the chain and
            # the records, and each attachment is taken as soon as its own hash is confirmed.
            with open_bundle_checking(file, keys, progress=progress, cancel=cancel) as bundle:
                report.device, report.sequence = bundle.device, bundle.sequence
                report.outcome = _import_opened(ws, bundle, report, cancel)
    except BundleRejectedError as refusal:
        # Counted while its records were stored, all rolled back: a refused bundle did nothing.
        report = ImportReport(str(path), device=report.device, sequence=report.sequence).refused(
            refusal
        )
    except OSError as failure:
        # The archive's disk, not the bundle: everything this import wrote is already removed.
        if failure.errno in FULL_DISK_ERRNOS:
            raise StorageFullError() from None
        raise
    return report


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # its import says why it cannot be read; it weighs nothing meanwhile
        return 0


def _ignore(_done: int, _total: int) -> None:
    pass


def _os_text(failure: OSError) -> str:
    """The system's words for a failure (never a record's content)."""
    return failure.strerror or type(failure).__name__


def _import_opened(
    ws: Workspace, bundle: OpenedBundle, report: ImportReport, cancel: CancelToken | None
) -> str:
    try:
        if not _apply(ws, bundle, report, cancel):
            # Only a copy whose every member is as signed is the same bundle again.
            bundle.confirm_all()
            return "already imported"
    except BundleRejectedError:
        # A member not as signed is the reason, as when every member was checked first.
        bundle.confirm_all()
        raise
    return "imported"


def _apply(
    ws: Workspace, bundle: OpenedBundle, report: ImportReport, cancel: CancelToken | None
) -> bool:
    """Import the bundle; False if the archive has it already (nothing changed)."""
    staged: list[tuple[Path, Path]] = []
    # Another import holding the write lock is waited for, however long it takes (a cancel
    # stops the wait): imports queue behind each other rather than fail.
    with transaction(ws.connection, keep_waiting=_waiting(cancel)):
        # Inside the write lock, before anything is read: no other import of the same bundle
        # can finish while this one reads and stores its records.
        if import_chain.already_imported(ws, bundle):
            return False
        # What consent versions supersede of the office's withdrawals before this bundle, so
        # that the report names those it gives way to (a few rows: only those sent to it).
        superseded = office_withdrawals.superseded(ws, bundle.device)
        identities = state.archive_identities(ws.connection)
        # The attachments are checked and stored on threads of their own from here on, while
        # this one reads, checks and stores the records; what they write is kept only if the
        # transaction commits, once every file is durable under its final name.
        # Made before the attachment threads start: nothing can then fail between the two.
        signatures = EventSignatures(import_chain.device_key(bundle))
        try:
            storing = BlobStoring(ws, bundle, identities)
        except BaseException:
            signatures.close()
            raise
        try:
            _store_records(ws, bundle, report, storing, signatures, identities)
            report.custody_events = len(signatures)
            report.allowed_again = office_withdrawals.allowed_again(ws, bundle.device, superseded)
            if bundle.has(IDENTITIES_NAME):
                _stage_identities(ws, bundle, staged)
            bundle.confirm_all()  # nothing is committed before every member is confirmed
            _record_bundle(ws, bundle, bool(staged))
            import_chain.confirm_signed(signatures)
            storing.finish()  # before the commit: no record names a file not yet durable
        except BaseException as failure:
            # Only what this import made is removed: never a file another bundle owns.
            storing.abort()
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            if isinstance(failure, IntegrityError):
                raise BundleRejectedError(REJECTED_CONFLICT) from None
            raise
        finally:
            signatures.close()
    # After the commit: a crash before these renames is finished by the next unlock's sweep. The
    # manifest's files first, so that a kept file never stands without them.
    for temporary, final in staged:
        finish_identities_file(temporary, final)
    report.identities = bool(staged)
    return True


def _waiting(cancel: CancelToken | None) -> Callable[[], None]:
    def keep_waiting() -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()

    return keep_waiting


def _store_records(
    ws: Workspace,
    bundle: OpenedBundle,
    report: ImportReport,
    storing: BlobStoring,
    signatures: EventSignatures,
    identities: list[str],
) -> None:
    """Every record read, checked and stored, then the rules that span them; refused (the
    transaction rolled back by the caller) at the first that fails, a record that differs
    from the archive's copy last, as when every check came before anything was stored."""
    after = chain_state.last_source(ws.connection)
    custody = import_chain.CustodyCheck(ws, bundle, signatures)
    stream = RecordStream(ws, bundle, report, storing, custody, after)
    for kind, item, body in read_records(bundle, identities):
        stream.take(kind, item, body)
    stream.finish()
    check_versions(ws, bundle, after)
    if state.bundle_id_known(ws.connection, bundle.verified.manifest.bundle_id):
        raise BundleRejectedError(REJECTED_SAME_ID)
    storing.names()
    if stream.conflict is not None:
        raise stream.conflict


def _record_bundle(ws: Workspace, bundle: OpenedBundle, identities: bool) -> None:
    manifest = bundle.verified.manifest
    state.record_bundle(
        ws.connection,
        device=bundle.device,
        sequence=bundle.sequence,
        bundle_id=manifest.bundle_id,
        digest=bundle.verified.digest,
        created_at=manifest.created_at.isoformat(),
        identities_blob=_identities_name(bundle) if identities else None,
        custody_head=manifest.custody_head,
    )
    import_chain.finish_custody(ws, bundle)
    ws.custody.append(CustodyKind.IMPORT, bundle.verified.digest, bundle_id=manifest.bundle_id)


def _custodian_folder(ws: Workspace) -> Path:
    folder = ws.layout.root / CUSTODIAN_FOLDER
    try:
        found = folder.lstat()
    except FileNotFoundError:
        folder.mkdir(mode=CUSTODIAN_FOLDER_MODE)
        return folder
    # A link would carry the witnesses' identities, and the unlock's sweep, out of the archive.
    if not stat.S_ISDIR(found.st_mode):
        raise CustodianFolderNotAFolderError()
    return folder


def _identities_name(bundle: OpenedBundle) -> str:
    return f"{bundle.verified.manifest.bundle_id}.age"


def _stage_identities(ws: Workspace, bundle: OpenedBundle, staged: list[tuple[Path, Path]]) -> None:
    """identities.age is kept as it came (only the custodian can open it, never the archive),
    with the bundle's manifest.json and manifest.sig as they came (public: names, sizes,
    hashes, recipients), so the custodian can check it is the file its device signed. Each is
    under a temporary name until the import commits; ``staged`` gets each (temporary, final)
    pair as soon as its file exists, for the caller to remove or finish."""
    bundle.confirm(IDENTITIES_NAME)
    folder = _custodian_folder(ws)
    stem = str(bundle.verified.manifest.bundle_id)
    raw, signature = bundle.verified.manifest_bytes, bundle.verified.signature.encode("ascii")
    _stage(folder, stem + MANIFEST_SUFFIX, staged, lambda write: write(raw))
    _stage(folder, stem + SIGNATURE_SUFFIX, staged, lambda write: write(signature))
    _stage(
        folder,
        _identities_name(bundle),
        staged,
        lambda write: copy_member(bundle, IDENTITIES_NAME, write),
    )


def _stage(
    folder: Path,
    final_name: str,
    staged: list[tuple[Path, Path]],
    fill: Callable[[Callable[[bytes], object]], None],
) -> None:
    temporary = staged_identities_path(folder, final_name)
    # Owner-only, as every file of the workspace: the umask's 0644 would let any user of the
    # machine copy every witness's identity away for a later attack on the custodian.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, CUSTODIAN_FILE_MODE)
    staged.append((temporary, folder / final_name))  # removed by the caller if anything fails
    with os.fdopen(fd, "wb") as handle:
        fill(handle.write)
        handle.flush()
        os.fsync(handle.fileno())
