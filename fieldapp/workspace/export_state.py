"""What a device remembers of its exports: the bundles it sent and which records each carried.

``bundles_sent`` holds one row per bundle committed: its sequence, id, manifest digest, where
its file was written and how far it got (``committed``: the records are marked, the file may
still be ``.partial``; ``written``: renamed to its final name; ``lost``: neither file was found
afterwards, so its records were unmarked to travel again). The ``exported_in`` column of each
record table names the sequence of the bundle that carried the row, or is NULL.

Two notes live in ``meta``: the export in progress (so that what a crash left in the output
folder can be found and removed), and, per bundle, the last custody event it carried (so the
next bundle starts right after it). Every write happens inside the caller's transaction.
"""

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from uuid import UUID

from fieldapp.domain import RecordStatus
from fieldapp.workspace.database import Connection
from fieldapp.workspace.export_selection import ANONYMOUS_WITNESS

COMMITTED = "committed"
WRITTEN = "written"
LOST = "lost"
_META_PENDING = "export_pending"
_META_THROUGH = "export_custody_through:"
# The record tables and the columns that name a row; fixed strings, never user input.
_KEYS = {
    "testimonies": ("id", "version"),
    "consents": ("testimony_id", "version"),
    "withdrawals": ("id",),
    "attachments": ("id",),
    "identities": ("pseudonym", "version"),
}


@dataclass(frozen=True)
class SentBundle:
    sequence: int
    bundle_id: UUID
    manifest_digest: str
    state: str
    partial_path: Path
    final_path: Path
    created_at: str


@dataclass(frozen=True)
class PendingExport:
    """An export that started writing files and has not committed yet."""

    bundle_id: UUID
    folder: Path


@dataclass(frozen=True)
class Markers:
    """The rows one bundle carries, by key: what its commit marks with its sequence."""

    testimonies: Sequence[tuple[UUID, int]] = ()
    consents: Sequence[tuple[UUID, int]] = ()
    withdrawals: Sequence[UUID] = ()
    attachments: Sequence[UUID] = ()
    identities: Sequence[tuple[str, int]] = ()

    def rows(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        for table, keys in (
            ("testimonies", self.testimonies),
            ("consents", self.consents),
            ("withdrawals", [(k,) for k in self.withdrawals]),
            ("attachments", [(k,) for k in self.attachments]),
            ("identities", self.identities),
        ):
            for key in keys:
                yield table, tuple(str(part) for part in key)


# --- bundles_sent ----------------------------------------------------------------------------

_BUNDLE_COLUMNS = (
    "sequence, bundle_id, manifest_digest, state, partial_path, final_path, created_at"
)


def _bundle(row: Sequence[object]) -> SentBundle:
    sequence, bundle_id, digest, state, partial, final, created = row
    return SentBundle(
        int(str(sequence)),
        UUID(str(bundle_id)),
        str(digest),
        str(state),
        Path(str(partial)),
        Path(str(final)),
        str(created),
    )


def sent_bundles(db: Connection) -> list[SentBundle]:
    rows = db.execute(f"SELECT {_BUNDLE_COLUMNS} FROM bundles_sent ORDER BY sequence")  # noqa: S608
    return [_bundle(row) for row in rows]


def last_bundle(db: Connection) -> SentBundle | None:
    row = db.execute(
        f"SELECT {_BUNDLE_COLUMNS} FROM bundles_sent ORDER BY sequence DESC LIMIT 1"  # noqa: S608
    ).fetchone()
    return _bundle(row) if row else None


def unfinished_bundles(db: Connection) -> list[SentBundle]:
    # Only those rows: reading every bundle a device ever sent, at each export, made planning
    # grow with the device's age (schema v6 indexes the few left committed).
    rows = db.execute(
        f"SELECT {_BUNDLE_COLUMNS} FROM bundles_sent WHERE state = ? ORDER BY sequence",  # noqa: S608
        (COMMITTED,),
    )
    return [_bundle(row) for row in rows]


def record_bundle(db: Connection, bundle: SentBundle) -> None:
    db.execute(
        f"INSERT INTO bundles_sent ({_BUNDLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        (
            bundle.sequence,
            str(bundle.bundle_id),
            bundle.manifest_digest,
            bundle.state,
            str(bundle.partial_path),
            str(bundle.final_path),
            bundle.created_at,
        ),
    )


def set_state(db: Connection, sequence: int, state: str) -> None:
    db.execute("UPDATE bundles_sent SET state = ? WHERE sequence = ?", (state, sequence))


# --- the export in progress, and the custody log ---------------------------------------------


def pending_export(db: Connection) -> PendingExport | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_META_PENDING,)).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return PendingExport(UUID(value["bundle_id"]), Path(value["folder"]))


