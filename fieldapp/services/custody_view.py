"""A record's chain of custody as an archive holds it: the device's events, then the archive's.

The device's events are those its bundles carried (kept as received, ``device_custody``): the
record's creation, sealing, attachments, amendments, withdrawals, and each time it or its
witness's identity was opened there (``services.access``). The archive's are the imports of the
bundles that brought the record's versions, the withdrawals received at its office, and each
time the coordinator opened it while strictly confidential.
Each is shown with whether its signature verifies now, against the device key or the
coordinator key; ``audit verify`` walks the chains themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from crypto import sshsig
from crypto.errors import CryptoError
from fieldapp.domain import CustodyEvent, parse_canonical
from fieldapp.errors import FieldappError
from fieldapp.services.archive import require_archive
from fieldapp.workspace import Role, Workspace, import_state
from fieldapp.workspace.custody import CUSTODY_NAMESPACE

DEVICE = "device"
ARCHIVE = "archive"


@dataclass(frozen=True)
class CustodyEntry:
    source: str  # DEVICE or ARCHIVE
    actor: str
    seq: int
    kind: str
    claimed_at: str
    record_version: int | None
    bundle_id: str | None
    payload_hash: str
    #: Whether the event's signature verifies against its key now.
    verified: bool


def _entry(source: str, body: bytes, signature: str, key: str | None) -> CustodyEntry | None:
    try:
        event = parse_canonical(CustodyEvent, body)
    except FieldappError:
        return None
    verified = key is not None
    try:
        if key is not None:
            sshsig.verify(body, signature, CUSTODY_NAMESPACE, [key])
    except CryptoError:
        verified = False
    return CustodyEntry(
        source,
        event.actor,
        event.seq,
        event.kind.value,
        event.claimed_at.isoformat(),
        event.record_version,
        None if event.bundle_id is None else str(event.bundle_id),
        event.payload_hash,
        verified,
    )


def record_custody(ws: Workspace, testimony_id: UUID) -> list[CustodyEntry]:
    """The testimony's custody on this archive, device events first (in their order), then the
    archive's imports of the bundles that carried it.

    Only the events of the device that recorded it: another enrolled device can sign an event
    naming any testimony id it knows, in its own log, before the testimony reaches the archive
    (import refuses it once the archive holds the testimony). Such an event stays in that
    device's log for the audit; it is not this testimony's custody."""
    require_archive(ws)
    db = ws.connection
    entries: list[CustodyEntry] = []
    owner = import_state.testimony_owner(db, testimony_id)
    for row in import_state.device_events_for_record(db, testimony_id):
        if row.device != owner:
            continue
        device = import_state.device_entry(db, row.device)
        entry = _entry(DEVICE, row.body, row.signature, device and device.public_key)
        if entry is not None:
            entries.append(entry)
    for body, signature in _archive_events_of(ws, testimony_id):
        entry = _entry(ARCHIVE, body, signature, ws.public_key)
        if entry is not None:
            entries.append(entry)
    return entries


def _archive_events_of(ws: Workspace, testimony_id: UUID) -> list[tuple[bytes, str]]:
    """The archive's own events about the testimony, in the order of its chain: the imports
    that brought it, the withdrawals received at its office and each time it was opened while
    strictly confidential (both name it: ``services.access``)."""
    naming = ws.connection.execute(
        "SELECT seq, body, signature FROM custody_events WHERE kind IN ('withdraw', 'access')"
        " AND record_id = ?",
        (str(testimony_id),),
    )
    found = [(int(seq), bytes(body), str(signature)) for seq, body, signature in naming]
    found += _imports_of(ws, testimony_id)
    return [(body, signature) for _, body, signature in sorted(found)]


def testimony_custody(ws: Workspace, testimony_id: UUID) -> list[CustodyEntry]:
    """The testimony's custody as this workspace holds it, for display: on an archive its
    device's events and the archive's imports (``record_custody``); on a device the events of
    its own log that name it, each checked against its own key."""
    if ws.role is Role.ARCHIVE:
        return record_custody(ws, testimony_id)
    rows = ws.connection.execute(
        "SELECT body, signature FROM custody_events WHERE record_id = ? ORDER BY seq",
        (str(testimony_id),),
    )
    entries = (_entry(DEVICE, bytes(body), str(sig), ws.public_key) for body, sig in rows)
    return [entry for entry in entries if entry is not None]


def own_log_entries(ws: Workspace, rows: Iterable[tuple[bytes, str]]) -> list[CustodyEntry]:
    """Events of a device's own log (body, signature), as shown: each checked against the
    device's own key; an unreadable one left out, as ``testimony_custody`` does."""
    entries = (_entry(DEVICE, body, signature, ws.public_key) for body, signature in rows)
    return [entry for entry in entries if entry is not None]


def _imports_of(ws: Workspace, testimony_id: UUID) -> list[tuple[int, bytes, str]]:
    """The archive's import events of the bundles that brought the testimony's versions: the
    event's payload is the bundle's manifest digest, found in its canonical bytes."""
    digests = ws.connection.execute(
        "SELECT DISTINCT b.manifest_digest FROM record_sources s JOIN bundles_received b"
        " ON b.device = s.device AND b.sequence = s.bundle_sequence WHERE s.id = ?",
        (str(testimony_id),),
    ).fetchall()
    found: list[tuple[int, bytes, str]] = []
    for (digest,) in digests:
        needle = f'"payload_hash":"{digest}"'.encode()
        rows = ws.connection.execute(
            "SELECT seq, body, signature FROM custody_events WHERE kind = 'import'"
            " AND instr(body, ?) > 0",
            (needle,),
        )
        found += [(int(seq), bytes(body), str(signature)) for seq, body, signature in rows]
    return found
