"""Exporting this device's next bundle: what has not left yet, within what consent allows.

What may leave is decided per testimony with the domain's consent model (docs/decisions.md):

- A sealed version leaves when the consent in force (``consent_at_archive``: the latest consent
  version less its withdrawals, and less those received at the office that a withdrawal pack
  brought) allows ``archive`` — and, for a minor, records the guardian's consent and the
  witness's assent (``may_leave_for_archive``); otherwise it is *held back* and counted.
- Consent versions and withdrawals travel with their testimony: in the bundle it first leaves
  in, or in the next one once it has left — even while it is held back, and even when the
  bundle that carried it was lost and its records are to go again (``export_resend``): the lost
  stick may be found and imported. So a withdrawal made after export always reaches the
  archive; one for a testimony that never left stays here.
- Attachments leave with their testimony, re-addressed (a new header, the same payload). While
  an amendment is a draft, files attached since it was opened belong to it and wait. A signed
  consent form of a witness whose consent in force asks for anonymity never leaves
  (``export_consent``).
- A witness's identity goes, to the custodian only, once one of the witness's testimonies has
  left or leaves now, only while the consent in force for one of them still lets it leave, and
  only if no consent in force for any of the witness's testimonies asks for anonymity: the name
  of a witness who asked never to be named never leaves the laptop.

With no record new but an opening in the log that no bundle carried yet, the bundle carries the
custody log alone (``_openings_unsent``).

What leaves is planned first (``export_plan``). Past a bundle's limits (4 GiB, 4,096 members)
whole testimonies go in order while they fit and the rest waits (``remaining``); one too large
for any bundle is counted apart (``too_large``) and, once nothing else is left to send, refused
with ``BundleTooLargeError``.

Crash safety: the bundle is written whole under a ``.partial`` name and flushed; one
transaction then commits the device's state (``bundles_sent``, the ``exported_in`` markers,
sealed → exported, a custody EXPORT event); then the file is renamed and the row marked
written. ``finish_interrupted`` (``export_finish``), run first by every export, completes what a
crash cut short.
"""

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

from fieldapp.domain import CustodyKind, RecordStatus
from fieldapp.errors import (
    BundleFileExistsError,
    BundleWriteError,
    ExportConflictError,
    FieldappError,
    NotADeviceError,
)
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services.export_finish import finish_interrupted, give_final_name
from fieldapp.services.export_plan import Plan, plan_bundle
from fieldapp.sync import bundle_writer as writer
from fieldapp.sync.bundle_members import BlobSource
from fieldapp.sync.bundle_writer import BundleHeader, BundleLimits, BundleRecipients
from fieldapp.sync.payload import CUSTODY, OutgoingItem, StoredEvent, StoredRecord
from fieldapp.workspace import Role, Workspace, presence
from fieldapp.workspace import export_selection as selection
from fieldapp.workspace import export_state as state
from fieldapp.workspace.archive_state import require_not_revoked
from fieldapp.workspace.database import page_cache, transaction
from fieldapp.workspace.enrolment_state import NotEnrolledError, require_enrolment
from fieldapp.workspace.master_key import blob_identity

# An export reads each record it sends three times (plan, payload, commit): a cache that holds
# a few thousand testimonies' pages spares decrypting them again (a fifth of the CPU of an
# export of 5,000 testimonies, for up to 24 MiB more memory than the default 8 MiB).
_PAGE_CACHE_KIB = 32 * 1024


@dataclass
class ExportResult:
    """What an export did; ``path`` is None when there was nothing to export."""

    path: Path | None = None
    sequence: int | None = None
    bundle_id: UUID | None = None
    manifest_digest: str | None = None
    size: int = 0
    testimonies: int = 0  # testimony versions (first versions and amendments)
    consents: int = 0
    withdrawals: int = 0
    attachments: int = 0
    identities: int = 0
    custody_events: int = 0
    held_back: int = 0  # testimonies whose consent does not allow archiving
    remaining: int = 0  # testimonies that did not fit and wait for the next export
    too_large: int = 0  # testimonies too large for any one bundle (4 GiB, 4,093 files)
    notes: list[str] = field(default_factory=list)  # what was finished after an interruption

    @property
    def records(self) -> int:
        """The records it carries, of every kind; 0 for a bundle of the custody log alone."""
        return (
            self.testimonies + self.consents + self.withdrawals + self.attachments + self.identities
        )


