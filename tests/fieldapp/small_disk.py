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
