"""Where in its own log a laptop was told of each withdrawal received at the office.

A consent version supersedes an office withdrawal only if its signed ``consent`` event follows,
in the laptop's one hash-chained log, the laptop's own signed ``pack_apply`` event for the
withdrawal pack that carried it (``domain.consent.consent_at_archive``): ``told_seq`` is that
event's sequence number, which orders it against the consent versions' events (``event_seq``)
with no clock at all. ``told_at``, the event's time by the laptop's clock, is kept beside it as
information only (canonical UTC text); nothing is decided by it. The laptop sets both as it
applies the pack; the archive when a bundle brings that event, matched by the pack's digest
(``office_withdrawals_sent``). Either keeps the first such event in the log (its place, and its
time with it) if more than one pack carried a withdrawal, so that both reach the same value
whatever order the events come in.
"""

from collections.abc import Iterable
from datetime import datetime

from fieldapp.domain.canonical import utc_text
from fieldapp.workspace.database import Connection

# The earlier pack_apply event of the one held and the one given, by its place in the laptop's
# log alone (its time goes with it, whatever it says): not told yet (NULL) gives way to any.
_EARLIER = "(told_seq IS NULL OR told_seq > :seq)"
_SET_EARLIEST = (
    f"told_at = CASE WHEN {_EARLIER} THEN :at ELSE told_at END,"
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
    by that event, unless told by one before it in the log; a pack of another kind, or not a
    withdrawal pack sent to this device, names none. Returns how many rows it named (an indexed
    look-up: cheap for every ``pack_apply`` event)."""
    cursor = db.execute(
        f"UPDATE office_withdrawals SET {_SET_EARLIEST}"  # noqa: S608
        " WHERE id IN (SELECT withdrawal_id FROM office_withdrawals_sent"
        " WHERE device = :device AND pack_digest = :digest)",
        {"at": utc_text(at), "seq": seq, "device": device, "digest": digest},
    )
    return int(cursor.rowcount)