def export_bundle(
    ws: Workspace,
    folder: Path,
    *,
    limits: BundleLimits = BundleLimits(),  # noqa: B008 - frozen: one shared default is safe
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write this device's next bundle into ``folder``; see the module's docstring. One export
    at a time per workspace (``ExportRunningError`` for a second)."""
    with presence.exporting(ws.layout), page_cache(ws.connection, _PAGE_CACHE_KIB):
        return _export_bundle(ws, folder, limits, progress, cancel)


def _export_bundle(
    ws: Workspace,
    folder: Path,
    limits: BundleLimits,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> ExportResult:
    if ws.role is not Role.INTERVIEWER:
        raise NotADeviceError()
    enrolment = require_enrolment(ws.repository)
    if not (enrolment.archive_recipients and enrolment.custodian_recipients):
        raise NotEnrolledError()  # an enrolment pack always names both; this one was damaged
    require_not_revoked(ws.repository)
    if not folder.is_dir():
        raise BundleWriteError(f"The folder {folder} does not exist; nothing was exported.")
    if not _is_text(str(folder)):
        # Its name is kept with the bundle's state (to finish an interrupted export), as text.
        raise BundleWriteError(
            "The folder's name is not valid text (it was made on a system with another"
            " encoding); rename it or choose another folder. Nothing was exported."
        )
    folder = folder.resolve()
    notes = finish_interrupted(ws)
    head = ws.custody.head()
    consents_seen = state.consent_mark(ws.connection)
    start = state.custody_start(ws.connection)
    events = state.count_custody_events(ws.connection, start, head[0])
    openings = _openings_unsent(ws, start, head[0])
    plan = plan_bundle(ws, limits, len(enrolment.archive_recipients), events, openings=openings)
    plan.consents_seen = consents_seen
    result = ExportResult(
        held_back=plan.held_back, remaining=plan.remaining, too_large=plan.too_large, notes=notes
    )
    if not (plan.groups or plan.identities or openings):
        return result
    last = state.last_bundle(ws.connection)
    sequence = last.sequence + 1 if last else 1
    final = folder / writer.bundle_file_name(ws.fingerprint, sequence)
    if os.path.lexists(final):  # a dangling link too: rename would replace it
        raise BundleFileExistsError()
    header = BundleHeader(
        bundle_id=uuid4(),
        sequence=sequence,
        previous=last.manifest_digest if last else None,
        custody_head=head[1] if head[0] else None,
        created_at=datetime.now(UTC).replace(microsecond=0),
    )
    with transaction(ws.connection):
        state.set_pending_export(ws.connection, state.PendingExport(header.bundle_id, folder))
    try:
        written = writer.write_bundle(
            folder,
            ws.signing_key,
            header,
            BundleRecipients(enrolment.archive_recipients, enrolment.custodian_recipients),
            _records(ws, plan, start, head[0]),
            (selection.identity_version(ws.connection, *key) for key in plan.identities),
            _blobs(ws, plan),
            limits=limits,
            progress=progress,
            cancel=cancel,
        )
        _commit(ws, plan, header, written, final, head)
    except BaseException:
        writer.remove_partials(folder, header.bundle_id)
        with contextlib.suppress(Exception), transaction(ws.connection):
            state.clear_pending_export(ws.connection)
        raise
    try:
        give_final_name(written.partial_path, final)
    except FieldappError as error:
        raise BundleWriteError(
            f"Bundle {sequence} was recorded as sent but could not be given its final name in"
            f" {folder}; the next export will finish it, from the same drive."
        ) from error
    with transaction(ws.connection):
        state.set_state(ws.connection, sequence, state.WRITTEN)
    result.path, result.sequence, result.size = final, sequence, written.size
    result.bundle_id, result.manifest_digest = header.bundle_id, written.digest
    result.testimonies = sum(len(g.versions) for g in plan.groups)
    result.consents = sum(len(g.consents) for g in plan.groups)
    result.withdrawals = sum(len(g.withdrawals) for g in plan.groups)
    result.attachments = sum(len(g.attachments) for g in plan.groups)
    result.identities, result.custody_events = len(plan.identities), events
    return result


def _records(ws: Workspace, plan: Plan, after: int, through: int) -> Iterator[OutgoingItem]:
    """The records payload's lines, read from the database a testimony at a time, as stored."""
    db = ws.connection
    for group in plan.groups:
        tid = group.testimony_id
        for kind, table, keys in (
            ("testimony", "testimonies", [version.version for version in group.versions]),
            ("consent", "consents", group.consents),
            ("withdrawal", "withdrawals", group.withdrawals),
        ):
            if keys:  # most testimonies send no withdrawal: no query for none
                bodies = selection.record_bodies(db, table, tid, keys)
                yield from ((kind, StoredRecord(body)) for body in bodies)
        yield from (("attachment", attachment) for attachment, _ in group.attachments)
    for body, signature in state.custody_event_bodies(db, after, through):
        yield CUSTODY, StoredEvent(body, signature)


def _blobs(ws: Workspace, plan: Plan) -> list[BlobSource]:
    identity = blob_identity(ws.master_key)
    return [
        BlobSource(attachment.id, ws.blobs.path_of(name), identity)
        for group in plan.groups
        for attachment, name in group.attachments
    ]


def _commit(
    ws: Workspace,
    plan: Plan,
    header: BundleHeader,
    written: writer.WrittenBundle,
    final: Path,
    head: tuple[int, str],
) -> None:
    """Record the export in one transaction; refuse if the workspace changed meanwhile."""
    db = ws.connection
    markers = state.Markers(
        testimonies=[(g.testimony_id, v.version) for g in plan.groups for v in g.versions],
        consents=[(g.testimony_id, n) for g in plan.groups for n in g.consents],
        withdrawals=[i for g in plan.groups for i in g.withdrawals],
        attachments=[a.id for g in plan.groups for a, _ in g.attachments],
        identities=plan.identities,
    )
    with transaction(db):
        # A seal, withdrawal or attachment since the plan was made (in another window), or
        # another export, would make the bundle disagree with what is marked as sent.
        last = state.last_bundle(db)
        if _log_changed(ws, head) or (last.sequence if last else 0) + 1 != header.sequence:
            raise ExportConflictError()
        # A consent or an identity stored meanwhile writes no custody event, yet may hold a
        # testimony or a name back that the bundle carries.
        if state.consent_mark(db) != plan.consents_seen:
            raise ExportConflictError()
        if not state.mark_exported(db, header.sequence, markers):
            raise ExportConflictError()
        # Versions sent again after a lost bundle are exported already; a sealed one that is
        # no longer sealed (purged meanwhile) is refused by the repository.
        ws.repository.mark_testimonies_exported(
            (g.testimony_id, v.version)
            for g in plan.groups
            for v in g.versions
            if v.status is RecordStatus.SEALED
        )
        state.record_bundle(
            db,
            state.SentBundle(
                sequence=header.sequence,
                bundle_id=header.bundle_id,
                manifest_digest=written.digest,
                state=state.COMMITTED,
                partial_path=written.partial_path,
                final_path=final,
                created_at=header.created_at.isoformat(),
            ),
        )
        state.set_custody_through(db, header.sequence, head[0])
        ws.custody.append(CustodyKind.EXPORT, written.digest, bundle_id=header.bundle_id)
        state.clear_pending_export(db)


def _openings_unsent(ws: Workspace, start: int, through: int) -> bool:
    """Whether the log holds an opening (``access``) no bundle carried yet: with no record new,
    it still goes, in a bundle of the log alone (``records.age``: its header and the events), so
    a laptop only read from, then lost or seized, has told the archive what was opened on it.
    Only an opening: every other kind comes with records, or must not start a bundle: each
    bundle's own ``export`` event, and each receipt's ``pack_apply``, would call for another
    bundle for ever."""
    return state.has_event_of_kind(ws.connection, start, through, CustodyKind.ACCESS.value)


def _log_changed(ws: Workspace, head: tuple[int, str]) -> bool:
    """Whether an event other than an opening was logged since ``head``. An opening
    (``services.access``: a person read a record in another window or a terminal) changes
    nothing the bundle carries, and travels in the next bundle as any later event does."""
    return ws.custody.head() != head and not state.only_events_of_kind(
        ws.connection, head[0], CustodyKind.ACCESS.value
    )


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes of another encoding, kept as lone surrogates
        return False
    return True
