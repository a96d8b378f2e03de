"""Factories for valid domain records, for any test that needs one.

Each ``make_*`` returns a valid record built from fixed defaults; keyword arguments replace
fields (``make_testimony(status=RecordStatus.SEALED, narrative=make_narrative("…"))``). Two calls
give equal records, except for the ids of incidents, withdrawals and attachments, which are fresh
so that several can sit side by side. Records that belong together share ``TESTIMONY_ID`` and
``PSEUDONYM`` unless told otherwise, so ``make_consent()`` is the consent for ``make_testimony()``.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from fieldapp.domain import (
    GENESIS_PREV_HASH,
    AnonymityWish,
    ApproxDate,
    Attachment,
    AttachmentKind,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    CustodyEvent,
    CustodyKind,
    ExplainedTopic,
    FamilyMember,
    Incident,
    KnownPlace,
    Narrative,
    PlaceKind,
    PublicPlace,
    RedactionKind,
    RedactionSpan,
    ScopeDecisions,
    Testimony,
    WithdrawalChannel,
    WitnessIdentity,
)

TESTIMONY_ID = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
INCIDENT_ID = UUID("7c9e6679-7425-40de-944b-e07fc1f90ae7")
PSEUDONYM = "W-7KQ2-M9X7"
OTHER_PSEUDONYM = "W-3HRT-0ABJ"
STARTED_AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
DEVICE = "SHA256:" + "A" * 43
NARRATIVE_TEXT = (
    "In March 2009 Kim Chol-su was arrested in Hoeryong by agents of the bowibu. "
    "He was held for two months and beaten during interrogation."
)
ALL_TOPICS = tuple(ExplainedTopic)


def make_scopes(**overrides: bool) -> ScopeDecisions:
    """Every scope allowed unless overridden (``make_scopes(public_media=False)``)."""
    decisions = dict.fromkeys((scope.value for scope in ConsentScope), True)
    return ScopeDecisions(**{**decisions, **overrides})


def make_narrative(text: str = NARRATIVE_TEXT, *marks: tuple[str, RedactionKind]) -> Narrative:
    """A narrative with the first occurrence of each ``(substring, kind)`` marked."""
    spans = []
    for needle, kind in marks:
        start = text.index(needle)
        spans.append(RedactionSpan(start=start, end=start + len(needle), kind=kind))
    return Narrative(text=text, redactions=tuple(spans))


def make_incident(**overrides: Any) -> Incident:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "act_type": "arbitrary_detention",
        "coi_category": "E",
        "date_start": ApproxDate.month_of(2009, 3),
        "date_end": ApproxDate.month_of(2009, 5),
        "place_public": PublicPlace(country="KP", province="north_hamgyong"),
        "place_exact": "county MSS detention centre",
        "perpetrator_type": "ministry_of_state_security",
        "source_connection": "direct",
        "reliability": "high",
    }
    return Incident(**{**fields, **overrides})


def make_testimony(**overrides: Any) -> Testimony:
    fields: dict[str, Any] = {
        "id": TESTIMONY_ID,
        "pseudonym": PSEUDONYM,
        "interviewer": "Interviewer 07",
        "started_at": STARTED_AT,
        "ended_at": STARTED_AT + timedelta(hours=2),
        "interview_place": "Seoul",
        "language": "ko",
        "recording_mode": "audio_and_notes",
        "title": "Detention after forced repatriation, 2009",
        "narrative": make_narrative(
            NARRATIVE_TEXT, ("Kim Chol-su", RedactionKind.NAME), ("Hoeryong", RedactionKind.PLACE)
        ),
        "incidents": (make_incident(id=INCIDENT_ID),),
    }
    return Testimony(**{**fields, **overrides})


def make_consent(**overrides: Any) -> ConsentRecord:
    fields: dict[str, Any] = {
        "testimony_id": TESTIMONY_ID,
        "pseudonym": PSEUDONYM,
        "version": 1,
        "taken_by": "Interviewer 07",
        "taken_at": STARTED_AT,
        "language": "ko",
        "method": "oral_recorded",
        "explained": ALL_TOPICS,
        "scopes": make_scopes(),
        "anonymity": AnonymityWish.ANONYMOUS,
    }
    return ConsentRecord(**{**fields, **overrides})


def make_withdrawal(*scopes: ConsentScope, **overrides: Any) -> ConsentWithdrawal:
    """A withdrawal of ``scopes`` (default: archive) from consent version 1."""
    fields: dict[str, Any] = {
        "id": uuid4(),
        "testimony_id": TESTIMONY_ID,
        "pseudonym": PSEUDONYM,
        "applies_to_version": 1,
        "received_at": STARTED_AT + timedelta(days=30),
        "received_by": "Caseworker 02",
        "how_received": WithdrawalChannel.PHONE,
        "scopes": scopes or (ConsentScope.ARCHIVE,),
    }
    return ConsentWithdrawal(**{**fields, **overrides})


def make_identity(**overrides: Any) -> WitnessIdentity:
    fields: dict[str, Any] = {
        "pseudonym": PSEUDONYM,
        "names": ("Kim Chol-su", "김철수"),
        "aliases": ("Cheol-i",),
        "birth_date": ApproxDate.year_of(1975),
        "places": (
            KnownPlace(name="Hoeryong", kind=PlaceKind.RESIDENCE),
            KnownPlace(name="회령", kind=PlaceKind.RESIDENCE),
        ),
        "family_at_risk": (
            FamilyMember(relationship="sister", name="Kim Yong-hui", location="Musan"),
        ),
        "recorded_by": "Custodian 01",
        "recorded_at": STARTED_AT,
    }
    return WitnessIdentity(**{**fields, **overrides})


def make_attachment(**overrides: Any) -> Attachment:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "testimony_id": TESTIMONY_ID,
        "kind": AttachmentKind.AUDIO,
        "media_type": "audio/ogg",
        "size": 48_000_000,
        "sha256": "ab" * 32,
        "captured_at": STARTED_AT,
        "device": DEVICE,
    }
    return Attachment(**{**fields, **overrides})


def make_custody_event(**overrides: Any) -> CustodyEvent:
    fields: dict[str, Any] = {
        "seq": 1,
        "kind": CustodyKind.CREATE,
        "record_id": TESTIMONY_ID,
        "record_version": 1,
        "actor": DEVICE,
        "claimed_at": STARTED_AT,
        "prev_hash": GENESIS_PREV_HASH,
        "payload_hash": "cd" * 32,
    }
    return CustodyEvent(**{**fields, **overrides})


def as_fields(model: Any) -> dict[str, Any]:
    """A model's fields as keyword arguments, to rebuild it with one changed."""
    return {name: getattr(model, name) for name in type(model).model_fields}
