"""Testimony, narrative and date validation: what a record refuses, and what it normalises."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest

from fieldapp.domain import (
    ApproxDate,
    ConfidentialityLevel,
    Narrative,
    RecordRef,
    RecordStatus,
    RedactionKind,
    RedactionSpan,
    Testimony,
    validate_model,
)
from fieldapp.errors import ValidationFailedError

from .factories import STARTED_AT, TESTIMONY_ID, as_fields, make_incident, make_testimony

KST = timezone(timedelta(hours=9))


def _refused(**changes: Any) -> ValidationFailedError:
    with pytest.raises(ValidationFailedError) as caught:
        validate_model(Testimony, {**as_fields(make_testimony()), **changes})
    return caught.value


def test_the_factory_record_is_valid_and_a_draft() -> None:
    testimony = make_testimony()
    assert testimony.status is RecordStatus.DRAFT
    assert testimony.version == 1
    assert testimony.confidentiality is ConfidentialityLevel.STRICTLY_CONFIDENTIAL


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("started_at", datetime(2024, 3, 1, 9, 30)),  # naive: which clock?
        ("started_at", "2024-03-01T09:30:00Z"),  # strict: a string is not a datetime in Python
        ("ended_at", STARTED_AT - timedelta(minutes=1)),
        ("version", "1"),
        ("version", 0),
        ("pseudonym", "W-7KQ2-M9X8"),
        ("recording_mode", "telepathy"),
        ("language", "Korean"),
        ("title", ""),
        ("title", "   "),
        ("title", "two\nlines"),
        ("title", "x" * 201),
        ("others_present", ["support worker"]),  # strict: a tuple, as the type says
        ("status", "deleted"),
        ("confidentiality", "public"),
        ("id", str(TESTIMONY_ID)),
        ("incidents", (make_incident(), make_incident().model_copy(update={"id": TESTIMONY_ID}),
                       make_incident().model_copy(update={"id": TESTIMONY_ID}))),
    ],
)  # fmt: skip
def test_invalid_values_are_refused(field: str, value: object) -> None:
    error = _refused(**{field: value})
    assert field in str(error) or "it " in str(error)


def test_unknown_fields_are_refused() -> None:
    assert "extra" in _refused(extra="x").fields


def test_records_are_frozen() -> None:
    testimony = make_testimony()
    with pytest.raises(ValueError, match="frozen"):
        testimony.title = "changed"  # type: ignore[misc]


def test_times_are_held_in_utc_and_compare_by_instant() -> None:
    local = make_testimony(started_at=datetime(2024, 3, 1, 18, 30, tzinfo=KST), ended_at=None)
    assert local.started_at == STARTED_AT
    assert local.started_at.tzinfo is UTC
    assert local == make_testimony(ended_at=None)


def test_short_texts_are_stripped_and_tags_sorted_without_repeats() -> None:
    testimony = make_testimony(title="  A title  ", tags=("torture", "2009", "torture"))
    assert testimony.title == "A title"
    assert testimony.tags == ("2009", "torture")


def test_an_amendment_must_point_at_the_previous_version_of_itself() -> None:
    ref = RecordRef(id=TESTIMONY_ID, version=1, content_hash="0" * 64)
    assert make_testimony(version=2, amends=ref).amends == ref
    assert "it" in str(_refused(version=2))
    _refused(amends=ref)  # version 1 amends nothing
    _refused(version=3, amends=ref)
    _refused(version=2, amends=ref.model_copy(update={"id": uuid4()}))


# --- narrative ---------------------------------------------------------------------------


def _span(start: int, end: int, kind: RedactionKind = RedactionKind.NAME) -> RedactionSpan:
    return RedactionSpan(start=start, end=end, kind=kind)


def test_spans_are_kept_in_text_order() -> None:
    narrative = Narrative(text="abcdefgh", redactions=(_span(5, 6), _span(0, 2), _span(2, 4)))
    assert [s.start for s in narrative.redactions] == [0, 2, 5]


@pytest.mark.parametrize(
    "spans",
    [
        (_span(0, 9),),  # past the end of "abcdefgh"
        (_span(0, 3), _span(2, 5)),
        (_span(1, 5), _span(2, 3)),
        (_span(4, 6), _span(4, 6)),
    ],
    ids=["past the end", "overlap", "nested", "repeated"],
)
def test_spans_outside_the_text_or_overlapping_are_refused(spans: tuple[RedactionSpan]) -> None:
    with pytest.raises(ValidationFailedError, match="redaction span"):
        validate_model(Narrative, {"text": "abcdefgh", "redactions": spans})


@pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 2), (-1, 2)])
def test_empty_or_negative_spans_are_refused(start: int, end: int) -> None:
    with pytest.raises(ValidationFailedError):
        validate_model(RedactionSpan, {"start": start, "end": end, "kind": "name"})


def test_spans_are_counted_in_code_points_of_korean_text() -> None:
    narrative = Narrative(text="김철수는 회령에서", redactions=(_span(0, 3), _span(5, 7, "place")))
    assert narrative.text[0:3] == "김철수"
    assert narrative.text[5:7] == "회령"


def test_narrative_text_is_kept_exactly_as_written() -> None:
    text = "  first line\n\tsecond line  \n"
    assert Narrative(text=text).text == text
    with pytest.raises(ValidationFailedError, match="control"):
        validate_model(Narrative, {"text": "a\x00b"})
    with pytest.raises(ValidationFailedError, match="not valid text"):
        validate_model(Narrative, {"text": "lone \ud800 surrogate"})


def test_adding_and_removing_a_mark() -> None:
    narrative = Narrative(text="abcdefgh").with_redaction(_span(2, 4))
    assert narrative.redactions == (_span(2, 4),)
    with pytest.raises(ValidationFailedError, match="overlap"):
        narrative.with_redaction(_span(3, 5))
    assert narrative.without_redaction(_span(2, 4)).redactions == ()


# --- dates ----------------------------------------------------------------------------------


def test_dates_store_unknown_parts_as_one() -> None:
    assert ApproxDate.month_of(2009, 2).latest() == date(2009, 2, 28)
    assert ApproxDate.year_of(2008).latest() == date(2008, 12, 31)
    assert ApproxDate.exact(2010, 5, 14).text() == "2010-05-14"
    assert ApproxDate.month_of(2009, 3).text() == "2009-03"
    assert ApproxDate.year_of(1997).text() == "1997"
    assert ApproxDate(value=date(1997, 6, 1), precision="estimate").text() == "c. 1997-06-01"


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (date(2009, 3, 14), "month"),
        (date(2009, 3, 1), "year"),
        (date(2009, 1, 1), "day"),
        (date(1850, 1, 1), "year"),
    ],
)
def test_dates_that_claim_more_than_their_precision_are_refused(
    value: date, precision: str
) -> None:
    with pytest.raises(ValidationFailedError):
        validate_model(ApproxDate, {"value": value, "precision": precision})
