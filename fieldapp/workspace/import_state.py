"""What an archive knows of the bundles it imported, the devices that sent them, its keys.

Enrolled devices and archive identities are written by enrolment (``archive_state``); import
reads them here and records what it received. Every write happens inside the import's single
transaction.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from fieldapp.domain.canonical import parse_canonical
from fieldapp.domain.custody import CustodyEvent
from fieldapp.workspace import chain_state
from fieldapp.workspace.database import Connection


@dataclass(frozen=True)
class DeviceEntry:
    fingerprint: str
    public_key: str
    label: str
    revoked_at: str | None
    last_good_sequence: int | None


def device_entry(db: Connection, fingerprint: str) -> DeviceEntry | None:
    row = db.execute(
        "SELECT fingerprint, public_key, label, revoked_at, last_good_sequence FROM devices"
        " WHERE fingerprint = ?",
        (fingerprint,),
    ).fetchone()
    return DeviceEntry(*row) if row else None


def device_keys(db: Connection) -> list[str]:
    """Every enrolled device's key, revoked ones too: their refusal is told apart later."""
    return [row[0] for row in db.execute("SELECT public_key FROM devices")]


def archive_identities(db: Connection) -> list[str]:
    return [row[0] for row in db.execute("SELECT identity FROM archive_keys")]


def last_received(db: Connection, device: str) -> tuple[int, str] | None:
    row = db.execute(
        "SELECT sequence, manifest_digest FROM bundles_received WHERE device = ?"
        " ORDER BY sequence DESC LIMIT 1",
        (device,),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def received_digest(db: Connection, device: str, sequence: int) -> str | None:
    row = db.execute(
        "SELECT manifest_digest FROM bundles_received WHERE device = ? AND sequence = ?",
        (device, sequence),
    ).fetchone()
    return str(row[0]) if row else None


def record_bundle(
    db: Connection,
    *,
    device: str,
    sequence: int,
    bundle_id: UUID,
    digest: str,
    created_at: str,
    identities_blob: str | None,
    custody_head: str | None,
) -> None:
    db.execute(
        "INSERT INTO bundles_received (device, sequence, bundle_id, manifest_digest, created_at,"
        " imported_at, identities_blob, custody_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            device,
            sequence,
            str(bundle_id),
            digest,
            created_at,
            datetime.now(UTC).isoformat(),
            identities_blob,
            custody_head,
        ),
    )


