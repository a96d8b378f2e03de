"""The part every read-only table of the app shares: a list of rows, shown as text.

A subclass names its columns (``headers``, translated in its own context) and says each cell's
text (``cell``); everything a view asks of a table model besides that is here, once.
"""

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex


class ReadOnlyTableModel(QAbstractTableModel):
    """Rows of one kind (``row_at``), one line each, as display text only: no rich text, no
    editing (a record's text is shown, never interpreted)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # -- what a subclass says --------------------------------------------------------------
    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cell(self, row: Any, column: int) -> str | None:
        raise NotImplementedError

    # -- the rows --------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: list[Any]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def clear(self) -> None:
        """Forget every row (on lock: nothing of a record stays in memory)."""
        self.set_rows(())

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    # -- the table -------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column())

    def headerData(  # noqa: N802 - Qt's name
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> str | None:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None
