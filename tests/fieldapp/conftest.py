"""Fixtures for fieldapp's tests: a real, unlocked workspace in a private temporary folder."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.workspace import Workspace
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
