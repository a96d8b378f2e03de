"""A second handle on an unlocked workspace, for work on another thread."""

import threading

import pytest

from fieldapp.demo.corpus import generate
from fieldapp.errors import WorkspaceLockedError
from fieldapp.services import session
from fieldapp.services.records import create_testimonies, list_testimonies
from fieldapp.workspace import Workspace


def test_worker_handle_sees_the_same_records_on_another_thread(ws: Workspace) -> None:
    demo = generate(3)
    create_testimonies(ws, [(d.testimony, d.consents, d.identity) for d in demo])
    seen: list[int] = []

    def work() -> None:
        with session.worker_handle(ws) as handle:
            assert handle.connection is not ws.connection
            seen.append(len(list_testimonies(handle)))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [3]
    assert len(list_testimonies(ws)) == 3  # the window's handle is still open


def test_worker_handle_is_locked_after_the_block(ws: Workspace) -> None:
    with session.worker_handle(ws) as handle:
        pass
    with pytest.raises(WorkspaceLockedError):
        _ = handle.connection


def test_worker_handle_of_a_locked_workspace_is_refused(ws: Workspace) -> None:
    ws.lock()
    with pytest.raises(WorkspaceLockedError), session.worker_handle(ws):
        pass


def test_role_and_fingerprint_for_the_app(ws: Workspace) -> None:
    assert session.workspace_role(ws) == ws.role.value
    assert session.workspace_fingerprint(ws).startswith("SHA256:")
