"""Locking with a draft's edits not yet stored while another task holds the database's write
lock (an import, a pack being applied): the lock returns at once (it used to save on the GUI
thread, waiting up to the busy timeout twice, then lost the edits silently). The edits are
stored on a worker once the write lock is free; if it stays held beyond the busy timeout,
they are lost and the unlock screen says so, until the next unlock."""

import time
from pathlib import Path
from typing import Any

from fieldapp.services import records, session
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor.support import give_consent, open_identity
from tests.ui.lock_support import is_locked, shown_anywhere
from ui.main_window import MainWindow

TIMEOUT_MS = 30_000
#: SQLite's busy timeout is 5 s: a lock that took half of it waited for the database.
AT_ONCE_SECONDS = 2.5
NAME = "Pak Sun-hui"
NARRATIVE = "We crossed the river at night near Hoeryong; my brother stayed behind."
LOST = (
    "The last changes to a testimony, made just before the lock, could not be saved and are"
    " lost: Another task is still writing to this workspace (an import, for example); nothing"
    " was changed. Try again once it has finished."
)


def _unlock(qtbot, window: MainWindow) -> Any:
    view = window.unlock_view
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS) as unlocked:
        view.unlock_button.click()
    return unlocked.args[0]


def _draft_being_typed(qtbot, workspace_root: Path) -> tuple[MainWindow, Any, Any]:
    """The window over a new draft whose narrative is typed and not yet autosaved."""
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    workspace = _unlock(qtbot, window)
    window.on_new_testimony_requested()
    editor = window.editor
    testimony_id = editor.testimony_id
    give_consent(qtbot, editor)
    editor.autosave.timer.setInterval(10 * TIMEOUT_MS)  # the lock comes first
    editor.show_section(editor.narrative)
    qtbot.keyClicks(editor.narrative.edit, NARRATIVE)
    assert editor.autosave.pending
    return window, workspace, testimony_id


def _write_lock_held(workspace_root: Path) -> Any:
    """Another handle holding the database's write lock, as an import does."""
    holder = session.unlock(workspace_root, PASSPHRASE)
    holder.connection.execute("BEGIN IMMEDIATE")
    return holder


def _let_go(holder: Any) -> None:
    holder.connection.execute("ROLLBACK")
    session.lock(holder)


def _stored_narrative(workspace_root: Path, testimony_id: Any) -> str:
    again = session.unlock(workspace_root, PASSPHRASE)
    try:
        return records.get_record(again, testimony_id).testimony.narrative.text
    finally:
        session.lock(again)


def _lock_at_once(window: MainWindow) -> None:
    started = time.monotonic()
    window.lock_action.trigger()
    assert time.monotonic() - started < AT_ONCE_SECONDS
    assert window.stack.currentWidget() is window.unlock_view
    assert shown_anywhere([NARRATIVE]) == []
    assert window.pending_release.holding  # the workspace waits for the edits' worker


def test_a_lock_while_the_database_is_busy_stores_the_draft_on_a_worker(
    qtbot, workspace_root: Path
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)

    _lock_at_once(window)

    assert not is_locked(workspace)
    _let_go(holder)  # the import ends
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    assert window.unlock_view.notice.text() == ""
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE


def test_edits_lost_to_a_long_busy_database_are_said_until_the_next_unlock(
    qtbot, workspace_root: Path
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)

    _lock_at_once(window)

    notice = window.unlock_view.notice
    qtbot.waitUntil(lambda: notice.text() != "", timeout=TIMEOUT_MS)  # after the busy timeout
    _let_go(holder)
    assert notice.text() == LOST
    assert notice.isVisible()
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    assert _stored_narrative(workspace_root, testimony_id) == ""
    window.unlock_view.reset()  # hidden and shown again: still said
    assert notice.text() == LOST
    _unlock(qtbot, window)
    assert notice.text() == ""


def test_an_identity_being_typed_is_stored_on_a_worker_too(qtbot, workspace_root: Path) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    editor = window.editor
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    qtbot.keyClicks(editor.witness.names, NAME)
    assert editor.witness.has_changes
    holder = _write_lock_held(workspace_root)

    _lock_at_once(window)  # the editor hidden: its identity panel used to be saved right here

    assert shown_anywhere([NAME]) == []
    assert not editor.witness.is_open
    _let_go(holder)
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    assert window.unlock_view.notice.text() == ""
    again = session.unlock(workspace_root, PASSPHRASE)
    try:
        record = records.get_record(again, testimony_id)
    finally:
        session.lock(again)
    assert record.identity is not None
    assert record.identity.names == (NAME,)
    assert record.testimony.narrative.text == NARRATIVE
