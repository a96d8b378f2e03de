"""Fixtures for fieldapp's tests: a real, unlocked workspace in a private temporary folder;
an archive (``hq``) and a laptop enrolled with it (``laptop``), for tests that go across the gap."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.workspace import Workspace
from tests.fieldapp.services.import_support import Archive, Device, make_archive, make_device
from tests.fieldapp.workspace.support import CreatedWorkspace, create_workspace


@pytest.fixture
def workspace_root(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path / "workspace"


@pytest.fixture
def created(workspace_root: Path) -> Iterator[CreatedWorkspace]:
    made = create_workspace(workspace_root)
    yield made
    made.workspace.lock()


@pytest.fixture
def ws(created: CreatedWorkspace) -> Workspace:
    return created.workspace


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Archive]:
    tmp_path.chmod(0o700)
    made = make_archive(tmp_path / "archive")
    yield made
    made.ws.lock()


@pytest.fixture
def laptop(tmp_path: Path, hq: Archive) -> Iterator[Device]:
    made = make_device(tmp_path / "laptop", hq, "Laptop A")
    yield made
    made.ws.lock()
