"""The testimony list as a table model that reads the workspace a page at a time.

Database access stays on the GUI thread: a page of summaries is one indexed query of a few
milliseconds (``benchmarks/``), far below a frame, and the view asks for the next page only as
it scrolls (``canFetchMore``/``fetchMore``). Full-text search of a large archive that takes
longer belongs on a worker, with its own connection (STYLE.md, "Long work").
"""

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from fieldapp.domain import ConsentScope, RecordStatus
from fieldapp.services.records import (
    TestimonyFilter,
    TestimonyOrder,
    TestimonySummary,
    list_testimonies,
    search_testimonies,
)
from ui.models.read_only_table import AnyIndex, ReadOnlyTableModel

PAGE_SIZE = 200
DATE, STATUS, WITNESS, TITLE = range(4)


class TestimonyTableModel(ReadOnlyTableModel):
    """Latest versions, newest first, or the matches of a search, best first."""

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._workspace: Any = None  # opaque: handed back to the services only
        self._query = ""
        self._status: RecordStatus | None = None
        self._allowed_for: ConsentScope | None = None
        self._order = TestimonyOrder.NEWEST
        self._more = False

    # -- what is shown ---------------------------------------------------------------------
    def set_workspace(self, workspace: object | None) -> None:
        """Show ``workspace``'s testimonies (the first page at once); ``None`` empties it."""
        self._workspace = workspace
        self._query = ""
        self._reload()

    def set_query(self, text: str) -> None:
        """Show the matches of ``text``; an empty text shows every testimony again."""
        self._query = text.strip()
        self._reload()

    def set_status(self, status: RecordStatus | None) -> None:
        """Show only testimonies of ``status`` (``None``: all)."""
        self._status = status
        self._reload()

    def set_allowed_for(self, scope: ConsentScope | None) -> None:
        """Show only testimonies whose consent in force allows ``scope`` (``None``: any)."""
        self._allowed_for = scope
        self._reload()

    @property
    def allowed_for(self) -> ConsentScope | None:
        return self._allowed_for

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by date or by witness (the columns with an index to walk); a search stays
        best match first."""
        ascending = order == Qt.SortOrder.AscendingOrder
        if column == DATE:
            self._order = TestimonyOrder.OLDEST if ascending else TestimonyOrder.NEWEST
        elif column == WITNESS:
            self._order = TestimonyOrder.WITNESS if ascending else TestimonyOrder.WITNESS_DESCENDING
        else:
            return
        self._reload()

    @property
    def order(self) -> TestimonyOrder:
        return self._order

    def clear(self) -> None:
        """Forget the rows and the workspace (on lock: nothing of a record stays in memory)."""
        self.set_workspace(None)

    @property
    def query(self) -> str:
        return self._query

    def summary(self, row: int) -> TestimonySummary:
        return self.row_at(row)

    def _reload(self) -> None:
        self._more = self._workspace is not None
        self.set_rows(())
        if self._more:
            self.fetchMore(QModelIndex())

    def _page(self, offset: int) -> list[TestimonySummary]:
        # One more than a page says whether another page follows, without a count query.
        # The consent filter runs in the query, so that pages and their order stay right.
        filters = TestimonyFilter(
            limit=self._page_size + 1,
            offset=offset,
            status=self._status,
            order=self._order,
            allowed_for=self._allowed_for,
        )
        if self._query:
            return search_testimonies(self._workspace, self._query, filters)
        return list_testimonies(self._workspace, filters)

    # -- lazy fetching ---------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802 - Qt's name
        if parent.isValid() or not self._more:
            return
        page = self._page(self.rowCount())
        self._more = len(page) > self._page_size
        self.append_rows(page[: self._page_size])

    # -- the table -------------------------------------------------------------------------
    def headers(self) -> tuple[str, ...]:
        return (self.tr("Date"), self.tr("Status"), self.tr("Witness"), self.tr("Title"))

    def cell(self, summary: TestimonySummary, column: int) -> str | None:
        if column == DATE:
            return summary.started_at[:10]  # ISO 8601: the date part
        if column == STATUS:
            return self._status_text(summary.status)
        if column == WITNESS:
            return summary.pseudonym
        if column == TITLE:
            if str(summary.status) == "purged" and not summary.title:
                # Its content left this laptop after the archive's receipt: say so, not a blank.
                return self.tr("(content removed from this laptop: the archive holds it)")
            return summary.title
        return None

    def _status_text(self, status: object) -> str:
        # By the status's value (a StrEnum): the UI does not reach into the domain package.
        names = {
            "draft": self.tr("Draft"),
            "sealed": self.tr("Sealed"),
            "exported": self.tr("Exported"),
            "archived": self.tr("Archived"),
            "purged": self.tr("Purged"),
        }
        return names.get(str(status), str(status))
