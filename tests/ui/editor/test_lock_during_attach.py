"""Locking while a file is being attached: the lock returns at once, nothing of the records is
shown any more, the workspace handle is locked only once the attaching has ended, and the
workspace can be unlocked again meanwhile; the late result shows nowhere."""

from pathlib import Path

from tests.ui.conftest import PASSPHRASE
from tests.ui.lock_support import Gate, feed_pipe, is_locked, shown_anywhere
from ui.main_window import MainWindow
from ui.models.testimony_table import TITLE

TIMEOUT_MS = 30_000
LABEL = "Consent form of Hoeryong-4"  # typed for the file: shown nowhere after the lock


def _unlock(qtbot, window: MainWindow) -> object:
    view = window.unlock_view
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS) as unlocked:
        view.unlock_button.click()
    return unlocked.args[0]


def test_a_lock_while_a_file_is_attached_does_not_wait_for_it(
    qtbot, workspace_root: Path, private_tmp: Path
) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    workspace = _unlock(qtbot, window)
    model = window.testimony_list.model
    titles = [model.index(row, TITLE).data() for row in range(model.rowCount())]
    assert titles
    window.on_new_testimony_requested()
    assert window.stack.currentWidget() is window.editor
    testimony_id = window.editor.testimony_id
    section = window.editor.attachments
    section.label.setText(LABEL)
    gate = Gate()
    pipe = private_tmp / "scan.pdf"
    writer = feed_pipe(pipe, gate)  # the job reads it, and waits there for the rest
    section.attach_path(pipe)
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.lock_action.trigger()

    assert not gate.opened  # the lock returned while the job was still held
    assert window.stack.currentWidget() is window.unlock_view
    assert shown_anywhere([*titles, LABEL]) == []
    assert not is_locked(workspace)  # the job's handle stays open while the job runs
    again = _unlock(qtbot, window)
    gate.open()
    writer.join(TIMEOUT_MS / 1000)
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not section.busy, timeout=TIMEOUT_MS)
    assert section.status.text() == ""  # the late result shows nowhere
    assert window.stack.currentWidget() is window.testimony_list
    assert not is_locked(again)
    # The new session works: the draft opens again, files can be added to it.
    window.on_testimony_activated(testimony_id)
    assert window.stack.currentWidget() is window.editor
    assert section.add_button.isEnabledTo(section)  # no job of the old session left
