"""What an archive checks a device's new bundle against, beyond ``import_state``: the sequences
it excuses, as ranges; the custody event where a bundle joins the device's log; the content
hashes of the testimony versions it holds.

A bundle's sequence is the device's to choose: one numbered 2**53 is as easy to sign as
bundle 2. So nothing here lists the numbers of a range: ranges are compared by their ends, and
checking a bundle costs the same whatever number it claims.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from fieldapp.sequence_ranges import SequenceRange
from fieldapp.workspace.database import Connection


@dataclass(frozen=True)
class Excused:
    """A device's sequences the archive will never have and need not: accepted gaps and the
    windows reinstatements leave refused, as ranges (in any order, overlapping or not)."""

    ranges: tuple[SequenceRange, ...] = ()

    def __contains__(self, sequence: object) -> bool:
        return any(sequence in span for span in self.ranges)

    def with_range(self, first: int, through: int) -> "Excused":
        return self if first > through else Excused((*self.ranges, SequenceRange(first, through)))

    def first_open(self, first: int) -> int:
        """The first sequence from ``first`` on that is not excused."""
        candidate = first
        for span in sorted(self.ranges):
            if span.first > candidate:
                break
            candidate = max(candidate, span.through + 1)
        return candidate

    def first_missing(self, first: int, stop: int) -> int | None:
        """The first sequence from ``first`` (up to, not including, ``stop``) not excused."""
        candidate = self.first_open(first)
        return candidate if candidate < stop else None

    def any_before(self, sequence: int) -> bool:
        """Whether some sequence before ``sequence`` is excused (a lost bundle could have
        carried what this one does not)."""
        return any(span.first < sequence for span in self.ranges)

    def any_from(self, sequence: int) -> bool:
        """Whether ``sequence`` or some later one is excused."""
        return any(span.through >= sequence for span in self.ranges)


def excused(db: Connection, device: str) -> Excused:
    """The sequences inside gaps the coordinator accepted, and those a reinstatement that has
    resumed leaves refused (made while the device was revoked)."""
    ranges = [
        (int(first), int(through))
        for first, through in db.execute(
            "SELECT first_sequence, through_sequence FROM accepted_gaps WHERE device = ?",
            (device,),
        )
    ]
    ranges += [
        (int(after) + 1, int(resumed) - 1)
        for after, resumed in db.execute(
            "SELECT last_good_sequence, resumed_at FROM reinstatements WHERE device = ?"
            " AND resumed_at IS NOT NULL",
            (device,),
        )
    ]
    return Excused(tuple(SequenceRange(low, high) for low, high in ranges if low <= high))


def excused_for(db: Connection, device: str, sequence: int) -> Excused:
    """``excused``, and for a bundle that would resume the device's chain after a pending
    reinstatement, provisionally the sequences between the last good one and it (the custody
    check refuses the bundle unless it acknowledges the reinstatement)."""
    found = excused(db, device)
    row = db.execute(
        "SELECT last_good_sequence FROM reinstatements WHERE device = ? AND resumed_at IS NULL",
        (device,),
    ).fetchone()
    if row is not None and sequence > int(row[0]):
        found = found.with_range(int(row[0]) + 1, sequence - 1)
    return found


def last_event_before(
    db: Connection, device: str, bundle_sequence: int
) -> tuple[int, bytes] | None:
    """(seq, canonical bytes) of the device's last custody event the archive holds from its
    bundles before ``bundle_sequence``."""
    row = db.execute(
        "SELECT seq, body FROM device_custody WHERE device = ? AND bundle_sequence < ?"
        " ORDER BY seq DESC LIMIT 1",
        (device, bundle_sequence),
    ).fetchone()
    return (int(row[0]), bytes(row[1])) if row else None


def version_hashes(db: Connection, testimony_id: UUID, first: int, last: int) -> dict[int, str]:
    """The content hashes of the versions ``first`` to ``last`` of a testimony the archive
    holds, by version."""
    rows = db.execute(
        "SELECT version, content_hash FROM testimonies WHERE id = ? AND version BETWEEN ? AND ?",
        (str(testimony_id), first, last),
    )
    return {int(version): str(digest) for version, digest in rows}


def amended_hash(db: Connection, testimony_id: UUID, version: int) -> str | None:
    """The content hash a version the archive holds amends (None for none, or none held)."""
    row = db.execute(
        "SELECT body FROM testimonies WHERE id = ? AND version = ?", (str(testimony_id), version)
    ).fetchone()
    if row is None:
        return None
    # The body is the canonical JSON of a Testimony, validated before it was stored.
    amends = json.loads(bytes(row[0])).get("amends")
    return str(amends["content_hash"]) if amends else None


def last_source(db: Connection) -> int:
    """Where ``record_sources`` ends now: the versions an import stores come after it."""
    row = db.execute("SELECT max(rowid) FROM record_sources").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def sources_after(db: Connection, after: int, limit: int) -> list[tuple[int, UUID, int]]:
    """(position, testimony id, version) of up to ``limit`` versions recorded after ``after``,
    in the order they were stored."""
    rows = db.execute(
        "SELECT rowid, id, version FROM record_sources WHERE rowid > ? ORDER BY rowid LIMIT ?",
        (after, limit),
    )
    return [(int(rowid), UUID(key), int(version)) for rowid, key, version in rows]


def first_seal_sequence(db: Connection, testimony_id: UUID, device: str) -> int | None:
    """The sequence of ``device``'s bundle that brought the archive the device's custody event
    sealing a testimony's version 1 (None if the archive holds no such event)."""
    rows = db.execute(
        "SELECT bundle_sequence, body FROM device_custody WHERE record_id = ? AND kind = 'seal'"
        " AND device = ?",
        (str(testimony_id), device),
    )
    for sequence, body in rows:
        # The body is a custody event's canonical JSON, checked before it was stored.
        if json.loads(bytes(body)).get("record_version") == 1:
            return int(sequence)
    return None


