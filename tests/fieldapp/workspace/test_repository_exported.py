"""Repository.mark_testimonies_exported: what an export's commit does to the versions it sent."""

import json
from collections.abc import Callable
from uuid import uuid4

import pytest

from fieldapp.domain import (
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_hash,
    mark_archived,
    mark_exported,
)
from fieldapp.errors import (
    InvalidTransitionError,
    RecordNotFoundError,
    RecordPurgedError,
    ValidationFailedError,
)
from fieldapp.services import records
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import transaction
from tests.fieldapp.workspace.support import new_testimony, stored_state


class _RolledBackError(Exception):
    pass


def _created(ws: Workspace) -> Testimony:
    testimony, consent = new_testimony(tags=("detention", "border"))
    return records.create_testimony(ws, testimony, [consent])


def _sealed(ws: Workspace) -> Testimony:
    return records.seal_testimony(ws, _created(ws).id)


def _row(ws: Workspace, testimony: Testimony) -> tuple:
    return ws.connection.execute(
        "SELECT status, content_hash, body FROM testimonies WHERE id = ? AND version = ?",
        (str(testimony.id), testimony.version),
    ).fetchone()


def _set_body(ws: Workspace, testimony: Testimony, body: bytes) -> None:
    with transaction(ws.connection):
        ws.connection.execute(
            "UPDATE testimonies SET body = ? WHERE id = ? AND version = ?",
            (body, str(testimony.id), testimony.version),
        )


def test_the_status_moves_on_and_the_content_stays(ws: Workspace) -> None:
    first, second = _sealed(ws), _sealed(ws)
    untouched = _sealed(ws)
    before = stored_state(ws.connection)

    with transaction(ws.connection):
        ws.repository.mark_testimonies_exported([(first.id, 1), (second.id, 1)])

    after = stored_state(ws.connection)
    for sealed in (first, second):
        status, stored_hash, body = _row(ws, sealed)
        assert status == RecordStatus.EXPORTED.value
        assert stored_hash == content_hash(sealed)
        assert body == canonical_bytes(mark_exported(sealed))
        assert ws.repository.get_testimony(sealed.id) == mark_exported(sealed)
    assert ws.repository.get_testimony(untouched.id) == untouched
    # The search index (and its shadow tables) and the categories are as they were.
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"testimonies"}
    assert [r.id for r in ws.repository.search("detention")] != []


def _state_after(ws: Workspace, change: Callable[[], None]) -> dict:
    """Every table as ``change`` leaves it; then rolled back."""
    try:
        with transaction(ws.connection):
            change()
            state = stored_state(ws.connection)
            raise _RolledBackError
    except _RolledBackError:
        return state


def test_it_writes_what_saving_the_exported_record_writes(ws: Workspace) -> None:
    sealed = _sealed(ws)
    before = stored_state(ws.connection)
    ours = _state_after(ws, lambda: ws.repository.mark_testimonies_exported([(sealed.id, 1)]))
    saved = _state_after(
        ws,
        lambda: ws.repository.save_testimony(mark_exported(ws.repository.get_testimony(sealed.id))),
    )
    assert ours == saved != before


def test_a_version_that_is_not_sealed_is_refused_and_nothing_changes(ws: Workspace) -> None:
    draft = _created(ws)
    exported, archived = _sealed(ws), _sealed(ws)
    with transaction(ws.connection):
        ws.repository.save_testimony(mark_exported(exported))
        ws.repository.save_testimony(mark_exported(archived))
        ws.repository.save_testimony(mark_archived(mark_exported(archived)))
    sealed = _sealed(ws)
    before = stored_state(ws.connection)
    for other in (draft, exported, archived):
        with pytest.raises(InvalidTransitionError), transaction(ws.connection):
            ws.repository.mark_testimonies_exported([(sealed.id, 1), (other.id, 1)])
        assert stored_state(ws.connection) == before


def test_a_purged_or_missing_version_is_refused(ws: Workspace) -> None:
    purged = _sealed(ws)
    with transaction(ws.connection):
        ws.repository.purge_testimony(purged.id, RecordStatus.PURGED)
    before = stored_state(ws.connection)
    with pytest.raises(RecordPurgedError), transaction(ws.connection):
        ws.repository.mark_testimonies_exported([(purged.id, 1)])
    with pytest.raises(RecordNotFoundError), transaction(ws.connection):
        ws.repository.mark_testimonies_exported([(uuid4(), 1)])
    with pytest.raises(RecordNotFoundError), transaction(ws.connection):
        ws.repository.mark_testimonies_exported([(purged.id, 2)])
    assert stored_state(ws.connection) == before


def _spaced(body: bytes) -> bytes:
    return json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False).encode()


def _keys_swapped(body: bytes) -> bytes:
    # The same length as the canonical form, keys out of order.
    members = list(json.loads(body).items())
    members[0], members[1] = members[1], members[0]
    return json.dumps(dict(members), separators=(",", ":"), ensure_ascii=False).encode()


def _repeated_key(body: bytes) -> bytes:
    return b'{"title":"Another title",' + body[1:]


def _exported_status(body: bytes) -> bytes:
    return body.replace(b'"status":"sealed"', b'"status":"exported"')


@pytest.mark.parametrize(
    ("alter", "error"),
    [
        (_spaced, ValidationFailedError),
        (_keys_swapped, ValidationFailedError),
        (_repeated_key, ValidationFailedError),
        (lambda body: body[:-1], ValidationFailedError),
        # The column says sealed, the body says otherwise: the domain's rule refuses.
        (_exported_status, InvalidTransitionError),
    ],
)
def test_a_body_that_is_not_the_sealed_canonical_form_is_refused(
    ws: Workspace, alter, error: type[Exception]
) -> None:
    sealed = _sealed(ws)
    _set_body(ws, sealed, alter(canonical_bytes(sealed)))
    before = stored_state(ws.connection)
    with pytest.raises(error), transaction(ws.connection):
        ws.repository.mark_testimonies_exported([(sealed.id, 1)])
    assert stored_state(ws.connection) == before


def test_a_version_whose_column_says_it_moved_on_is_refused(ws: Workspace) -> None:
    # The body still says sealed; the status column, which save_testimony guards on, does not.
    sealed = _sealed(ws)
    with transaction(ws.connection):
        ws.connection.execute(
            "UPDATE testimonies SET status = ? WHERE id = ?",
            (RecordStatus.ARCHIVED.value, str(sealed.id)),
        )
    before = stored_state(ws.connection)
    with pytest.raises(InvalidTransitionError), transaction(ws.connection):
        ws.repository.mark_testimonies_exported([(sealed.id, 1)])
    assert stored_state(ws.connection) == before
