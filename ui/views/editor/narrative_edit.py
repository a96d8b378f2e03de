"""The narrative's text box: plain text only, with marked spans that follow the text.

Spans are kept in the document's own units (UTF-16 positions) and moved on every change the
document reports, so a mark stays on its word when text is typed or deleted before it. An edit
inside a span grows or shrinks it; an edit across its edge widens it to cover the edit (hiding
a little too much is the safe mistake); a span whose text is all deleted is dropped.
"""

from dataclasses import dataclass

from PySide6.QtCore import QMimeData, Signal, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from fieldapp.domain import RedactionKind
from ui.views.editor.text_offsets import plain_paste_text

_COLOURS = {
    RedactionKind.NAME: QColor(255, 214, 102),
    RedactionKind.PLACE: QColor(160, 210, 255),
    RedactionKind.OTHER: QColor(210, 190, 255),
}
_SUGGESTION_COLOUR = QColor(255, 170, 170)


@dataclass
class Span:
    """A marked or suggested range of the document, in UTF-16 positions, half-open."""

    start: int
    end: int
    kind: RedactionKind

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def moved(span: Span, position: int, removed: int, added: int) -> Span | None:
    """``span`` after ``removed`` units at ``position`` were replaced by ``added`` units."""
    edit_end = position + removed
    delta = added - removed
    if edit_end <= span.start:
        return Span(span.start + delta, span.end + delta, span.kind)  # wholly before
    if position >= span.end:
        return span  # wholly after
    if span.start <= position and edit_end <= span.end:
        end = span.end + delta  # inside
    else:
        end = max(span.end + delta, position + added)  # across an edge: cover the edit
    start = min(span.start, position)
    return Span(start, end, span.kind) if end > start else None


class NarrativeEdit(QPlainTextEdit):
    """Plain text in, plain text out; ``spans`` and ``suggestions`` follow every edit."""

    spans_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spans: list[Span] = []
        self.suggestions: list[Span] = []
        self.setTabChangesFocus(True)
        self.document().contentsChange.connect(self.on_contents_change)

    # -- plain text only -------------------------------------------------------------------
    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt's name
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name
        # Only the text of what is pasted or dropped: never its HTML, images or links.
        if source.hasText():
            self.textCursor().insertText(plain_paste_text(source.text()))

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt's name
        data = QMimeData()
        data.setText(self.textCursor().selectedText().replace("\u2029", "\n"))
        return data

    def text(self) -> str:
        """The text as the domain stores it (paragraph and line separators as LF; unlike
        ``toPlainText``, non-breaking spaces are kept, so offsets and words stay exact)."""
        raw = self.document().toRawText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n")

    # -- spans -----------------------------------------------------------------------------
    def set_content(self, text: str, spans: list[Span]) -> None:
        self.spans = []
        self.suggestions = []
        self.setPlainText(text)
        self.spans = sorted(spans, key=lambda s: s.start)
        self.refresh_highlight()

    @Slot(int, int, int)
    def on_contents_change(self, position: int, removed: int, added: int) -> None:
        if not self.spans and not self.suggestions:
            return
        self.spans = [s for s in (moved(s, position, removed, added) for s in self.spans) if s]
        self.suggestions = [
            s for s in (moved(s, position, removed, added) for s in self.suggestions) if s
        ]
        self.refresh_highlight()

    def selection_range(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def add_span(self, span: Span) -> bool:
        """Mark ``span`` unless it is empty or overlaps a mark; whether it was added."""
        if span.end <= span.start or any(s.overlaps(span.start, span.end) for s in self.spans):
            return False
        self.spans = sorted([*self.spans, span], key=lambda s: s.start)
        self.suggestions = [s for s in self.suggestions if not s.overlaps(span.start, span.end)]
        self.refresh_highlight()
        self.spans_changed.emit()
        return True

    def remove_spans(self, start: int, end: int) -> int:
        """Unmark every span touching ``start``..``end`` (or holding the cursor); how many."""
        touching = [s for s in self.spans if s.overlaps(start, max(end, start + 1))]
        touching += [s for s in self.spans if s.start < start == end <= s.end and s not in touching]
        self.spans = [s for s in self.spans if s not in touching]
        if touching:
            self.refresh_highlight()
            self.spans_changed.emit()
        return len(touching)

    def refresh_highlight(self) -> None:
        selections = [self._selection(s, _COLOURS[s.kind]) for s in self.spans]
        selections += [self._selection(s, _SUGGESTION_COLOUR) for s in self.suggestions]
        self.setExtraSelections(selections)

    def _selection(self, span: Span, colour: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(span.start)
        cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
        text_format = QTextCharFormat()
        text_format.setBackground(colour)
        selection.cursor = cursor  # type: ignore[misc]
        selection.format = text_format  # type: ignore[misc]
        return selection

    def clear_all(self) -> None:
        self.spans = []
        self.suggestions = []
        self.setExtraSelections([])
        self.clear()
