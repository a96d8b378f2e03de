"""A disk that fills up: a small tmpfs mounted on a test's folder (needs root; skips without)."""

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """``folder`` (made if missing, and empty) on a tmpfs of ``size`` until the block ends."""
    folder.mkdir(exist_ok=True)
    assert not any(folder.iterdir())
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def grow(folder: Path, size: str) -> None:
    """Give the small disk at ``folder`` room: as a user who freed some space."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


def fill(folder: Path, leave: int = 0) -> None:
    """Write a file named ``filler`` into ``folder`` until its disk is full, then give back
    ``leave`` bytes (whole 4 KiB pages on tmpfs): a stick with room for a small file only."""
    with (folder / "filler").open("wb", buffering=0) as handle:
        for chunk in (65536, 512):
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError:
                pass
        if leave:
            handle.truncate(max(0, handle.tell() - leave))


def free(folder: Path) -> None:
    """Remove what ``fill`` wrote: as a user who made room on the stick."""
    (folder / "filler").unlink()
