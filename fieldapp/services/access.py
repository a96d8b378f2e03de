"""Opening what matters is logged: a witness's identity, and a strictly confidential testimony.

A strictly confidential testimony is for "named persons only, each access logged"
(``ConfidentialityLevel``), and a witness's identity is the one record whose leak can get a
family hurt. So each time a person is shown either — the desktop app's identity panel or its
editor opening the testimony, ``fieldapp testimony show`` — the workspace first appends a signed
``access`` custody event, in a transaction of its own: the content is handed over only once the
event is committed, so no one reads it unlogged. On a laptop the event travels to the archive
in the next bundle with the rest of its log; on the archive it stays in the coordinator's log.
Both are hash-chained and signed, so a deleted access event breaks the chain that
``audit verify`` walks.

What an event names (``payload_hash``) says what was opened and nothing about it:

- a testimony version: its content hash, the value its seal event already names (a hash of a
  whole interview reveals nothing of it);
- a witness's identity: the SHA-256 of a fixed label and the testimony's id. Never a hash of
  the identity itself: the event reaches the archive, which must not learn who the witness is,
  and a name with a birth date is few enough guesses that such a hash would confirm the right
  one. An auditor tells the two apart by ``record_version`` (only a testimony's names one) and
  can recompute ``identity_access_digest`` from the event's ``record_id``.

Reading a record for any other purpose (saving, exporting, filling a form after a change)
logs nothing: only what a person is shown on asking for it.
"""

import hashlib
from uuid import UUID

from fieldapp.domain import (
    ConfidentialityLevel,
    CustodyKind,
    RedactionSpan,
    Testimony,
    WitnessIdentity,
    content_hash,
)
from fieldapp.services import records
from fieldapp.services.records import TestimonyRecord, get_record
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import transaction

#: Prefixed to the testimony's 16 id bytes for an identity's access event (format.md).
IDENTITY_ACCESS_LABEL = b"fieldapp-access/identity\x00"


def identity_access_digest(testimony_id: UUID) -> str:
    """What an ``access`` event of a witness's identity names, for the testimony it was opened
    from: derived from the id alone, so the event says nothing of the identity."""
    return hashlib.sha256(IDENTITY_ACCESS_LABEL + testimony_id.bytes).hexdigest()


def is_logged(record: TestimonyRecord) -> bool:
    """Whether opening this testimony is logged (it is strictly confidential)."""
    return record.testimony.confidentiality is ConfidentialityLevel.STRICTLY_CONFIDENTIAL


def open_record(ws: Workspace, testimony_id: UUID, version: int | None = None) -> TestimonyRecord:
    """The record of a testimony a person asked to see (``get_record``); a strictly
    confidential one (or an earlier version of a testimony raised to that level since) only
    once its ``access`` event is committed. Raises as ``get_record`` does: a purged testimony
    has no content to open, and logs nothing."""
    record = get_record(ws, testimony_id, version)
    if is_logged(record) or (version is not None and _raised_later(ws, record.testimony)):
        testimony = record.testimony
        with transaction(ws.connection):
            ws.custody.append(
                CustodyKind.ACCESS,
                content_hash(testimony),
                record_id=testimony.id,
                record_version=testimony.version,
            )
    return record


def _raised_later(ws: Workspace, shown: Testimony) -> bool:
    """Whether a version after ``shown`` is strictly confidential: an amendment raising the
    level says what the versions before it hold too (the same narrative, unredacted)."""
    latest = ws.repository.get_testimony(shown.id).version
    return any(
        ws.repository.get_testimony(shown.id, later).confidentiality
        is ConfidentialityLevel.STRICTLY_CONFIDENTIAL
        for later in range(shown.version + 1, latest + 1)
    )


def open_identity(ws: Workspace, testimony_id: UUID) -> WitnessIdentity | None:
    """The identity of the witness of ``testimony_id``, for a person to see, once its
    ``access`` event is committed; None (and nothing logged) when none is recorded."""
    testimony = ws.repository.get_testimony(testimony_id)
    identity = ws.repository.identity(testimony.pseudonym)
    if identity is None:
        return None
    _log_identity(ws, testimony_id)
    return identity


def redaction_suggestions(ws: Workspace, testimony_id: UUID) -> list[RedactionSpan]:
    """Where the narrative names the witness (``records.redaction_suggestions``), for a
    person to see. The mentions found are the witness's names and places, read from the
    identity: when there are any, the identity's opening is committed first."""
    spans = records.redaction_suggestions(ws, testimony_id)
    if spans:
        _log_identity(ws, testimony_id)
    return spans


def _log_identity(ws: Workspace, testimony_id: UUID) -> None:
    with transaction(ws.connection):
        ws.custody.append(
            CustodyKind.ACCESS, identity_access_digest(testimony_id), record_id=testimony_id
        )
