"""Fixtures for the export and pack dialogs: the services' archive, devices and stick, reused.

``coordinator`` (an archive), ``device`` and ``other`` (field devices, not enrolled) and
``stick`` (a folder the archive writes packs to) are the services tests' own fixtures; here
they gain an enrolled device and a USB folder the dialogs are given as a detected drive.
"""

from pathlib import Path

import pytest
from PySide6.QtCore import QStorageInfo

from fieldapp.workspace import Workspace
from tests.fieldapp.services.conftest import coordinator, device, other, stick
from tests.fieldapp.services.test_enrolment_support import Archive, enrol
from ui.storage import Drive

__all__ = ["coordinator", "device", "other", "stick"]


@pytest.fixture
def enrolled(coordinator: Archive, device: Workspace, stick: Path) -> Workspace:
    """``device``, enrolled with ``coordinator`` by request and pack."""
    enrol(coordinator, device, stick)
    return device


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """An empty folder standing for a USB drive."""
    folder = tmp_path / "usb"
    folder.mkdir(mode=0o700)
    return folder


def drive_of(folder: Path, name: str = "STICK") -> Drive:
    """``folder`` as a detected drive, with the free space of the disk it is on."""
    volume = QStorageInfo(str(folder))
    return Drive(folder, name, volume.bytesAvailable(), volume.bytesTotal())
