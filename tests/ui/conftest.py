"""Fixtures for the desktop app's tests: a real workspace with demo records, locked."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from crypto import keywrap
from fieldapp.demo.corpus import generate
from fieldapp.services import session
from fieldapp.services.records import create_testimonies
from fieldapp.workspace import Role, Workspace

PASSPHRASE = "correct horse battery staple"


def make_workspace(root: Path, count: int, *, params: keywrap.Argon2Params) -> Workspace:
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=params)
    demo = generate(count)
    create_testimonies(ws, [(d.testimony, d.consents, d.identity) for d in demo])
    return ws


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each test's preferences live in a folder of its own, never the user's configuration."""
    folder = tmp_path_factory.mktemp("settings")
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def private_tmp(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


@pytest.fixture
def workspace_root(private_tmp: Path) -> Path:
    """A locked workspace holding 5 demo testimonies."""
    root = private_tmp / "workspace"
    make_workspace(root, 5, params=keywrap.TEST_PARAMS).lock()
    return root


@pytest.fixture
def workspace(workspace_root: Path) -> Iterator[object]:
    """That workspace unlocked as the window unlocks it (``session.unlock``); locked after."""
    ws = session.unlock(workspace_root, PASSPHRASE)
    yield ws
    session.lock(ws)


@pytest.fixture
def large_workspace(private_tmp: Path) -> Iterator[Workspace]:
    """An unlocked workspace holding 600 demo testimonies (three pages)."""
    ws = make_workspace(private_tmp / "large", 600, params=keywrap.TEST_PARAMS)
    yield ws
    ws.lock()
