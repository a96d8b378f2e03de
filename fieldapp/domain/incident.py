"""An incident: one act the witness tells of, coded for counting, comparing and reporting.

Coding follows the COI's categories and HURIDOCS-style act types, so that incidents from many
testimonies can be counted together ("arbitrary detention in North Hamgyong, 2008–2012") and
cited in UN submissions. The exact place can identify a witness (a small village, one street)
and is kept restricted; reports use the public place, coarsened to the province.
"""

from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field, Strict, model_validator

from fieldapp.domain import vocabulary
from fieldapp.domain.base import DomainModel
from fieldapp.domain.dates import ApproxDate, may_precede
from fieldapp.domain.fields import (
    ActTypeCode,
    CoiCategoryCode,
    CountryCode,
    LongText,
    PerpetratorTypeCode,
    ProvinceCode,
    ReliabilityCode,
    ShortText,
    SourceConnectionCode,
)

DPRK = "KP"
#: More than any single incident a witness could count (a camp's population is ~tens of
#: thousands); a larger number is a typing mistake.
MAX_VICTIMS = 1_000_000

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
PROVINCE_OUTSIDE_DPRK = "names a DPRK province for a place outside the DPRK"
CATEGORY_DOES_NOT_FIT = "has a COI category that does not fit its act type"
ENDS_BEFORE_START = "ends before it starts"


class CountPrecision(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    AT_LEAST = "at_least"


class VictimCount(DomainModel):
    """How many people the act was done to, and how sure the count is."""

    value: Annotated[int, Field(ge=1, le=MAX_VICTIMS)]
    precision: Annotated[CountPrecision, Strict(False)]


class PublicPlace(DomainModel):
    """Where an incident happened, no finer than a DPRK province (or a country abroad)."""

    country: CountryCode
    #: A ``dprk_provinces`` code; only for places in the DPRK, and optional there.
    province: ProvinceCode | None = None

    @model_validator(mode="after")
    def _province_only_in_dprk(self) -> "PublicPlace":
        if self.province is not None and self.country != DPRK:
            raise ValueError(PROVINCE_OUTSIDE_DPRK)
        return self


class Incident(DomainModel):
    """One act, its time, place, perpetrator and victims, and how the witness knows of it."""

    #: Fields that may identify the witness; left out of public views and reports.
    RESTRICTED_FIELDS: ClassVar[frozenset[str]] = frozenset({"place_exact"})

    id: UUID
    act_type: ActTypeCode
    coi_category: CoiCategoryCode
    date_start: ApproxDate
    #: For acts that lasted (a detention): when it ended; ``None`` for a single event.
    date_end: ApproxDate | None = None
    place_public: PublicPlace
    #: As the witness described it: village, facility, street. Restricted.
    place_exact: ShortText | None = None
    perpetrator_type: PerpetratorTypeCode
    #: The unit or office, e.g. "county MSS branch"; individual names belong in the narrative.
    perpetrator_unit: ShortText | None = None
    victims: VictimCount | None = None
    source_connection: SourceConnectionCode
    reliability: ReliabilityCode
    summary: LongText | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Incident":
        allowed = vocabulary.active_vocabularies().coi_categories_of(self.act_type)
        if self.coi_category not in allowed:
            raise ValueError(CATEGORY_DOES_NOT_FIT)
        if self.date_end is not None and not may_precede(self.date_start, self.date_end):
            raise ValueError(ENDS_BEFORE_START)
        return self

    def public_copy(self) -> "Incident":
        """This incident without its restricted fields, for reports and shared views."""
        return self.model_copy(update=dict.fromkeys(self.RESTRICTED_FIELDS))


def default_coi_category(act_type: str) -> str:
    """The category an act type is usually filed under, for a form to preselect."""
    return vocabulary.active_vocabularies().coi_categories_of(act_type)[0]
