"""A label that never interprets its text as rich text (securedrop's SecureQLabel idea).

``QLabel`` guesses rich text from a string that looks like HTML (``Qt.AutoText``): a witness's
words or a file name containing ``<img src=…>`` would be rendered, and could load resources.
Anything from a record or a file goes into a ``PlainTextLabel``.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class PlainTextLabel(QLabel):
    """A ``QLabel`` fixed to ``Qt.TextFormat.PlainText``."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        super().setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setTextFormat(Qt.TextFormat.PlainText)
        super().setText(text)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802 - Qt's name
        if text_format != Qt.TextFormat.PlainText:
            raise ValueError("a PlainTextLabel shows plain text only")
        super().setTextFormat(text_format)
