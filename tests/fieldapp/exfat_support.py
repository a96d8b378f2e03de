"""A real exFAT file system for tests (the format of most USB sticks): an image on a loop
device, mounted through FUSE (this machine's kernel has no FAT driver). Mounting needs root,
and exfatprogs and exfat-fuse (packaging/dev.sh installs them)."""

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

STICK_BYTES = 64 * 1024 * 1024
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system image needs root")


@contextlib.contextmanager
def exfat_stick(image: Path, mount_point: Path) -> Iterator[Path]:
    """A 64 MiB exFAT file system on a loop device, mounted at ``mount_point``."""
    tools = ("mkfs.exfat", "mount.exfat-fuse", "losetup")
    if any(shutil.which(tool) is None for tool in tools):
        if os.environ.get("CI"):
            pytest.fail("exfatprogs or exfat-fuse is missing: packaging/dev.sh installs them")
        pytest.skip("exfatprogs and exfat-fuse are not installed")
    with image.open("wb") as handle:
        handle.truncate(STICK_BYTES)
    subprocess.run(["mkfs.exfat", "-L", "STICK", str(image)], check=True, capture_output=True)
    attached = subprocess.run(["losetup", "-f", "--show", str(image)], capture_output=True)
    if attached.returncode != 0:
        pytest.skip(f"no loop device here: {attached.stderr.decode().strip()}")
    loop = attached.stdout.decode().strip()
    try:
        mount_point.mkdir()
        mounted = subprocess.run(
            ["mount.exfat-fuse", "-o", "uid=0,gid=0,umask=077", loop, str(mount_point)],
            capture_output=True,
        )
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount an exFAT image here: {mounted.stderr.decode().strip()}")
        try:
            yield mount_point
        finally:
            subprocess.run(["umount", str(mount_point)], check=True)
    finally:
        subprocess.run(["losetup", "-d", loop], check=True)
