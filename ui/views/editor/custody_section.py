"""The record's custody history: every signed event that names it, read-only."""

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from fieldapp.services.custody_view import CustodyEntry
from ui.models.editor_custody import CustodyTableModel
from ui.widgets.plain_text_label import PlainTextLabel


class CustodySection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CustodyTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Custody history"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        note = PlainTextLabel(
            self.tr(
                "Each event is signed by the key that made it and chained to the one before in"
                " its log (the laptop's, or the archive's); a log numbers every event it holds,"
                " so other records' events fall between these. Times are as each machine's clock"
                " gave them."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)

    def load(self, events: list[CustodyEntry]) -> None:
        self.model.set_events(events)

    def clear(self) -> None:
        self.model.clear()
