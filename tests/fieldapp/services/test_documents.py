"""Testimonies as JSON documents: what is printed, less id and status, is valid input."""

import io
import json
from datetime import timedelta
from typing import Any

import pytest

from fieldapp.domain import AttachmentKind, ConsentScope, RecordStatus, Testimony, content_hash
from fieldapp.errors import FieldappError, ValidationFailedError
from fieldapp.services import attachments, documents, records
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import STARTED_AT, make_identity, make_withdrawal
from tests.fieldapp.workspace.support import new_testimony, stored_state


@pytest.fixture
def stored(ws: Workspace) -> Testimony:
    """A sealed record with consent, identity, an attachment and a withdrawal."""
    testimony, consent = new_testimony(summary="Held two months.", tags=("detention",))
    identity = make_identity(pseudonym=testimony.pseudonym)
    records.create_testimony(ws, testimony, [consent], identity)
    attachments.attach_file(
        ws, testimony.id, io.BytesIO(b"audio"), kind=AttachmentKind.AUDIO, media_type="audio/ogg"
    )
    records.add_consent(ws, consent.model_copy(update={"version": 2}))
    sealed = records.seal_testimony(ws, testimony.id)
    records.withdraw_consent(
        ws,
        make_withdrawal(
            ConsentScope.PUBLIC_MEDIA,
            testimony_id=testimony.id,
            pseudonym=testimony.pseudonym,
            applies_to_version=2,  # the consent in force
        ),
    )
    return sealed


def _printed(ws: Workspace, testimony: Testimony, **kwargs: Any) -> dict[str, Any]:
    return documents.record_document(records.get_record(ws, testimony.id), **kwargs)


def _as_input(document: dict[str, Any]) -> bytes:
    return json.dumps({k: v for k, v in document.items() if k not in {"id", "status"}}).encode()


def test_the_printed_document_describes_the_stored_record(ws: Workspace, stored: Testimony) -> None:
    document = _printed(ws, stored)
    assert document["id"] == str(stored.id)
    assert document["status"] == "sealed"
    assert document["version"] == 1
    assert document["content_hash"] == content_hash(stored)
    assert [c["version"] for c in document["consents"]] == [1, 2]
    assert all("testimony_id" not in c and "pseudonym" not in c for c in document["consents"])
    assert [w["scopes"] for w in document["withdrawals"]] == [["public_media"]]
    assert [a["size"] for a in document["attachments"]] == [5]
    # The identity is printed only when asked for: it is kept apart from testimonies.
    assert "identity" not in document
    # (the narrative names the witness under a redaction span; the identity's other words do not
    # appear anywhere else)
    printed = json.dumps(document, ensure_ascii=False)
    for word in ("김철수", "Cheol-i", "Kim Yong-hui", "Musan"):
        assert word not in printed
    with_identity = _printed(ws, stored, with_identity=True)
    assert with_identity["identity"]["names"] == list(make_identity().names)
    assert "pseudonym" not in with_identity["identity"]


def test_a_printed_document_less_id_and_status_makes_an_equivalent_new_record(
    ws: Workspace, stored: Testimony
) -> None:
    raw = _as_input(_printed(ws, stored, with_identity=True))
    testimony, consents, identity, _ = documents.parse_new_document(raw, ws.repository.pseudonyms())

    assert testimony.id != stored.id
    assert (testimony.version, testimony.status, testimony.amends) == (1, RecordStatus.DRAFT, None)
    assert testimony.model_copy(update={"id": stored.id}) == stored.model_copy(
        update={"status": RecordStatus.DRAFT}
    )
    assert content_hash(testimony.model_copy(update={"id": stored.id})) == content_hash(stored)
    old_consents = records.get_record(ws, stored.id).consents
    assert [c.model_copy(update={"testimony_id": stored.id}) for c in consents] == list(
        old_consents
    )
    assert all(c.testimony_id == testimony.id for c in consents)
    assert identity == make_identity(pseudonym=stored.pseudonym)


def test_the_new_record_can_be_stored_and_sealed(ws: Workspace, stored: Testimony) -> None:
    raw = _as_input(_printed(ws, stored))
    testimony, consents, identity, _ = documents.parse_new_document(raw, ws.repository.pseudonyms())
    assert identity is None
    records.create_testimony(ws, testimony, consents)
    sealed = records.seal_testimony(ws, testimony.id)
    assert ws.repository.count_testimonies() == 2
    assert records.get_record(ws, sealed.id).consents == tuple(consents)


