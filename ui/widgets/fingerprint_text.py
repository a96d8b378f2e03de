"""A key's fingerprint as people compare it aloud: sixteen groups of five digits, two lines of
eight (``enrolment.spoken_fingerprint``), the form the CLI and the other side's screen show."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from fieldapp.services import enrolment
from ui.widgets.plain_text_label import PlainTextLabel

#: Groups per line: two lines of eight, read one line at a time.
GROUPS_PER_LINE = 8


def spoken_lines(fingerprint: str, *, with_sha256: bool = False) -> str:
    """The spoken digits, eight groups a line; then, if asked, the ``SHA256:`` form."""
    groups = enrolment.spoken_fingerprint(fingerprint).split()
    lines = [
        " ".join(groups[start : start + GROUPS_PER_LINE])
        for start in range(0, len(groups), GROUPS_PER_LINE)
    ]
    return "\n".join([*lines, fingerprint] if with_sha256 else lines)


def fingerprint_label(accessible_name: str) -> PlainTextLabel:
    """A label for spoken digits: fixed-width, larger, selectable, and plain text (the
    fingerprint comes from a file)."""
    label = PlainTextLabel()
    label.setAccessibleName(accessible_name)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() * 1.4)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
