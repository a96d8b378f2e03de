"""R1 (session 12 review), the window's side: what a planted marker makes the window offer.

A strict xfail is a finding: it fails now and passes once the product is fixed."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from crypto import keywrap
from fieldapp.services import session
from ui.main_window import MainWindow

#: ``fieldapp.workspace.unconfirmed.UNCONFIRMED_MARKER`` (ui may not import the workspace).
UNCONFIRMED_MARKER = "setup-unconfirmed"


def test_a_planted_unconfirmed_marker_still_offers_the_unlock(qtbot, workspace_root: Path) -> None:
    (workspace_root / UNCONFIRMED_MARKER).write_bytes(b"")
    window = MainWindow(workspace_root, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    QCoreApplication.processEvents()  # the window's queued start (the set-up, if it offers it)
    # Opening the app, nothing clicked: the wizard's constructor starts the set-up over.
    assert (workspace_root / "keys.json").exists()
    assert window.stack.currentWidget() is window.unlock_view
    assert session.workspace_exists(workspace_root)
