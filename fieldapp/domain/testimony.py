"""A testimony: one interview with one witness, as the interviewer records it.

A testimony holds the witness's *pseudonym code* and nothing else that names them; the names,
contacts and family live in a ``WitnessIdentity``, stored and exported apart. Free text that may
name people (the narrative) carries redaction spans; the title and summary are written to be
shareable as they are.

A record is identified by ``(id, version)``. Version 1 is the original; an amendment is a new
version of the same id that points at the version it corrects by number *and* content hash, so
a correction can never silently stand in for a different original (``lifecycle.amend``).
"""

from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field, Strict, field_validator, model_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.fields import (
    MAX_LIST_ITEMS,
    LanguageTag,
    LongText,
    Positive,
    RecordingModeCode,
    Sha256Hex,
    ShortText,
    Tag,
    UtcDateTime,
    sorted_unique,
)
from fieldapp.domain.incident import Incident
from fieldapp.domain.narrative import Narrative
from fieldapp.domain.pseudonym import PseudonymCode

#: One interview rarely yields more than a few dozen coded incidents; a cap bounds parsing.
MAX_INCIDENTS = 1000

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
ENDS_BEFORE_START = "ends before it starts"
AMENDS_EXACTLY_WHEN_LATER = "must point at the version it amends exactly when it is not the first"
AMENDS_THE_PREVIOUS = "must amend the previous version of the same record"
INCIDENT_ID_TWICE = "has two incidents with the same id"


class RecordStatus(StrEnum):
    """Where a record is in its life; ``lifecycle.ALLOWED_TRANSITIONS`` says how it moves."""

    DRAFT = "draft"
    SEALED = "sealed"
    EXPORTED = "exported"
    ARCHIVED = "archived"
    PURGED = "purged"


class ConfidentialityLevel(StrEnum):
    """Who may read the record in the archive, from widest to narrowest."""

    RESTRICTED = "restricted"  # the documentation team
    CONFIDENTIAL = "confidential"  # named staff on a need-to-know basis
    STRICTLY_CONFIDENTIAL = "strictly_confidential"  # named persons only, each access logged


class RecordRef(DomainModel):
    """A precise pointer to one version of a record: its id, version and content hash."""

    id: UUID
    version: Positive
    content_hash: Sha256Hex


class Testimony(DomainModel):
    """One interview: who recorded it, when and how, the account, and the incidents in it."""

    # pytest would otherwise take the class for a test suite by its name, in every test
    # module that imports it.
    __test__: ClassVar[bool] = False
    # The status changes as the record is exported and archived; the sealed content does not.
    HASH_EXCLUDED_FIELDS: ClassVar[frozenset[str]] = frozenset({"status"})

    id: UUID
    version: Positive = 1
    #: The version this one corrects; set exactly when ``version`` > 1.
    amends: RecordRef | None = None
    status: Annotated[RecordStatus, Strict(False)] = RecordStatus.DRAFT
    pseudonym: PseudonymCode
    #: The interviewer's name or staff code.
    interviewer: ShortText
    started_at: UtcDateTime
    ended_at: UtcDateTime | None = None
    #: Coarse: a city or region, never an address (it can locate a resettled witness).
    interview_place: ShortText
    #: The language the witness spoke.
    language: LanguageTag
    #: The interpreter's name or staff code, if one took part.
    interpreter: ShortText | None = None
    #: Roles rather than names where possible ("support worker", "legal adviser").
    others_present: Annotated[tuple[ShortText, ...], Field(max_length=MAX_LIST_ITEMS)] = ()
    recording_mode: RecordingModeCode
    title: ShortText
    summary: LongText | None = None
    narrative: Narrative = Narrative()
    incidents: Annotated[tuple[Incident, ...], Field(max_length=MAX_INCIDENTS)] = ()
    # The narrowest level unless the interviewer chooses a wider one: a wrong default here
    # should cost convenience, not a witness's safety.
    confidentiality: Annotated[ConfidentialityLevel, Strict(False)] = (
        ConfidentialityLevel.STRICTLY_CONFIDENTIAL
    )
    tags: Annotated[tuple[Tag, ...], Field(max_length=MAX_LIST_ITEMS)] = ()

    @field_validator("tags")
    @classmethod
    def _tags_in_order(cls, tags: tuple[str, ...]) -> tuple[str, ...]:
        return sorted_unique(tags)

    @model_validator(mode="after")
    def _consistent(self) -> "Testimony":
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError(ENDS_BEFORE_START)
        if (self.version == 1) != (self.amends is None):
            raise ValueError(AMENDS_EXACTLY_WHEN_LATER)
        if self.amends is not None and (
            self.amends.id != self.id or self.amends.version != self.version - 1
        ):
            raise ValueError(AMENDS_THE_PREVIOUS)
        incident_ids = [incident.id for incident in self.incidents]
        if len(incident_ids) != len(set(incident_ids)):
            raise ValueError(INCIDENT_ID_TWICE)
        return self

    @property
    def ref_key(self) -> tuple[UUID, int]:
        """``(id, version)``, the key of this record."""
        return (self.id, self.version)

    def is_editable(self) -> bool:
        """Only a draft is changed in place; anything later is changed by amendment."""
        return self.status is RecordStatus.DRAFT
