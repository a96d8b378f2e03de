"""Who the witness is: kept apart from every testimony, joined to them only by the pseudonym.

This is the most dangerous record the program holds. A leaked testimony tells what happened; a
leaked identity tells the state whose family to punish. So it is a separate model, stored in a
separate table and exported only into ``identities.age``, encrypted to the custodian rather than
the archive (GDPR Art. 4(5): the additional information kept separately). The ``relinking_roles``
say who may join a pseudonym back to a person, for recontact or for a court.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, Strict, field_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.dates import ApproxDate
from fieldapp.domain.fields import (
    MAX_LIST_ITEMS,
    LongText,
    Positive,
    ShortText,
    Slug,
    UtcDateTime,
    sorted_unique,
)
from fieldapp.domain.pseudonym import PseudonymCode

#: Who may relink when nobody has said otherwise; the workspace's roles decide who holds it.
CUSTODIAN_ROLE = "custodian"


class PlaceKind(StrEnum):
    BIRTHPLACE = "birthplace"
    RESIDENCE = "residence"  # where the witness lived, in the DPRK or since
    WORKPLACE = "workplace"
    DETENTION = "detention"  # a facility where the witness was held
    OTHER = "other"


class ContactKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    MESSENGER = "messenger"
    POSTAL_ADDRESS = "postal_address"
    THROUGH_PERSON = "through_person"  # a caseworker, pastor or friend who passes messages
    OTHER = "other"


class KnownPlace(DomainModel):
    """A place in the witness's life; its name is offered for redaction in narratives."""

    name: ShortText
    kind: Annotated[PlaceKind, Strict(False)]
    notes: ShortText | None = None


class ContactPoint(DomainModel):
    """A way to reach the witness, with a note on when it is safe to use."""

    kind: Annotated[ContactKind, Strict(False)]
    value: ShortText
    note: ShortText | None = None


class FamilyMember(DomainModel):
    """A relative who may be at risk, usually one still in the country."""

    relationship: ShortText
    name: ShortText | None = None
    #: Where they live or were last known to live.
    location: ShortText | None = None
    #: Why they are at risk and what must never be disclosed for their sake.
    risk_notes: LongText | None = None


class WitnessIdentity(DomainModel):
    """The person behind a pseudonym code."""

    pseudonym: PseudonymCode
    #: Each change is a new version, so the custodian can tell which details were corrected.
    version: Positive = 1
    #: Legal and given names in every script used (Hangul, romanised), the usual one first.
    names: Annotated[tuple[ShortText, ...], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    #: Nicknames, former names, names used in China or on the way.
    aliases: Annotated[tuple[ShortText, ...], Field(max_length=MAX_LIST_ITEMS)] = ()
    birth_date: ApproxDate | None = None
    gender: ShortText | None = None
    #: When the witness left the DPRK, which decides what later events they can speak to.
    left_country: ApproxDate | None = None
    contacts: Annotated[tuple[ContactPoint, ...], Field(max_length=MAX_LIST_ITEMS)] = ()
    places: Annotated[tuple[KnownPlace, ...], Field(max_length=MAX_LIST_ITEMS)] = ()
    family_at_risk: Annotated[tuple[FamilyMember, ...], Field(max_length=MAX_LIST_ITEMS)] = ()
    relinking_roles: Annotated[tuple[Slug, ...], Field(min_length=1, max_length=MAX_LIST_ITEMS)] = (
        CUSTODIAN_ROLE,
    )
    recorded_by: ShortText
    recorded_at: UtcDateTime
    notes: LongText | None = None

    @field_validator("relinking_roles")
    @classmethod
    def _roles_in_order(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        return sorted_unique(roles)

    def may_relink(self, role: str) -> bool:
        return role in self.relinking_roles
