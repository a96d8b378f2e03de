"""Importing bundles into the archive: verify, decrypt, check, then apply all of it or nothing.

Order of work for one bundle: the container and its signature by an enrolled device (no secret
needed), that device's standing (unknown, revoked) and chain (the next sequence, chained to the
last imported manifest; the same bundle again is "already imported" and changes nothing);
then decryption with the archive's identities, the inner header against the manifest, every
record's canonical form, every attachment's plaintext hash; then one transaction. A bundle
refused at any step leaves the archive exactly as it was.

Every member's SHA-256 against the signed manifest is computed on another thread from the
moment the signature is checked, in file order; each member is decrypted only once its own
hash is confirmed (``bundle_reader``), so the records are checked and the first attachments
stored while later ones are still being hashed. Nothing commits, and no bundle is called
"already imported", before every member is confirmed; a refusal for any other reason gives way
to a member's refusal, so the reason is the one checking every member first would give.
"""

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    CustodyKind,
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_hash,
    mark_archived,
    mark_exported,
)
from fieldapp.errors import (
    FULL_DISK_ERRNOS,
    BundleRejectedError,
    FieldappError,
    RecordNotFoundError,
    StorageFullError,
)
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import import_chain, import_rules, import_waiting
from fieldapp.services.event_signatures import EventSignatures
from fieldapp.services.import_blobs import REJECTED_UNMATCHED, BlobStoring
from fieldapp.sync.bundle_reader import (
    OpenedBundle,
    copy_member,
    open_bundle_checking,
    read_records,
)
from fieldapp.sync.bundle_verify import IDENTITIES_NAME, blob_name
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import import_state as state
from fieldapp.workspace.database import IntegrityError, transaction
from fieldapp.workspace.workspace import CUSTODIAN_FOLDER

REJECTED_CONFLICT = "a record it carries conflicts with the archive's copy"


class NotAnArchiveError(FieldappError):
    """Only an archive workspace imports bundles."""


@dataclass
class ImportReport:
    """What one bundle did to the archive, in words a coordinator reads."""

    path: str
    outcome: str = "refused"  # imported | already imported | refused
    reason: str | None = None
    device: str | None = None
    sequence: int | None = None
    testimonies: int = 0
    amendments: int = 0
    consents: int = 0
    withdrawals: int = 0
    attachments: int = 0
    identities: bool = False
    withdrawn_scopes: list[str] = field(default_factory=list)
    #: Consents and withdrawals this bundle carried for a testimony only a lost bundle carried:
    #: kept, waiting for it (``import_waiting``).
    waiting: int = 0
    #: Consents and withdrawals received earlier that took effect with their testimony, now
    #: here (counted in ``consents`` and ``withdrawals`` too).
    released: int = 0
    #: Consents and withdrawals other devices sent earlier for a testimony this bundle brought
    #: first: removed without effect, since the testimony is this device's.
    discarded_waiting: int = 0


@dataclass
class _Contents:
    testimonies: list[Testimony] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    withdrawals: list[ConsentWithdrawal] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    events: list[SignedEvent] = field(default_factory=list)


