"""Finding the drives when a mount is slow or hung (session 13, H10): the window's thread waits
for the listing at most ``DETECT_TIMEOUT``, then opens its file dialog at the home folder.

A hung mount cannot be made here without FUSE or root: what hangs is the listing of the mounted
volumes (``QStorageInfo.mountedVolumes`` stats every mount), so the test holds that listing
itself with a Gate, on the thread that lists. Real Qt, real dialogs."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QStorageInfo, Qt

from tests.ui.lock_support import Gate
from ui import storage
from ui.storage import detect_drives, removable_drives
from ui.views.verify_choosers import Choosers
from ui.views.verify_dialog import VerifyDialog

#: Short, so that the tests are quick; the app's own is ``storage.DETECT_TIMEOUT``.
TIMEOUT = 0.2
#: Far below the Gate's own safety timer (10 s), far above TIMEOUT on a loaded machine.
NO_FREEZE_SECONDS = 5.0


class HeldVolumes:
    """A listing of the volumes that hangs until the gate opens, counting its calls."""

    def __init__(self) -> None:
        self.gate = Gate()
        self.calls = 0

    def __call__(self) -> list[QStorageInfo]:
        self.calls += 1
        self.gate.hold()
        return QStorageInfo.mountedVolumes()


@pytest.fixture
def held() -> Iterator[HeldVolumes]:
    volumes = HeldVolumes()
    yield volumes
    volumes.gate.open()
    _wait_for_the_lookup_to_end()


def _wait_for_the_lookup_to_end() -> None:
    pending = storage._pending
    if pending is not None:
        assert pending.done.wait(NO_FREEZE_SECONDS)


def test_a_hung_listing_gives_no_drive_after_the_timeout(held: HeldVolumes) -> None:
    started = time.monotonic()

    drives = detect_drives(volumes=held, timeout=TIMEOUT)

    assert drives == []
    assert held.gate.reached.is_set()
    assert time.monotonic() - started < NO_FREEZE_SECONDS


def test_a_call_while_one_hangs_starts_no_other_listing(held: HeldVolumes) -> None:
    detect_drives(volumes=held, timeout=TIMEOUT)
    threads = threading.active_count()

    assert detect_drives(volumes=held, timeout=TIMEOUT) == []

    assert held.calls == 1
    assert threading.active_count() == threads


def test_once_the_mount_answers_the_drives_are_found_again(held: HeldVolumes) -> None:
    detect_drives(volumes=held, timeout=TIMEOUT)
    held.gate.open()
    _wait_for_the_lookup_to_end()

    drives = detect_drives(timeout=NO_FREEZE_SECONDS)

    assert drives == removable_drives(QStorageInfo.mountedVolumes())


def test_a_listing_that_fails_raises_on_the_callers_thread() -> None:
    def broken() -> list[QStorageInfo]:
        raise OSError("the listing failed")

    with pytest.raises(OSError, match="the listing failed"):
        detect_drives(volumes=broken, timeout=NO_FREEZE_SECONDS)


def test_the_verify_dialog_opens_its_chooser_while_a_mount_hangs(
    qtbot, held: HeldVolumes
) -> None:
    asked: list[Path] = []

    def choose_files(_parent: object, start: Path) -> list[Path]:
        asked.append(start)
        return []

    dialog = VerifyDialog(
        detect=lambda: detect_drives(volumes=held, timeout=TIMEOUT),
        choosers=Choosers(files=choose_files),
    )
    qtbot.addWidget(dialog)
    started = time.monotonic()

    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)

    assert asked == [Path.home()]
    assert time.monotonic() - started < NO_FREEZE_SECONDS
    assert not held.gate.opened  # the listing still hangs: the window did not wait for it
