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
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from fieldapp.domain import (
    AnonymityWish,
    Attachment,
    CustodyEvent,
    CustodyKind,
    RecordStatus,
    WitnessIdentity,
    parse_canonical,
)
from fieldapp.workspace.database import Connection

COMMITTED = "committed"
WRITTEN = "written"
LOST = "lost"
#: Statuses of a testimony version that may leave: sealed, or exported in a bundle since lost.
EXPORTABLE = (RecordStatus.SEALED.value, RecordStatus.EXPORTED.value)
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
class VersionState:
    version: int
    status: RecordStatus
    exported_in: int | None
    body_size: int


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
    """The last custody event a delivered (not lost) bundle carried; 0 before any."""
    last = db.execute(
        "SELECT sequence FROM bundles_sent WHERE state != ? ORDER BY sequence DESC LIMIT 1",
        (LOST,),
    ).fetchone()
    if last is None:
        return 0
    row = db.execute(
        "SELECT value FROM meta WHERE key = ?", (f"{_META_THROUGH}{last[0]}",)
    ).fetchone()
    return int(row[0]) if row else 0


def custody_events(db: Connection, after: int, through: int) -> Iterator[tuple[CustodyEvent, str]]:
    """The signed events with ``after < seq <= through``, in order."""
    rows = db.execute(
        "SELECT body, signature FROM custody_events WHERE seq > ? AND seq <= ? ORDER BY seq",
        (after, through),
    )
    for body, signature in rows:
        yield parse_canonical(CustodyEvent, body), str(signature)


def count_custody_events(db: Connection, after: int, through: int) -> int:
    row = db.execute(
        "SELECT count(*) FROM custody_events WHERE seq > ? AND seq <= ?", (after, through)
    ).fetchone()
    return int(row[0])


def _attach_event_seqs(db: Connection, testimony_id: UUID) -> dict[str, list[int]]:
    """The seqs of a testimony's ATTACH events, by the attached file's SHA-256, in order."""
    rows = db.execute(
        "SELECT seq, body FROM custody_events WHERE record_id = ? AND kind = ? ORDER BY seq",
        (str(testimony_id), CustodyKind.ATTACH.value),
    )
    seqs: dict[str, list[int]] = defaultdict(list)
    for seq, body in rows:
        seqs[parse_canonical(CustodyEvent, body).payload_hash].append(int(seq))
    return seqs


def _amend_event_seq(db: Connection, testimony_id: UUID, version: int) -> int | None:
    """The seq of the AMEND event that opened ``version`` of a testimony."""
    rows = db.execute(
        "SELECT seq, body FROM custody_events WHERE record_id = ? AND kind = ? ORDER BY seq",
        (str(testimony_id), CustodyKind.AMEND.value),
    )
    for seq, body in rows:
        if parse_canonical(CustodyEvent, body).record_version == version:
            return int(seq)
    return None


# --- what has not left yet -------------------------------------------------------------------


_GONE = (
    "EXISTS (SELECT 1 FROM testimonies g WHERE g.id = w.testimony_id"
    " AND g.exported_in IS NOT NULL)"
)
_CANDIDATES = (  # fixed SQL only: _GONE is a constant
    "SELECT t.id FROM testimonies t WHERE +t.is_latest = 1 AND t.id IN ("  # noqa: S608
    " SELECT id FROM testimonies WHERE exported_in IS NULL AND status IN (?, ?)"
    f" UNION SELECT testimony_id FROM consents w WHERE exported_in IS NULL AND {_GONE}"
    f" UNION SELECT testimony_id FROM withdrawals w WHERE exported_in IS NULL AND {_GONE}"
    f" UNION SELECT testimony_id FROM attachments w WHERE exported_in IS NULL AND {_GONE}"
    ") ORDER BY t.started_at, t.id"
)


def candidate_testimonies(db: Connection) -> list[UUID]:
    """Testimonies with something that may leave: a sealed version not exported yet, or, once
    the testimony has left, a consent, withdrawal or attachment not exported yet. Oldest
    interview first (ties by id, so the order is the same from run to run)."""
    # Every part starts from what waits (partial indexes on exported_in IS NULL) and looks
    # testimonies up by id: the work follows what waits, not how much the device holds.
    rows = db.execute(_CANDIDATES, EXPORTABLE)
    return [UUID(row[0]) for row in rows]


def testimony_versions(db: Connection, testimony_id: UUID) -> list[VersionState]:
    rows = db.execute(
        "SELECT version, status, exported_in, length(body) FROM testimonies WHERE id = ?"
        " ORDER BY version",
        (str(testimony_id),),
    )
    return [VersionState(int(v), RecordStatus(s), e, int(n)) for v, s, e, n in rows]


def unexported_consents(db: Connection, testimony_id: UUID) -> list[int]:
    rows = db.execute(
        "SELECT version FROM consents WHERE testimony_id = ? AND exported_in IS NULL"
        " ORDER BY version",
        (str(testimony_id),),
    )
    return [int(row[0]) for row in rows]


def unexported_withdrawals(db: Connection, testimony_id: UUID) -> list[UUID]:
    rows = db.execute(
        "SELECT id FROM withdrawals WHERE testimony_id = ? AND exported_in IS NULL ORDER BY rowid",
        (str(testimony_id),),
    )
    return [UUID(row[0]) for row in rows]


