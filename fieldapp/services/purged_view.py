"""What a laptop still holds of a testimony whose content it purged, for showing it.

Purging (``receipts.purge_archived``) erases the narrative, title, incidents, attachments and,
once no record needs it, the witness's identity; it keeps the versions with their content
hashes and the bundle that carried each, the consent versions and withdrawals, the custody log,
and the receipts' word on the bundles. Consent versions and withdrawals that have left are kept
without names or words (``domain.consent_remains``: who took or received them reads
``REMOVED_HERE``, an office's ``OFFICE_RECEIVER``; no notes, restrictions or interpreter); one
still waiting for a bundle is whole until a receipt names the bundle that took it. These are
read here, and nothing else: no field of the erased content is asked for, so none can come
back.

The custody shown is the record's own events (created, sealed, amended, purged) and, from the
same signed log, the export of each bundle that carried a version and the applying of the
receipt that confirmed it: what shows where the content went.
"""

from dataclasses import dataclass
from uuid import UUID

from fieldapp.domain import ConsentRecord, ConsentWithdrawal, CustodyKind, RecordStatus
from fieldapp.errors import RecordNotFoundError
from fieldapp.services.custody_view import CustodyEntry, own_log_entries
from fieldapp.workspace import Role, Workspace, archive_state, export_state


@dataclass(frozen=True)
class KeptVersion:
    version: int
    content_hash: str | None
    #: The sequence of the bundle that carried this version; None if none did.
    bundle_sequence: int | None


@dataclass(frozen=True)
class Delivery:
    """A bundle that carried versions of the testimony, and the receipt that confirmed it."""

    bundle_sequence: int
    bundle_id: str
    bundle_made_at: str
    #: The receipt pack's number and when this laptop applied it; None while none named it.
    receipt_sequence: int | None
    receipt_applied_at: str | None


@dataclass(frozen=True)
class PurgedRemains:
    testimony_id: UUID
    pseudonym: str
    versions: tuple[KeptVersion, ...]
    deliveries: tuple[Delivery, ...]
    #: When the purge's custody event says it happened (the laptop's clock).
    purged_at: str | None
    consents: tuple[ConsentRecord, ...]
    withdrawals: tuple[ConsentWithdrawal, ...]
    custody: tuple[CustodyEntry, ...]
    #: Withdrawals received at the office that a withdrawal pack told this laptop of.
    office_withdrawals: tuple[ConsentWithdrawal, ...] = ()


def purged_remains(ws: Workspace, testimony_id: UUID) -> PurgedRemains | None:
    """What remains of a purged testimony; None when its content is still here (read it with
    ``records.get_record``) or on an archive, which purges nothing. RecordNotFoundError for an
    id this workspace does not hold."""
    rows = ws.connection.execute(
        "SELECT version, status, pseudonym, content_hash, exported_in FROM testimonies"
        " WHERE id = ? ORDER BY version",
        (str(testimony_id),),
    ).fetchall()
    if not rows:
        raise RecordNotFoundError()
    if ws.role is not Role.INTERVIEWER or rows[-1][1] != RecordStatus.PURGED.value:
        return None
    versions = tuple(
        KeptVersion(int(v), None if h is None else str(h), None if b is None else int(b))
        for v, _, _, h, b in rows
    )
    sequences = sorted({v.bundle_sequence for v in versions if v.bundle_sequence is not None})
    receipts = {s: export_state.acknowledging_receipt(ws.connection, s) for s in sequences}
    custody = _custody(ws, testimony_id, sequences, receipts)
    return PurgedRemains(
        testimony_id=testimony_id,
        pseudonym=str(rows[-1][2]),
        versions=versions,
        deliveries=tuple(_delivery(ws, s, receipts[s], custody) for s in sequences),
        purged_at=_last_purge(custody),
        consents=tuple(ws.repository.consents_for(testimony_id)),
        withdrawals=tuple(ws.repository.withdrawals_for(testimony_id)),
        custody=custody,
        office_withdrawals=tuple(ws.repository.office_withdrawals_for(testimony_id)),
    )


def _custody(
    ws: Workspace, testimony_id: UUID, sequences: list[int], receipts: dict[int, str | None]
) -> tuple[CustodyEntry, ...]:
    """The record's events, the exports of the bundles that carried it and the applying of
    the receipts that confirmed them, in the order of the log."""
    db = ws.connection
    found = {
        int(seq): (bytes(body), str(signature))
        for seq, body, signature in db.execute(
            "SELECT seq, body, signature FROM custody_events WHERE record_id = ?",
            (str(testimony_id),),
        )
    }
    wanted = [(CustodyKind.PACK_APPLY, d) for d in set(receipts.values()) if d is not None]
    for sequence in sequences:
        bundle = export_state.sent_bundle(db, sequence)
        if bundle is not None:
            wanted.append((CustodyKind.EXPORT, bundle.manifest_digest))
    for kind, digest in wanted:
        # The event's payload is the bundle's (or pack's) manifest digest, in its signed bytes.
        needle = f'"payload_hash":"{digest}"'.encode()
        for seq, body, signature in db.execute(
            "SELECT seq, body, signature FROM custody_events WHERE kind = ? AND instr(body, ?) > 0",
            (kind.value, needle),
        ):
            found[int(seq)] = (bytes(body), str(signature))
    return tuple(own_log_entries(ws, (found[seq] for seq in sorted(found))))


def _delivery(
    ws: Workspace, sequence: int, receipt: str | None, custody: tuple[CustodyEntry, ...]
) -> Delivery:
    bundle = export_state.sent_bundle(ws.connection, sequence)
    applied = None
    if receipt is not None:
        # The applying's event names the pack by id; packs_applied has its number and time.
        for entry in custody:
            if entry.kind == CustodyKind.PACK_APPLY.value and entry.payload_hash == receipt:
                applied = archive_state.find_applied_pack(ws.connection, entry.bundle_id or "")
    return Delivery(
        bundle_sequence=sequence,
        bundle_id="" if bundle is None else str(bundle.bundle_id),
        bundle_made_at="" if bundle is None else bundle.created_at,
        receipt_sequence=None if applied is None else applied.sequence,
        receipt_applied_at=None if applied is None else applied.applied_at,
    )


def _last_purge(custody: tuple[CustodyEntry, ...]) -> str | None:
    purges = [entry.claimed_at for entry in custody if entry.kind == CustodyKind.PURGE.value]
    return purges[-1] if purges else None
