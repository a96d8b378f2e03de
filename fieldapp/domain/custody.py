"""Custody events: the append-only record of what was done to which record, by which key.

This module holds the *data* of an event and its canonical bytes. The workspace numbers events,
chains them (``prev_hash`` is the hash of the previous event's canonical bytes) and signs them
with the device or coordinator key. Device clocks are not trusted: order comes from ``seq`` and
the chain; ``claimed_at`` is only what the device said.

An event names records by id and content by hash, never by content, so the custody log can be
shown to an auditor who may not read the testimonies themselves.
"""

import hashlib
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import Strict, model_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import canonical_bytes
from fieldapp.domain.fields import KeyFingerprint, Positive, Sha256Hex, UtcDateTime

#: The ``prev_hash`` of the first event of a chain.
GENESIS_PREV_HASH = "0" * 64

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
CHAIN_START = "must start its chain exactly when it is the first event"
NAMES_NO_RECORD = "must name the record it is about"
NAMES_NO_BUNDLE = "must name the bundle it is about"
VERSION_WITHOUT_RECORD = "gives a record version without a record"


class CustodyKind(StrEnum):
    CREATE = "create"
    SEAL = "seal"
    AMEND = "amend"
    ATTACH = "attach"
    WITHDRAW = "withdraw"  # a consent withdrawal was recorded
    CONSENT = "consent"  # a consent version was recorded (record_version: the consent's)
    EXPORT = "export"
    IMPORT = "import"
    RECEIPT = "receipt"
    PURGE = "purge"
    ACCESS = "access"  # a strictly confidential record or an identity was opened
    # Enrolment and the standing of devices (the archive's log), and packs (a device's log).
    ENROL = "enrol"  # the archive enrolled a device and wrote its enrolment pack
    PACK_APPLY = "pack_apply"  # a device applied a pack (bundle_id: the pack's id)
    REVOKE = "revoke"
    REINSTATE = "reinstate"
    GAP_ACCEPT = "gap_accept"  # the coordinator accepted that a device's bundles are lost
    # A device marked a lost bundle's records to travel again (bundle_id: the lost bundle's).
    RESEND = "resend"


#: Events about one record: they must name it.
RECORD_KINDS = frozenset(
    {
        CustodyKind.CREATE,
        CustodyKind.SEAL,
        CustodyKind.AMEND,
        CustodyKind.ATTACH,
        CustodyKind.WITHDRAW,
        CustodyKind.CONSENT,
        CustodyKind.PURGE,
        CustodyKind.ACCESS,
    }
)
#: Events about a bundle crossing the air gap: they must name the bundle.
BUNDLE_KINDS = frozenset(
    {CustodyKind.EXPORT, CustodyKind.IMPORT, CustodyKind.RECEIPT, CustodyKind.RESEND}
)


class CustodyEvent(DomainModel):
    """One event in a device's or an archive's custody chain."""

    seq: Positive
    kind: Annotated[CustodyKind, Strict(False)]
    record_id: UUID | None = None
    record_version: Positive | None = None
    bundle_id: UUID | None = None
    #: Fingerprint of the key that signs this event.
    actor: KeyFingerprint
    claimed_at: UtcDateTime
    prev_hash: Sha256Hex
    #: Hash of what the event is about: the record's content hash for a seal, the bundle
    #: manifest's for an export, the withdrawal record's for a withdrawal, the consent
    #: version's canonical bytes' for a consent (``record_version``: the consent's version).
    payload_hash: Sha256Hex

    @model_validator(mode="after")
    def _consistent(self) -> "CustodyEvent":
        if (self.seq == 1) != (self.prev_hash == GENESIS_PREV_HASH):
            raise ValueError(CHAIN_START)
        if self.kind in RECORD_KINDS and self.record_id is None:
            raise ValueError(NAMES_NO_RECORD)
        if self.kind in BUNDLE_KINDS and self.bundle_id is None:
            raise ValueError(NAMES_NO_BUNDLE)
        if self.record_version is not None and self.record_id is None:
            raise ValueError(VERSION_WITHOUT_RECORD)
        return self

    def canonical_bytes(self) -> bytes:
        """The bytes that are hashed for the chain and signed."""
        return canonical_bytes(self)

    def event_hash(self) -> str:
        """SHA-256 of the canonical bytes: the next event's ``prev_hash``."""
        return hashlib.sha256(self.canonical_bytes()).hexdigest()


def follows(previous: CustodyEvent, event: CustodyEvent) -> bool:
    """Whether ``event`` is the next link after ``previous`` (signatures are checked apart)."""
    return event.seq == previous.seq + 1 and event.prev_hash == previous.event_hash()
