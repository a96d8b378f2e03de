"""H8's review: a late store of a draft's edits from an earlier session (taken at a lock, still
waiting for a write lock held elsewhere) could overwrite newer edits of the same testimony made
after a quick unlock. Now every store of the window runs after the ones started before it
(``DraftStoreQueue``), and a testimony with a store still running opens once it has ended, so
that the editor never shows, and saves on top of, a record an older store is about to change."""

from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.narrative import Narrative
from tests.ui.editor.test_lock_stores_the_draft import (
    NARRATIVE,
    TIMEOUT_MS,
    _draft_being_typed,
    _let_go,
    _stored_narrative,
    _unlock,
    _write_lock_held,
)
from tests.ui.lock_support import Gate, is_locked
from ui.views.editor.draft_store_queue import DraftStoreQueue
from ui.views.editor.unsaved_edits import UnsavedEdits

NEWER = "Newer: we crossed at dawn, not at night."
#: How long a store queued behind a held one is given to (wrongly) finish first.
OVERTAKE_MS = 500


def _narrative(testimony_id: Any, text: str) -> UnsavedEdits:
    return UnsavedEdits(testimony_id, {"narrative": Narrative(text=text)}, None)


def test_a_later_store_waits_for_an_earlier_one(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    window.editor.autosave.flush()
    gate = Gate()
    original = UnsavedEdits._write

    def older_held(edits: UnsavedEdits, handle: Any) -> None:
        if edits.changes["narrative"].text == NARRATIVE:
            gate.hold()
        original(edits, handle)

    monkeypatch.setattr(UnsavedEdits, "_write", older_held)
    queue = DraftStoreQueue()
    lost: list[object] = []
    older = queue.start(workspace, _narrative(testimony_id, NARRATIVE), lost.append)
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    newer = queue.start(workspace, _narrative(testimony_id, NEWER), lost.append)

    assert not newer.wait(OVERTAKE_MS)  # it would have written first, then been overwritten
    gate.open()
    assert older.wait(TIMEOUT_MS)
    assert newer.wait(TIMEOUT_MS)
    qtbot.waitUntil(lambda: not queue.pending(testimony_id), timeout=TIMEOUT_MS)
    assert lost == []
    assert _stored_narrative(workspace_root, testimony_id) == NEWER


def test_a_store_waiting_its_turn_stops_when_cancelled(qtbot, workspace_root: Path) -> None:
    _window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    queue = DraftStoreQueue()
    try:
        first = queue.start(workspace, _narrative(testimony_id, NARRATIVE), lambda _e: None)
        second = queue.start(workspace, _narrative(testimony_id, NEWER), lambda _e: None)
        with qtbot.waitSignal(second.worker.cancelled, timeout=TIMEOUT_MS):
            second.worker.cancel()  # a wipe begun elsewhere: it never writes
        first.worker.cancel()
        assert first.wait(TIMEOUT_MS)
    finally:
        _let_go(holder)
    qtbot.waitUntil(lambda: not queue.pending(testimony_id), timeout=TIMEOUT_MS)
    assert _stored_narrative(workspace_root, testimony_id) == ""


def test_a_testimony_stored_from_before_a_lock_opens_once_that_store_ends(
    qtbot, workspace_root: Path
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    window.lock_action.trigger()  # the draft's store waits for the write lock
    _unlock(qtbot, window)  # a quick unlock: a new handle, the old store still waiting

    window.on_testimony_activated(testimony_id)

    assert window.stack.currentWidget() is window.testimony_list  # not read before the store
    assert window.status_text.text() != ""
    _let_go(holder)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=TIMEOUT_MS)
    editor = window.editor
    assert editor.narrative.edit.toPlainText() == NARRATIVE  # the older store's, read after it
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    editor.narrative.edit.setPlainText(NEWER)
    editor.autosave.schedule()
    window.list_action.trigger()  # the newer edits, stored after every older store
    qtbot.waitUntil(lambda: not window.draft_stores.pending(testimony_id), timeout=TIMEOUT_MS)
    assert _stored_narrative(workspace_root, testimony_id) == NEWER


def test_a_testimony_asked_for_before_a_lock_does_not_open_after_it(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    try:
        window.list_action.trigger()
        window.on_testimony_activated(testimony_id)  # waits for the store
        window.lock_action.trigger()
        _unlock(qtbot, window)
    finally:
        _let_go(holder)
    qtbot.waitUntil(lambda: not window.draft_stores.pending(testimony_id), timeout=TIMEOUT_MS)
    assert window.stack.currentWidget() is window.testimony_list  # nothing opened by itself
    assert window.editor.testimony_id is None


def test_a_lock_keeps_the_workspace_for_a_store_left_by_back_to_the_list(
    qtbot, workspace_root: Path
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    try:
        window.list_action.trigger()  # the store waits for the write lock
        window.lock_action.trigger()
        assert not is_locked(workspace)  # the store still reads its key
        assert window.pending_release.holding
    finally:
        _let_go(holder)
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE
