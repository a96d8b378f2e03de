"""Consents and withdrawals that reach the archive before their testimony.

A device's bundle can be lost after export (the coordinator then accepts the gap), and the
witness can meanwhile give a new consent or withdraw one for a testimony only the lost bundle
carried. The device's later bundles carry those records. A withdrawal must never be blocked —
it limits what the archive may do with a testimony, and a witness's safety can depend on it —
so the archive keeps them, as received, waiting for their testimony (``waiting_records``), and
stores them in place in the same transaction that imports the testimony (the device sends it
again, or the found bundle brings it): a testimony never exists in the archive without the
withdrawals already received for it.

Only after an accepted gap, or a reinstatement that left bundles refused (made while revoked:
a testimony only they carried arrives only if the device sends it again): without one, a record
of a testimony the archive lacks cannot be explained, and the bundle is refused as forged or
broken.

A testimony belongs to the device that recorded it: records of one the archive holds from
another device are refused (``importing``). While the archive lacks it, it cannot tell whose it
is, so a waiting record belongs to the device that sent it, and several devices' records may
wait for one testimony without any keeping another's out (an enrolled device that knew a
testimony's id could otherwise block its owner's withdrawal, and with it the owner's chain).
When the testimony arrives, it is the device's whose bundle brought it: that device's waiting
records are applied, and other devices' records for it are discarded, counted in the import
report (``discarded_waiting``) — they were records of another device's testimony, which import
refuses once it holds it. The first device to bring a testimony owns it, as always (no record
binds an id to a device): one that sends a testimony under the id of another's lost one takes
it, and the other's waiting records go. The archive cannot tell that from a genuine arrival;
the count in the report is the coordinator's sign of a testimony two devices claimed.
"""

from collections.abc import Callable
from uuid import UUID

from fieldapp.domain import ConsentRecord, ConsentWithdrawal, canonical_bytes, parse_canonical
from fieldapp.errors import BundleRejectedError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.workspace import Workspace, archive_state, waiting_state
from fieldapp.workspace import import_state as state

REJECTED_LACKING = "it carries a record of a testimony the archive lacks"
#: The refusal of a record of a testimony the archive holds from another device (``importing``).
REJECTED_OTHER_DEVICE = "it changes a testimony recorded by another device"
REJECTED_WAITING_CONFLICT = "a record it carries conflicts with one the archive keeps waiting"

_Waitable = ConsentRecord | ConsentWithdrawal


def may_wait(ws: Workspace, bundle: OpenedBundle) -> bool:
    """Whether this bundle's records of a testimony the archive lacks may wait for it rather
    than be refused (``REJECTED_LACKING``): only after an accepted gap, or bundles a
    reinstatement left refused, before it. Other devices' records waiting change nothing."""
    return _excused_before(ws, bundle)


def _excused_before(ws: Workspace, bundle: OpenedBundle) -> bool:
    """Whether the archive may lack a bundle the device sent before this one for good: a gap
    the coordinator accepted, or bundles a reinstatement left refused (between the last good
    one and the one that resumed the chain, or this one)."""
    db = ws.connection
    if state.gap_accepted_before(db, bundle.device, bundle.sequence):
        return True
    return any(
        item.last_good_sequence + 1 < min(item.resumed_at or bundle.sequence, bundle.sequence)
        for item in archive_state.reinstatements(db, bundle.device)
    )


def hold(ws: Workspace, bundle: OpenedBundle, record: _Waitable) -> bool:
    """Keep a record whose testimony the archive lacks; False if it already waits (the same
    record again, from a bundle the device sent again). Inside the import's transaction."""
    kind, key = _kind_and_key(record)
    body = canonical_bytes(record)
    held = waiting_state.waiting_body(ws.connection, kind, bundle.device, key)
    if held is not None:
        if held != body:
            raise BundleRejectedError(REJECTED_WAITING_CONFLICT)
        return False
    waiting_state.add_waiting(
        ws.connection,
        kind=kind,
        record_key=key,
        testimony_id=record.testimony_id,
        device=bundle.device,
        sequence=bundle.sequence,
        body=body,
    )
    return True


def release(
    ws: Workspace, testimony_id: UUID, device: str, applied: Callable[[_Waitable], None]
) -> int:
    """Store in place the device's records that waited for this testimony, one at a time, each
    then given to ``applied``; discard other devices' records for it; return how many were
    discarded. Call it in the transaction that has just stored the testimony's first version in
    the archive, from ``device``.

    A record released must pass the check it would have met arriving with its testimony: it
    names the testimony's witness. One that names another (only a forger's device writes one)
    is discarded and counted with the other devices' records, not applied: applied, it would
    leave the testimony with no consent in force the archive can work out; refusing the bundle
    instead would keep the testimony, and the genuine records waiting with it, out for good."""
    witness = state.testimony_pseudonym(ws.connection, testimony_id)
    discarded = waiting_state.discard_waiting_of_others(ws.connection, testimony_id, device)
    for kind, body in waiting_state.take_waiting(ws.connection, testimony_id, device):
        record: _Waitable
        if kind == "consent":
            record = parse_canonical(ConsentRecord, body)
        else:
            record = parse_canonical(ConsentWithdrawal, body)
        if record.pseudonym != witness:
            discarded += 1
            continue
        if isinstance(record, ConsentRecord):
            ws.repository.add_consent(record)
        else:
            ws.repository.add_withdrawal(record)
        applied(record)
    return discarded


def _kind_and_key(record: _Waitable) -> tuple[str, str]:
    if isinstance(record, ConsentRecord):
        return "consent", f"{record.testimony_id}/{record.version}"
    return "withdrawal", str(record.id)
