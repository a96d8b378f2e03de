import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QLineEdit

from crypto import keywrap
from fieldapp.services import records
from fieldapp.services.records import list_testimonies, search_testimonies
from fieldapp.workspace import Workspace
from tests.ui.conftest import PASSPHRASE, make_workspace
from ui.main_window import MainWindow
from ui.models import testimony_table
from ui.models.testimony_table import TITLE


def _page(ws, offset):
    return list_testimonies(ws, records.TestimonyFilter(limit=200, offset=offset))


def _narrowing_word(ws, titles):
    """A word of a title that some, but not all, of the records match."""
    for word in (w for title in titles for w in title.split()):
        if 0 < len(search_testimonies(ws, word)) < len(titles):
            return word
    raise AssertionError("the demo records share every title word")


def _window(qtbot, root):
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    return window


def _unlock(qtbot, window, passphrase=PASSPHRASE):
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, passphrase)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=10_000) as blocker:
        qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_unlocking_shows_the_records(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    assert window.unlock_view.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert window.unlock_view.passphrase.accessibleName()

    _unlock(qtbot, window)

    assert window.stack.currentWidget() is window.testimony_list
    model = window.testimony_list.model
    assert model.rowCount() == 5
    ws = Workspace.unlock(workspace_root, PASSPHRASE)  # a second reader: the app shares
    try:
        expected = list_testimonies(ws)
    finally:
        ws.lock()
    assert model.index(0, TITLE).data() == expected[0].title
    assert {model.index(row, TITLE).data() for row in range(5)} == {s.title for s in expected}
    assert window.unlock_view.passphrase.text() == ""


def test_a_wrong_passphrase_is_said_and_the_form_stays(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, "not the passphrase")
    with qtbot.waitSignal(view.unlock_failed, timeout=10_000) as blocker:
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)

    assert blocker.args == ["The passphrase is wrong."]
    assert view.status.text() == "The passphrase is wrong."
    assert view.passphrase.text() == ""
    assert view.unlock_button.isEnabled()
    assert window.stack.currentWidget() is view
    assert not window.lock_action.isEnabled()


def test_a_missing_workspace_is_said(qtbot, private_tmp):
    window = _window(qtbot, private_tmp / "nowhere")
    qtbot.keyClicks(window.unlock_view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_failed) as blocker:
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    assert "No workspace" in blocker.args[0]


@pytest.mark.real_key_costs
def test_the_window_keeps_turning_while_unlocking(qtbot, private_tmp):
    # Real Argon2id parameters: the derivation takes long enough to be seen.
    root = private_tmp / "workspace"
    make_workspace(root, 1, params=keywrap.DEFAULT_PARAMS).lock()
    window = _window(qtbot, root)
    view = window.unlock_view
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    busy = []

    def record_ticks(_workspace):
        busy.append(len(ticks))

    view.unlock_succeeded.connect(record_ticks)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=20_000):
        timer.start()
        qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
        assert not view.unlock_button.isEnabled()  # while the worker runs
    timer.stop()
    assert busy[0] > 0
    assert view.unlock_button.isEnabled()


def test_the_model_fetches_a_page_at_a_time(qtbot, large_workspace):
    model = testimony_table.TestimonyTableModel(page_size=200)
    model.set_workspace(large_workspace)
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.rowsInserted):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 600
    assert not model.canFetchMore(QModelIndex())
    everything = [s.id for page in (0, 200, 400) for s in _page(large_workspace, page)]
    assert [model.summary(row).id for row in range(600)] == everything
    assert model.headerData(TITLE, Qt.Orientation.Horizontal) == "Title"
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None


def test_search_narrows_the_rows(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    ws = _unlock(qtbot, window)
    model = window.testimony_list.model
    word = _narrowing_word(ws, [model.summary(row).title for row in range(5)])
    expected = search_testimonies(ws, word)

    with qtbot.waitSignal(model.modelReset):
        qtbot.keyClicks(window.testimony_list.search, word)
        qtbot.keyClick(window.testimony_list.search, Qt.Key.Key_Return)
    assert model.rowCount() == len(expected)
    assert model.summary(0).id == expected[0].id

    with qtbot.waitSignal(model.modelReset):  # clearing the box shows everything again
        window.testimony_list.search.clear()
    assert model.rowCount() == 5


def test_lock_returns_to_the_unlock_view_and_forgets_the_rows(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    assert window.lock_action.isEnabled()
    assert window.lock_action.shortcut().toString() == "Ctrl+L"

    window.lock_action.trigger()

    assert window.stack.currentWidget() is window.unlock_view
    assert window.testimony_list.model.rowCount() == 0
    assert not window.testimony_list.model.canFetchMore(QModelIndex())
    assert not window.unlocked
    _unlock(qtbot, window)  # and it opens again
    assert window.testimony_list.model.rowCount() == 5
