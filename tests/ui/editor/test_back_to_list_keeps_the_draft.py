"""*Back to the list* (Ctrl+Shift+L, the editor's Back button) with a draft's edits not yet stored
while another task holds the write lock. It used to save on the GUI thread: the window froze up
to SQLite's busy timeout (5 s), then stayed in the editor. Now it leaves at once and the edits
are stored on a worker once the write lock is free; if it stays held beyond the busy timeout,
they are lost and the status line says so (H9, session 13)."""

import time
from pathlib import Path

from tests.ui.editor.test_lock_stores_the_draft import (
    AT_ONCE_SECONDS,
    NARRATIVE,
    TIMEOUT_MS,
    _draft_being_typed,
    _let_go,
    _stored_narrative,
    _write_lock_held,
)
from tests.ui.lock_support import shown_anywhere

LOST = (
    "The last changes to a testimony could not be saved and are lost: Another task is still"
    " writing to this workspace (an import, for example); nothing was changed. Try again once"
    " it has finished."
)


def _back_at_once(window, leave) -> None:
    started = time.monotonic()
    leave()
    assert time.monotonic() - started < AT_ONCE_SECONDS
    assert window.stack.currentWidget() is window.testimony_list
    assert shown_anywhere([NARRATIVE]) == []
    assert window.editor.testimony_id is None


def test_back_to_the_list_while_the_database_is_busy_leaves_at_once_and_stores_later(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    try:
        _back_at_once(window, window.list_action.trigger)
        assert window.draft_stores.pending(testimony_id)
    finally:
        _let_go(holder)  # the import ends
    qtbot.waitUntil(lambda: not window.draft_stores.pending(testimony_id), timeout=TIMEOUT_MS)
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE
    assert window.status_text.text() != LOST


def test_the_editor_back_button_leaves_at_once_too(qtbot, workspace_root: Path) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    try:
        _back_at_once(window, window.editor.header.close_button.click)
    finally:
        _let_go(holder)
    qtbot.waitUntil(lambda: not window.draft_stores.pending(testimony_id), timeout=TIMEOUT_MS)
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE


def test_edits_left_to_a_long_busy_database_are_said_on_the_status_line(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    try:
        _back_at_once(window, window.list_action.trigger)
        qtbot.waitUntil(lambda: window.status_text.text() == LOST, timeout=TIMEOUT_MS)
    finally:
        _let_go(holder)
    assert _stored_narrative(workspace_root, testimony_id) == ""
