"""A record's custody events as a read-only table: what, when, version, by which key."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from fieldapp.domain import CustodyEvent, CustodyKind

SEQ, KIND, TIME, VERSION, ACTOR = range(5)
_COLUMNS = 5
#: ``SHA256:`` and the first characters: enough to tell this laptop's key from another's.
ACTOR_PREFIX = 7 + 12

AnyIndex = QModelIndex | QPersistentModelIndex


class CustodyTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CustodyEvent] = []

    def set_events(self, events: list[CustodyEvent]) -> None:
        self.beginResetModel()
        self._rows = list(events)
        self.endResetModel()

    def clear(self) -> None:
        self.set_events([])

    def custody_event(self, row: int) -> CustodyEvent:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else _COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        event = self._rows[index.row()]
        column = index.column()
        if column == SEQ:
            return str(event.seq)
        if column == KIND:
            return self._kind_text(event.kind)
        if column == TIME:
            return event.claimed_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        if column == VERSION:
            return str(event.record_version) if event.record_version else ""
        if column == ACTOR:
            return event.actor[:ACTOR_PREFIX]
        return None

    def headerData(  # noqa: N802 - Qt's name
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> str | None:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            self.tr("No."),
            self.tr("Event"),
            self.tr("Time (device clock)"),
            self.tr("Version"),
            self.tr("Key"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def _kind_text(self, kind: CustodyKind) -> str:
        texts = {
            CustodyKind.CREATE: self.tr("Created"),
            CustodyKind.SEAL: self.tr("Sealed"),
            CustodyKind.AMEND: self.tr("Amended"),
            CustodyKind.ATTACH: self.tr("File attached"),
            CustodyKind.WITHDRAW: self.tr("Consent withdrawn"),
            CustodyKind.EXPORT: self.tr("Exported"),
            CustodyKind.IMPORT: self.tr("Imported"),
            CustodyKind.RECEIPT: self.tr("Receipt"),
            CustodyKind.PURGE: self.tr("Purged"),
            CustodyKind.ACCESS: self.tr("Opened"),
        }
        return texts.get(kind, str(kind))
