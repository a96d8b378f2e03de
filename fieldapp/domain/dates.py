"""Dates known only so well: "March 2009", "around 1997", "the 14th of May 2010".

Witnesses often remember the season or the year, not the day. A date is stored as a calendar
date and its precision, with the unknown parts set to 1 (``2009-03-01`` at ``month``), so that it
sorts and compares like a date and still says no more than the witness did.
"""

import calendar
from datetime import date
from typing import Annotated

from pydantic import Field, model_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.fields import MAX_YEAR, MIN_YEAR, DatePrecisionCode

EXACT = "exact"
MONTH = "month"
YEAR = "year"
ESTIMATE = "estimate"

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
DAY_WITH_MONTH_ONLY = "has a day although only the month is known"
MONTH_WITH_YEAR_ONLY = "has a month or day although only the year is known"


class ApproxDate(DomainModel):
    """A calendar date with how precisely it is known."""

    value: Annotated[date, Field(ge=date(MIN_YEAR, 1, 1), le=date(MAX_YEAR, 12, 31))]
    precision: DatePrecisionCode

    @model_validator(mode="after")
    def _unknown_parts_are_one(self) -> "ApproxDate":
        # Exactly one stored form per meaning: "2009-03" is 2009-03-01, never 2009-03-17.
        if self.precision == MONTH and self.value.day != 1:
            raise ValueError(DAY_WITH_MONTH_ONLY)
        if self.precision == YEAR and (self.value.month, self.value.day) != (1, 1):
            raise ValueError(MONTH_WITH_YEAR_ONLY)
        return self

    @classmethod
    def exact(cls, year: int, month: int, day: int) -> "ApproxDate":
        return cls(value=date(year, month, day), precision=EXACT)

    @classmethod
    def month_of(cls, year: int, month: int) -> "ApproxDate":
        return cls(value=date(year, month, 1), precision=MONTH)

    @classmethod
    def year_of(cls, year: int) -> "ApproxDate":
        return cls(value=date(year, 1, 1), precision=YEAR)

    def earliest(self) -> date:
        """The first day the date may mean."""
        return self.value

    def latest(self) -> date:
        """The last day the date may mean (for an estimate, the estimated day itself)."""
        if self.precision == MONTH:
            last_day = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last_day)
        if self.precision == YEAR:
            return self.value.replace(month=12, day=31)
        return self.value

    def text(self) -> str:
        """``2009-03-14``, ``2009-03``, ``2009`` or ``c. 2009-03-14``, for lists and reports."""
        if self.precision == MONTH:
            return self.value.strftime("%Y-%m")
        if self.precision == YEAR:
            return f"{self.value.year:04d}"
        if self.precision == EXACT:
            return self.value.isoformat()
        return f"c. {self.value.isoformat()}"


def may_precede(start: ApproxDate, end: ApproxDate) -> bool:
    """Whether ``end`` can be on or after ``start`` given what each may mean."""
    return end.latest() >= start.earliest()
