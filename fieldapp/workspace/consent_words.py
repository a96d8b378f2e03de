"""Erasing the words of a purged testimony's consent records from a laptop, once they have left.

A purge rewrites each consent version and withdrawal of a purged testimony to what the laptop
still needs (``domain.consent_remains``): the names, notes and the witness's own conditions go.
Only records that have *left*: a consent version or withdrawal recorded after the testimony's
last bundle travels whole in the next one, and its words are erased by the first purge after a
receipt named that bundle. "Left" means carried by a bundle that a receipt applied here named
as held by the archive (``export_state.acknowledged``): a bundle no receipt named may be lost,
and ``bundle resend`` would send its records again from what is stored. A resend of an
acknowledged bundle is refused, so an erased record never has to travel again.

Withdrawals received at the office never travel from a laptop; a withdrawal pack brings them in
the form a laptop keeps (``office_withdrawal_told``), so for them this only rewrites what a pack
of an earlier format brought.

The rewritten rows are the records' new canonical bytes, so they read as before; they no longer
hash to what the signed ``withdraw`` event says, as the purged testimony no longer hashes to its
``seal`` event: the laptop's audit checks the chain of events, the archive holds the records
whole. SQLCipher's ``secure_delete`` overwrites the old bytes; the purge then folds the WAL in.
"""

from collections.abc import Callable
from typing import TypeVar

from fieldapp.domain import ConsentRecord, ConsentWithdrawal, RecordStatus, canonical_bytes
from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import parse_canonical
from fieldapp.domain.consent_remains import (
    OFFICE_RECEIVER,
    REMOVED_HERE,
    consent_remains,
    office_withdrawal_told,
    withdrawal_remains,
)
from fieldapp.workspace import export_state
from fieldapp.workspace.database import Connection

M = TypeVar("M", bound=DomainModel)

# Rows of testimonies whose latest version is purged (the index on is_latest, status).
_OF_PURGED = (
    f"testimony_id IN (SELECT id FROM testimonies WHERE is_latest = 1"  # noqa: S608
    f" AND status = '{RecordStatus.PURGED.value}')"
)


def _present(*members: str) -> str:
    return " OR ".join(f"json_type(CAST(body AS TEXT), '$.{m}') IS NOT NULL" for m in members)


# Rows that may still hold words (a cheap test in SQL; the rewrite decides): the minimal form
# has the named value and none of the optional texts. A minor's consent is always looked at.
_CONSENT_WORDS = "json_extract(CAST(body AS TEXT), '$.taken_by') IS NOT :name OR " + _present(
    "interpreter",
    "explained",
    "explanation_notes",
    "restrictions",
    "minor",
    "evidence_attachment_id",
)
_WITHDRAWAL_WORDS = "json_extract(CAST(body AS TEXT), '$.received_by') IS NOT :name OR " + _present(
    "notes"
)


def erase_consent_words(db: Connection) -> int:
    """Rewrite every consent version and withdrawal of a purged testimony that has left (see
    the module) to its minimal form; the number of rows rewritten. Inside the caller's
    transaction."""
    acknowledged: dict[int, bool] = {}

    def left(sequence: int | None) -> bool:
        if sequence is None:
            return False
        if sequence not in acknowledged:
            acknowledged[sequence] = export_state.acknowledged(db, sequence)
        return acknowledged[sequence]

    rewritten = _rewrite(db, "consents", ConsentRecord, consent_remains, _CONSENT_WORDS, left)
    rewritten += _rewrite(
        db, "withdrawals", ConsentWithdrawal, withdrawal_remains, _WITHDRAWAL_WORDS, left
    )
    rewritten += _rewrite(
        db,
        "office_withdrawals",
        ConsentWithdrawal,
        office_withdrawal_told,
        _WITHDRAWAL_WORDS,
        lambda _: True,
        name=OFFICE_RECEIVER,
    )
    return rewritten


def _rewrite(
    db: Connection,
    table: str,
    model: type[M],
    remains: Callable[[M], M],
    words: str,
    left: Callable[[int | None], bool],
    *,
    name: str = REMOVED_HERE,
) -> int:
    # office_withdrawals has no exported_in: they never leave a laptop.
    sent = "NULL" if table == "office_withdrawals" else "exported_in"
    rows = db.execute(
        f"SELECT rowid, body, {sent} FROM {table} WHERE {_OF_PURGED} AND ({words})",  # noqa: S608
        {"name": name},
    ).fetchall()
    updates = []
    for rowid, body, sequence in rows:
        if not left(None if sequence is None else int(sequence)):
            continue
        kept = canonical_bytes(remains(parse_canonical(model, bytes(body))))
        if kept != bytes(body):
            updates.append((kept, rowid))
    db.executemany(f"UPDATE {table} SET body = ? WHERE rowid = ?", updates)  # noqa: S608
    return len(updates)
