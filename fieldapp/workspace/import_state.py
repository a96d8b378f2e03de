"""What an archive knows of the bundles it imported, the devices that sent them, its keys.

Enrolled devices and archive identities are written by enrolment (``archive_state``); import
reads them here and records what it received. Every write happens inside the import's single
transaction.
"""

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from fieldapp.workspace.database import Connection
from fieldapp.workspace.files import TEMP_PREFIX, fsync_directory


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


# -- identities files kept for the custodian -------------------------------------------------
# Written under a temporary name (".tmp-<random>-<final name>") before the import commits and
# renamed after it; the unlock's sweep finishes or removes what a crash left in between.


def staged_identities_path(folder: Path, final_name: str) -> Path:
    return folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}-{final_name}"


def finish_identities_file(staged: Path, final: Path) -> None:
    os.replace(staged, final)
    fsync_directory(final.parent)


def sweep_custodian_folder(db: Connection, folder: Path) -> None:
    """Finish committed identities files, remove every other leftover of a crash."""
    if not folder.is_dir():
        return
    wanted = {
        str(row[0])
        for row in db.execute(
            "SELECT identities_blob FROM bundles_received WHERE identities_blob IS NOT NULL"
        )
    }
    for path in folder.iterdir():
        if path.name.startswith(TEMP_PREFIX):
            final = path.name.split("-", 2)[-1]
            if final in wanted and not (folder / final).exists():
                finish_identities_file(path, folder / final)
            else:
                path.unlink(missing_ok=True)
        elif path.name not in wanted:
            path.unlink(missing_ok=True)
