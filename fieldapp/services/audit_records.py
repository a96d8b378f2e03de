"""An archive's own records against the signed events that made them.

Each enrolment, revocation and import appends a signed event to the archive's custody log; the
rows they wrote (``devices``, ``bundles_received``) are what later decisions read — which keys
the roster lists, whose bundles are refused, where a device's chain continues. An edit to those
rows that leaves the log alone is found here: a device added or removed, a revocation undone or
moved, a bundle's receipt deleted or altered, a device's kept log cut short of the head its
last bundle declared, a testimony rewritten or filed under another device than the one that
sealed it, a withdrawal received at the office added, removed or altered, a device's consent
version or withdrawal removed or altered, a consent version added.

This cannot stop someone who also signs new events with the archive's key (it is in the same
database): the log then says what they wrote. It makes an edit of the rows alone visible, and
the device-signed events (``audit._walk_device``) cannot be forged at all.
"""

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from uuid import UUID

from fieldapp.domain import (
    ConsentWithdrawal,
    CustodyEvent,
    CustodyKind,
    Testimony,
    content_hash,
    parse_canonical,
)
from fieldapp.errors import FieldappError
from fieldapp.services.standing import fact_hash, vouching_gap
from fieldapp.workspace import Workspace, archive_state, chain_state, import_state
from fieldapp.workspace.import_state import DeviceEvent

Problem = tuple[int, str]


def records_problem(ws: Workspace, events: Sequence[CustodyEvent]) -> Problem | None:
    """The first of the archive's records that its signed events do not account for."""
    kept = import_state.device_events(ws.connection)  # read once for the three checks
    return (
        _devices_problem(ws, events)
        or _receipts_problem(ws, events)
        or _heads_problem(ws, kept)
        or _testimonies_problem(ws, kept)
        or _resumptions_problem(ws, kept, events)
        or _office_withdrawals_problem(ws, events)
        or _device_withdrawals_problem(ws, kept)
        or _device_consents_problem(ws, kept)
    )


def _devices_problem(ws: Workspace, events: Sequence[CustodyEvent]) -> Problem | None:
    kinds = Counter(event.kind for event in events)
    devices = archive_state.list_devices(ws.connection)
    if kinds[CustodyKind.ENROL] != len(devices):
        return 0, (
            "the archive's enrolled devices do not match its signed enrolments"
            " (a device was added or removed)"
        )
    revocations = {e.payload_hash for e in events if e.kind is CustodyKind.REVOKE}
    reasons = archive_state.revocation_reasons(ws.repository)
    revoked = [device for device in devices if device.revoked]
    for device in revoked:
        # The reason kept is the latest one given; a revocation made without one signed None.
        candidates = {reasons.get(device.fingerprint), None}
        facts = [
            {
                "device": device.fingerprint,
                "revoked_at": device.revoked_at,
                "last_good_sequence": device.last_good_sequence,
                "reason": reason,
            }
            for reason in candidates
        ]
        if not any(fact_hash(fact) in revocations for fact in facts):
            return 0, (
                f"the revocation of device {device.fingerprint} matches no signed custody"
                " event (it was altered)"
            )
    reinstated = len(archive_state.reinstatements(ws.connection))
    if kinds[CustodyKind.REVOKE] != len(revoked) + reinstated:
        return 0, (
            "a revocation in the custody log is neither in force nor reinstated"
            " (it was undone by an edit)"
        )
    return None


def _receipts_problem(ws: Workspace, events: Sequence[CustodyEvent]) -> Problem | None:
    imported = Counter(e.payload_hash for e in events if e.kind is CustodyKind.IMPORT)
    rows = ws.connection.execute("SELECT manifest_digest FROM bundles_received")
    received = Counter(str(digest) for (digest,) in rows)
    if imported != received:
        return 0, (
            "the bundles the archive holds as received do not match its signed imports"
            " (a receipt was removed or altered)"
        )
    return None


def _heads_problem(ws: Workspace, kept_events: Sequence[DeviceEvent]) -> Problem | None:
    kept: dict[str, set[str]] = {}
    for row in kept_events:
        kept.setdefault(row.device, set()).add(hashlib.sha256(row.body).hexdigest())
    rows = ws.connection.execute(
        "SELECT device, sequence, custody_head FROM bundles_received"
        " WHERE custody_head IS NOT NULL ORDER BY device, sequence"
    )
    for device, sequence, head in rows:
        if head not in kept.get(str(device), set()):
            return 0, (
                f"the custody log kept from device {device} stops short of the head its bundle"
                f" {sequence} declared (events were removed)"
            )
    return None


