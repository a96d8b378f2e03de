"""Witness identity, attachment and custody event validation."""

from typing import Any
from uuid import uuid4

import pytest

from fieldapp.domain import (
    GENESIS_PREV_HASH,
    AttachmentKind,
    CustodyEvent,
    CustodyKind,
    follows,
    validate_model,
)
from fieldapp.domain.attachment import MAX_ATTACHMENT_BYTES
from fieldapp.errors import ValidationFailedError

from .factories import as_fields, make_attachment, make_custody_event, make_identity


def _refused(model: Any, **changes: Any) -> str:
    with pytest.raises(ValidationFailedError) as caught:
        validate_model(type(model), {**as_fields(model), **changes})
    return str(caught.value)


# --- identity ---------------------------------------------------------------------------


def test_an_identity_needs_a_name_and_someone_who_may_relink_it() -> None:
    identity = make_identity()
    assert identity.relinking_roles == ("custodian",)
    assert identity.may_relink("custodian")
    assert not identity.may_relink("interviewer")
    _refused(identity, names=())
    _refused(identity, relinking_roles=())
    _refused(identity, relinking_roles=("Lead Investigator",))


def test_relinking_roles_are_kept_in_one_order() -> None:
    identity = make_identity(relinking_roles=("lead_investigator", "custodian", "custodian"))
    assert identity.relinking_roles == ("custodian", "lead_investigator")


def test_an_identity_refuses_unknown_fields_and_bad_values() -> None:
    assert "extra" in _refused(make_identity(), extra="x")
    _refused(make_identity(), pseudonym="W-0000-0001")
    _refused(make_identity(), recorded_at="2024-01-01")


# --- attachment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sha256", "AB" * 32),  # one form only: lower case, as sha256sum prints it
        ("sha256", "ab" * 31),
        ("size", -1),
        ("size", MAX_ATTACHMENT_BYTES + 1),
        ("media_type", "image/jpeg"),  # for audio
        ("media_type", "audio/ogg; codecs=opus"),
        ("device", "SHA256:short"),
        ("kind", "video"),
        ("original_name", "kim_interview.m4a"),
    ],
)
def test_invalid_attachments_are_refused(field: str, value: object) -> None:
    _refused(make_attachment(), **{field: value})


@pytest.mark.parametrize(
    ("kind", "media_type"),
    [
        (AttachmentKind.SCAN, "application/pdf"),
        (AttachmentKind.SCAN, "image/tiff"),
        (AttachmentKind.PHOTO, "image/jpeg"),
        (AttachmentKind.DOCUMENT, "text/plain"),
    ],
)
def test_media_types_that_fit_their_kind_are_accepted(
    kind: AttachmentKind, media_type: str
) -> None:
    assert make_attachment(kind=kind, media_type=media_type).media_type == media_type


def test_a_scan_is_an_image_or_a_pdf_and_nothing_else() -> None:
    assert "media type" in _refused(make_attachment(), kind="scan", media_type="application/pdfx")


# --- custody ----------------------------------------------------------------------------


def test_a_chain_starts_at_the_genesis_hash_and_only_there() -> None:
    first = make_custody_event()
    assert first.prev_hash == GENESIS_PREV_HASH
    _refused(first, prev_hash="ab" * 32)
    _refused(first, seq=2)


def test_events_name_what_they_are_about() -> None:
    event = make_custody_event()
    assert "record" in _refused(event, kind=CustodyKind.SEAL, record_id=None, record_version=None)
    assert "bundle" in _refused(event, kind=CustodyKind.EXPORT)
    assert make_custody_event(kind=CustodyKind.EXPORT, bundle_id=uuid4()).bundle_id
    _refused(event, record_id=None)


def test_the_next_event_follows_by_sequence_and_hash() -> None:
    first = make_custody_event()
    second = make_custody_event(seq=2, kind=CustodyKind.SEAL, prev_hash=first.event_hash())
    assert follows(first, second)
    assert not follows(second, first)
    assert not follows(first, second.model_copy(update={"seq": 3}))
    assert not follows(first, second.model_copy(update={"prev_hash": "ab" * 32}))


def test_every_field_changes_the_event_hash() -> None:
    event = make_custody_event(seq=5, prev_hash="ab" * 32)
    changes: dict[str, object] = {
        "seq": 6,
        "kind": CustodyKind.ACCESS,
        "record_id": uuid4(),
        "record_version": 2,
        "bundle_id": uuid4(),
        "actor": "SHA256:" + "B" * 43,
        "claimed_at": event.claimed_at.replace(microsecond=1),
        "prev_hash": "ac" * 32,
        "payload_hash": "ce" * 32,
    }
    assert set(changes) == set(CustodyEvent.model_fields)
    hashes = {event.event_hash()}
    for field, value in changes.items():
        changed = validate_model(CustodyEvent, {**as_fields(event), field: value})
        hashes.add(changed.event_hash())
    assert len(hashes) == len(changes) + 1
