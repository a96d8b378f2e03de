"""H8's review of the draft stored before an export (``sync_launchers``) when a lock comes
while it is being stored: if the store then fails, the edits are gone from the form (the lock
wiped it) and must be named at the next unlock, as a lock's own store names them; and a lock
because the keys vanished (a wipe begun elsewhere) must write nothing."""

import shutil
from pathlib import Path
from typing import Any

from fieldapp.services import session
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor.test_export_stores_the_draft import _export_at_once, _export_dialogs
from tests.ui.editor.test_lock_stores_the_draft import (
    LOST,
    NARRATIVE,
    TIMEOUT_MS,
    _draft_being_typed,
    _let_go,
    _stored_narrative,
    _write_lock_held,
)
from tests.ui.lock_support import is_locked, shown_anywhere


def test_a_draft_lost_after_a_lock_during_its_store_for_an_export_is_named(
    qtbot, workspace_root: Path
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder: Any = _write_lock_held(workspace_root)
    _export_at_once(window)

    window.lock_action.trigger()

    assert shown_anywhere([NARRATIVE]) == []
    notice = window.unlock_view.notice
    # The store gives up after SQLite's busy timeout: the form that held the edits is gone.
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    _let_go(holder)
    assert notice.text() == LOST
    assert notice.isVisible()
    assert _stored_narrative(workspace_root, testimony_id) == ""


def test_keys_vanishing_during_the_store_for_an_export_writes_nothing(
    qtbot, workspace_root: Path, tmp_path: Path
) -> None:
    window, workspace, testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder: Any = _write_lock_held(workspace_root)
    _export_at_once(window)
    kept = tmp_path / "keys.json"
    shutil.move(workspace_root / "keys.json", kept)  # a wipe run from a terminal begins

    window.on_folder_changed(str(workspace_root))

    assert window.stack.currentWidget() is window.welcome_view
    _let_go(holder)
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    shutil.move(kept, workspace_root / "keys.json")  # only to look at what was written
    assert _stored_narrative(workspace_root, testimony_id) == ""
    # The stopped store is over: an export in a later session is not refused for it.
    window.on_unlock_succeeded(session.unlock(workspace_root, PASSPHRASE))
    window.export_action.trigger()
    assert len(_export_dialogs(window)) == 1
