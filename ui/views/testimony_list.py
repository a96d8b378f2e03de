"""The list of testimonies: a search box, filters by status and by the uses consent allows now,
and a lazily fetched table."""

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import ConsentScope, RecordStatus
from ui.models.testimony_table import DATE, TITLE, TestimonyTableModel
from ui.views.editor.consent_texts import scope_title

SEARCH_DELAY_MS = 300


class _Table(QTableView):
    """A table where Enter opens the current row, as a double click does."""

    row_activated = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class TestimonyListView(QWidget):
    """Search box, filters and table; the table reads a page at a time on the GUI thread (see
    the model: a page is milliseconds). The use filter lists what a coordinator may put in,
    say, a UN submission: the consent in force, withdrawals included, decides (in the query).

    Emits ``testimony_activated(id)`` when a row is opened (double click or Enter) and
    ``new_testimony_requested()`` from its button.
    """

    __test__ = False  # not a test class, whatever pytest guesses from the name

    testimony_activated = Signal(object)
    new_testimony_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TestimonyTableModel(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search testimonies"))
        self.search.setAccessibleName(self.tr("Search testimonies"))
        # Their words are not in the index: each opening of one is logged, a search is not.
        hint = self.tr("Strictly confidential testimonies are found by title and interviewer only.")
        self.search.setToolTip(hint)
        self.search.setAccessibleDescription(hint)
        self.search.setClearButtonEnabled(True)
        self.status_filter = self._status_combo()
        self.use_filter = self._use_combo()
        use_label = QLabel(self.tr("May be &used for:"))
        use_label.setBuddy(self.use_filter)
        self.new_button = QPushButton(self.tr("&New testimony"))
        self.new_button.setAccessibleName(self.tr("New testimony"))

        self.table = _Table()
        self.table.setAccessibleName(self.tr("Testimonies"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # The indicator first, then sorting on: enabling sorting sorts once by the indicator.
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_filter)
        bar.addWidget(use_label)
        bar.addWidget(self.use_filter)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.use_filter)
        self.setTabOrder(self.use_filter, self.new_button)
        self.setTabOrder(self.new_button, self.table)

        # Typing searches after a short pause; Enter searches at once.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.on_search_requested)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.on_search_requested)
        self.status_filter.currentIndexChanged.connect(self.on_status_filter_changed)
        self.use_filter.currentIndexChanged.connect(self.on_use_filter_changed)
        self.table.doubleClicked.connect(self.on_row_double_clicked)
        self.table.row_activated.connect(self.on_row_activated)
        self.new_button.clicked.connect(self.new_testimony_requested)

    def _status_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Show testimonies with status"))
        combo.addItem(self.tr("All statuses"), None)
        for status, text in (
            (RecordStatus.DRAFT, self.tr("Drafts")),
            (RecordStatus.SEALED, self.tr("Sealed")),
            (RecordStatus.EXPORTED, self.tr("Exported")),
            (RecordStatus.ARCHIVED, self.tr("Archived")),
        ):
            combo.addItem(text, status.value)  # Qt keeps a str, not the enum
        return combo

    def _use_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Show testimonies whose consent allows"))
        combo.addItem(self.tr("Any use"), None)
        for scope in ConsentScope:
            combo.addItem(scope_title(scope), scope.value)  # Qt keeps a str, not the enum
        return combo

    def set_workspace(self, workspace: object, *, can_create: bool = True) -> None:
        """Show ``workspace``'s testimonies; ``can_create`` is False where none is written
        (the archive receives its testimonies in bundles)."""
        self.search.setText("")  # not clear(): that keeps the query as an undo step
        self.new_button.setVisible(can_create)
        self.model.set_workspace(workspace)

    def refresh(self) -> None:
        """Read the rows again (after a record was saved, sealed or exported)."""
        self.model.set_query(self.model.query)

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self.search.setText("")  # not clear(): that keeps the query as an undo step
        self._search_timer.stop()
        self.model.clear()

    @Slot()
    def on_search_requested(self) -> None:
        self._search_timer.stop()
        if self.search.text().strip() != self.model.query:
            self.model.set_query(self.search.text())

    @Slot(int)
    def on_status_filter_changed(self, index: int) -> None:
        value = self.status_filter.itemData(index)
        self.model.set_status(None if value is None else RecordStatus(value))

    @Slot(int)
    def on_use_filter_changed(self, index: int) -> None:
        value = self.use_filter.itemData(index)
        self.model.set_allowed_for(None if value is None else ConsentScope(value))

    @Slot(QModelIndex)
    def on_row_double_clicked(self, index: QModelIndex) -> None:
        self.on_row_activated(index.row())

    @Slot(int)
    def on_row_activated(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.testimony_activated.emit(self.model.summary(row).id)
