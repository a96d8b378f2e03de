"""The list: status filter, sorting by date and witness, opening a row."""

from PySide6.QtCore import Qt

from fieldapp.domain import RecordStatus
from fieldapp.services import records, session
from tests.ui.conftest import PASSPHRASE
from ui.models.testimony_table import DATE, STATUS, WITNESS
from ui.views.testimony_list import TestimonyListView


def _view(qtbot, workspace_root):
    ws = session.unlock(workspace_root, PASSPHRASE)
    view = TestimonyListView()
    qtbot.addWidget(view)
    view.set_workspace(ws)
    return view, ws


def _column(view, column):
    model = view.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_status_filter_shows_only_that_status(qtbot, workspace_root):
    view, ws = _view(qtbot, workspace_root)
    try:
        sealed = records.list_testimonies(ws)[1].id
        records.seal_testimony(ws, sealed)
        view.refresh()
        index = view.status_filter.findData(RecordStatus.SEALED.value)
        view.status_filter.setCurrentIndex(index)
        assert [view.model.summary(r).id for r in range(view.model.rowCount())] == [sealed]
        view.status_filter.setCurrentIndex(view.status_filter.findData(RecordStatus.DRAFT.value))
        assert view.model.rowCount() == 4
        assert set(_column(view, STATUS)) == {"Draft"}
        view.status_filter.setCurrentIndex(0)
        assert view.model.rowCount() == 5
    finally:
        ws.lock()


def test_header_clicks_sort_by_date_and_by_witness(qtbot, workspace_root):
    view, ws = _view(qtbot, workspace_root)
    try:
        dates = _column(view, DATE)
        assert dates == sorted(dates, reverse=True)  # newest first by default
        view.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        assert _column(view, DATE) == sorted(dates)
        view.table.sortByColumn(WITNESS, Qt.SortOrder.AscendingOrder)
        witnesses = _column(view, WITNESS)
        assert witnesses == sorted(witnesses)
        assert len(set(witnesses)) > 1
        view.table.sortByColumn(WITNESS, Qt.SortOrder.DescendingOrder)
        assert _column(view, WITNESS) == sorted(witnesses, reverse=True)
    finally:
        ws.lock()


def test_enter_and_double_click_open_the_row(qtbot, workspace_root):
    view, ws = _view(qtbot, workspace_root)
    try:
        view.show()
        expected = view.model.summary(2).id
        view.table.setFocus()
        view.table.setCurrentIndex(view.model.index(2, 0))
        with qtbot.waitSignal(view.testimony_activated) as opened:
            qtbot.keyClick(view.table, Qt.Key.Key_Return)
        assert opened.args == [expected]
        with qtbot.waitSignal(view.new_testimony_requested):
            qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    finally:
        ws.lock()
