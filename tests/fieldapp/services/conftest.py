"""Fixtures for the enrolment and pack tests: a USB stick, an archive, two field devices; and
for the repair tests, a site (an archive with two enrolled devices).

A test module that needs another shape (a classic archive, a device with another label)
defines its own fixture of the same name, which takes precedence over these.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.domain import active_vocabularies, bundled_vocabularies
from fieldapp.workspace import Workspace

from .import_support import Site, make_site
from .test_enrolment_support import Archive, make_archive, make_device


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    (tmp_path / "stick").mkdir()
    return tmp_path / "stick"


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Archive]:
    made = make_archive(tmp_path / "archive")
    yield made
    made.ws.lock()


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Workspace]:
    ws = make_device(tmp_path / "device", "Laptop A")
    yield ws
    ws.lock()


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Workspace]:
    ws = make_device(tmp_path / "other", "Laptop B")
    yield ws
    ws.lock()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """An archive and two enrolled devices, one bundle each imported (the repair tests: gaps,
    resends, reinstatements); modules that need one device define their own ``site``."""
    made = make_site(tmp_path, count=2)
    yield made
    made.close()


@pytest.fixture
def bundled_vocabularies_after() -> Iterator[None]:
    """For tests that apply vocabulary packs: the set in force is process-wide, and one applied
    in a test must not outlive it."""
    yield
    assert active_vocabularies().versions() == bundled_vocabularies().versions()
