"""The narrative of a testimony: the witness's account as text, with marked redaction spans.

A span marks characters that would identify someone or somewhere (a name, a village, a unit's
address) so that every shared or printed view replaces them (``redaction.render_redacted``). The
text itself is kept whole: the archive, under consent, may need the original words.

Offsets count Unicode code points (Python ``str`` indices), half-open: ``text[start:end]``. The UI
converts from its own units (Qt counts UTF-16 code units, which differ beyond the BMP).
"""

from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)

from fieldapp.domain.base import DomainModel, validate_model
from fieldapp.domain.fields import only_line_breaks

#: About 300 pages; a longer account is split into several testimonies.
MAX_NARRATIVE_CHARS = 1_000_000
MAX_REDACTIONS = 20_000

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
SPAN_EMPTY = "ends where it starts or before"
SPAN_PAST_END = "has a redaction span that runs past the end of the text"
SPANS_OVERLAP = "has redaction spans that overlap"

# Not stripped: redaction offsets point into the text exactly as written.
NarrativeText = Annotated[
    str,
    StringConstraints(max_length=MAX_NARRATIVE_CHARS),
    AfterValidator(only_line_breaks),
]


class RedactionKind(StrEnum):
    NAME = "name"
    PLACE = "place"
    OTHER = "other"


class RedactionSpan(DomainModel):
    """Characters ``start`` to ``end`` (exclusive) of the narrative, to be hidden."""

    start: Annotated[int, Field(ge=0, le=MAX_NARRATIVE_CHARS)]
    end: Annotated[int, Field(ge=1, le=MAX_NARRATIVE_CHARS)]
    kind: Annotated[RedactionKind, Strict(False)]

    @model_validator(mode="after")
    def _not_empty(self) -> "RedactionSpan":
        if self.end <= self.start:
            raise ValueError(SPAN_EMPTY)
        return self

    def overlaps(self, other: "RedactionSpan") -> bool:
        return self.start < other.end and other.start < self.end


class Narrative(DomainModel):
    """The account's text and its redaction spans, in order and not overlapping."""

    text: NarrativeText = ""
    redactions: Annotated[tuple[RedactionSpan, ...], Field(max_length=MAX_REDACTIONS)] = ()

    @field_validator("redactions")
    @classmethod
    def _in_order(cls, spans: tuple[RedactionSpan, ...]) -> tuple[RedactionSpan, ...]:
        # One order, so that the same marks always make the same record and hash.
        return tuple(sorted(spans, key=lambda s: (s.start, s.end)))

    @model_validator(mode="after")
    def _spans_fit(self) -> "Narrative":
        previous_end = 0
        for span in self.redactions:
            if span.end > len(self.text):
                raise ValueError(SPAN_PAST_END)
            # Overlaps are refused rather than merged: two overlapping marks of different kinds
            # would leave the rendering to guess which placeholder stands for what.
            if span.start < previous_end:
                raise ValueError(SPANS_OVERLAP)
            previous_end = span.end
        return self

    def is_blank(self) -> bool:
        return not self.text.strip()

    def with_redaction(self, span: RedactionSpan) -> "Narrative":
        """This narrative with one more span (ValidationFailedError if it does not fit)."""
        return validate_model(
            Narrative, {"text": self.text, "redactions": (*self.redactions, span)}
        )

    def without_redaction(self, span: RedactionSpan) -> "Narrative":
        """This narrative with ``span`` unmarked (unchanged if it was not marked)."""
        kept = tuple(s for s in self.redactions if s != span)
        return Narrative(text=self.text, redactions=kept)