def test_storing_a_copy_with_its_identity_is_not_a_database_crash(
    ws: Workspace, stored: Testimony
) -> None:
    raw = _as_input(_printed(ws, stored, with_identity=True))
    testimony, consents, identity, _ = documents.parse_new_document(raw, ws.repository.pseudonyms())
    before = stored_state(ws.connection)
    try:
        records.create_testimony(ws, testimony, consents, identity)
    except FieldappError:
        assert stored_state(ws.connection) == before  # refused cleanly, with a sentence
    else:
        assert ws.repository.identity(testimony.pseudonym) == identity


def test_a_document_without_pseudonym_gets_a_fresh_one(ws: Workspace, stored: Testimony) -> None:
    document = json.loads(_as_input(_printed(ws, stored)))
    del document["pseudonym"]
    existing = ws.repository.pseudonyms()
    testimony, consents, _, _ = documents.parse_new_document(
        json.dumps(document).encode(), existing
    )
    assert testimony.pseudonym not in existing
    assert all(c.pseudonym == testimony.pseudonym for c in consents)


@pytest.mark.parametrize("key", ["id", "status"])
def test_id_and_status_are_refused(ws: Workspace, stored: Testimony, key: str) -> None:
    document = json.loads(_as_input(_printed(ws, stored)))
    document[key] = _printed(ws, stored)[key]
    with pytest.raises(ValidationFailedError, match=key):
        documents.parse_new_document(json.dumps(document).encode(), set())


def test_read_only_keys_are_ignored(ws: Workspace, stored: Testimony) -> None:
    document = json.loads(_as_input(_printed(ws, stored)))
    document.update(
        version=9,
        amends={"id": str(stored.id), "version": 8, "content_hash": "00" * 32},
        content_hash="ff" * 32,
        attachments=["not even an object"],
    )
    testimony, _, _, _ = documents.parse_new_document(json.dumps(document).encode(), set())
    assert (testimony.version, testimony.amends) == (1, None)
    assert testimony.title == stored.title


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"[1, 2]", id="a-list"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b'{"title": "x"', id="truncated"),
        pytest.param(b'{"title": "x"}', id="incomplete"),
        pytest.param(b" " * (16 * 1024 * 1024 + 1), id="too-large"),
    ],
)
def test_bad_documents_are_refused_with_one_error(raw: bytes) -> None:
    with pytest.raises(ValidationFailedError):
        documents.parse_new_document(raw, set())


def test_bad_consents_and_identity_are_refused(ws: Workspace, stored: Testimony) -> None:
    base = json.loads(_as_input(_printed(ws, stored)))
    for change in (
        {"consents": "all of them"},
        {"consents": ["yes"]},
        {"consents": [{"scopes": "all"}]},
        {"identity": ["Kim"]},
        {"identity": {"names": []}},
        {"unknown_field": 1},
    ):
        with pytest.raises(ValidationFailedError):
            documents.parse_new_document(json.dumps({**base, **change}).encode(), set())


# -- changes -----------------------------------------------------------------------------------
def test_changes_from_json_become_domain_values(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    ended = STARTED_AT + timedelta(hours=3)
    changes = documents.changes_from_json(
        testimony, {"title": "New title", "ended_at": ended.isoformat(), "tags": ["b", "a"]}
    )
    assert changes == {"title": "New title", "ended_at": ended, "tags": ("a", "b")}
    edited = records.edit_draft(ws, testimony.id, changes)
    assert ws.repository.get_testimony(testimony.id) == edited
    assert edited.ended_at == ended


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"ended_at": (STARTED_AT - timedelta(hours=1)).isoformat()}, id="ends-early"),
        pytest.param(
            {"started_at": (STARTED_AT + timedelta(days=1)).isoformat()}, id="starts-late"
        ),
        pytest.param({"title": ""}, id="empty-title"),
        pytest.param({"title": 5}, id="wrong-type"),
        pytest.param({"no_such_field": "x"}, id="unknown"),
        pytest.param(["title", "x"], id="not-an-object"),
        pytest.param(
            {
                "narrative": {
                    "text": "short",
                    "redactions": [{"start": 0, "end": 99, "kind": "name"}],
                }
            },
            id="redaction-outside-text",
        ),
    ],
)
def test_changes_are_validated_in_the_context_of_the_record(changes: object) -> None:
    testimony, _ = new_testimony()
    with pytest.raises(ValidationFailedError):
        documents.changes_from_json(testimony, changes)
