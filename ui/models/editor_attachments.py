"""A testimony's attachments as a table: label, kind, size, media type, SHA-256 prefix."""

from PySide6.QtCore import QLocale

from fieldapp.domain import Attachment, AttachmentKind
from ui.models.read_only_table import ReadOnlyTableModel

LABEL, KIND, SIZE, MEDIA_TYPE, SHA256 = range(5)
#: Enough of the hash to compare by eye with ``sha256sum``'s output.
SHA256_PREFIX = 16


class AttachmentTableModel(ReadOnlyTableModel):
    def set_attachments(self, attachments: tuple[Attachment, ...]) -> None:
        self.set_rows(sorted(attachments, key=lambda a: a.captured_at))

    def attachment(self, row: int) -> Attachment:
        return self.row_at(row)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Label"),
            self.tr("Kind"),
            self.tr("Size"),
            self.tr("Type"),
            self.tr("SHA-256"),
        )

    def cell(self, attachment: Attachment, column: int) -> str | None:
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

    def _kind_text(self, kind: AttachmentKind) -> str:
        texts = {
            AttachmentKind.AUDIO: self.tr("Audio"),
            AttachmentKind.SCAN: self.tr("Scan"),
            AttachmentKind.PHOTO: self.tr("Photo"),
            AttachmentKind.DOCUMENT: self.tr("Document"),
        }
        return texts.get(kind, str(kind))