def _testimonies_problem(ws: Workspace, kept: Sequence[DeviceEvent]) -> Problem | None:
    """Each testimony version: its stored content hash is its body's, and where its device's
    signed seal event is kept, the version is the one that device sealed, with that hash. (A
    version whose seal event was in a lost bundle can be checked against its body only.)"""
    sealed: dict[tuple[str, int], tuple[str, str]] = {}
    for row in kept:
        event = parse_canonical(CustodyEvent, row.body)
        if event.kind is CustodyKind.SEAL and event.record_version is not None:
            key = (str(event.record_id), event.record_version)
            sealed[key] = (row.device, event.payload_hash)
    rows = ws.connection.execute(
        "SELECT t.id, t.version, t.content_hash, t.body, s.device FROM testimonies t"
        " LEFT JOIN record_sources s ON s.id = t.id AND s.version = t.version"
        " WHERE t.content_hash IS NOT NULL"
    )
    for testimony_id, version, stored_hash, body, device in rows:
        where = f"the archive's version {version} of testimony {testimony_id}"
        if content_hash(parse_canonical(Testimony, bytes(body))) != stored_hash:
            return 0, f"{where} is not the record its content hash fixed (it was altered)"
        seal = sealed.get((str(testimony_id), int(version)))
        if seal is not None and seal != (device, stored_hash):
            return 0, f"{where} is not the one its device sealed (it was altered or moved)"
    return None


def _office_withdrawals_problem(
    ws: Workspace, events: Sequence[CustodyEvent]
) -> Problem | None:
    """Each withdrawal received at the office has the archive's signed ``withdraw`` event that
    recorded it (its testimony, the hash of its canonical bytes), and each such event its
    withdrawal: one added, removed, altered or moved to another testimony is found. The
    archive signs no other ``withdraw`` event (a device's are kept in ``device_custody``)."""
    signed = Counter(
        (str(e.record_id), e.payload_hash) for e in events if e.kind is CustodyKind.WITHDRAW
    )
    held: Counter[tuple[str, str]] = Counter()
    rows = ws.connection.execute("SELECT id, testimony_id, body FROM office_withdrawals")
    for withdrawal_id, testimony_id, body in rows:
        try:
            withdrawal = parse_canonical(ConsentWithdrawal, bytes(body))
        except FieldappError:
            withdrawal = None
        if withdrawal is None or (str(withdrawal.id), str(withdrawal.testimony_id)) != (
            str(withdrawal_id),
            str(testimony_id),
        ):
            return 0, (
                f"the withdrawal {withdrawal_id} received at the office is not the record it is"
                " filed as (it was altered)"
            )
        held[(str(testimony_id), hashlib.sha256(bytes(body)).hexdigest())] += 1
    if held != signed:
        return 0, (
            "the withdrawals received at the office do not match the archive's signed withdrawal"
            " events (one was added, removed or altered)"
        )
    return None


_WITHDRAW_MEMBER = f'"kind":"{CustodyKind.WITHDRAW.value}"'.encode()


def _device_withdrawals_problem(ws: Workspace, kept: Sequence[DeviceEvent]) -> Problem | None:
    """Each withdrawal a device signed (its ``withdraw`` event, kept from its bundle) of a
    testimony the archive holds from that device is among the archive's withdrawals, unaltered:
    deleting or narrowing one would give back a use the witness withdrew. (One of a testimony
    the archive does not hold waits for it, or was discarded when another device brought that
    id first; one added without an event only takes uses away.)"""
    signed: dict[tuple[str, str], str] = {}
    for row in kept:
        if _WITHDRAW_MEMBER not in row.body:
            continue  # canonical bodies: the kind's one spelling (parsing every event costs)
        event = parse_canonical(CustodyEvent, row.body)
        if event.kind is CustodyKind.WITHDRAW:
            signed[(str(event.record_id), event.payload_hash)] = row.device
    if not signed:
        return None
    rows = ws.connection.execute("SELECT testimony_id, body FROM withdrawals")
    held = {(str(tid), hashlib.sha256(bytes(body)).hexdigest()) for tid, body in rows}
    for (testimony_id, payload_hash), device in sorted(signed.items()):
        if (testimony_id, payload_hash) in held:
            continue
        if import_state.testimony_owner(ws.connection, UUID(testimony_id)) == device:
            return 0, (
                f"a withdrawal of testimony {testimony_id} that its device signed is not among"
                " the archive's withdrawals (it was removed or altered)"
            )
    return None


