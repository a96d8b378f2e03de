"""Sync > Export to USB… with a draft's edits not yet stored while another task holds the
database's write lock: the window answers at once (it used to save on the GUI thread, frozen
up to SQLite's 5 s busy timeout); the edits are stored on a worker, with the editor disabled,
and the export dialog opens once they are. If they cannot be, no export starts and the form
keeps them for autosave; a lock meanwhile opens nothing and lets the store finish."""

import time
from pathlib import Path
from typing import Any

from tests.ui.editor.test_lock_stores_the_draft import (
    AT_ONCE_SECONDS,
    NARRATIVE,
    TIMEOUT_MS,
    _draft_being_typed,
    _let_go,
    _stored_narrative,
    _write_lock_held,
)
from tests.ui.lock_support import is_locked
from ui.main_window import MainWindow
from ui.views.export_dialog import ExportDialog


def _export_at_once(window: MainWindow) -> None:
    started = time.monotonic()
    window.export_action.trigger()
    assert time.monotonic() - started < AT_ONCE_SECONDS
    assert window.findChildren(ExportDialog) == []  # not before the draft is stored
    assert not window.editor.isEnabled()


def _export_dialogs(window: MainWindow) -> list[ExportDialog]:
    return [d for d in window.findChildren(ExportDialog) if d.isVisible()]


def test_an_export_while_the_database_is_busy_stores_the_draft_on_a_worker_first(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)

    _export_at_once(window)

    _let_go(holder)  # the other task ends
    qtbot.waitUntil(lambda: len(_export_dialogs(window)) == 1, timeout=TIMEOUT_MS)
    assert window.editor.isEnabled()
    assert not window.editor.autosave.pending
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE
    assert window.editor.narrative.edit.toPlainText() == NARRATIVE  # read again, as stored


def test_a_draft_not_stored_starts_no_export_and_stays_in_the_form(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)

    _export_at_once(window)

    status = window.status_text
    qtbot.waitUntil(lambda: "export was not started" in status.text(), timeout=TIMEOUT_MS)
    _let_go(holder)
    assert _export_dialogs(window) == []
    assert window.editor.isEnabled()
    assert window.editor.autosave.pending  # tried again by autosave
    assert window.editor.save_now()
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE


def test_a_lock_while_the_draft_is_stored_opens_no_export(qtbot, workspace_root: Path) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder: Any = _write_lock_held(workspace_root)

    _export_at_once(window)
    window.lock_action.trigger()

    assert window.stack.currentWidget() is window.unlock_view
    assert not is_locked(workspace)  # the store still uses it
    _let_go(holder)
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    assert _export_dialogs(window) == []
    assert window.editor.isEnabled()
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE
