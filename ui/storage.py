"""Removable drives a bundle can be written to, found among the mounted volumes.

Qt's ``QStorageInfo`` lists every mounted volume but cannot say whether one is removable, so
the kind is guessed from where it is mounted: desktop Linux mounts USB sticks under
``/media/USER``, ``/run/media/USER`` (udisks) or, by hand, ``/mnt``; macOS under ``/Volumes``;
on Windows every drive but the system drive is offered. Only volumes that are ready, writable
and not the system's root are offered: the workspace's own disk is never a destination.

Detection happens on demand (the Refresh button, or a file dialog about to open): nothing watches
the mounts in the background. Listing the volumes stats each mount, and a slow or hung one (a
failing USB stick, a stalled network mount) would hold that call for as long as it hangs: it
runs on a thread of its own, and the window's thread waits for it at most ``DETECT_TIMEOUT``
seconds, then goes on as if no drive were mounted. A lookup still hung is not started again
until it ends: no thread piles up behind a hung mount.
"""

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
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


#: How long a window waits for the mounted volumes to be listed (a healthy system lists them in
#: milliseconds) before it goes on without a drive.
DETECT_TIMEOUT = 1.0


class _Lookup:
    """One listing of the volumes, on a daemon thread (one stuck in a hung mount never holds
    the app's exit)."""

    def __init__(self, volumes: Callable[[], Iterable[QStorageInfo]], timeout: float) -> None:
        self.deadline = time.monotonic() + timeout
        self.done = threading.Event()
        self.drives: list[Drive] = []
        self.error: BaseException | None = None
        thread = threading.Thread(
            target=self._run, args=(volumes,), name="detect-drives", daemon=True
        )
        thread.start()

    def _run(self, volumes: Callable[[], Iterable[QStorageInfo]]) -> None:
        try:
            self.drives = removable_drives(volumes())
        except BaseException as error:  # raised again on the caller's thread, as it was
            self.error = error
        finally:
            self.done.set()


_pending: _Lookup | None = None
_pending_lock = threading.Lock()


def detect_drives(
    *,
    volumes: Callable[[], Iterable[QStorageInfo]] = QStorageInfo.mountedVolumes,
    timeout: float = DETECT_TIMEOUT,
) -> list[Drive]:
    """The removable drives mounted now; [] if listing them takes longer than ``timeout``
    seconds (the listing goes on, on its thread, and a call before it ends waits for it only
    until its own deadline, never starting another)."""
    global _pending
    with _pending_lock:
        if _pending is None or _pending.done.is_set():
            _pending = _Lookup(volumes, timeout)
        lookup = _pending
    if not lookup.done.wait(max(0.0, lookup.deadline - time.monotonic())):
        return []
    if lookup.error is not None:
        raise lookup.error
    return lookup.drives
