"""Session 13's leftover: the draft a lock stores on a worker may wait (a write lock held
elsewhere) until after the window was locked; a wipe begun from a terminal *then* was not seen
(the window watched its folder only while unlocked), so the store went on and wrote the draft
into the workspace being wiped. The window now watches its folder while a store runs, and a
wipe begun stops every store, locked or not. Real window, real workspace, real wipe."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import fieldapp_command
from tests.ui.editor.test_lock_stores_the_draft import TIMEOUT_MS, _draft_being_typed
from tests.ui.lock_support import Gate
from ui.views.editor.unsaved_edits import UnsavedEdits


def test_a_wipe_after_the_lock_stops_the_lock_s_store(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _workspace, _testimony_id = _draft_being_typed(qtbot, workspace_root)
    gate = Gate()
    original = UnsavedEdits._write

    def held(edits: UnsavedEdits, handle: Any) -> None:
        gate.hold()  # as a store waiting for a write lock held elsewhere
        original(edits, handle)

    monkeypatch.setattr(UnsavedEdits, "_write", held)
    window.on_lock_requested()
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    [store] = window.draft_stores.running_jobs
    ended: list[str] = []
    store.worker.cancelled.connect(lambda: ended.append("cancelled"))
    store.worker.succeeded.connect(lambda _result: ended.append("stored"))
    store.worker.failed.connect(lambda error: ended.append(f"failed: {error!r}"))
    try:
        wiped = subprocess.run(  # from a terminal, while the window is locked
            [*fieldapp_command(), "--workspace", str(workspace_root), "wipe", "--yes"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert wiped.returncode == 0, wiped.stderr
        qtbot.waitUntil(lambda: store.worker.cancel_token.cancelled, timeout=TIMEOUT_MS)
    finally:
        gate.open()
    assert store.wait(TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.draft_stores.running_jobs == [], timeout=TIMEOUT_MS)
    assert ended == ["cancelled"]  # nothing written into the wiped workspace
    qtbot.waitUntil(lambda: not window.pending_release.holding, timeout=TIMEOUT_MS)
