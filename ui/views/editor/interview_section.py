"""The interview: title, who recorded it, when, where (coarse), language, interpreter, others
present, recording mode, confidentiality and a shareable summary."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from fieldapp.domain import ConfidentialityLevel, Testimony
from ui.views.editor.vocab_combo import VocabularyCombo

#: Offered in the drop-down; any other BCP 47 tag may be typed.
COMMON_LANGUAGES = ("ko", "en", "zh", "ru", "ja")
DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def optional(text: str) -> str | None:
    """A form's empty text is an absent value, not an empty one (which the domain refuses)."""
    return text.strip() or None


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class InterviewSection(QWidget):
    """Emits ``edited`` when a field changes; ``changes()`` holds only the changed fields."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._editable = True
        self._touched: set[str] = set()

        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Title"))
        self.interviewer = QLineEdit()
        self.interviewer.setAccessibleName(self.tr("Interviewer"))
        self.started_at = QDateTimeEdit()
        self.started_at.setDisplayFormat(DATE_TIME_FORMAT)
        self.started_at.setAccessibleName(self.tr("Interview started"))
        self.has_ended = QCheckBox(self.tr("The interview has ended"))
        self.has_ended.setAccessibleName(self.tr("The interview has ended"))
        self.ended_at = QDateTimeEdit()
        self.ended_at.setDisplayFormat(DATE_TIME_FORMAT)
        self.ended_at.setAccessibleName(self.tr("Interview ended"))
        self.ended_at.setEnabled(False)
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Place of interview (city or region only)"))
        self.place.setPlaceholderText(self.tr("City or region, never an address"))
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(COMMON_LANGUAGES)
        self.language.setAccessibleName(self.tr("Language the witness spoke"))
        self.interpreter = QLineEdit()
        self.interpreter.setAccessibleName(self.tr("Interpreter"))
        self.others_present = QPlainTextEdit()
        self.others_present.setAccessibleName(self.tr("Others present, one per line"))
        self.others_present.setPlaceholderText(self.tr("Roles rather than names, one per line"))
        self.others_present.setTabChangesFocus(True)
        self.recording_mode = VocabularyCombo("recording_modes", self.tr("Recording mode"))
        self.confidentiality = QComboBox()
        self.confidentiality.setAccessibleName(self.tr("Confidentiality"))
        for level, text in self._confidentiality_texts().items():
            self.confidentiality.addItem(text, level.value)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName(self.tr("Summary (shareable: no names)"))
        self.summary.setTabChangesFocus(True)

        ended = QHBoxLayout()
        ended.addWidget(self.has_ended)
        ended.addWidget(self.ended_at, 1)
        form = QFormLayout(self)
        form.addRow(self.tr("Tit&le"), self.title)
        form.addRow(self.tr("Interviewer"), self.interviewer)
        form.addRow(self.tr("St&arted"), self.started_at)
        form.addRow(self.tr("Ended"), ended)
        form.addRow(self.tr("&Place"), self.place)
        form.addRow(self.tr("Lang&uage"), self.language)
        form.addRow(self.tr("&Interpreter"), self.interpreter)
        form.addRow(self.tr("&Others present"), self.others_present)
        form.addRow(self.tr("Recordin&g"), self.recording_mode)
        form.addRow(self.tr("Con&fidentiality"), self.confidentiality)
        form.addRow(self.tr("Su&mmary"), self.summary)

        self._readers: dict[str, Callable[[], Any]] = {
            "title": lambda: self.title.text().strip(),
            "interviewer": lambda: self.interviewer.text().strip(),
            "started_at": lambda: from_qdatetime(self.started_at.dateTime()),
            "ended_at": self._ended_value,
            "interview_place": lambda: self.place.text().strip(),
            "language": lambda: self.language.currentText().strip(),
            "interpreter": lambda: optional(self.interpreter.text()),
            "others_present": lambda: lines(self.others_present.toPlainText()),
            "recording_mode": self.recording_mode.code,
            "confidentiality": lambda: ConfidentialityLevel(self.confidentiality.currentData()),
            "summary": lambda: optional(self.summary.toPlainText()),
        }
        self._watch(self.title.textEdited, "title")
        self._watch(self.interviewer.textEdited, "interviewer")
        self._watch(self.started_at.dateTimeChanged, "started_at")
        self._watch(self.has_ended.toggled, "ended_at")
        self._watch(self.ended_at.dateTimeChanged, "ended_at")
        self._watch(self.place.textEdited, "interview_place")
        self._watch(self.language.currentTextChanged, "language")
        self._watch(self.interpreter.textEdited, "interpreter")
        self._watch(self.others_present.textChanged, "others_present")
        self._watch(self.recording_mode.currentIndexChanged, "recording_mode")
        self._watch(self.confidentiality.currentIndexChanged, "confidentiality")
        self._watch(self.summary.textChanged, "summary")
        self.has_ended.toggled.connect(self.on_has_ended_toggled)

    def _confidentiality_texts(self) -> dict[ConfidentialityLevel, str]:
        return {
            ConfidentialityLevel.STRICTLY_CONFIDENTIAL: self.tr(
                "Strictly confidential: named persons only"
            ),
            ConfidentialityLevel.CONFIDENTIAL: self.tr("Confidential: named staff"),
            ConfidentialityLevel.RESTRICTED: self.tr("Restricted: the documentation team"),
        }

    def _watch(self, signal: Any, field: str) -> None:
        signal.connect(lambda *_: self._touch(field))

    def _touch(self, field: str) -> None:
        if not self._loading:
            self._touched.add(field)
            self.edited.emit()

    def _ended_value(self) -> datetime | None:
        return from_qdatetime(self.ended_at.dateTime()) if self.has_ended.isChecked() else None

    def on_has_ended_toggled(self, checked: bool) -> None:
        self.ended_at.setEnabled(checked and self._editable)
        if checked and not self._loading:
            self.ended_at.setDateTime(QDateTime.currentDateTime())

    # -- the record ------------------------------------------------------------------------
    def load(self, testimony: Testimony) -> None:
        self._loading = True
        try:
            self.title.setText(testimony.title)
            self.interviewer.setText(testimony.interviewer)
            self.started_at.setDateTime(to_qdatetime(testimony.started_at))
            self.has_ended.setChecked(testimony.ended_at is not None)
            if testimony.ended_at is not None:
                self.ended_at.setDateTime(to_qdatetime(testimony.ended_at))
            self.place.setText(testimony.interview_place)
            self.language.setCurrentText(testimony.language)
            self.interpreter.setText(testimony.interpreter or "")
            self.others_present.setPlainText("\n".join(testimony.others_present))
            self.recording_mode.set_code(testimony.recording_mode)
            self.confidentiality.setCurrentIndex(
                self.confidentiality.findData(testimony.confidentiality.value)
            )
            self.summary.setPlainText(testimony.summary or "")
        finally:
            self._loading = False
        self._touched.clear()

    def changes(self) -> dict[str, Any]:
        """The fields edited since the last ``load`` or ``saved``, as the domain's values."""
        return {field: self._readers[field]() for field in sorted(self._touched)}

    def saved(self, fields: set[str]) -> None:
        """``fields`` are stored; edits made since stay pending."""
        self._touched -= fields

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for widget in self._inputs():
            widget.setEnabled(editable)
        self.ended_at.setEnabled(editable and self.has_ended.isChecked())

    def _inputs(self) -> list[QWidget]:
        return [
            self.title, self.interviewer, self.started_at, self.has_ended, self.place,
            self.language, self.interpreter, self.others_present, self.recording_mode,
            self.confidentiality, self.summary,
        ]  # fmt: skip

    def clear(self) -> None:
        self._loading = True
        try:
            for edit in (self.title, self.interviewer, self.place, self.interpreter):
                edit.setText("")  # unlike clear(), leaves nothing in the undo history
            self.others_present.clear()
            self.summary.clear()
            self.language.setCurrentText("")
            self.has_ended.setChecked(False)
            for edit in (self.started_at, self.ended_at):
                edit.setDateTime(edit.minimumDateTime())
        finally:
            self._loading = False
        self._touched.clear()