_CONSENT_MEMBER = f'"kind":"{CustodyKind.CONSENT.value}"'.encode()


def _device_consents_problem(ws: Workspace, kept: Sequence[DeviceEvent]) -> Problem | None:
    """Each consent version the archive holds is the one its device signed (its ``consent``
    event, kept from its bundle), and each one a device signed of a testimony the archive holds
    from it is held: a narrower version deleted would give back the uses it took away, an
    altered or added one would allow what the witness never did. A version with no event is
    accepted only from a device that lost a bundle (its event may have gone with it, as
    ``import_consents`` accepts it); one signed of a testimony the archive does not hold is a
    draft's, or waits for it."""
    signed: dict[tuple[str, int], tuple[str, str]] = {}
    for row in kept:
        if _CONSENT_MEMBER not in row.body:
            continue  # canonical bodies: the kind's one spelling (parsing every event costs)
        event = parse_canonical(CustodyEvent, row.body)
        if event.kind is CustodyKind.CONSENT and event.record_version is not None:
            key = (str(event.record_id), event.record_version)
            signed.setdefault(key, (row.device, event.payload_hash))
    db = ws.connection
    lost: dict[str, bool] = {}
    rows = db.execute(
        "SELECT c.testimony_id, c.version, c.body, (SELECT s.device FROM record_sources s"
        " WHERE s.id = c.testimony_id LIMIT 1) FROM consents c ORDER BY c.testimony_id, c.version"
    )
    for testimony_id, version, body, owner in rows:
        where = f"consent version {version} of testimony {testimony_id}"
        found = signed.pop((str(testimony_id), int(version)), None)
        if found is not None and found[0] == owner:
            if found[1] != hashlib.sha256(bytes(body)).hexdigest():
                return 0, f"the archive's {where} is not the one its device signed (it was altered)"
            continue
        if owner is None:
            continue
        if owner not in lost:
            lost[owner] = chain_state.lost_from(db, owner, chain_state.excused(db, owner), 1, 0)
        if not lost[owner]:
            return 0, f"the archive's {where} has no event its device signed (it was added)"
    for (testimony_id, version), (device, _) in sorted(signed.items()):
        if import_state.testimony_owner(db, UUID(testimony_id)) == device:
            return 0, (
                f"consent version {version} of testimony {testimony_id}, which its device"
                " signed, is not among the archive's consents (it was removed)"
            )
    return None


def _resumptions_problem(
    ws: Workspace, kept: Sequence[DeviceEvent], events: Sequence[CustodyEvent]
) -> Problem | None:
    """Where a reinstatement says the device resumed, the bundle of that sequence must be held
    and its signed custody log must acknowledge the reinstatement (apply one of the packs sent
    from it on), as its import required: ``resumed_at`` is outside the signed fact (it is known
    only later), and lowered by an edit it would let in bundles made while revoked. Or the
    coordinator vouched, in a signed ``gap_accept`` fact, that the gap just before it carried
    the acknowledgement (``standing.accept_gap``)."""
    gaps = archive_state.accepted_gaps(ws.connection)
    vouched = {e.payload_hash for e in events if e.kind is CustodyKind.GAP_ACCEPT}
    for item in archive_state.reinstatements(ws.connection):
        # A signed vouch fixes where the device resumed: a reinstatement that says otherwise
        # (erased, to let a found bundle of the gap resume it instead) was altered.
        vouched_at = [
            gap.through_sequence + 1
            for gap in gaps
            if gap.device == item.device
            and vouching_gap(gaps, replace(item, resumed_at=gap.through_sequence + 1), vouched)
        ]
        if vouched_at and item.resumed_at not in vouched_at:
            return 0, (
                f"the reinstatement of device {item.device} was vouched for as resumed with"
                f" bundle {vouched_at[0]}, yet says otherwise (it was altered)"
            )
        if item.resumed_at is None or item.resumed_at in vouched_at:
            continue
        digests = import_state.acknowledging_digests(ws.connection, item.device, item.pack_sequence)
        applied = [
            parse_canonical(CustodyEvent, row.body)
            for row in kept
            if row.device == item.device and row.bundle_sequence == item.resumed_at
        ]
        if not any(e.kind is CustodyKind.PACK_APPLY and e.payload_hash in digests for e in applied):
            return 0, (
                f"the reinstatement of device {item.device} says it resumed with bundle"
                f" {item.resumed_at}, which does not acknowledge it (it was altered)"
            )
    return None
