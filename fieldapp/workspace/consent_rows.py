"""Consent rows: the versions a testimony's witness agreed to, the withdrawals devices sent, and
those received at the office, in and out of SQLCipher.

A part of ``Repository`` (which inherits it, so callers keep asking ``ws.repository``), kept
apart because the consent in force is weighed from these rows alone
(``domain.consent.consent_at_archive``); ``testimony_queries`` holds the same rule in SQL for
filtered lists.
"""

import json
from uuid import UUID

from fieldapp.domain import (
    ConsentRecord,
    ConsentWithdrawal,
    OfficeWithdrawal,
    canonical_bytes,
    parse_canonical,
)
from fieldapp.workspace.database import Connection


class ConsentRows:
    """Reads and writes of ``consents``, ``withdrawals`` and ``office_withdrawals``."""

    _db: Connection

    def add_consent(self, consent: ConsentRecord, body: bytes | None = None) -> None:
        """Store a consent version; ``body``: its canonical bytes, when the caller has made
        them already (an import compares and hashes them too)."""
        encoded = canonical_bytes(consent) if body is None else body
        self._db.execute(
            "INSERT INTO consents (testimony_id, version, body) VALUES (?, ?, ?)",
            (str(consent.testimony_id), consent.version, encoded),
        )

    def set_consent_event_seq(self, testimony_id: UUID, version: int, seq: int) -> None:
        """The sequence number of the consent version's signed ``consent`` event in its
        device's log (``domain.consent.office_withdrawal_in_force`` orders by it)."""
        self._db.execute(
            "UPDATE consents SET event_seq = ? WHERE testimony_id = ? AND version = ?",
            (seq, str(testimony_id), version),
        )

    def consents_for(self, testimony_id: UUID) -> list[ConsentRecord]:
        rows = self._db.execute(
            "SELECT body FROM consents WHERE testimony_id = ? ORDER BY version",
            (str(testimony_id),),
        )
        return [parse_canonical(ConsentRecord, body) for (body,) in rows]

    def add_withdrawal(self, withdrawal: ConsentWithdrawal, body: bytes | None = None) -> None:
        encoded = canonical_bytes(withdrawal) if body is None else body
        self._db.execute(
            "INSERT INTO withdrawals (id, testimony_id, body) VALUES (?, ?, ?)",
            (str(withdrawal.id), str(withdrawal.testimony_id), encoded),
        )

    def withdrawals_for(self, testimony_id: UUID) -> list[ConsentWithdrawal]:
        rows = self._db.execute(
            "SELECT body FROM withdrawals WHERE testimony_id = ? ORDER BY rowid",
            (str(testimony_id),),
        )
        return [parse_canonical(ConsentWithdrawal, body) for (body,) in rows]

    def add_office_withdrawal(self, withdrawal: ConsentWithdrawal) -> None:
        """A withdrawal received at the office, kept apart from those devices sent."""
        self._db.execute(
            "INSERT INTO office_withdrawals (id, testimony_id, body) VALUES (?, ?, ?)",
            (str(withdrawal.id), str(withdrawal.testimony_id), canonical_bytes(withdrawal)),
        )

    def office_withdrawals_for(self, testimony_id: UUID) -> list[ConsentWithdrawal]:
        rows = self._db.execute(
            "SELECT body FROM office_withdrawals WHERE testimony_id = ? ORDER BY rowid",
            (str(testimony_id),),
        )
        return [parse_canonical(ConsentWithdrawal, body) for (body,) in rows]

    def told_office_withdrawals_for(self, testimony_id: UUID) -> list[OfficeWithdrawal]:
        """The office's withdrawals of the testimony, each with the consent versions whose
        event follows the one that told its laptop (``office_told``; None if not told yet):
        what ``consent_at_archive`` weighs."""
        rows = self._db.execute(
            "SELECT o.body, o.told_seq, (SELECT json_group_array(c.version)"
            " FROM consents c WHERE c.testimony_id = o.testimony_id AND c.event_seq > o.told_seq)"
            " FROM office_withdrawals o WHERE o.testimony_id = ? ORDER BY o.rowid",
            (str(testimony_id),),
        )
        return [
            OfficeWithdrawal(
                parse_canonical(ConsentWithdrawal, body),
                None if told_seq is None else frozenset(json.loads(after)),
            )
            for body, told_seq, after in rows
        ]
