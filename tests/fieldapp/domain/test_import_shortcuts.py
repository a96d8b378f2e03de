"""The domain's shortcuts for the import's records path give exactly what the long way gives:
an archived testimony's bytes and content hash from one encoding, the check of a pseudonym
already in canonical shape, a code looked up in a vocabulary, a UTC time's canonical text."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings

from fieldapp.domain import (
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_hash,
    mark_archived,
    mark_exported,
    vocabulary,
)
from fieldapp.domain import pseudonym as codes
from fieldapp.domain.canonical import utc_text
from fieldapp.domain.lifecycle import archived_encoded
from fieldapp.errors import InvalidPseudonymError, InvalidTransitionError

from .factories import make_narrative, make_testimony
from .strategies import RECORD_STRATEGIES

QUOTED_STATUS = ',"status":"sealed","status":"exported"}'


def _the_long_way(testimony: Testimony) -> tuple[Testimony, bytes, str]:
    exported = mark_exported(testimony) if testimony.status is RecordStatus.SEALED else testimony
    archived = mark_archived(exported)
    return archived, canonical_bytes(archived), content_hash(archived)


@pytest.mark.parametrize("status", [RecordStatus.SEALED, RecordStatus.EXPORTED])
def test_an_archived_testimony_is_encoded_as_the_long_way_encodes_it(status: RecordStatus) -> None:
    @settings(max_examples=60, deadline=None)
    @given(RECORD_STRATEGIES[Testimony])
    def check(testimony: Testimony) -> None:
        received = testimony.model_copy(update={"status": status})
        archived, body, digest = archived_encoded(received)
        assert (archived, body, digest) == _the_long_way(received)
        assert archived.status is RecordStatus.ARCHIVED
        assert digest == content_hash(received)  # the status is not content

    check()


@pytest.mark.parametrize("status", [RecordStatus.SEALED, RecordStatus.EXPORTED])
def test_a_status_written_inside_the_record_s_text_changes_nothing(status: RecordStatus) -> None:
    received = make_testimony(
        status=status,
        title='"status":"' + status.value + '"',
        narrative=make_narrative("The guard wrote" + QUOTED_STATUS + " on the form."),
    )
    assert b'"status":"' + status.value.encode() + b'"' in canonical_bytes(received)
    assert archived_encoded(received) == _the_long_way(received)


@pytest.mark.parametrize("status", [RecordStatus.DRAFT, RecordStatus.ARCHIVED])
def test_only_a_sealed_or_exported_testimony_is_archived(status: RecordStatus) -> None:
    with pytest.raises(InvalidTransitionError):
        archived_encoded(make_testimony(status=status))


def _slow_is_pseudonym(text: str) -> bool:
    try:
        return codes.parse_pseudonym(text) == text
    except InvalidPseudonymError:
        return False


def test_a_code_in_canonical_shape_is_checked_as_parsing_it_would() -> None:
    valid = [codes.new_pseudonym() for _ in range(200)]
    near = [
        code[:i] + symbol + code[i + 1 :]
        for code in valid[:40]
        for i in range(len(code))
        for symbol in codes.ALPHABET + "-wOIL "
    ]
    odd = ["", "W-", "W-0000-000", "W-00000-000", "W-0000-0000\n", "w-0000-0000", "X-0000-0000"]
    texts = valid + near + odd
    assert all(codes.is_pseudonym(code) for code in valid)
    assert [codes.is_pseudonym(t) for t in texts] == [_slow_is_pseudonym(t) for t in texts]
    assert not all(codes.is_pseudonym(t) for t in near)  # a mistyped symbol is caught


def test_a_code_is_valid_exactly_when_its_vocabulary_lists_it() -> None:
    active = vocabulary.active_vocabularies()
    for name in vocabulary.VOCABULARY_NAMES:
        listed = active[name].codes()
        assert listed
        assert all(active.is_valid(name, code) for code in listed)
        assert not active.is_valid(name, "no_such_code")
        assert not active.is_valid("no_such_vocabulary", next(iter(listed)))


@pytest.mark.parametrize(
    "zone", [UTC, timezone(timedelta(0)), ZoneInfo("UTC"), timezone(timedelta(hours=9))]
)
def test_a_time_s_text_does_not_depend_on_how_its_zone_is_written(zone: object) -> None:
    instant = datetime(2009, 3, 1, 9, 30, 5, 120, tzinfo=UTC)
    assert utc_text(instant.astimezone(zone)) == "2009-03-01T09:30:05.000120Z"  # type: ignore[arg-type]
