"""The narrative: the witness's account, with names and places marked for redaction.

Marking is by hand (select, choose the kind, Mark: Ctrl+R) or from the services' suggestions,
which look for the witness's known names, places and contacts; each suggestion is accepted on
its own or all at once, never applied silently.
"""

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import Narrative, RedactionKind, RedactionSpan, validate_model
from ui.views.editor.narrative_edit import NarrativeEdit, Span
from ui.views.editor.text_offsets import (
    code_points_to_utf16,
    utf16_to_code_points,
    without_carriage_returns,
)
from ui.widgets.plain_text_label import PlainTextLabel

#: How much of a suggestion's text the list shows.
SUGGESTION_PREVIEW_CHARS = 60


class NarrativeSection(QWidget):
    """Emits ``edited`` on every change and ``suggestions_requested`` for the Suggest button;
    the editor answers the latter with ``show_suggestions``."""

    edited = Signal()
    suggestions_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._touched = False

        self.edit = NarrativeEdit()
        self.edit.setAccessibleName(self.tr("Narrative"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of redaction"))
        for kind, text in self._kind_texts().items():
            self.kind.addItem(text, kind.value)
        self.mark_button = QPushButton(self.tr("&Mark"))
        self.mark_button.setAccessibleName(self.tr("Mark the selection for redaction"))
        self.mark_button.setToolTip(self.tr("Mark the selected text for redaction (Ctrl+R)"))
        self.unmark_button = QPushButton(self.tr("&Unmark"))
        self.unmark_button.setAccessibleName(self.tr("Remove the redaction at the cursor"))
        self.unmark_button.setToolTip(self.tr("Remove the mark at the cursor (Ctrl+Shift+R)"))
        self.suggest_button = QPushButton(self.tr("Su&ggest"))
        self.suggest_button.setAccessibleName(
            self.tr("Suggest redactions of the witness's known names and places")
        )
        self.status = PlainTextLabel()
        self.status.setAccessibleName(self.tr("Redaction status"))

        self.suggestion_list = QListWidget()
        self.suggestion_list.setAccessibleName(self.tr("Suggested redactions"))
        self.accept_button = QPushButton(self.tr("&Accept"))
        self.accept_button.setAccessibleName(self.tr("Accept the selected suggestion"))
        self.accept_all_button = QPushButton(self.tr("Accept a&ll"))
        self.accept_all_button.setAccessibleName(self.tr("Accept every suggestion"))
        self.dismiss_button = QPushButton(self.tr("D&ismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the suggestions"))
        self.suggestion_box = QGroupBox(self.tr("Suggestions"))
        suggestion_buttons = QHBoxLayout()
        for button in (self.accept_button, self.accept_all_button, self.dismiss_button):
            suggestion_buttons.addWidget(button)
        suggestion_buttons.addStretch()
        box_layout = QVBoxLayout(self.suggestion_box)
        box_layout.addWidget(self.suggestion_list)
        box_layout.addLayout(suggestion_buttons)
        self.suggestion_box.setVisible(False)

        tools = QHBoxLayout()
        for widget in (self.kind, self.mark_button, self.unmark_button, self.suggest_button):
            tools.addWidget(widget)
        tools.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.edit, 3)
        layout.addWidget(self.suggestion_box, 1)

        # Shortcuts of the section rather than of the buttons: a button's shortcut clicks it
        # with an animation, a moment later; these act at once, wherever the focus is inside.
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.mark_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+R")), self, context=context)
        self.unmark_shortcut = QShortcut(
            QKeySequence(self.tr("Ctrl+Shift+R")), self, context=context
        )
        self.mark_shortcut.activated.connect(self.on_mark_clicked)
        self.unmark_shortcut.activated.connect(self.on_unmark_clicked)
        self.edit.textChanged.connect(self._on_changed)
        self.edit.spans_changed.connect(self._on_changed)
        self.mark_button.clicked.connect(self.on_mark_clicked)
        self.unmark_button.clicked.connect(self.on_unmark_clicked)
        self.suggest_button.clicked.connect(self.suggestions_requested)
        self.accept_button.clicked.connect(self.on_accept_clicked)
        self.accept_all_button.clicked.connect(self.on_accept_all_clicked)
        self.dismiss_button.clicked.connect(self.on_dismiss_clicked)

    def _kind_texts(self) -> dict[RedactionKind, str]:
        return {
            RedactionKind.NAME: self.tr("Name"),
            RedactionKind.PLACE: self.tr("Place"),
            RedactionKind.OTHER: self.tr("Other"),
        }

    @Slot()
    def _on_changed(self) -> None:
        if not self._loading:
            self._touched = True
            self.edited.emit()
        if self.edit.suggestions != [] or self.suggestion_list.count():
            self._refresh_suggestion_list()

    # -- marking ---------------------------------------------------------------------------
    @Slot()
    def on_mark_clicked(self) -> None:
        start, end = self.edit.selection_range()
        if start == end:
            self.status.setText(self.tr("Select the text to mark first."))
            return
        kind = RedactionKind(self.kind.currentData())
        if self.edit.add_span(Span(start, end, kind)):
            self.status.setText(self.tr("Marked."))
        else:
            self.status.setText(self.tr("The selection overlaps a marked passage."))

    @Slot()
    def on_unmark_clicked(self) -> None:
        start, end = self.edit.selection_range()
        if not self.edit.remove_spans(start, end):
            self.status.setText(self.tr("Nothing marked here."))

    def show_suggestions(self, spans: list[RedactionSpan]) -> None:
        """The services' suggestions, in code points of the text as it is now."""
        self.edit.suggestions = self._to_document(self.edit.text(), spans)
        self.edit.refresh_highlight()
        self._refresh_suggestion_list()
        self.suggestion_box.setVisible(True)
        if not spans:
            self.status.setText(self.tr("No unmarked mention of the witness was found."))
        else:
            self.status.setText(self.tr("%n suggestion(s).", "", len(spans)))
            self.suggestion_list.setCurrentRow(0)
            self.suggestion_list.setFocus()

    def _refresh_suggestion_list(self) -> None:
        text = self.edit.document().toRawText()
        kinds = self._kind_texts()
        self.suggestion_list.clear()
        for span in self.edit.suggestions:
            words = text[span.start : span.end][:SUGGESTION_PREVIEW_CHARS].replace("\u2029", " ")
            item = QListWidgetItem(f"{kinds[span.kind]}: {words}")  # items are plain text
            item.setData(Qt.ItemDataRole.UserRole, (span.start, span.end))
            self.suggestion_list.addItem(item)

    @Slot()
    def on_accept_clicked(self) -> None:
        row = self.suggestion_list.currentRow()
        if 0 <= row < len(self.edit.suggestions):
            self._accept([self.edit.suggestions[row]])
            self.suggestion_list.setCurrentRow(min(row, self.suggestion_list.count() - 1))

    @Slot()
    def on_accept_all_clicked(self) -> None:
        self._accept(list(self.edit.suggestions))

    def _accept(self, spans: list[Span]) -> None:
        for span in spans:
            self.edit.add_span(Span(span.start, span.end, span.kind))
        self.edit.suggestions = [s for s in self.edit.suggestions if s not in spans]
        self.edit.refresh_highlight()
        self._refresh_suggestion_list()

    @Slot()
    def on_dismiss_clicked(self) -> None:
        self.edit.suggestions = []
        self.edit.refresh_highlight()
        self.suggestion_list.clear()
        self.suggestion_box.setVisible(False)

    # -- the record ------------------------------------------------------------------------
    def _to_document(self, text: str, spans: list[RedactionSpan]) -> list[Span]:
        offsets = [o for s in spans for o in (s.start, s.end)]
        units = code_points_to_utf16(text, offsets)
        return [Span(units[2 * i], units[2 * i + 1], s.kind) for i, s in enumerate(spans)]

    def load(self, narrative: Narrative) -> None:
        offsets = [o for s in narrative.redactions for o in (s.start, s.end)]
        text, moved = without_carriage_returns(narrative.text, offsets)
        spans = [
            RedactionSpan(start=moved[2 * i], end=moved[2 * i + 1], kind=s.kind)
            for i, s in enumerate(narrative.redactions)
        ]
        self._loading = True
        try:
            self.edit.set_content(text, self._to_document(text, spans))
        finally:
            self._loading = False
        self.on_dismiss_clicked()
        self.status.setText("")
        self._touched = False

    def narrative(self) -> Narrative:
        """The text and marks as the domain's ``Narrative`` (ValidationFailedError if wrong)."""
        text = self.edit.text()
        offsets = [o for s in self.edit.spans for o in (s.start, s.end)]
        points = utf16_to_code_points(text, offsets)
        spans = tuple(
            {"start": points[2 * i], "end": points[2 * i + 1], "kind": s.kind}
            for i, s in enumerate(self.edit.spans)
        )
        return validate_model(Narrative, {"text": text, "redactions": spans})

    def changes(self) -> dict[str, Any]:
        return {"narrative": self.narrative()} if self._touched else {}

    def saved(self) -> None:
        self._touched = False

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)
        for button in (
            self.mark_button, self.unmark_button, self.suggest_button, self.accept_button,
            self.accept_all_button,
        ):  # fmt: skip
            button.setEnabled(editable)
        self.kind.setEnabled(editable)
        self.mark_shortcut.setEnabled(editable)
        self.unmark_shortcut.setEnabled(editable)

    def clear(self) -> None:
        self._loading = True
        try:
            self.edit.clear_all()
        finally:
            self._loading = False
        self.on_dismiss_clicked()
        self.status.setText("")
        self._touched = False
