"""Checking the workspace: its custody chain, and every page of its encrypted database.

On an archive the check goes further: every device custody event kept from the bundles is
verified again against its device's key and linked to the one before it; every gap the
coordinator accepted and every reinstatement must match the signed event that recorded it; and
the devices, their revocations and the bundles received must match the archive's signed
enrolments, revocations and imports (``audit_records``).
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from crypto.errors import CryptoError
from fieldapp.domain import CustodyEvent, CustodyKind, parse_canonical
from fieldapp.errors import FieldappError
from fieldapp.services import audit_records
from fieldapp.services.standing import fact_hash, gap_fact, reinstatement_fact
from fieldapp.workspace import Role, Workspace, archive_state, import_state
from fieldapp.workspace.custody import (
    ChainReport,
    event_verifier,
    stored_events,
    verify_chain,
)
from fieldapp.workspace.database import damaged_pages


def verify_custody(ws: Workspace) -> ChainReport:
    """Walk the chain from its first event; the report names the first broken link.

    A chain proves nothing about events cut from its end: the head is anchored elsewhere,
    in the manifest of every bundle the device exports. On an archive, a fault in the device
    events it keeps, or in its records of accepted gaps and reinstatements, is reported too
    (``broken_at`` then names the device event, or the archive event, at fault).
    """
    report = verify_chain(stored_events(ws.connection), [ws.public_key])
    if not report.intact or ws.role is not Role.ARCHIVE:
        return report
    events = _archive_events(ws)
    problem = (
        _device_problem(ws)
        or _standing_problem(ws, events)
        or audit_records.records_problem(ws, events)
    )
    if problem is None:
        return report
    at, reason = problem
    return ChainReport(report.events, report.head, broken_at=at, reason=reason)


def check_database(ws: Workspace) -> list[str]:
    """SQLCipher's per-page MAC check of the whole file: damage in pages no read has touched."""
    return damaged_pages(ws.connection)


# --- device events kept by an archive -------------------------------------------------------------


def _device_problem(ws: Workspace) -> tuple[int, str] | None:
    by_device: dict[str, list[import_state.DeviceEvent]] = defaultdict(list)
    for row in import_state.device_events(ws.connection):
        by_device[row.device].append(row)
    for device, rows in sorted(by_device.items()):
        entry = import_state.device_entry(ws.connection, device)
        key = None if entry is None else entry.public_key
        problem = _walk_device(ws, device, key, rows)
        if problem is not None:
            return problem
    return None


def _walk_device(
    ws: Workspace, device: str, key: str | None, rows: Iterable[import_state.DeviceEvent]
) -> tuple[int, str] | None:
    """One device's events: signed by its key, each the next link after the one before, except
    at the start of a bundle that follows sequences the coordinator excused (never received)."""
    previous: tuple[int, str] | None = None  # (seq, event hash)
    verifier = None if key is None else event_verifier([key])
    for row in rows:
        where = (
            f"the custody event {row.seq} of device {device}"
            f" (from its bundle {row.bundle_sequence})"
        )
        try:
            if verifier is None:
                raise CryptoError("no key")
            verifier.verify(row.body, row.signature)
            event = parse_canonical(CustodyEvent, row.body)
        except (CryptoError, FieldappError):
            return row.seq, f"{where} is not signed by that device (it was altered)"
        if event.seq != row.seq or event.actor != device:
            return row.seq, f"{where} is not the event it is filed as (it was altered)"
        linked = previous is not None and (
            previous[0] + 1 == event.seq and previous[1] == event.prev_hash
        )
        first = previous is None and event.seq == 1
        if not (linked or first or _may_start_after_gap(ws, device, row)):
            return row.seq, f"{where} does not follow the event before it"
        previous = (event.seq, hashlib.sha256(row.body).hexdigest())
    return None


def _may_start_after_gap(ws: Workspace, device: str, row: import_state.DeviceEvent) -> bool:
    before = row.bundle_sequence - 1
    first_of_bundle = import_state.first_device_event(ws.connection, device, row.bundle_sequence)
    return (
        before > 0
        and first_of_bundle == row.body
        and import_state.received_digest(ws.connection, device, before) is None
        and before in import_state.excused_sequences(ws.connection, device)
    )


# --- accepted gaps and reinstatements against the archive's own events ---------------------------


def _archive_events(ws: Workspace) -> list[CustodyEvent]:
    return [parse_canonical(CustodyEvent, body) for _, body, _ in stored_events(ws.connection)]


def _standing_problem(ws: Workspace, events: Iterable[CustodyEvent]) -> tuple[int, str] | None:
    recorded = {
        (event.kind, event.payload_hash)
        for event in events
        if event.kind in (CustodyKind.GAP_ACCEPT, CustodyKind.REINSTATE)
    }
    reinstated = archive_state.reinstatements(ws.connection)
    for gap in archive_state.accepted_gaps(ws.connection):
        # Signed as it is, or with the coordinator's word that it carried the acknowledgement
        # of one of the device's reinstatements (``standing.accept_gap``).
        facts = [gap_fact(gap)] + [
            gap_fact(gap, item.reinstated_at) for item in reinstated if item.device == gap.device
        ]
        if not any((CustodyKind.GAP_ACCEPT, fact_hash(fact)) in recorded for fact in facts):
            return 0, (
                f"the accepted gap in bundles {gap.first_sequence} to {gap.through_sequence} of"
                f" device {gap.device} matches no signed custody event (it was added or altered)"
            )
    for item in archive_state.reinstatements(ws.connection):
        if (CustodyKind.REINSTATE, fact_hash(reinstatement_fact(item))) not in recorded:
            return 0, (
                f"the reinstatement of device {item.device} matches no signed custody event"
                " (it was added or altered)"
            )
    return None
