import pytest
from PySide6.QtCore import Qt

from ui.widgets.plain_text_label import PlainTextLabel


def test_markup_is_shown_literally(qtbot):
    label = PlainTextLabel("<b>x</b>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>x</b>"
    label.setText("<img src='file:///etc/passwd'>")
    assert label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize("text_format", [Qt.TextFormat.RichText, Qt.TextFormat.AutoText])
def test_rich_text_is_refused(qtbot, text_format):
    label = PlainTextLabel("<b>x</b>")
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="plain text"):
        label.setTextFormat(text_format)
    assert label.textFormat() == Qt.TextFormat.PlainText
    label.setTextFormat(Qt.TextFormat.PlainText)  # the one format it takes