def import_bundles(
    ws: Workspace,
    paths: Iterable[Path],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[ImportReport]:
    """Import each bundle in turn, each in its own transaction; one refusal stops no other."""
    if ws.role is not Role.ARCHIVE:
        raise NotAnArchiveError()
    return [import_bundle(ws, path, progress=progress, cancel=cancel) for path in paths]


def import_bundle(
    ws: Workspace,
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    report = ImportReport(str(path))
    try:
        with path.open("rb") as file:
            keys = state.device_keys(ws.connection)
            # The members are hashed on another thread while this one checks the chain and
            # the records, and each attachment is taken as soon as its own hash is confirmed.
            with open_bundle_checking(file, keys, progress=progress, cancel=cancel) as bundle:
                report.device, report.sequence = bundle.device, bundle.sequence
                report.outcome = _import_opened(ws, bundle, report)
    except BundleRejectedError as refusal:
        report.reason = refusal.reason
    except OSError as failure:
        # The archive's disk, not the bundle: everything this import wrote is already removed.
        if failure.errno in FULL_DISK_ERRNOS:
            raise StorageFullError() from None
        raise
    return report


def _import_opened(ws: Workspace, bundle: OpenedBundle, report: ImportReport) -> str:
    try:
        if _already_imported(ws, bundle) or not _apply(ws, bundle, report):
            # Only a copy whose every member is as signed is the same bundle again.
            bundle.confirm_all()
            return "already imported"
    except BundleRejectedError:
        # A member not as signed is the reason, as when every member was checked first.
        bundle.confirm_all()
        raise
    return "imported"


def _already_imported(ws: Workspace, bundle: OpenedBundle) -> bool:
    """True for the same bundle again; raises for any bundle that does not fit its chain
    (``import_chain``: the next one, one after a gap the coordinator accepted, or a found one)."""
    return import_chain.already_imported(ws, bundle)


def _read_contents(
    bundle: OpenedBundle, identities: list[str], signatures: EventSignatures
) -> _Contents:
    """Every record of the payload, sorted by kind; each custody event's signature is checked
    on another thread from the moment it is read."""
    contents = _Contents()
    sorts = {
        "testimony": contents.testimonies,
        "consent": contents.consents,
        "withdrawal": contents.withdrawals,
        "attachment": contents.attachments,
        "custody": contents.events,
    }
    for kind, item in read_records(bundle, identities):
        sorts[kind].append(item)  # type: ignore[arg-type]
        if kind == "custody":
            signatures.add(item)  # type: ignore[arg-type]
    return contents


def _apply(ws: Workspace, bundle: OpenedBundle, report: ImportReport) -> bool:
    """Import the bundle; False if another import of it finished first (nothing changed)."""
    identities = state.archive_identities(ws.connection)
    # The attachments are checked and stored on threads of their own from here on, while this
    # one reads and checks the records; what they write is kept only if the transaction
    # commits, once every file is durable under its final name.
    storing = BlobStoring(ws, bundle, identities)
    signatures = EventSignatures(import_chain.device_key(bundle))
    staged: Path | None = None
    try:
        contents = _read_contents(bundle, identities, signatures)
        storing.expect(contents.attachments)
        _check_contents(ws, bundle, contents)
        _check_new_bundle_id(ws, bundle)
        blob_names = storing.names()
        if bundle.has(IDENTITIES_NAME):
            staged = _stage_identities(ws, bundle)
        bundle.confirm_all()  # nothing is committed before every member is confirmed
        with transaction(ws.connection):
            # Again inside the write lock: another import of the same bundle may have finished
            # while this one was checking and copying.
            if _already_imported(ws, bundle):
                raise _ImportedMeanwhile()
            _check_new_bundle_id(ws, bundle)
            _store_records(ws, bundle, contents, blob_names, report)
            state.record_bundle(
                ws.connection,
                device=bundle.device,
                sequence=bundle.sequence,
                bundle_id=bundle.verified.manifest.bundle_id,
                digest=bundle.verified.digest,
                created_at=bundle.verified.manifest.created_at.isoformat(),
                identities_blob=_identities_name(bundle) if staged else None,
                custody_head=bundle.verified.manifest.custody_head,
            )
            import_chain.store_custody(ws, bundle, contents.events)
            ws.custody.append(
                CustodyKind.IMPORT,
                bundle.verified.digest,
                bundle_id=bundle.verified.manifest.bundle_id,
            )
            import_chain.confirm_signed(contents.events, signatures)
            storing.finish()  # before the commit: no record names a file not yet durable
    except BaseException as failure:
        # Only what this import made is removed: never a file another bundle owns.
        storing.abort()
        if staged is not None:
            staged.unlink(missing_ok=True)
        if isinstance(failure, _ImportedMeanwhile):
            return False
        if isinstance(failure, IntegrityError):
            raise BundleRejectedError(REJECTED_CONFLICT) from None
        raise
    finally:
        signatures.close()
    if staged is not None:
        # After the commit: a crash before this rename is finished by the next unlock's sweep.
        state.finish_identities_file(staged, _custodian_folder(ws) / _identities_name(bundle))
    report.identities = staged is not None
    return True


class _ImportedMeanwhile(Exception):  # noqa: N818 - a signal inside this module, not an error
    pass


def _check_new_bundle_id(ws: Workspace, bundle: OpenedBundle) -> None:
    if state.bundle_id_known(ws.connection, bundle.verified.manifest.bundle_id):
        raise BundleRejectedError("its id is the id of another bundle the archive holds")


def _check_contents(ws: Workspace, bundle: OpenedBundle, contents: _Contents) -> None:
    in_bundle = {t.id for t in contents.testimonies}
    for testimony in contents.testimonies:
        if testimony.status not in (RecordStatus.SEALED, RecordStatus.EXPORTED):
            raise BundleRejectedError("it carries a record that was never sealed")
    for attachment in contents.attachments:
        if attachment.testimony_id not in in_bundle and not _known(ws, attachment.testimony_id):
            raise BundleRejectedError(import_waiting.REJECTED_LACKING)
    # A consent or withdrawal may come before its testimony only after an accepted gap.
    waiting = import_waiting.lacking(
        ws, bundle, [*contents.consents, *contents.withdrawals], in_bundle
    )
    # A testimony belongs to the device that recorded it: another device may neither amend it
    # nor withdraw, add or attach anything to it.
    touched = in_bundle | {
        r.testimony_id for r in [*contents.consents, *contents.withdrawals, *contents.attachments]
    }
    for testimony_id in touched:
        owner = state.testimony_owner(ws.connection, testimony_id)
        if owner is not None and owner != bundle.device:
            raise BundleRejectedError("it changes a testimony recorded by another device")
    blob_members = {n for n in bundle.reader.names if n.startswith("blobs/")}
    if blob_members != {blob_name(a.id) for a in contents.attachments}:
        raise BundleRejectedError(REJECTED_UNMATCHED)
    import_rules.check_attachments(bundle, contents.attachments)
    import_rules.check_first_consents(ws, bundle, contents.testimonies, contents.consents)
    import_rules.check_consents(
        ws, bundle, contents.testimonies, contents.consents, contents.withdrawals, waiting
    )
    import_chain.check_custody(ws, bundle, contents.events)
    import_chain.check_versions(ws, bundle, contents.testimonies)


def _known(ws: Workspace, testimony_id: UUID) -> bool:
    return ws.repository.testimony_exists(testimony_id)


def _custodian_folder(ws: Workspace) -> Path:
    folder = ws.layout.root / CUSTODIAN_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _identities_name(bundle: OpenedBundle) -> str:
    return f"{bundle.verified.manifest.bundle_id}.age"


def _stage_identities(ws: Workspace, bundle: OpenedBundle) -> Path:
    """identities.age is kept as it came (only the custodian can open it, never the archive),
    under a temporary name until the import commits."""
    bundle.confirm(IDENTITIES_NAME)
    staged = state.staged_identities_path(_custodian_folder(ws), _identities_name(bundle))
    try:
        with staged.open("xb") as handle:
            copy_member(bundle, IDENTITIES_NAME, handle.write)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def _store_records(
    ws: Workspace,
    bundle: OpenedBundle,
    contents: _Contents,
    blob_names: dict[UUID, str],
    report: ImportReport,
) -> None:
    repo = ws.repository
    for testimony in contents.testimonies:
        arrives = not _known(ws, testimony.id)
        _store_testimony(ws, testimony, report)
        state.record_source(
            ws.connection, testimony.id, testimony.version, bundle.device, bundle.sequence
        )
        if arrives:
            # In this transaction: the testimony is never held without what waited for it.
            released = import_waiting.release(ws, testimony.id, bundle.device)
            _count_released(released.records, report)
            report.discarded_waiting += released.discarded
    # Checked again inside the write lock, where nothing changes before the commit.
    waits = import_waiting.lacking(ws, bundle, [*contents.consents, *contents.withdrawals], set())
    for record in [*contents.consents, *contents.withdrawals]:
        if record.testimony_id in waits:
            report.waiting += import_waiting.hold(ws, bundle, record)
    for consent in contents.consents:
        if consent.testimony_id in waits:
            continue
        body = state.stored_body(
            ws.connection, "consents", "testimony_id", str(consent.testimony_id), consent.version
        )
        if body is None:
            repo.add_consent(consent)
            report.consents += 1
        elif body != canonical_bytes(consent):
            raise BundleRejectedError("a consent it carries conflicts with the archive's copy")
    for withdrawal in contents.withdrawals:
        if withdrawal.testimony_id in waits:
            continue
        body = state.stored_body(ws.connection, "withdrawals", "id", str(withdrawal.id))
        if body is None:
            repo.add_withdrawal(withdrawal)
            report.withdrawals += 1
            report.withdrawn_scopes += [s.value for s in withdrawal.scopes]
        elif body != canonical_bytes(withdrawal):
            raise BundleRejectedError(REJECTED_CONFLICT)
    for attachment in contents.attachments:
        if attachment.id in blob_names:
            repo.add_attachment(attachment, blob_names[attachment.id])
            report.attachments += 1


def _count_released(
    released: list[ConsentRecord | ConsentWithdrawal], report: ImportReport
) -> None:
    for record in released:
        report.released += 1
        if isinstance(record, ConsentRecord):
            report.consents += 1
        else:
            report.withdrawals += 1
            report.withdrawn_scopes += [s.value for s in record.scopes]


def _store_testimony(ws: Workspace, testimony: Testimony, report: ImportReport) -> None:
    archived = testimony
    if archived.status is RecordStatus.SEALED:
        archived = mark_exported(archived)
    archived = mark_archived(archived)
    with contextlib.suppress(RecordNotFoundError):
        existing = ws.repository.get_testimony(testimony.id, testimony.version)
        if content_hash(existing) != content_hash(testimony):
            raise BundleRejectedError("a testimony it carries conflicts with the archive's copy")
        return
    ws.repository.save_testimony(archived)
    if testimony.version == 1:
        report.testimonies += 1
    else:
        report.amendments += 1
