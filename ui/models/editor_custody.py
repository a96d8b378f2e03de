"""A record's custody as a read-only table: what, when, version, by which key, and whether the
event's signature verifies against that key now."""

from datetime import datetime

from fieldapp.domain import CustodyKind
from fieldapp.services.custody_view import ARCHIVE, CustodyEntry
from ui.models.read_only_table import ReadOnlyTableModel

LOG, SEQ, KIND, TIME, VERSION, ACTOR, SIGNATURE = range(7)
#: ``SHA256:`` and the first characters: enough to tell this laptop's key from another's.
ACTOR_PREFIX = 7 + 12


class CustodyTableModel(ReadOnlyTableModel):
    def set_events(self, events: list[CustodyEntry]) -> None:
        self.set_rows(events)

    def custody_event(self, row: int) -> CustodyEntry:
        return self.row_at(row)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Log"),
            self.tr("No."),
            self.tr("Event"),
            self.tr("Time (as recorded)"),
            self.tr("Version"),
            self.tr("Key"),
            self.tr("Signature"),
        )

    def cell(self, event: CustodyEntry, column: int) -> str | None:
        if column == LOG:
            return self.tr("Archive") if event.source == ARCHIVE else self.tr("Laptop")
        if column == SEQ:
            return str(event.seq)
        if column == KIND:
            if event.kind == CustodyKind.ACCESS and event.record_version is None:
                return self.tr("Identity opened")  # only a testimony's opening names a version
            return self._kind_text(event.kind)
        if column == TIME:
            return datetime.fromisoformat(event.claimed_at).strftime("%Y-%m-%d %H:%M:%S UTC")
        if column == VERSION:
            return str(event.record_version) if event.record_version else ""
        if column == ACTOR:
            return event.actor[:ACTOR_PREFIX]
        if column == SIGNATURE:
            return self.tr("verified") if event.verified else self.tr("DOES NOT VERIFY")
        return None

    def _kind_text(self, kind: str) -> str:
        texts: dict[CustodyKind, str] = {
            CustodyKind.CREATE: self.tr("Created"),
            CustodyKind.SEAL: self.tr("Sealed"),
            CustodyKind.AMEND: self.tr("Amended"),
            CustodyKind.ATTACH: self.tr("File attached"),
            CustodyKind.CONSENT: self.tr("Consent recorded"),
            CustodyKind.WITHDRAW: self.tr("Consent withdrawn"),
            CustodyKind.EXPORT: self.tr("Exported"),
            CustodyKind.IMPORT: self.tr("Imported"),
            CustodyKind.RECEIPT: self.tr("Receipt"),
            CustodyKind.PURGE: self.tr("Purged"),
            CustodyKind.ACCESS: self.tr("Opened"),
            # A purged testimony's custody shows the receipt that confirmed its bundle.
            CustodyKind.PACK_APPLY: self.tr("Pack applied"),
        }
        try:
            return texts.get(CustodyKind(kind), kind)
        except ValueError:  # a kind this version does not know: its own name
            return kind
