"""H8's review: the lock reads the unlock attempts' counter (the unlock screen's countdown)
half-way through. When that read fails (a disk error; here, something not a file put in its
place), the lock stopped there: the editor and the list kept what they showed, and the
workspace handle was never locked, its master key left in memory behind the unlock screen.
Everything that hides and forgets comes first now; the counter is read last, and its failure
is said on the unlock form."""

import shutil
from pathlib import Path

from fieldapp.workspace.layout import WorkspaceLayout
from tests.ui.conftest import PASSPHRASE
from tests.ui.lock_support import is_locked, shown_anywhere
from ui.main_window import MainWindow
from ui.models.testimony_table import TITLE

TIMEOUT_MS = 30_000


def test_a_lock_whose_counter_cannot_be_read_still_forgets_everything(
    qtbot, workspace_root: Path
) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    view = window.unlock_view
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS) as unlocked:
        view.unlock_button.click()
    workspace = unlocked.args[0]
    model = window.testimony_list.model
    titles = [model.index(row, TITLE).data() for row in range(model.rowCount())]
    assert titles
    counter = WorkspaceLayout(workspace_root).unlock_counter
    counter.unlink(missing_ok=True)
    counter.mkdir()  # read as a file, it fails (IsADirectoryError), as a bad sector would

    try:
        with qtbot.capture_exceptions() as raised:
            window.lock_action.trigger()
    finally:
        shutil.rmtree(counter)

    assert list(raised) == []  # said on the unlock form instead
    assert view.status.text() != ""
    assert not window.unlocked
    assert window.stack.currentWidget() is window.unlock_view
    assert window.testimony_list.model.rowCount() == 0
    assert shown_anywhere(titles) == []
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
