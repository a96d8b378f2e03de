"""What the "Verify files" dialog shows of a finished check, in plain-text widgets only: the
verdict, what it rests on, the roster's line (with the coordinator key's digits to compare
aloud when the auditor did not enter it), then a line per file and per chain.

Every line may quote a stranger's text (a file name, a device label, a reason naming what a
file claims): labels are ``PlainTextLabel`` and the list's items plain strings, with no tooltip
(Qt shows a tooltip that looks like HTML as HTML).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QVBoxLayout, QWidget

from ui.views import verify_report_text
from ui.views.verify_work import Checked
from ui.widgets.fingerprint_text import fingerprint_label, spoken_lines
from ui.widgets.plain_text_label import PlainTextLabel


def plain_list(accessible_name: str) -> QListWidget:
    """A list of plain strings that wrap, read-only, selectable."""
    view = QListWidget()
    view.setAccessibleName(accessible_name)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)  # one line from the next, when each wraps
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return view


def _wrapped(accessible_name: str) -> PlainTextLabel:
    """A wrapped label the keyboard reaches (Tab), as a screen reader reads what has focus."""
    label = PlainTextLabel()
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class ResultPanel(QWidget):
    """The result of one check; empty (and hidden) until ``show_checked``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = _wrapped(self.tr("Verdict"))
        font = self.verdict.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.verdict.setFont(font)
        self.caution = _wrapped(self.tr("What the verdict rests on"))
        self.roster = _wrapped(self.tr("Roster"))
        self.spoken = fingerprint_label(self.tr("Coordinator key fingerprint, read aloud"))
        self.spoken.setTextInteractionFlags(self.verdict.textInteractionFlags())
        self.spoken.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.lines = plain_list(self.tr("Each file and each chain"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.verdict, self.caution, self.roster, self.spoken):
            layout.addWidget(widget)
        layout.addWidget(self.lines, 1)
        self.setFocusProxy(self.verdict)  # read first: then what it rests on, then each line
        self.clear()

    def clear(self) -> None:
        for label in (self.verdict, self.caution, self.roster, self.spoken):
            label.setText("")
        self.lines.clear()
        self.setVisible(False)

    def show_checked(self, checked: Checked) -> None:
        report, roster = checked.report, checked.roster
        self.verdict.setText(verify_report_text.verdict(report, roster))
        caution = verify_report_text.caution(roster)
        self.caution.setText(caution)
        self.caution.setVisible(bool(caution))
        self.roster.setText(verify_report_text.roster_line(roster))
        compare = roster.coordinator is not None and not roster.confirmed
        self.spoken.setText(spoken_lines(roster.coordinator or "") if compare else "")
        self.spoken.setVisible(compare)
        self.lines.addItems(verify_report_text.report_lines(report, roster))
        self.setVisible(True)

    def line_texts(self) -> list[str]:
        """The lines shown, in order (for a screen reader's summary and for tests)."""
        return [self.lines.item(row).text() for row in range(self.lines.count())]
