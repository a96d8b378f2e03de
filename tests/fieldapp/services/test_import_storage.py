"""Import onto an archive disk that fills up: one clear sentence, the archive as it was."""

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.errors import StorageFullError
from tests.fieldapp.services.import_support import (
    Site,
    add_with_files,
    held_by,
    sent_by,
    snapshot,
)


@contextlib.contextmanager
def _small_disk(folder: Path, size: str) -> Iterator[None]:
    """``folder`` (empty) on a tmpfs of ``size``: a disk that fills up."""
    assert not any(folder.iterdir())
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _grow(folder: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_archive_disk_changes_nothing_and_a_rerun_succeeds(site: Site) -> None:
    add_with_files(site.a, 7, [os.urandom(3 * 1024 * 1024), os.urandom(2 * 1024 * 1024)])
    path = site.a.export()
    blobs = site.archive.root / "blobs"
    with _small_disk(blobs, "4m"):
        [first] = site.archive.import_(site.a.bundles[0].path)
        assert first.outcome == "imported"
        before = snapshot(site.archive.ws)
        with pytest.raises(StorageFullError) as raised:
            site.archive.import_(path)
        assert str(raised.value).startswith("The disk is full; nothing was changed.")
        assert snapshot(site.archive.ws) == before  # no temporary file left behind either
        _grow(blobs, "16m")
        [second] = site.archive.import_(path)
        assert second.outcome == "imported"
        assert held_by(site.archive.ws).attachments == sent_by(site.a).attachments
