"""Fixtures for the editor's tests: the UI's demo workspace, unlocked, and an editor on it."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.workspace import Workspace
from tests.ui.conftest import PASSPHRASE
from ui.views.editor import TestimonyEditor

#: Short enough for a test to wait for; the editor's own defaults are 1.5 s and 2 min.
AUTOSAVE_MS = 50
IDENTITY_IDLE_MS = 300


@pytest.fixture
def ws(workspace_root: Path) -> Iterator[Workspace]:
    """The 5-record demo workspace of tests/ui, unlocked."""
    workspace = Workspace.unlock(workspace_root, PASSPHRASE)
    yield workspace
    workspace.lock()


@pytest.fixture
def editor(qtbot) -> Iterator[TestimonyEditor]:
    widget = TestimonyEditor(autosave_ms=AUTOSAVE_MS, identity_idle_ms=IDENTITY_IDLE_MS)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    widget.activateWindow()  # shortcuts (Ctrl+R) reach the active window only
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget
    widget.attachments.wait_for_work()
    widget.clear()
