"""A testimony's attachments as a table: label, kind, size, media type, SHA-256 prefix."""

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from fieldapp.domain import Attachment, AttachmentKind

LABEL, KIND, SIZE, MEDIA_TYPE, SHA256 = range(5)
_COLUMNS = 5
#: Enough of the hash to compare by eye with ``sha256sum``'s output.
SHA256_PREFIX = 16

AnyIndex = QModelIndex | QPersistentModelIndex


class AttachmentTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Attachment] = []

    def set_attachments(self, attachments: tuple[Attachment, ...]) -> None:
        self.beginResetModel()
        self._rows = sorted(attachments, key=lambda a: a.captured_at)
        self.endResetModel()

    def clear(self) -> None:
        self.set_attachments(())

    def attachment(self, row: int) -> Attachment:
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
        attachment = self._rows[index.row()]
        column = index.column()
        if column == LABEL:
            return attachment.label or self.tr("(no label)")
        if column == KIND:
            return self._kind_text(attachment.kind)
        if column == SIZE:
            return QLocale().formattedDataSize(attachment.size)
        if column == MEDIA_TYPE:
            return attachment.media_type
        if column == SHA256:
            return attachment.sha256[:SHA256_PREFIX]
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
            self.tr("Label"),
            self.tr("Kind"),
            self.tr("Size"),
            self.tr("Type"),
            self.tr("SHA-256"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def _kind_text(self, kind: AttachmentKind) -> str:
        texts = {
            AttachmentKind.AUDIO: self.tr("Audio"),
            AttachmentKind.SCAN: self.tr("Scan"),
            AttachmentKind.PHOTO: self.tr("Photo"),
            AttachmentKind.DOCUMENT: self.tr("Document"),
        }
        return texts.get(kind, str(kind))
