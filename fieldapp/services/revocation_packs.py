"""Revocation packs, written on the archive: every revocation in force (and, once there are
any, every reinstatement) told to each device, so that a device knows which laptops' bundles
the archive now refuses. The device applies them in ``packs`` (``_apply_revocation``).

A device is told again only when what it would be told changed: the SHA-256 of the last
payload sent to it is kept (``devices.revocations_sent``, set by ``PackBatch.write``); a lost
pack goes again, unchanged, with ``pack resend``.
"""

import hashlib
from datetime import datetime
from pathlib import Path

from fieldapp.domain.canonical import canonical_bytes
from fieldapp.errors import FolderNotFoundError, NoRevocationsError
from fieldapp.services.archive import find_enrolled_device, require_archive
from fieldapp.services.pack_writing import PackSent, pack_transaction
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.roster import (
    REVOCATION_PAYLOAD_FORMAT,
    REVOCATION_PAYLOAD_FORMAT_V2,
    Reinstated,
    Revocation,
    RevocationPayload,
    RevocationPayloadV2,
)
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state


def _reinstatements(ws: Workspace) -> tuple[Reinstated, ...]:
    return tuple(
        Reinstated(
            fingerprint=r.device,
            revoked_at=datetime.fromisoformat(r.revoked_at),
            last_good_sequence=r.last_good_sequence,
            reinstated_at=datetime.fromisoformat(r.reinstated_at),
            resumed_at=r.resumed_at,
        )
        for r in state.reinstatements(ws.connection)
    )


def revocation_payload(ws: Workspace, fingerprint: str) -> RevocationPayload | RevocationPayloadV2:
    """What a revocation pack to the device says: every revocation in force and, once there
    are any, every reinstatement (then in version 2; version 1 otherwise, as before)."""
    revoked, reinstated = _revocations(ws), _reinstatements(ws)
    if not reinstated:
        if not revoked:
            raise NoRevocationsError()
        return RevocationPayload(
            format=REVOCATION_PAYLOAD_FORMAT, device=fingerprint, revoked=revoked
        )
    return RevocationPayloadV2(
        format=REVOCATION_PAYLOAD_FORMAT_V2,
        device=fingerprint,
        revoked=revoked,
        reinstated=reinstated,
    )


def _revocations(ws: Workspace) -> tuple[Revocation, ...]:
    return tuple(
        Revocation(
            fingerprint=d.fingerprint,
            revoked_at=datetime.fromisoformat(d.revoked_at),
            last_good_sequence=d.last_good_sequence,
        )
        for d in state.list_devices(ws.connection)
        if d.revoked_at is not None and d.last_good_sequence is not None
    )


def write_revocation_packs(
    ws: Workspace, out_folder: Path, *, to: str | None = None
) -> list[PackSent]:
    """Tell devices every revocation: ``to`` one device (revoked or not), or, with ``None``,
    every device not revoked. One pack per device, all in one transaction."""
    require_archive(ws)
    if not out_folder.is_dir():
        raise FolderNotFoundError(f"The folder {out_folder} does not exist; nothing was written.")
    if to is not None:
        devices = [find_enrolled_device(ws, to)]
    else:
        devices = [d for d in state.list_devices(ws.connection) if not d.revoked]
    if not _revocations(ws) and not _reinstatements(ws):
        raise NoRevocationsError()
    with pack_transaction(ws, out_folder) as batch:
        for device in devices:
            payload = canonical_bytes(revocation_payload(ws, device.fingerprint))
            if _told_before(ws, device.fingerprint) == hashlib.sha256(payload).hexdigest():
                continue  # nothing new for it; a lost pack goes again with `pack resend`
            batch.write(device.fingerprint, ManifestKind.REVOCATION, payload, out_folder)
    return batch.sent


def _told_before(ws: Workspace, fingerprint: str) -> str | None:
    """The SHA-256 of the last revocation payload sent to the device, if any."""
    row = ws.connection.execute(
        "SELECT revocations_sent FROM devices WHERE fingerprint = ?", (fingerprint,)
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])