def set_pending_export(db: Connection, pending: PendingExport) -> None:
    value = json.dumps({"bundle_id": str(pending.bundle_id), "folder": str(pending.folder)})
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_META_PENDING, value))


def clear_pending_export(db: Connection) -> None:
    db.execute("DELETE FROM meta WHERE key = ?", (_META_PENDING,))


def set_custody_through(db: Connection, sequence: int, seq: int) -> None:
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (f"{_META_THROUGH}{sequence}", str(seq)),
    )


def custody_start(db: Connection) -> int:
    """The last custody event the last bundle carried; 0 before any.

    A bundle lost (its file gone after an interrupted export, or its stick lost and its records
    sent again) counts too: its events keep their place in the device's chain, between the
    bundles around it, so a found copy of it still imports and the next bundle after it; sent
    again, they would be in two bundles the archive could then not both take. Without the
    found copy, the coordinator accepts the gap and the next bundle imports after it.
    """
    last = db.execute("SELECT max(sequence) FROM bundles_sent").fetchone()
    if last is None or last[0] is None:
        return 0
    row = db.execute(
        "SELECT value FROM meta WHERE key = ?", (f"{_META_THROUGH}{last[0]}",)
    ).fetchone()
    return int(row[0]) if row else 0


def custody_event_bodies(db: Connection, after: int, through: int) -> Iterator[tuple[bytes, str]]:
    """The signed events with ``after < seq <= through``, in order, as stored: each event's
    canonical bytes (what was signed, and what a bundle carries) and its signature."""
    rows = db.execute(
        "SELECT body, signature FROM custody_events WHERE seq > ? AND seq <= ? ORDER BY seq",
        (after, through),
    )
    for body, signature in rows:
        yield bytes(body), str(signature)


def only_events_of_kind(db: Connection, after: int, kind: str) -> bool:
    """Whether every custody event with ``seq > after`` is of ``kind`` (none at all counts)."""
    row = db.execute(
        "SELECT count(*) FROM custody_events WHERE seq > ? AND kind != ?", (after, kind)
    ).fetchone()
    return int(row[0]) == 0


def has_event_of_kind(db: Connection, after: int, through: int, kind: str) -> bool:
    """Whether an event of ``kind`` has ``after < seq <= through``."""
    row = db.execute(
        "SELECT 1 FROM custody_events WHERE seq > ? AND seq <= ? AND kind = ? LIMIT 1",
        (after, through, kind),
    ).fetchone()
    return row is not None


def count_custody_events(db: Connection, after: int, through: int) -> int:
    row = db.execute(
        "SELECT count(*) FROM custody_events WHERE seq > ? AND seq <= ?", (after, through)
    ).fetchone()
    return int(row[0])


# --- marking ---------------------------------------------------------------------------------


def mark_exported(db: Connection, sequence: int, markers: Markers) -> bool:
    """Mark every row of ``markers`` as carried by bundle ``sequence``.

    Only rows not marked yet are marked: False when some row was already marked (or is gone),
    which means another export ran meanwhile; the caller rolls back.
    """
    # One statement a table. A key names at most one row (it is the table's primary key), so
    # the rows changed add up to the number of keys only if every key marked its row.
    for table, rows in groupby(markers.rows(), key=itemgetter(0)):
        where = " AND ".join(f"{column} = ?" for column in _KEYS[table])
        keys = [(sequence, *key) for _, key in rows]
        cursor = db.executemany(
            f"UPDATE {table} SET exported_in = ? WHERE {where} AND exported_in IS NULL",  # noqa: S608
            keys,
        )
        if cursor.rowcount != len(keys):
            return False
    return True


def unmark(db: Connection, sequence: int) -> None:
    """Forget that bundle ``sequence`` carried anything: its rows will travel again."""
    for table in _KEYS:
        db.execute(
            f"UPDATE {table} SET exported_in = NULL WHERE exported_in = ?",  # noqa: S608
            (sequence,),
        )


# --- a lost bundle's records sent again (services.export_resend) ------------------------------

#: A bundle whose records were marked to travel again after the stick carrying it was lost. Its
#: custody events are not sent again (they belong to its place in the device's chain, where a
#: found copy of it still fits: ``custody_start``), as for a ``lost`` one.
RESENT = "resent"
_META_RESENT = "export_resent:"
_META_ACKNOWLEDGED = "export_acknowledged:"


def sent_bundle(db: Connection, sequence: int) -> SentBundle | None:
    row = db.execute(
        f"SELECT {_BUNDLE_COLUMNS} FROM bundles_sent WHERE sequence = ?",  # noqa: S608
        (sequence,),
    ).fetchone()
    return _bundle(row) if row else None