def lost_from(db: Connection, device: str, excused: Excused, first: int, current: int) -> bool:
    """Whether some sequence from ``first`` on is excused and was never received: a bundle the
    archive may lack for good. A lost bundle found and imported since is not lost; nor is
    ``current``, the bundle being imported. Ranges are compared by counting the bundles
    received inside them, whatever numbers they span."""
    for span in excused.ranges:
        low = max(span.first, first)
        if low > span.through:
            continue
        (received,) = db.execute(
            "SELECT count(*) FROM bundles_received WHERE device = ? AND sequence BETWEEN ? AND ?",
            (device, low, span.through),
        ).fetchone()
        received += int(low <= current <= span.through)
        if received < span.through - low + 1:
            return True
    return False


def carried_latest(db: Connection, testimony_id: UUID, after: int) -> tuple[int, str] | None:
    """(version, witness) of the latest version of a testimony recorded after ``after``."""
    row = db.execute(
        "SELECT t.version, t.pseudonym FROM record_sources AS r JOIN testimonies AS t"
        " ON t.id = r.id AND t.version = r.version WHERE r.id = ? AND r.rowid > ?"
        " ORDER BY t.version DESC LIMIT 1",
        (str(testimony_id), after),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def consent_versions(db: Connection, testimony_id: UUID) -> tuple[int, int | None, int | None]:
    """(how many, lowest, highest) of the consent versions the archive holds for a testimony."""
    row = db.execute(
        "SELECT count(*), min(version), max(version) FROM consents WHERE testimony_id = ?",
        (str(testimony_id),),
    ).fetchone()
    return int(row[0]), row[1], row[2]


def consent_bodies(db: Connection, table: str, testimony_id: UUID) -> Iterator[bytes]:
    """The canonical bytes of a testimony's consents or withdrawals (``table``), one at a
    time."""
    query = {
        "consents": "SELECT body FROM consents WHERE testimony_id = ?",
        "withdrawals": "SELECT body FROM withdrawals WHERE testimony_id = ?",
    }[table]
    for (body,) in db.execute(query, (str(testimony_id),)):
        yield bytes(body)
