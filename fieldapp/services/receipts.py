"""Receipts: the archive tells each device what it holds; the device marks those records
archived, and may then purge their content from the laptop.

Purging keeps what shows that a record was delivered (its id, versions, content hashes and the
custody log) and removes what could hurt a witness if the laptop were seized: the narrative and
every other field of the testimony, its attachments, the names and words in its consent
records and withdrawals once they have left (``workspace.consent_words``), and the witness's
identity once no record on the laptop still needs it.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from fieldapp.domain import CustodyKind, RecordStatus, content_hash, mark_archived, purge
from fieldapp.errors import (
    FolderNotFoundError,
    NotADeviceError,
    PackRejectedError,
)
from fieldapp.services.archive import require_archive
from fieldapp.services.pack_writing import PackSent, pack_transaction
from fieldapp.services.packs import named_elsewhere, register_pack_handler
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
from fieldapp.workspace import Role, Workspace, archive_state, export_state
from fieldapp.workspace.consent_words import erase_consent_words
from fieldapp.workspace.database import checkpoint, transaction
from fieldapp.workspace.export_state import IDENTITY_UNDELIVERED

REJECTED_UNKNOWN_BUNDLE = "it names a bundle this device never sent: it is not from our archive."
# What a receipt did to each record it names (counted in the pack's details).
ARCHIVED = "archived"
MISMATCH = "mismatch"  # this device holds that version with another content hash
#: The version is here as named, but no bundle the receipt names carried it: it stays as it is.
UNCONFIRMED = "unconfirmed"


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
    """A receipt pack for each device that sent bundles since its last receipt (or for ``to``
    alone). A device whose last receipt already listed every bundle received from it gets none:
    a lost receipt is sent again as it was (``pack resend``)."""
    require_archive(ws)
    if not out_folder.is_dir():
        raise FolderNotFoundError(f"The folder {out_folder} does not exist; nothing was written.")
    devices = [d.fingerprint for d in archive_state.list_devices(ws.connection)]
    if to is not None:
        devices = [d for d in devices if d == to]
    with pack_transaction(ws, out_folder) as batch:
        for device in devices:
            payload = _receipt_for(ws, device)
            if payload is None or len(payload.bundles) <= _listed_before(ws, device):
                continue
            batch.write(device, ManifestKind.RECEIPT, receipt_bytes(payload), out_folder)
            ws.connection.execute(
                "UPDATE devices SET receipt_bundles = ? WHERE fingerprint = ?",
                (len(payload.bundles), device),
            )
    return batch.sent


def _listed_before(ws: Workspace, device: str) -> int:
    """How many bundles the device's last receipt listed (bundles received are never removed,
    so a receipt listing no more says nothing new)."""
    row = ws.connection.execute(
        "SELECT receipt_bundles FROM devices WHERE fingerprint = ?", (device,)
    ).fetchone()
    return int(row[0]) if row else 0


# --- the device -----------------------------------------------------------------------------
def _apply_receipt(ws: Workspace, pack: OpenedPack, raw: bytes) -> dict[str, Any]:
    payload = parse_receipt(raw)
    if payload.device != ws.fingerprint:
        raise named_elsewhere(ws, payload.device)
    sent = dict(
        ws.connection.execute("SELECT sequence, manifest_digest FROM bundles_sent").fetchall()
    )
    if any(sent.get(b.sequence) != b.manifest_digest for b in payload.bundles):
        raise PackRejectedError(REJECTED_UNKNOWN_BUNDLE)
    # Remembered so that a bundle the archive holds is never sent again (export_resend).
    held = [b.sequence for b in payload.bundles]
    export_state.mark_acknowledged(ws.connection, held, pack.digest)
    archived = mismatched = unconfirmed = 0
    named = set(held)
    for record in payload.records:
        outcome = _mark_archived(ws, record, named)
        archived += outcome == ARCHIVED
        mismatched += outcome == MISMATCH
        unconfirmed += outcome == UNCONFIRMED
    # A consent version or withdrawal of a testimony purged before it left has now reached the
    # archive if this receipt names its bundle: its words go now, as the purge took the rest
    # (folded out of the WAL once the receipt is committed: ``packs.apply_pack``).
    erase_consent_words(ws.connection)
    return {
        "bundles": len(payload.bundles),
        "archived": archived,
        "mismatched": mismatched,
        "unconfirmed": unconfirmed,
    }


def _mark_archived(ws: Workspace, record: ReceivedRecord, named: set[int]) -> str:
    try:
        testimony = ws.repository.get_testimony(record.id, record.version)
    except Exception:
        return "absent"
    if content_hash(testimony) != record.content_hash:
        return MISMATCH
    # The receipt's word on a record counts only through a bundle it names, whose digest was
    # checked above: the archive can know a version's id and hash without holding it (a SEAL
    # event in an earlier bundle's custody log names them), and archiving it would let purge
    # destroy the only copy. A version sent again after its bundle was lost is carried by the
    # bundle that took it again (``unmark``, then the next export): it waits for a receipt
    # naming that one, even when the archive found the lost one.
    if export_state.testimony_carrier(ws.connection, record.id, record.version) not in named:
        return UNCONFIRMED
    if testimony.status is RecordStatus.EXPORTED:
        ws.repository.save_testimony(mark_archived(testimony))
        return ARCHIVED
    return "unchanged"


register_pack_handler(ManifestKind.RECEIPT, _apply_receipt)


@dataclass(frozen=True)
class PurgeResult:
    testimonies: int
    attachments: int
    identities: int


# A testimony whose witness has an identity version still on its way to the custodian.
_WITNESS_UNDELIVERED = (
    "EXISTS (SELECT 1 FROM identities i WHERE i.pseudonym IN"  # noqa: S608
    f" (SELECT v.pseudonym FROM testimonies v WHERE v.id = t.id) AND {IDENTITY_UNDELIVERED})"
)


def archived_testimonies(ws: Workspace) -> list[UUID]:
    """Testimonies whose every version the archive acknowledged. An earlier version still
    exported or sealed (its bundle lost, or its records sent again) has not reached the archive
    yet: purging would destroy it.

    Nor while the witness's identity has a version on its way (saved since the last export, or
    in a bundle no receipt has named yet): purge would forget the identity with the witness's
    last testimony. Such a testimony is purged by a later purge, once a receipt names the bundle
    that carried the identity. An anonymous witness's identity never leaves, so it is not
    waited for.
    """
    _require_device(ws)
    rows = ws.connection.execute(
        "SELECT DISTINCT id FROM testimonies t WHERE status = ? AND +is_latest = 1"  # noqa: S608
        " AND NOT EXISTS (SELECT 1 FROM testimonies o WHERE o.id = t.id AND o.status IN (?, ?))"
        f" AND NOT {_WITNESS_UNDELIVERED}",
        (RecordStatus.ARCHIVED.value, RecordStatus.SEALED.value, RecordStatus.EXPORTED.value),
    )
    return [UUID(row[0]) for row in rows]


def purge_archived(ws: Workspace) -> PurgeResult:
    """Remove the content of every archived testimony from this device (see the module)."""
    _require_device(ws)
    ids = archived_testimonies(ws)
    blobs: list[str] = []
    identities = 0
    with transaction(ws.connection):
        for testimony_id in ids:
            blobs += _purge_one(ws, testimony_id)
        # The names and words of their consent records, and of records of testimonies purged
        # earlier that have left since (``consent_words``).
        erase_consent_words(ws.connection)
        identities = ws.repository.delete_unneeded_identities()
    for name in blobs:
        ws.blobs.delete(name)
    # Deleted rows are overwritten (secure_delete); the WAL is folded in so they leave it too.
    checkpoint(ws.connection)
    return PurgeResult(len(ids), len(blobs), identities)


def _require_device(ws: Workspace) -> None:
    # In the archive every testimony is "archived": a purge there would empty the archive.
    if ws.role is not Role.INTERVIEWER:
        raise NotADeviceError(
            "Only an interviewer's device purges archived testimonies; the archive keeps them."
            " Nothing was removed."
        )


def _purge_one(ws: Workspace, testimony_id: UUID) -> list[str]:
    repo = ws.repository
    latest = repo.get_testimony(testimony_id)
    purged = purge(
        latest,
        repo.consents_for(testimony_id),
        repo.withdrawals_for(testimony_id),
        repo.told_office_withdrawals_for(testimony_id),
    )
    blob_names = [name for _, name in repo.attachments_for(testimony_id)]
    repo.purge_testimony(testimony_id, purged.status)
    ws.custody.append(
        CustodyKind.PURGE,
        content_hash(latest),
        record_id=testimony_id,
        record_version=latest.version,
    )
    return blob_names
