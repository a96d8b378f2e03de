"""The full-disk tests' fixtures: an archive, a synced laptop, a full stick, a laptop on a disk
of its own (filled by the test)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fieldapp.services.full_disk.support import synced
from tests.fieldapp.services.import_support import (
    Archive,
    Device,
    make_device,
)
from tests.fieldapp.small_disk import fill, small_disk


@pytest.fixture
def coordinator(hq: Archive) -> Archive:
    """The archive of ``tests/fieldapp/conftest.py``, by the name these tests give it."""
    return hq


@pytest.fixture
def laptop(tmp_path: Path, coordinator: Archive) -> Iterator[Device]:
    """An enrolled device whose bundle 1 (two testimonies) the archive imported."""
    made = make_device(tmp_path / "laptop", coordinator, "Laptop A")
    try:
        synced(coordinator, made)
        yield made
    finally:
        made.ws.lock()


@pytest.fixture
def full_stick(tmp_path: Path) -> Iterator[Path]:
    """A stick with not one byte free (only ``filler`` on it)."""
    with small_disk(tmp_path / "full", "1m") as stick:
        fill(stick)
        yield stick


@pytest.fixture
def cramped(tmp_path: Path, coordinator: Archive) -> Iterator[Device]:
    """An enrolled, synced device whose workspace is on a disk of its own (filled by the test)."""
    with small_disk(tmp_path / "laptop-disk", "24m") as disk:
        made = make_device(disk, coordinator, "Laptop C")
        try:
            synced(coordinator, made, seed=17)
            yield made
        finally:
            made.ws.lock()


@pytest.fixture
def packs_folder(tmp_path: Path) -> Path:
    (tmp_path / "packs").mkdir()
    return tmp_path / "packs"
