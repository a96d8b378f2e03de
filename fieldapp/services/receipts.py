"""Receipts: the archive tells each device what it holds; the device marks those records
archived, and may then purge their content from the laptop.

Purging keeps what shows that a record was delivered (its id, versions, content hashes and the
custody log) and removes what could hurt a witness if the laptop were seized: the narrative and
every other field of the testimony, its attachments, and the witness's identity once no record
on the laptop still needs it.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from fieldapp.domain import CustodyKind, RecordStatus, content_hash, mark_archived, purge
from fieldapp.errors import PackRejectedError, ValidationFailedError
from fieldapp.services.archive import require_archive
from fieldapp.services.packs import PackSent, pack_transaction, register_pack_handler
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import OpenedPack
from fieldapp.sync.receipt import (
    RECEIPT_FORMAT,
    ReceiptPayload,
    ReceivedBundle,
    ReceivedRecord,
    parse_receipt,
    receipt_bytes,
)
from fieldapp.workspace import Workspace, archive_state, export_state
from fieldapp.workspace.database import checkpoint, transaction

REJECTED_UNKNOWN_BUNDLE = "it names a bundle this device never sent: it is not from our archive."


# --- the archive ----------------------------------------------------------------------------
def _receipt_for(ws: Workspace, device: str) -> ReceiptPayload | None:
    bundles = ws.connection.execute(
        "SELECT sequence, manifest_digest FROM bundles_received WHERE device = ? ORDER BY sequence",
        (device,),
    ).fetchall()
    if not bundles:
        return None
    rows = ws.connection.execute(
        "SELECT s.id, s.version, t.content_hash FROM record_sources s"
        " JOIN testimonies t ON t.id = s.id AND t.version = s.version"
        " WHERE s.device = ? ORDER BY s.id, s.version",
        (device,),
    ).fetchall()
    return ReceiptPayload(
        format=RECEIPT_FORMAT,
        device=device,
        bundles=tuple(ReceivedBundle(sequence=s, manifest_digest=d) for s, d in bundles),
        records=tuple(ReceivedRecord(id=UUID(i), version=v, content_hash=h) for i, v, h in rows),
    )


def write_receipts(ws: Workspace, out_folder: Path, *, to: str | None = None) -> list[PackSent]:
    """A receipt pack for each device that sent bundles (or for ``to`` alone)."""
    require_archive(ws)
    if not out_folder.is_dir():
        raise ValidationFailedError("The output folder does not exist.")
    devices = [d.fingerprint for d in archive_state.list_devices(ws.connection)]
    if to is not None:
        devices = [d for d in devices if d == to]
    with pack_transaction(ws) as batch:
        for device in devices:
            payload = _receipt_for(ws, device)
            if payload is not None:
                batch.write(device, ManifestKind.RECEIPT, receipt_bytes(payload), out_folder)
    return batch.sent


# --- the device -----------------------------------------------------------------------------
def _apply_receipt(ws: Workspace, pack: OpenedPack, raw: bytes) -> dict[str, Any]:
    payload = parse_receipt(raw)
    if payload.device != ws.fingerprint:
        raise PackRejectedError("it is addressed to another device.")
    sent = dict(
        ws.connection.execute("SELECT sequence, manifest_digest FROM bundles_sent").fetchall()
    )
    if any(sent.get(b.sequence) != b.manifest_digest for b in payload.bundles):
        raise PackRejectedError(REJECTED_UNKNOWN_BUNDLE)
    # Remembered so that a bundle the archive holds is never sent again (export_resend).
    held = [b.sequence for b in payload.bundles]
    export_state.mark_acknowledged(ws.connection, held, pack.digest)
    archived = mismatched = 0
    for record in payload.records:
        outcome = _mark_archived(ws, record)
        archived += outcome == "archived"
        mismatched += outcome == "mismatch"
    return {"bundles": len(payload.bundles), "archived": archived, "mismatched": mismatched}


def _mark_archived(ws: Workspace, record: ReceivedRecord) -> str:
    try:
        testimony = ws.repository.get_testimony(record.id, record.version)
    except Exception:
        return "absent"
    if content_hash(testimony) != record.content_hash:
        return "mismatch"
    if testimony.status is RecordStatus.EXPORTED:
        ws.repository.save_testimony(mark_archived(testimony))
        return "archived"
    return "unchanged"


register_pack_handler(ManifestKind.RECEIPT, _apply_receipt)


@dataclass(frozen=True)
class PurgeResult:
    testimonies: int
    attachments: int
    identities: int


def archived_testimonies(ws: Workspace) -> list[UUID]:
    """Testimonies whose every version the archive acknowledged. An earlier version still
    exported or sealed (its bundle lost, or its records sent again) has not reached the archive
    yet: purging would destroy it."""
    rows = ws.connection.execute(
        "SELECT DISTINCT id FROM testimonies t WHERE status = ? AND +is_latest = 1"
        " AND NOT EXISTS (SELECT 1 FROM testimonies o WHERE o.id = t.id AND o.status IN (?, ?))",
        (RecordStatus.ARCHIVED.value, RecordStatus.SEALED.value, RecordStatus.EXPORTED.value),
    )
    return [UUID(row[0]) for row in rows]


def purge_archived(ws: Workspace) -> PurgeResult:
    """Remove the content of every archived testimony from this device (see the module)."""
    ids = archived_testimonies(ws)
    blobs: list[str] = []
    identities = 0
    with transaction(ws.connection):
        for testimony_id in ids:
            blobs += _purge_one(ws, testimony_id)
        identities = ws.repository.delete_unneeded_identities()
    for name in blobs:
        ws.blobs.delete(name)
    # Deleted rows are overwritten (secure_delete); the WAL is folded in so they leave it too.
    checkpoint(ws.connection)
    return PurgeResult(len(ids), len(blobs), identities)


def _purge_one(ws: Workspace, testimony_id: UUID) -> list[str]:
    repo = ws.repository
    latest = repo.get_testimony(testimony_id)
    purged = purge(latest, repo.consents_for(testimony_id), repo.withdrawals_for(testimony_id))
    blob_names = [name for _, name in repo.attachments_for(testimony_id)]
    repo.purge_testimony(testimony_id, purged.status)
    ws.custody.append(
        CustodyKind.PURGE,
        content_hash(latest),
        record_id=testimony_id,
        record_version=latest.version,
    )
    return blob_names
