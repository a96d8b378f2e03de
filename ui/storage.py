"""Removable drives a bundle can be written to, found among the mounted volumes.

Qt's ``QStorageInfo`` lists every mounted volume but cannot say whether one is removable, so
the kind is guessed from where it is mounted: desktop Linux mounts USB sticks under
``/media/USER``, ``/run/media/USER`` (udisks) or, by hand, ``/mnt``; macOS under ``/Volumes``;
on Windows every drive but the system drive is offered. Only volumes that are ready, writable
and not the system's root are offered: the workspace's own disk is never a destination.

Detection happens on demand (the Refresh button): nothing watches the mounts in the background.
"""

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QStorageInfo

#: Mount points under these folders are taken for removable drives (Linux).
LINUX_REMOVABLE_ROOTS = ("/media", "/run/media", "/mnt")
#: Where macOS mounts every volume but the system's.
MACOS_REMOVABLE_ROOTS = ("/Volumes",)
# Memory and kernel file systems: never a place for a bundle, wherever they are mounted.
_PSEUDO_FILE_SYSTEMS = frozenset(
    {"tmpfs", "ramfs", "proc", "sysfs", "devtmpfs", "overlay", "squashfs", "autofs"}
)


@dataclass(frozen=True)
class Drive:
    """A mounted volume a bundle can be written to."""

    path: Path
    name: str
    bytes_free: int
    bytes_total: int


def is_removable_mount(
    root_path: str, *, platform: str = sys.platform, system_drive: str | None = None
) -> bool:
    """Whether a volume mounted at ``root_path`` looks like a removable drive on ``platform``.

    ``system_drive`` (Windows: ``C:``) is the drive never offered; by default the one Windows
    names in ``SYSTEMDRIVE``.
    """
    if platform == "win32":
        system = (system_drive or os.environ.get("SYSTEMDRIVE", "C:")).rstrip("/\\").upper()
        drive = root_path.rstrip("/\\").upper()
        return bool(drive) and drive != system
    roots = MACOS_REMOVABLE_ROOTS if platform == "darwin" else LINUX_REMOVABLE_ROOTS
    mount = PurePosixPath(root_path)
    # Strictly below: /media itself is a folder of the system disk, not a drive.
    return any(mount != PurePosixPath(root) and mount.is_relative_to(root) for root in roots)


def removable_drives(
    volumes: Iterable[QStorageInfo], *, platform: str = sys.platform
) -> list[Drive]:
    """The volumes of ``volumes`` a bundle can be written to, by mount point."""
    drives = []
    for volume in volumes:
        if not (volume.isValid() and volume.isReady()) or volume.isReadOnly() or volume.isRoot():
            continue
        if bytes(volume.fileSystemType().data()).decode("ascii", "replace") in _PSEUDO_FILE_SYSTEMS:
            continue
        root = volume.rootPath()
        if not is_removable_mount(root, platform=platform):
            continue
        name = volume.displayName() or Path(root).name or root
        drives.append(Drive(Path(root), name, volume.bytesAvailable(), volume.bytesTotal()))
    return sorted(drives, key=lambda drive: str(drive.path))


def detect_drives() -> list[Drive]:
    """The removable drives mounted now."""
    return removable_drives(QStorageInfo.mountedVolumes())
