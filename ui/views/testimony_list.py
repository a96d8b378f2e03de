"""The list of testimonies: a search box over a lazily fetched table."""

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.testimony_table import TITLE, TestimonyTableModel

SEARCH_DELAY_MS = 300


class TestimonyListView(QWidget):
    """Search box and table; the table reads a page at a time on the GUI thread (see the
    model: a page is milliseconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TestimonyTableModel(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search testimonies"))
        self.search.setAccessibleName(self.tr("Search testimonies"))
        self.search.setClearButtonEnabled(True)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Testimonies"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)

        # Typing searches after a short pause; Enter searches at once.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.on_search_requested)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.on_search_requested)

    def set_workspace(self, workspace: object) -> None:
        self.search.clear()
        self.model.set_workspace(workspace)

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self.search.clear()
        self._search_timer.stop()
        self.model.clear()

    @Slot()
    def on_search_requested(self) -> None:
        self._search_timer.stop()
        if self.search.text().strip() != self.model.query:
            self.model.set_query(self.search.text())
