"""Consents and withdrawals waiting in the archive for their testimony (schema v7; per device
since v8): a device's later bundle carried what the witness decided after a lost bundle that
carried the testimony. ``services.import_waiting`` says when records may wait and what happens
when their testimony arrives; this module reads and writes the table, inside the import's
transaction.
"""

from collections.abc import Iterator
from uuid import UUID

from fieldapp.workspace.database import Connection


def waiting_body(db: Connection, kind: str, device: str, record_key: str) -> bytes | None:
    """The canonical bytes of a record the device sent that waits (keys are per device since
    schema v8: no device's waiting record keeps another's out)."""
    row = db.execute(
        "SELECT body FROM waiting_records WHERE kind = ? AND device = ? AND record_key = ?",
        (kind, device, record_key),
    ).fetchone()
    return bytes(row[0]) if row else None


def add_waiting(
    db: Connection,
    *,
    kind: str,
    record_key: str,
    testimony_id: UUID,
    device: str,
    sequence: int,
    body: bytes,
) -> None:
    db.execute(
        "INSERT INTO waiting_records (kind, record_key, testimony_id, device, bundle_sequence,"
        " body) VALUES (?, ?, ?, ?, ?, ?)",
        (kind, record_key, str(testimony_id), device, sequence, body),
    )


def take_waiting(db: Connection, testimony_id: UUID, device: str) -> Iterator[tuple[str, bytes]]:
    """(kind, body) of what the device sent for this testimony before it, in the order received,
    one at a time, removed from the waiting records once all were taken (inside the transaction
    that stores them in place). Only the rows' places are sorted, never their bodies together:
    a device may have sent any number of them."""
    key = (str(testimony_id), device)
    places = db.execute(
        "SELECT rowid FROM waiting_records WHERE testimony_id = ? AND device = ?"
        " ORDER BY bundle_sequence, rowid",
        key,
    )
    for (rowid,) in places:
        kind, body = db.execute(
            "SELECT kind, body FROM waiting_records WHERE rowid = ?", (rowid,)
        ).fetchone()
        yield str(kind), bytes(body)
    db.execute("DELETE FROM waiting_records WHERE testimony_id = ? AND device = ?", key)


def discard_waiting_of_others(db: Connection, testimony_id: UUID, device: str) -> int:
    """Remove what other devices than ``device`` sent for this testimony; how many (inside the
    transaction that stores its first version, from ``device``)."""
    cursor = db.execute(
        "DELETE FROM waiting_records WHERE testimony_id = ? AND device != ?",
        (str(testimony_id), device),
    )
    return int(cursor.rowcount)


def any_waiting(db: Connection) -> bool:
    """Whether any consent or withdrawal waits for its testimony, from any device."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM waiting_records)").fetchone()[0] == 1


def waiting_counts(db: Connection) -> dict[str, int]:
    """How many consents and withdrawals wait for their testimony, by device."""
    rows = db.execute("SELECT device, count(*) FROM waiting_records GROUP BY device")
    return {str(device): int(count) for device, count in rows}
