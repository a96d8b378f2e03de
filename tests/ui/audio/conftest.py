"""Fixtures for the audio tests: the unlocked 5-record workspace, a draft in it, and (from the
safety tests) a private temporary folder and fresh markers for the plaintext scan."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from fieldapp.domain import RecordStatus
from fieldapp.services import records, session
from tests.fieldapp.safety.conftest import markers, private_tmpdir  # noqa: F401 - fixtures
from tests.ui.conftest import PASSPHRASE


@pytest.fixture
def ws(workspace_root: Path) -> Iterator[Any]:
    workspace = session.unlock(workspace_root, PASSPHRASE)
    yield workspace
    session.lock(workspace)


@pytest.fixture
def draft_id(ws: Any) -> UUID:
    drafts = [s.id for s in records.list_testimonies(ws) if s.status is RecordStatus.DRAFT]
    assert drafts, "the demo workspace has no draft"
    return drafts[0]


@pytest.fixture
def blob_folder(workspace_root: Path) -> Path:
    return workspace_root / "blobs"