def last_custody_head(db: Connection, device: str) -> str | None:
    """The custody head the device's last imported bundle declared (None before any)."""
    row = db.execute(
        "SELECT custody_head FROM bundles_received WHERE device = ? ORDER BY sequence DESC LIMIT 1",
        (device,),
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def record_source(
    db: Connection, record_id: UUID, version: int, device: str, sequence: int
) -> None:
    db.execute(
        "INSERT OR IGNORE INTO record_sources (id, version, device, bundle_sequence)"
        " VALUES (?, ?, ?, ?)",
        (str(record_id), version, device, sequence),
    )


def stored_body(
    db: Connection, table: str, key: str, value: str, version: int | None = None
) -> bytes | None:
    """The canonical bytes already stored for a consent, withdrawal or attachment, if any."""
    queries = {
        ("consents", "testimony_id"): "SELECT body FROM consents WHERE testimony_id = ?"
        " AND version = ?",
        ("withdrawals", "id"): "SELECT body FROM withdrawals WHERE id = ?",
        ("attachments", "id"): "SELECT body FROM attachments WHERE id = ?",
    }
    query = queries[(table, key)]
    params: tuple[object, ...] = (value, version) if version is not None else (value,)
    row = db.execute(query, params).fetchone()
    return bytes(row[0]) if row else None


def bundle_id_known(db: Connection, bundle_id: UUID) -> bool:
    row = db.execute(
        "SELECT 1 FROM bundles_received WHERE bundle_id = ?", (str(bundle_id),)
    ).fetchone()
    return row is not None


def testimony_owner(db: Connection, testimony_id: UUID) -> str | None:
    """The device whose bundles brought this testimony (None if the archive lacks it)."""
    row = db.execute(
        "SELECT device FROM record_sources WHERE id = ? LIMIT 1", (str(testimony_id),)
    ).fetchone()
    return str(row[0]) if row else None


def latest_version(db: Connection, testimony_id: UUID) -> int | None:
    """The highest version of a testimony the archive holds (None if it holds none)."""
    row = db.execute(
        "SELECT max(version) FROM testimonies WHERE id = ?", (str(testimony_id),)
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


# -- the chain around gaps, and the device custody events kept --------------------------------


def received_previous(db: Connection, device: str, sequence: int) -> tuple[str, str | None] | None:
    """(digest, previous) of a bundle the archive holds; None if it lacks it. ``previous`` is
    None for bundle 1 and for bundles imported before version 5 of the schema kept it."""
    row = db.execute(
        "SELECT manifest_digest, previous FROM bundles_received WHERE device = ? AND sequence = ?",
        (device, sequence),
    ).fetchone()
    return (str(row[0]), row[1]) if row else None


def record_previous(db: Connection, device: str, sequence: int, previous: str | None) -> None:
    db.execute(
        "UPDATE bundles_received SET previous = ? WHERE device = ? AND sequence = ?",
        (previous, device, sequence),
    )


def custody_head_of(db: Connection, device: str, sequence: int) -> str | None:
    row = db.execute(
        "SELECT custody_head FROM bundles_received WHERE device = ? AND sequence = ?",
        (device, sequence),
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def excused_sequences(db: Connection, device: str) -> chain_state.Excused:
    """The device's sequences the archive will never have and need not: those inside a gap the
    coordinator accepted, and those a reinstatement left refused (made while revoked). Ranges,
    not a list of every number: a device chooses its bundles' numbers."""
    return chain_state.excused(db, device)


def refused_while_revoked(db: Connection, device: str, sequence: int) -> bool:
    """Whether a reinstatement that has resumed leaves this sequence refused."""
    row = db.execute(
        "SELECT 1 FROM reinstatements WHERE device = ? AND ? > last_good_sequence"
        " AND ? < resumed_at",
        (device, sequence, sequence),
    ).fetchone()
    return row is not None


def awaiting_resumption(db: Connection, device: str) -> tuple[str, int, int] | None:
    """(reinstated_at, last good sequence, pack sequence) of the device's reinstatement whose
    acknowledging bundle has not arrived yet, if there is one."""
    # Revoked again while a reinstatement waited, then reinstated again: the latest one is
    # waited for (applying its pack means the device has every earlier one too).
    row = db.execute(
        "SELECT reinstated_at, last_good_sequence, pack_sequence FROM reinstatements"
        " WHERE device = ? AND resumed_at IS NULL ORDER BY pack_sequence DESC LIMIT 1",
        (device,),
    ).fetchone()
    return (str(row[0]), int(row[1]), int(row[2])) if row else None


def acknowledging_digests(db: Connection, device: str, first_pack: int) -> set[str]:
    """Digests of the packs sent to the device from ``first_pack`` on: applying any of them
    means the device has the reinstatement."""
    rows = db.execute(
        "SELECT manifest_digest FROM pack_copies WHERE device = ? AND sequence >= ?",
        (device, first_pack),
    )
    return {str(row[0]) for row in rows}


def mark_resumed(db: Connection, device: str, reinstated_at: str, sequence: int) -> None:
    """The reinstatement ``reinstated_at`` resumed at bundle ``sequence``, and with it every
    earlier one of the device still waiting (its pack came before, so it is applied too)."""
    db.execute(
        "UPDATE reinstatements SET resumed_at = ? WHERE device = ? AND resumed_at IS NULL"
        " AND pack_sequence <= (SELECT pack_sequence FROM reinstatements WHERE device = ?"
        " AND reinstated_at = ?)",
        (sequence, device, device, reinstated_at),
    )


def in_accepted_gap(db: Connection, device: str, sequence: int) -> bool:
    row = db.execute(
        "SELECT 1 FROM accepted_gaps WHERE device = ? AND ? BETWEEN first_sequence"
        " AND through_sequence",
        (device, sequence),
    ).fetchone()
    return row is not None


@dataclass(frozen=True)
class DeviceEvent:
    device: str
    seq: int
    bundle_sequence: int
    body: bytes
    signature: str


def store_device_event(
    db: Connection,
    device: str,
    bundle_sequence: int,
    event: CustodyEvent,
    body: bytes,
    signature: str,
) -> None:
    """Keep one of the device's custody events as received: ``body``, its canonical bytes (the
    payload's, already confirmed canonical), and the signature over them."""
    db.execute(
        "INSERT INTO device_custody (device, seq, bundle_sequence, kind, record_id, body,"
        " signature) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            device,
            event.seq,
            bundle_sequence,
            event.kind.value,
            str(event.record_id) if event.record_id else None,
            body,
            signature,
        ),
    )


def first_device_event(db: Connection, device: str, bundle_sequence: int) -> bytes | None:
    row = db.execute(
        "SELECT body FROM device_custody WHERE device = ? AND bundle_sequence = ?"
        " ORDER BY seq LIMIT 1",
        (device, bundle_sequence),
    ).fetchone()
    return bytes(row[0]) if row else None


def device_events(db: Connection, device: str | None = None) -> list[DeviceEvent]:
    """Every device custody event kept (of one device, or all), by device then seq."""
    rows = db.execute(
        "SELECT device, seq, bundle_sequence, body, signature FROM device_custody"
        " WHERE ? IS NULL OR device = ? ORDER BY device, seq",
        (device, device),
    )
    return [DeviceEvent(str(a), int(b), int(c), bytes(d), str(e)) for a, b, c, d, e in rows]


def device_events_for_record(db: Connection, record_id: UUID) -> list[DeviceEvent]:
    rows = db.execute(
        "SELECT device, seq, bundle_sequence, body, signature FROM device_custody"
        " WHERE record_id = ? ORDER BY device, seq",
        (str(record_id),),
    )
    return [DeviceEvent(str(a), int(b), int(c), bytes(d), str(e)) for a, b, c, d, e in rows]


def device_consent_event(
    db: Connection, device: str, testimony_id: UUID, version: int
) -> tuple[int, str] | None:
    """The first ``consent`` event ``device`` signed for version ``version`` of a testimony's
    consent, kept from its bundles: its sequence number and the hash it names."""
    rows = db.execute(
        "SELECT seq, body FROM device_custody WHERE record_id = ? AND device = ?"
        " AND kind = 'consent' ORDER BY seq",
        (str(testimony_id), device),
    )
    for seq, body in rows:
        event = parse_canonical(CustodyEvent, bytes(body))
        if event.record_version == version:
            return int(seq), event.payload_hash
    return None


# -- consents and withdrawals waiting for their testimony (schema v7, per device v8) ----------
# Only after an accepted gap: the testimony travelled in a lost bundle, and the device's later
# bundle carried what the witness decided since. Moved into place when the testimony arrives.


def gap_accepted_before(db: Connection, device: str, sequence: int) -> bool:
    """Whether the coordinator accepted a gap in the device's bundles before ``sequence``."""
    row = db.execute(
        "SELECT 1 FROM accepted_gaps WHERE device = ? AND first_sequence < ? LIMIT 1",
        (device, sequence),
    ).fetchone()
    return row is not None


def testimony_pseudonym(db: Connection, testimony_id: UUID) -> str | None:
    """The witness's pseudonym on the latest version the archive holds of a testimony."""
    row = db.execute(
        "SELECT pseudonym FROM testimonies WHERE id = ? AND +is_latest = 1", (str(testimony_id),)
    ).fetchone()
    return str(row[0]) if row else None
