"""When a laptop was told of each withdrawal received at the office (``told_at``).

A consent version supersedes an office withdrawal only if taken after the laptop that holds the
testimony was told of it (``domain.consent.consent_at_archive``); ``told_at`` is the time of that
laptop's own signed ``pack_apply`` event for the withdrawal pack that carried it, so that both
times compared come from one clock; beside it ``told_seq``, that event's sequence number in the
laptop's log, which orders it against the consent versions' own signed events with no clock at
all (schema 15). The laptop sets them as it applies the pack; the archive when a bundle brings
that event, matched by the pack's digest (``office_withdrawals_sent``). Either keeps the first
such event in the log (its place and its time) if more than one pack carried a withdrawal, so
that both reach the same value whatever order the events come in. Times are canonical UTC text
(fixed width: text order is time order).
"""

from collections.abc import Iterable
from datetime import datetime

from fieldapp.domain.canonical import utc_text
from fieldapp.workspace.database import Connection

# The earlier pack_apply event of the one held and the one given, by its place in the laptop's
# log (``told_seq``; its time goes with it); NULL (not told yet) gives way to any. A row told
# before schema 15 has a time and no place: the earlier time is kept, and the place stays
# unknown (that row keeps the comparison of times).
_EARLIER = "(told_at IS NULL OR (told_seq IS NOT NULL AND told_seq > :seq))"
_SET_EARLIEST = (
    f"told_at = CASE WHEN {_EARLIER} THEN :at"
    " WHEN told_seq IS NULL AND told_at > :at THEN :at ELSE told_at END,"
    f" told_seq = CASE WHEN {_EARLIER} THEN :seq ELSE told_seq END"
)


def mark_told(db: Connection, withdrawal_ids: Iterable[str], at: datetime, seq: int) -> None:
    """On a device: the pack carrying these withdrawals was applied by its ``pack_apply``
    event number ``seq``, at ``at`` (that event's time)."""
    db.executemany(
        f"UPDATE office_withdrawals SET {_SET_EARLIEST} WHERE id = :id",  # noqa: S608
        [{"at": utc_text(at), "seq": seq, "id": key} for key in withdrawal_ids],
    )


def record_sent(db: Connection, device: str, withdrawal_ids: Iterable[str], digest: str) -> None:
    """On the archive: these withdrawals went to ``device`` in the pack whose manifest has
    ``digest`` (what the device's ``pack_apply`` event will name)."""
    db.executemany(
        "INSERT INTO office_withdrawals_sent (withdrawal_id, device, pack_digest)"
        " VALUES (?, ?, ?)",
        [(key, device, digest) for key in withdrawal_ids],
    )


def told_by_pack(db: Connection, device: str, digest: str, at: datetime, seq: int) -> int:
    """On the archive: ``device`` applied the pack with ``digest`` by its signed event number
    ``seq``, at ``at`` (that event's time). Every withdrawal that pack carried counts as told
    then, unless told earlier;
    a pack of another kind, or not a withdrawal pack sent to this device, names none. Returns
    how many rows it named (an indexed look-up: cheap for every ``pack_apply`` event)."""
    cursor = db.execute(
        f"UPDATE office_withdrawals SET {_SET_EARLIEST}"  # noqa: S608
        " WHERE id IN (SELECT withdrawal_id FROM office_withdrawals_sent"
        " WHERE device = :device AND pack_digest = :digest)",
        {"at": utc_text(at), "seq": seq, "device": device, "digest": digest},
    )
    return int(cursor.rowcount)
