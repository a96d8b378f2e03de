"""What an export may carry next: the records no bundle has carried yet (read by the
``exported_in`` marks) and the witnesses whose identity versions wait to leave.

A testimony *has left* once a bundle carried one of its versions, even a bundle since lost or
sent again (``export_resend``): the marks are cleared so that the records travel again, but the
version stays ``exported`` (a status never goes back), and the lost stick may yet be found and
imported. What the witness decides after that (a withdrawal, a consent version) must reach the
archive even while the testimony itself is held back."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
from fieldapp.errors import RecordNotFoundError
from fieldapp.workspace.database import Connection

#: Statuses of a testimony version that may leave: sealed, or exported in a bundle since lost.
EXPORTABLE = (RecordStatus.SEALED.value, RecordStatus.EXPORTED.value)
#: Statuses of a version that left in a bundle, though its marks may be cleared (a lost bundle).
#: Not ``purged``: the domain lets a sealed version the witness no longer lets us keep be
#: purged without ever leaving, and a withdrawal of a testimony the archive never had (with no
#: accepted gap to explain it) makes the archive refuse the whole bundle. A purged version that
#: left keeps its mark.
LEFT = (RecordStatus.EXPORTED.value, RecordStatus.ARCHIVED.value)


@dataclass(frozen=True)
class VersionState:
    version: int
    status: RecordStatus
    exported_in: int | None
    body_size: int

    @property
    def has_left(self) -> bool:
        """Whether a bundle carried this version, even one since lost or sent again."""
        return self.exported_in is not None or self.status.value in LEFT


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


# A version of the testimony of row ``w`` has left (``VersionState.has_left``).
_GONE = (
    "EXISTS (SELECT 1 FROM testimonies g WHERE g.id = w.testimony_id AND (g.exported_in IS NOT"  # noqa: S608
    f" NULL OR g.status IN ('{LEFT[0]}', '{LEFT[1]}')))"
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
    the testimony has left (see the module), a consent, withdrawal or attachment not exported
    yet. Oldest interview first (ties by id, so the order is the same from run to run)."""
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


_BODIES = {
    "testimonies": "SELECT version, body FROM testimonies WHERE id = ?",
    "consents": "SELECT version, body FROM consents WHERE testimony_id = ?",
    "withdrawals": "SELECT id, body FROM withdrawals WHERE testimony_id = ?",
}


def record_bodies(
    db: Connection, table: str, testimony_id: UUID, keys: Sequence[int | UUID]
) -> list[bytes]:
    """The stored canonical bytes of one testimony's rows of ``table`` (testimonies, consents
    by version; withdrawals by id), in the order of ``keys``: what an export writes as it is."""
    rows = db.execute(_BODIES[table], (str(testimony_id),))
    bodies = {str(key): bytes(body) for key, body in rows}
    if any(str(key) not in bodies for key in keys):
        raise RecordNotFoundError()  # gone since the export was planned (in another window)
    return [bodies[str(key)] for key in keys]


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

#: SQL, true when export never sends the identity of the witness of identity row ``i`` (the
#: alias is fixed): a consent in force for one of their testimonies asks for anonymity, as
#: ``withhold_anonymous`` and services.export decide. Read by purge (export_state).
ANONYMOUS_WITNESS = (
    "EXISTS (SELECT 1 FROM testimonies t WHERE t.pseudonym = i.pseudonym"  # noqa: S608
    f" AND {_LATEST_WISH} = '{AnonymityWish.ANONYMOUS.value}')"
)


def witness_asked_anonymity(db: Connection, pseudonym: str) -> bool:
    """Whether a consent in force for one of the witness's testimonies asks for anonymity (the
    rule of ``ANONYMOUS_WITNESS``, for one witness)."""
    row = db.execute(
        "SELECT EXISTS (SELECT 1 FROM testimonies t WHERE t.pseudonym = ?"  # noqa: S608
        f" AND {_LATEST_WISH} = ?)",
        (pseudonym, AnonymityWish.ANONYMOUS.value),
    ).fetchone()
    return bool(row[0])


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
