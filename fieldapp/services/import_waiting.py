"""Consents and withdrawals that reach the archive before their testimony.

A device's bundle can be lost after export (the coordinator then accepts the gap), and the
witness can meanwhile give a new consent or withdraw one for a testimony only the lost bundle
carried. The device's later bundles carry those records. A withdrawal must never be blocked —
it limits what the archive may do with a testimony, and a witness's safety can depend on it —
so the archive keeps them, as received, waiting for their testimony (``waiting_records``), and
stores them in place in the same transaction that imports the testimony (the device sends it
again, or the found bundle brings it): a testimony never exists in the archive without the
withdrawals already received for it.

Only after an accepted gap: without one, a record of a testimony the archive lacks cannot be
explained, and the bundle is refused as forged or broken. A testimony belongs to the device
that recorded it: records of one it holds from another device are refused (``importing``), and
so are records waiting for a testimony another device's records already wait for. When the
testimony arrives, only its own device's waiting records are applied.
"""

from collections.abc import Sequence
from uuid import UUID

from fieldapp.domain import ConsentRecord, ConsentWithdrawal, canonical_bytes, parse_canonical
from fieldapp.errors import BundleRejectedError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.workspace import Workspace
from fieldapp.workspace import import_state as state

REJECTED_LACKING = "it carries a record of a testimony the archive lacks"
REJECTED_OTHER_DEVICE = "it changes a testimony recorded by another device"
REJECTED_WAITING_CONFLICT = "a record it carries conflicts with one the archive keeps waiting"

_Waitable = ConsentRecord | ConsentWithdrawal


def lacking(
    ws: Workspace, bundle: OpenedBundle, records: Sequence[_Waitable], in_bundle: set[UUID]
) -> set[UUID]:
    """The testimonies the archive lacks that these records name; raises unless they may wait
    (an accepted gap before this bundle, and no other device's records waiting for them)."""
    missing = {
        r.testimony_id
        for r in records
        if r.testimony_id not in in_bundle and not ws.repository.testimony_exists(r.testimony_id)
    }
    if not missing:
        return missing
    db = ws.connection
    if not state.gap_accepted_before(db, bundle.device, bundle.sequence):
        raise BundleRejectedError(REJECTED_LACKING)
    for testimony_id in missing:
        waiting_for = state.waiting_device(db, testimony_id)
        if waiting_for is not None and waiting_for != bundle.device:
            raise BundleRejectedError(REJECTED_OTHER_DEVICE)
    return missing


def hold(ws: Workspace, bundle: OpenedBundle, record: _Waitable) -> bool:
    """Keep a record whose testimony the archive lacks; False if it already waits (the same
    record again, from a bundle the device sent again). Inside the import's transaction."""
    kind, key = _kind_and_key(record)
    body = canonical_bytes(record)
    held = state.waiting_body(ws.connection, kind, key)
    if held is not None:
        if held != body:
            raise BundleRejectedError(REJECTED_WAITING_CONFLICT)
        return False
    state.add_waiting(
        ws.connection,
        kind=kind,
        record_key=key,
        testimony_id=record.testimony_id,
        device=bundle.device,
        sequence=bundle.sequence,
        body=body,
    )
    return True


def release(ws: Workspace, testimony_id: UUID, device: str) -> list[_Waitable]:
    """The device's records that waited for this testimony, now stored in place (call it in the
    transaction that has just stored the testimony's first version in the archive)."""
    released: list[_Waitable] = []
    for kind, body in state.take_waiting(ws.connection, testimony_id, device):
        if kind == "consent":
            consent = parse_canonical(ConsentRecord, body)
            ws.repository.add_consent(consent)
            released.append(consent)
        else:
            withdrawal = parse_canonical(ConsentWithdrawal, body)
            ws.repository.add_withdrawal(withdrawal)
            released.append(withdrawal)
    return released


def _kind_and_key(record: _Waitable) -> tuple[str, str]:
    if isinstance(record, ConsentRecord):
        return "consent", f"{record.testimony_id}/{record.version}"
    return "withdrawal", str(record.id)
