"""The narrative: plain text only, and redaction marks that stay on their words."""

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from fieldapp.domain import RedactionKind
from fieldapp.services import records
from tests.ui.editor.support import give_consent, select, type_at, type_text
from ui.views.editor.narrative_edit import Span, moved


def _ready(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    give_consent(qtbot, editor)
    editor.show_section(editor.narrative)
    return testimony_id


def _mark(qtbot, editor, text, word, kind="name"):
    start = editor.narrative.edit.text().index(word)
    select(editor, start, start + len(word))
    editor.narrative.kind.setCurrentIndex(editor.narrative.kind.findData(kind))
    qtbot.keyClick(editor.narrative.edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)


def _stored_marks(ws, testimony_id):
    narrative = records.get_record(ws, testimony_id).testimony.narrative
    return [(narrative.text[s.start : s.end], s.kind) for s in narrative.redactions]


def test_pasted_html_stays_plain(qtbot, editor, ws):
    testimony_id = _ready(qtbot, editor, ws)
    data = QMimeData()
    data.setHtml('<b>Bold</b> words<img src="file:///etc/passwd"><a href="x">link</a>')
    data.setText("Bold words\x0c and\x1b a link\r\nnext line")
    clipboard = QApplication.clipboard()
    clipboard.setMimeData(data)  # the clipboard owns it now
    editor.narrative.edit.setFocus()
    editor.narrative.edit.paste()
    clipboard.clear()

    assert editor.narrative.edit.text() == "Bold words and a link\nnext line"
    html = editor.narrative.edit.document().toHtml()
    assert "<img" not in html
    assert "<a " not in html
    assert "font-weight:700" not in html
    assert "<b>" not in html
    assert editor.save_now()
    stored = records.get_record(ws, testimony_id).testimony.narrative.text
    assert stored == "Bold words and a link\nnext line"


def test_marks_stay_on_their_words_when_text_before_them_changes(qtbot, editor, ws):
    testimony_id = _ready(qtbot, editor, ws)
    type_text(qtbot, editor.narrative.edit, "Pak Min took us to Onsong.")
    _mark(qtbot, editor, "", "Pak Min")
    _mark(qtbot, editor, "", "Onsong", "place")

    type_at(qtbot, editor, 0, "In 2009 ")  # before both marks
    edit = editor.narrative.edit
    cursor = edit.textCursor()
    cursor.setPosition(edit.text().index("took"))
    cursor.setPosition(edit.text().index("took") + len("took "), cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()  # between them
    type_at(qtbot, editor, edit.text().index("Onsong"), "😀 ")  # beyond the BMP, right before

    assert editor.save_now()
    assert _stored_marks(ws, testimony_id) == [
        ("Pak Min", RedactionKind.NAME),
        ("Onsong", RedactionKind.PLACE),
    ]
    assert records.get_record(ws, testimony_id).testimony.narrative.text == (
        "In 2009 Pak Min us to 😀 Onsong."
    )


def test_marks_after_wide_characters_are_stored_in_code_points(qtbot, editor, ws):
    testimony_id = _ready(qtbot, editor, ws)
    text = "𠜎𠜱 김철수 met 🙂🙂 Ri Chol"
    type_text(qtbot, editor.narrative.edit, text)
    edit = editor.narrative.edit
    # Qt counts UTF-16 units: each wide character is two.
    units = text.encode("utf-16-le")
    start = len(text[: text.index("Ri Chol")].encode("utf-16-le")) // 2
    select(editor, start, start + len("Ri Chol"))
    qtbot.keyClick(edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert len(units) // 2 > len(text)

    assert editor.save_now()
    narrative = records.get_record(ws, testimony_id).testimony.narrative
    (span,) = narrative.redactions
    assert (span.start, span.end) == (text.index("Ri Chol"), len(text))

    editor.open_testimony(ws, testimony_id)  # and back into the editor at the right place
    (shown,) = editor.narrative.edit.spans
    assert (shown.start, shown.end) == (start, start + len("Ri Chol"))


def test_unmarking_and_overlaps(qtbot, editor, ws):
    testimony_id = _ready(qtbot, editor, ws)
    type_text(qtbot, editor.narrative.edit, "Kim Yong-su and Ri Hana")
    _mark(qtbot, editor, "", "Kim Yong-su")
    select(editor, 4, 15)  # overlaps the mark
    qtbot.keyClick(editor.narrative.edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "overlaps" in editor.narrative.status.text()
    assert len(editor.narrative.edit.spans) == 1

    select(editor, 2, 2)
    qtbot.keyClick(
        editor.narrative.edit,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.narrative.edit.spans == []
    assert editor.save_now()
    assert _stored_marks(ws, testimony_id) == []


def test_suggestions_follow_edits_until_accepted(qtbot, editor, ws):
    testimony_id = _ready(qtbot, editor, ws)
    editor.show_section(editor.witness)
    from tests.ui.editor.support import open_identity

    open_identity(qtbot, editor)
    editor.witness.names.setPlainText("Han Sol-mi")
    qtbot.mouseClick(editor.witness.hide_button, Qt.MouseButton.LeftButton)
    editor.show_section(editor.narrative)
    type_text(qtbot, editor.narrative.edit, "Sol-mi said that Han Sol-mi left.")
    qtbot.mouseClick(editor.narrative.suggest_button, Qt.MouseButton.LeftButton)
    assert editor.narrative.suggestion_list.count() == 2

    type_at(qtbot, editor, 0, "Then ")
    qtbot.mouseClick(editor.narrative.accept_all_button, Qt.MouseButton.LeftButton)
    assert editor.narrative.suggestion_list.count() == 0
    assert editor.save_now()
    assert [text for text, _ in _stored_marks(ws, testimony_id)] == ["Sol-mi", "Han Sol-mi"]


def test_spans_move_with_edits():
    span = Span(10, 15, RedactionKind.NAME)
    assert moved(span, 0, 0, 3) == Span(13, 18, RedactionKind.NAME)  # typed before
    assert moved(span, 10, 0, 2) == Span(12, 17, RedactionKind.NAME)  # typed at its start
    assert moved(span, 15, 0, 2) == span  # typed right after it
    assert moved(span, 12, 0, 2) == Span(10, 17, RedactionKind.NAME)  # typed inside
    assert moved(span, 2, 3, 0) == Span(7, 12, RedactionKind.NAME)  # deleted before
    assert moved(span, 8, 4, 0) == Span(8, 11, RedactionKind.NAME)  # deleted across the start
    assert moved(span, 13, 5, 1) == Span(10, 14, RedactionKind.NAME)  # replaced across the end
    assert moved(span, 10, 5, 0) is None  # its text deleted
    assert moved(span, 9, 7, 0) is None
