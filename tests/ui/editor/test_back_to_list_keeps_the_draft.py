"""H8's review: *Back to the list* (Ctrl+Shift+L) with a draft's edits not yet stored while
another task holds the write lock. The window ignored the save's failure and cleared the
editor (whose own save failed again): the edits were wiped with nothing said. Now the editor
stays, with its edits and the reason, as its own Close button does."""

from pathlib import Path

from tests.ui.editor.test_lock_stores_the_draft import (
    NARRATIVE,
    _draft_being_typed,
    _let_go,
    _stored_narrative,
    _write_lock_held,
)


def test_back_to_the_list_while_the_draft_cannot_be_stored_keeps_it(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    try:
        window.list_action.trigger()  # the save waits for SQLite's busy timeout, then fails
    finally:
        _let_go(holder)

    assert window.stack.currentWidget() is window.editor
    assert window.editor.narrative.edit.toPlainText() == NARRATIVE
    assert window.editor.save_now()
    assert _stored_narrative(workspace_root, testimony_id) == NARRATIVE
