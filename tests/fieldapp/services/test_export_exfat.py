"""A bundle written to an exFAT file system, as on the USB sticks that carry them, and imported
from there: direct writes, the final rename and the folder sync all work on it. (This machine's
kernel has no FAT driver; exFAT, the format of most sticks, is mounted through FUSE.)"""

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fieldapp.services.import_support import (
    Site,
    add_with_files,
    held_by,
    sent_by,
)


@contextlib.contextmanager
def _exfat_stick(image: Path, mount_point: Path) -> Iterator[Path]:
    """A 64 MiB exFAT file system on a loop device, mounted at ``mount_point``."""
    tools = ("mkfs.exfat", "mount.exfat-fuse", "losetup")
    if any(shutil.which(tool) is None for tool in tools):
        if os.environ.get("CI"):
            pytest.fail("exfatprogs or exfat-fuse is missing: packaging/dev.sh installs them")
        pytest.skip("exfatprogs and exfat-fuse are not installed")
    with image.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
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


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system image needs root")
def test_a_bundle_on_an_exfat_stick_is_complete_and_imports(site: Site) -> None:
    add_with_files(site.a, 7, [os.urandom(3 * 1024 * 1024 + 123), os.urandom(5000)])
    with _exfat_stick(site.tmp / "stick.img", site.tmp / "stick") as stick:
        site.a.usb = stick
        path = site.a.export()
        assert path.parent == stick
        assert [p.name for p in stick.iterdir()] == [path.name]  # nothing partial left
        reports = site.archive.import_(site.a.bundles[0].path, path)
        assert [r.outcome for r in reports] == ["imported", "imported"], reports
    assert held_by(site.archive.ws).attachments == sent_by(site.a).attachments
