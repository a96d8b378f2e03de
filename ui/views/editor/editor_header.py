"""The editor's header: which record, its state, the save indicator, messages, and the Close,
Seal and Amend buttons."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fieldapp.domain import RecordStatus
from fieldapp.services.records import TestimonyRecord
from ui.views.editor.autosave import SaveState
from ui.widgets.plain_text_label import PlainTextLabel


class EditorHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.close_button = QPushButton(self.tr("← &Back to the list"))
        self.close_button.setAccessibleName(self.tr("Save and go back to the list"))
        self.title = PlainTextLabel()
        self.title.setAccessibleName(self.tr("Testimony"))
        self.save_state = PlainTextLabel()
        self.save_state.setAccessibleName(self.tr("Save status"))
        self.seal_button = QPushButton(self.tr("S&eal…"))
        self.seal_button.setAccessibleName(self.tr("Seal the testimony"))
        self.amend_button = QPushButton(self.tr("Am&end…"))
        self.amend_button.setAccessibleName(self.tr("Amend the sealed testimony"))
        self.notice = PlainTextLabel()
        self.notice.setAccessibleName(self.tr("Why fields are locked"))
        self.notice.setWordWrap(True)
        self.message = PlainTextLabel()
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.close_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.save_state)
        top.addWidget(self.seal_button)
        top.addWidget(self.amend_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)

    def _status_text(self, status: RecordStatus) -> str:
        texts = {
            RecordStatus.DRAFT: self.tr("Draft"),
            RecordStatus.SEALED: self.tr("Sealed"),
            RecordStatus.EXPORTED: self.tr("Exported"),
            RecordStatus.ARCHIVED: self.tr("Archived"),
            RecordStatus.PURGED: self.tr("Purged"),
        }
        return texts.get(status, str(status))

    def show_record(
        self, record: TestimonyRecord | None, content_allowed: bool, *, received: bool = False
    ) -> None:
        """``received``: shown in the archive, which keeps the record as its device sent it."""
        if record is None:
            self.title.setText("")
            self.notice.setText("")
            return
        testimony = record.testimony
        self._name_back_button(saves=testimony.is_editable() and not received)
        self.title.setText(
            self.tr("{pseudonym} · {status} · version {version} · {title}").format(
                pseudonym=testimony.pseudonym,
                status=self._status_text(testimony.status),
                version=testimony.version,
                title=testimony.title,
            )
        )
        if received:
            self.notice.setText(
                self.tr(
                    "Received from a field laptop: the archive keeps it as the laptop signed and"
                    " sent it, and it can only be read here."
                )
            )
        elif not testimony.is_editable():
            self.notice.setText(
                self.tr(
                    "This testimony is sealed and can only be read. Correct it with Amend; "
                    "withdrawals of consent can still be recorded."
                )
            )
        elif not content_allowed:
            self.notice.setText(
                self.tr(
                    "The narrative, incidents, attachments and identity stay locked until the "
                    "witness's consent to archiving is recorded (Consent tab)."
                )
            )
        else:
            self.notice.setText("")

    def _name_back_button(self, *, saves: bool) -> None:
        """A screen reader says "save" only where there is something to save."""
        self.close_button.setAccessibleName(
            self.tr("Save and go back to the list") if saves else self.tr("Go back to the list")
        )

    def show_purged(self, pseudonym: str, version: int) -> None:
        """A testimony whose content this laptop removed: what is named of it, and why there is
        nothing to edit (Seal and Amend stay hidden: the editor shows no record)."""
        self._name_back_button(saves=False)
        self.title.setText(
            self.tr("{pseudonym} · {status} · version {version}").format(
                pseudonym=pseudonym,
                status=self._status_text(RecordStatus.PURGED),
                version=version,
            )
        )
        self.notice.setText(
            self.tr(
                "Only what shows that the archive received it remains on this laptop: it can"
                " only be read."
            )
        )

    @Slot(object, str)
    def on_save_state_changed(self, state: SaveState, sentence: str) -> None:
        self.save_state.setText(sentence)
        if state is SaveState.FAILED:
            self.show_message(sentence)
        elif state is SaveState.SAVED and sentence:
            self.show_message("")

    def show_message(self, sentence: str) -> None:
        self.message.setText(sentence)

    def clear(self) -> None:
        self.title.setText("")
        self.notice.setText("")
        self.message.setText("")
        self.save_state.setText("")