def carried_counts(db: Connection, sequence: int) -> dict[str, int]:
    """How many rows of each record table bundle ``sequence`` is marked as carrying."""
    return {
        table: int(
            db.execute(
                f"SELECT count(*) FROM {table} WHERE exported_in = ?",  # noqa: S608
                (sequence,),
            ).fetchone()[0]
        )
        for table in _KEYS
    }


def carried_testimonies(db: Connection, sequence: int) -> list[tuple[UUID, int, RecordStatus]]:
    """(id, version, status) of every testimony version bundle ``sequence`` carried."""
    rows = db.execute(
        "SELECT id, version, status FROM testimonies WHERE exported_in = ? ORDER BY id, version",
        (sequence,),
    )
    return [(UUID(i), int(v), RecordStatus(s)) for i, v, s in rows]


def consent_mark(db: Connection) -> tuple[object, ...]:
    """What changes when a consent or an identity is added, removed or rewritten: compared
    before an export's commit with its value when the export was planned."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM consents), (SELECT max(rowid) FROM consents),"
        " (SELECT total(length(body)) FROM consents), (SELECT count(*) FROM identities),"
        " (SELECT max(rowid) FROM identities), (SELECT total(length(body)) FROM identities)"
    ).fetchone()
    return tuple(row)


def testimony_carrier(db: Connection, testimony_id: UUID, version: int) -> int | None:
    """The sequence of the bundle that carried this testimony version; None when none has (or
    its bundle was lost and it waits to travel again)."""
    row = db.execute(
        "SELECT exported_in FROM testimonies WHERE id = ? AND version = ?",
        (str(testimony_id), version),
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def mark_acknowledged(db: Connection, sequences: Iterable[int], receipt_digest: str) -> None:
    """Remember that a receipt (by its manifest digest) named these bundles as held."""
    db.executemany(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
        [(f"{_META_ACKNOWLEDGED}{sequence}", receipt_digest) for sequence in sequences],
    )


def acknowledged(db: Connection, sequence: int) -> bool:
    """Whether a receipt applied here named bundle ``sequence`` as held by the archive."""
    row = db.execute(
        "SELECT 1 FROM meta WHERE key = ?", (f"{_META_ACKNOWLEDGED}{sequence}",)
    ).fetchone()
    return row is not None


def acknowledging_receipt(db: Connection, sequence: int) -> str | None:
    """The manifest digest of the first receipt applied here that named bundle ``sequence``
    as held by the archive; None while none has."""
    row = db.execute(
        "SELECT value FROM meta WHERE key = ?", (f"{_META_ACKNOWLEDGED}{sequence}",)
    ).fetchone()
    return None if row is None else str(row[0])


def custody_carried(db: Connection, sequence: int) -> tuple[int, int] | None:
    """``(after, through)``: bundle ``sequence`` carried the custody events with
    ``after < seq <= through`` (from where the bundle before it stopped); None when no bundle
    ``sequence`` was committed here."""
    rows = db.execute(
        "SELECT key, value FROM meta WHERE key IN (?, ?)",
        (f"{_META_THROUGH}{sequence - 1}", f"{_META_THROUGH}{sequence}"),
    )
    through = {str(key): int(value) for key, value in rows}
    last = through.get(f"{_META_THROUGH}{sequence}")
    if last is None:
        return None
    return through.get(f"{_META_THROUGH}{sequence - 1}", 0), last


def custody_bodies_of_kind(db: Connection, after: int, through: int, kind: str) -> list[bytes]:
    """The canonical bytes of each event of ``kind`` with ``after < seq <= through``, in order."""
    rows = db.execute(
        "SELECT body FROM custody_events WHERE seq > ? AND seq <= ? AND kind = ? ORDER BY seq",
        (after, through, kind),
    )
    return [bytes(body) for (body,) in rows]


def record_resend(db: Connection, sequence: int, fact: bytes) -> None:
    """Keep the resend's fact (canonical JSON, with the reason: it stays on this device)."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        (f"{_META_RESENT}{sequence}", fact.decode("utf-8")),
    )
    set_state(db, sequence, RESENT)


def resend_fact(db: Connection, sequence: int) -> dict[str, object] | None:
    key = f"{_META_RESENT}{sequence}"
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


# --- what purge must keep ---------------------------------------------------------------------

#: SQL, true for an identity row ``i`` (the alias is fixed) whose version has not surely reached
#: the custodian: it waits to leave, or the bundle that carried it was never named by a receipt
#: (its stick may be lost, and ``resend_bundle`` would send the version again). Not for a
#: witness who asked for anonymity: export never sends their identity, so it is not waited for.
IDENTITY_UNDELIVERED = (
    "((i.exported_in IS NULL OR NOT EXISTS (SELECT 1 FROM meta m"  # noqa: S608
    f" WHERE m.key = '{_META_ACKNOWLEDGED}' || i.exported_in))"
    f" AND NOT {ANONYMOUS_WITNESS})"
)
