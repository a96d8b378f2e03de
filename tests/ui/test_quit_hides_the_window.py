"""H8's review of quitting while work runs: ``closeEvent`` locks (the records leave the
widgets), then blocks the GUI thread until the work has ended. Blocked, the window is never
painted again: what the screen shows is its last frame, the records, for as long as the work
takes (a pack's transaction: tens of seconds). The window must be off the screen before the
wait begins, not merely emptied. Held here: the draft's edits stored at the lock, waiting for
a write lock another task holds (up to SQLite's 5 s busy timeout)."""

import threading
from pathlib import Path

from tests.ui.editor.test_lock_stores_the_draft import (
    _draft_being_typed,
    _let_go,
    _write_lock_held,
)

#: Time for the GUI thread to be inside the quit's wait before the test looks.
SETTLE_SECONDS = 0.5


def test_quitting_takes_the_window_off_the_screen_before_waiting(
    qtbot, workspace_root: Path
) -> None:
    window, _workspace, _testimony_id = _draft_being_typed(qtbot, workspace_root)
    holder = _write_lock_held(workspace_root)
    seen_while_waiting: list[tuple[bool, bool]] = []

    def look() -> None:  # on the test's thread, while the GUI thread waits
        seen_while_waiting.append((window.pending_release.holding, window.isVisible()))

    looking = threading.Timer(SETTLE_SECONDS, look)
    looking.start()
    try:
        window.close()  # returns once the store has given up (the busy timeout)
    finally:
        looking.join()
        _let_go(holder)

    assert seen_while_waiting == [(True, False)]  # waiting, and off the screen
