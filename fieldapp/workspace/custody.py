"""The custody log: append-only events, each hashed into the next and signed by the acting key.

Events are appended inside the same transaction as the change they record, so a record and its
custody event are committed together or not at all. ``verify`` walks the whole chain and names
the first broken link: a deleted event leaves a gap in ``seq`` or a ``prev_hash`` that does not
match, a reordered one breaks both, and an edited one no longer matches its signature.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto import sshsig
from crypto.errors import CryptoError
from crypto.sshkeys import fingerprint
from fieldapp.domain.canonical import parse_canonical
from fieldapp.domain.custody import GENESIS_PREV_HASH, CustodyEvent, CustodyKind
from fieldapp.errors import FieldappError
from fieldapp.workspace.database import Connection

CUSTODY_NAMESPACE = "fieldapp-custody@v1"


@dataclass(frozen=True)
class StoredEvent:
    event: CustodyEvent
    body: bytes
    event_hash: str
    signature: str


@dataclass(frozen=True)
class ChainReport:
    """The result of walking a chain: how many events held, and the first that did not."""

    events: int
    head: str
    broken_at: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


class CustodyLog:
    def __init__(self, connection: Connection, signing_key: Ed25519PrivateKey) -> None:
        self._db = connection
        self._key = signing_key
        self.actor = fingerprint(signing_key.public_key())

    def head(self) -> tuple[int, str]:
        row = self._db.execute(
            "SELECT seq, event_hash FROM custody_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else (0, GENESIS_PREV_HASH)

    def append(
        self,
        kind: CustodyKind,
        payload_hash: str,
        *,
        record_id: UUID | None = None,
        record_version: int | None = None,
        bundle_id: UUID | None = None,
    ) -> CustodyEvent:
        """Add an event; the caller holds the transaction that also holds the change."""
        seq, prev_hash = self.head()
        event = CustodyEvent(
            seq=seq + 1,
            kind=kind,
            record_id=record_id,
            record_version=record_version,
            bundle_id=bundle_id,
            actor=self.actor,
            claimed_at=datetime.now(UTC),
            prev_hash=prev_hash,
            payload_hash=payload_hash,
        )
        body = event.canonical_bytes()
        signature = sshsig.sign(body, self._key, CUSTODY_NAMESPACE)
        self._db.execute(
            "INSERT INTO custody_events (seq, kind, record_id, body, event_hash, signature)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                event.seq,
                kind.value,
                str(record_id) if record_id else None,
                body,
                hashlib.sha256(body).hexdigest(),
                signature,
            ),
        )
        return event


def stored_events(connection: Connection) -> Iterator[tuple[int, bytes, str]]:
    """(seq column, body, signature) of every event, in the order of the seq column.

    The plain columns kept for queries (kind, record id, hash) must say what the signed body
    says; a row where they differ is yielded with an empty signature, so it fails as altered.
    """
    cursor = connection.execute(
        "SELECT seq, kind, record_id, event_hash, body, signature FROM custody_events ORDER BY seq"
    )
    for seq, kind, record_id, event_hash, body, signature in cursor:
        consistent = event_hash == hashlib.sha256(body).hexdigest() and _columns_match(
            body, kind, record_id
        )
        yield seq, body, signature if consistent else ""


def _columns_match(body: bytes, kind: str, record_id: str | None) -> bool:
    try:
        event = parse_canonical(CustodyEvent, body)
    except FieldappError:
        return True  # reported as unreadable by the walk itself
    return event.kind.value == kind and (str(event.record_id) if event.record_id else None) == (
        record_id
    )


def event_verifier(allowed_keys: Iterable[str]) -> sshsig.Verifier | None:
    """Custody events' signatures checked against ``allowed_keys``, prepared once for a whole
    walk (the namespace and keys encoded once, not once an event). None for a key line that
    is not one: every event then fails as unsigned, as checking each against it did."""
    try:
        return sshsig.Verifier(CUSTODY_NAMESPACE, allowed_keys)
    except CryptoError:
        return None


def verify_chain(
    rows: Iterable[tuple[int, bytes, str]], allowed_keys: Iterable[str]
) -> ChainReport:
    """Walk a chain from its first event; stop at the first link that does not hold."""
    verifier = event_verifier(allowed_keys)
    expected_seq, prev_hash, count = 1, GENESIS_PREV_HASH, 0
    for seq, body, signature in rows:
        problem = _check_link(seq, body, signature, expected_seq, prev_hash, verifier)
        if problem:
            return ChainReport(count, prev_hash, broken_at=expected_seq, reason=problem)
        prev_hash = hashlib.sha256(body).hexdigest()
        expected_seq += 1
        count += 1
    return ChainReport(count, prev_hash)


def _check_link(
    seq: int,
    body: bytes,
    signature: str,
    expected_seq: int,
    prev_hash: str,
    verifier: sshsig.Verifier | None,
) -> str | None:
    if seq != expected_seq:
        return f"event {expected_seq} is missing or out of order"
    try:
        if verifier is None:
            raise CryptoError("no usable key")
        verifier.verify(body, signature)
    except CryptoError:
        return f"event {seq} is not signed by the workspace's key (it was altered)"
    try:
        event = parse_canonical(CustodyEvent, body)
    except FieldappError:
        return f"event {seq} cannot be read"
    if event.seq != seq or event.prev_hash != prev_hash:
        return f"event {seq} does not follow event {seq - 1}"
    return None
