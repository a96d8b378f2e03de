"""database.page_cache: a larger cache for one long piece of work, then the size before."""

import pytest

from fieldapp.workspace import Workspace
from fieldapp.workspace.database import page_cache


class _StoppedError(Exception):
    pass


def _cache_size(ws: Workspace) -> int:
    return int(ws.connection.execute("PRAGMA cache_size").fetchone()[0])


def test_the_cache_is_larger_for_the_work_and_as_it_was_after(ws: Workspace) -> None:
    before = _cache_size(ws)
    with page_cache(ws.connection, 32 * 1024):
        assert _cache_size(ws) == -32 * 1024 != before
    assert _cache_size(ws) == before


def test_the_cache_is_as_it_was_after_the_work_fails(ws: Workspace) -> None:
    before = _cache_size(ws)
    with pytest.raises(_StoppedError), page_cache(ws.connection, 16 * 1024):
        raise _StoppedError
    assert _cache_size(ws) == before
