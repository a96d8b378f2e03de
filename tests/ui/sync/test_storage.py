"""Removable-drive detection: mount points classified by platform, real volumes filtered."""

from pathlib import Path

import pytest
from PySide6.QtCore import QStorageInfo

from ui.storage import detect_drives, is_removable_mount, removable_drives


@pytest.mark.parametrize(
    ("root", "removable"),
    [
        ("/media/alice/STICK", True),
        ("/media/STICK", True),
        ("/run/media/alice/KINGSTON", True),
        ("/mnt/usb", True),
        ("/media", False),  # the folder itself is on the system disk
        ("/run/media", False),
        ("/mnt", False),
        ("/", False),
        ("/home", False),
        ("/boot/efi", False),
        ("/mediaextra/disk", False),  # a prefix of the name is not a parent folder
        ("/Volumes/STICK", False),  # a macOS place means nothing on Linux
    ],
)
def test_linux_mount_points(root: str, removable: bool) -> None:
    assert is_removable_mount(root, platform="linux") is removable


@pytest.mark.parametrize(
    ("root", "removable"),
    [("/Volumes/STICK", True), ("/Volumes", False), ("/", False), ("/media/alice/STICK", False)],
)
def test_macos_mount_points(root: str, removable: bool) -> None:
    assert is_removable_mount(root, platform="darwin") is removable


@pytest.mark.parametrize(
    ("root", "removable"), [("E:/", True), ("e:\\", True), ("C:/", False), ("c:", False)]
)
def test_windows_drives_other_than_the_system_drive(root: str, removable: bool) -> None:
    assert is_removable_mount(root, platform="win32", system_drive="C:") is removable


def test_a_temporary_folder_is_not_a_removable_drive(tmp_path: Path) -> None:
    volume = QStorageInfo(str(tmp_path))
    assert volume.isValid()
    assert removable_drives([volume], platform="linux") == []


def test_a_folder_that_is_not_there_is_no_drive(tmp_path: Path) -> None:
    volume = QStorageInfo(str(tmp_path / "unplugged"))
    assert removable_drives([volume], platform="linux") == []


def test_the_system_root_and_read_only_volumes_are_never_offered() -> None:
    volumes = QStorageInfo.mountedVolumes()
    root = QStorageInfo.root()
    found = {str(drive.path) for drive in removable_drives(volumes)}
    assert root.rootPath() not in found
    assert not {v.rootPath() for v in volumes if v.isReadOnly()} & found
    assert all(drive.path != Path("/") for drive in detect_drives())
