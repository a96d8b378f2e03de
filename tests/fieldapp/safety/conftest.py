"""Fixtures for the safety tests: a private temporary folder, a fast workspace, fresh markers."""

import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.workspace import Role, Workspace

from .scanner import Markers

#: Fast Argon2id: these tests unlock many times; the cost of the real parameters is not the point.
PARAMS = keywrap.TEST_PARAMS


@pytest.fixture
def private_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tempfile.gettempdir()`` for this test alone, so a scan of it sees only this test's files.

    SQLite picks its temporary folder from the environment, so that is set too (it takes effect
    in child processes, and in this one if SQLite has not chosen a folder yet).
    """
    folder = tmp_path / "tmp"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    for name in ("TMPDIR", "TEMP", "TMP", "SQLITE_TMPDIR"):
        monkeypatch.setenv(name, str(folder))
    return folder


@pytest.fixture
def markers() -> Markers:
    return Markers()


@pytest.fixture
def passphrase() -> str:
    return "pass " + secrets.token_hex(12) + " 비밀"


@pytest.fixture
def workspace(workspace_root: Path, passphrase: str) -> Iterator[Workspace]:
    ws, _ = Workspace.create(workspace_root, passphrase, Role.INTERVIEWER, params=PARAMS)
    yield ws
    ws.lock()
