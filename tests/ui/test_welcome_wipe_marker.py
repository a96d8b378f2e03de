"""The window and the wipe's marker (review R1, session 12): a marker planted beside an intact
workspace never hides it behind *Finish the wipe*; and the sentence after a finished wipe says
that an archive's custodian folder was left, rather than "nothing is left"."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fieldapp.workspace.workspace import CUSTODIAN_FOLDER, WIPE_MARKER
from tests.fieldapp.services.crash_support import killed
from tests.fieldapp.services.test_crash_keys import WIPE_KILLED_AFTER_THE_KEY_FILE
from tests.ui.first_run.support import FAST
from ui.main_window import MainWindow
from ui.views.welcome_view import WelcomeView

CUSTODIAN_LEFT = (
    "The wipe is finished: the workspace's keys, records and attachments are destroyed. Its"
    " custodian folder was left as it is: it holds only witness identities encrypted to the"
    " custodian's key, which is kept apart."
)


@pytest.fixture
def copy(workspace_root: Path, private_tmp: Path) -> Path:
    root = private_tmp / "copy"
    shutil.copytree(workspace_root, root)
    return root


def test_a_planted_marker_leaves_the_window_on_the_unlock(qtbot, copy: Path) -> None:
    (copy / WIPE_MARKER).touch()
    window = MainWindow(copy, key_params=FAST)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.unlock_view
    assert not window.welcome_view.wipe_interrupted
    assert not window.welcome_view.finish_wipe_button.isVisible()
    assert (copy / "keys.json").is_file()


def test_a_finished_wipe_names_the_custodian_folder_it_left(
    qtbot, copy: Path, private_tmp: Path
) -> None:
    kept = copy / CUSTODIAN_FOLDER / "bundle.age"
    kept.parent.mkdir()
    kept.write_bytes(b"age-encryption.org/v1 (identities for the custodian)")
    killed(private_tmp, WIPE_KILLED_AFTER_THE_KEY_FILE, copy)
    view = WelcomeView(copy)
    qtbot.addWidget(view)
    view.show()
    assert view.finish_wipe_button.isVisible()
    with qtbot.waitSignal(view.wipe_finished, timeout=30_000):
        qtbot.mouseClick(view.finish_wipe_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == CUSTODIAN_LEFT
    assert sorted(p.name for p in copy.iterdir()) == [CUSTODIAN_FOLDER]
    assert kept.is_file()