def unexported_attachments(
    db: Connection, testimony_id: UUID, open_draft: int | None = None
) -> list[tuple[Attachment, str]]:
    """Attachments not exported yet that belong to a sealed version, with their blob names.

    Attachments name a testimony, not a version. While an amendment is a draft (version
    ``open_draft``), a file attached since the amendment was opened belongs to it and must wait
    for its seal. The custody log says which: each attachment was stored in the transaction
    that appended its ATTACH event, so the k-th attachment of a file (by row order) is the k-th
    ATTACH event with that file's hash (by seq), and it is sealed if that event came before the
    AMEND event that opened the draft.
    """
    rows = db.execute(
        "SELECT body, blob_name, exported_in FROM attachments WHERE testimony_id = ?"
        " ORDER BY rowid",
        (str(testimony_id),),
    )
    stored = [(parse_canonical(Attachment, body), str(name), e) for body, name, e in rows]
    if open_draft is None:
        return [(a, name) for a, name, exported in stored if exported is None]
    cutoff = _amend_event_seq(db, testimony_id, open_draft)
    seqs = _attach_event_seqs(db, testimony_id)
    sealed = []
    for attachment, name, exported in stored:
        queue = seqs.get(attachment.sha256)
        seq = queue.pop(0) if queue else None
        if exported is None and seq is not None and cutoff is not None and seq < cutoff:
            sealed.append((attachment, name))
    return sealed


@dataclass(frozen=True)
class Witness:
    """A witness with an identity version not exported yet, and what decides whether it may go."""

    pseudonym: str
    versions: tuple[int, ...]  # identity versions not exported yet
    testimonies: frozenset[UUID]
    has_left: bool  # one of the witness's testimonies has left in a bundle
    #: The anonymity wish of the consent version in force for each testimony that has consent.
    wishes: frozenset[str]


def witnesses_waiting(db: Connection) -> list[Witness]:
    """Every witness with an identity version not exported yet and not withheld
    (``withhold_anonymous``), in one pass over their testimonies.

    The wish is read from the latest consent version's stored JSON (``anonymity``) by SQLite,
    so that a device of many witnesses does not parse every consent at each export.
    """
    versions: dict[str, list[int]] = defaultdict(list)
    for pseudonym, version in db.execute(
        "SELECT pseudonym, version FROM identities WHERE exported_in IS NULL AND withheld = 0"
        " ORDER BY version"
    ):
        versions[str(pseudonym)].append(int(version))
    testimonies: dict[str, set[UUID]] = defaultdict(set)
    left: set[str] = set()
    wishes: dict[str, set[str]] = defaultdict(set)
    rows = db.execute(
        "SELECT t.pseudonym, t.id, max(t.exported_in IS NOT NULL),"
        " (SELECT json_extract(CAST(c.body AS TEXT), '$.anonymity') FROM consents c"
        "  WHERE c.testimony_id = t.id ORDER BY c.version DESC LIMIT 1)"
        " FROM testimonies t"
        " WHERE t.pseudonym IN (SELECT pseudonym FROM identities"
        "  WHERE exported_in IS NULL AND withheld = 0)"
        " GROUP BY t.pseudonym, t.id"
    )
    for pseudonym, testimony_id, has_left, wish in rows:
        testimonies[pseudonym].add(UUID(testimony_id))
        if has_left:
            left.add(pseudonym)
        if wish is not None:
            wishes[pseudonym].add(str(wish))
    return [
        Witness(p, tuple(v), frozenset(testimonies[p]), p in left, frozenset(wishes[p]))
        for p, v in sorted(versions.items())
    ]


_LATEST_WISH = (
    "(SELECT json_extract(CAST(c.body AS TEXT), '$.anonymity') FROM consents c"
    " WHERE c.testimony_id = t.id ORDER BY c.version DESC LIMIT 1)"
)


def withhold_anonymous(db: Connection, pseudonyms: Iterable[str]) -> None:
    """Mark the waiting identity versions of these witnesses as withheld, so that later exports
    skip them, where a consent in force for one of their testimonies asks for anonymity.

    The wish is checked again by the same statement, not taken from an earlier read: a consent
    stored meanwhile (which clears marks: migration v6's triggers) is never overruled.
    """
    db.executemany(
        "UPDATE identities SET withheld = 1 WHERE pseudonym = ? AND exported_in IS NULL"  # noqa: S608
        " AND withheld = 0 AND EXISTS (SELECT 1 FROM testimonies t"
        f" WHERE t.pseudonym = identities.pseudonym AND {_LATEST_WISH} = ?)",
        [(pseudonym, AnonymityWish.ANONYMOUS.value) for pseudonym in pseudonyms],
    )


def identity_version(db: Connection, pseudonym: str, version: int) -> WitnessIdentity:
    row = db.execute(
        "SELECT body FROM identities WHERE pseudonym = ? AND version = ?", (pseudonym, version)
    ).fetchone()
    return parse_canonical(WitnessIdentity, row[0])


# --- marking ---------------------------------------------------------------------------------


def mark_exported(db: Connection, sequence: int, markers: Markers) -> bool:
    """Mark every row of ``markers`` as carried by bundle ``sequence``.

    Only rows not marked yet are marked: False when some row was already marked (or is gone),
    which means another export ran meanwhile; the caller rolls back.
    """
    for table, key in markers.rows():
        where = " AND ".join(f"{column} = ?" for column in _KEYS[table])
        cursor = db.execute(
            f"UPDATE {table} SET exported_in = ? WHERE {where} AND exported_in IS NULL",  # noqa: S608
            (sequence, *key),
        )
        if cursor.rowcount != 1:
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
#: found copy of it still fits), so ``custody_start`` treats it as delivered.
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
