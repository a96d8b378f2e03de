"""Steps the editor's tests share: answering consent, opening the identity panel, typing."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fieldapp.domain import ConsentScope, ExplainedTopic
from fieldapp.domain.consent import ESSENTIAL_TOPICS
from ui.views.editor import TestimonyEditor


def give_consent(qtbot, editor: TestimonyEditor, *, archive: bool = True) -> None:
    """Answer every scope (Yes, archive as given), tick the essentials, and record."""
    consent = editor.consent
    for scope in ConsentScope:
        allowed = archive if scope is ConsentScope.ARCHIVE else True
        button = consent.scope_answers[scope].button(1 if allowed else 0)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    for topic in ESSENTIAL_TOPICS | {ExplainedTopic.VOLUNTARY}:
        consent.topics[topic].setChecked(True)
    consent.method.set_code("oral_noted")
    assert consent.record_button.isEnabled()
    qtbot.mouseClick(consent.record_button, Qt.MouseButton.LeftButton)


def open_identity(qtbot, editor: TestimonyEditor) -> None:
    witness = editor.witness
    qtbot.mouseClick(witness.show_button, Qt.MouseButton.LeftButton)
    box = witness.confirm_box
    assert box is not None
    assert box.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: witness.is_open)


def select(editor: TestimonyEditor, start: int, end: int) -> None:
    """Select characters ``start``..``end`` of the narrative (BMP text: units are chars)."""
    edit = editor.narrative.edit
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus()


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; QTest types ASCII only, so other characters are sent as the
    key events an input method delivers (a key press carrying the text)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)


def type_at(qtbot, editor: TestimonyEditor, position: int, text: str) -> None:
    edit = editor.narrative.edit
    cursor = edit.textCursor()
    cursor.setPosition(position)
    edit.setTextCursor(cursor)
    type_text(qtbot, edit, text)
