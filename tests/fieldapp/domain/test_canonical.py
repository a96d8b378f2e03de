"""Canonical bytes: every record round-trips, the encoding is stable, and only one is accepted."""

import contextlib
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from fieldapp.domain import (
    ConsentRecord,
    Narrative,
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_bytes,
    content_hash,
    parse_canonical,
)
from fieldapp.errors import ValidationFailedError

from .factories import make_consent, make_testimony
from .strategies import RECORD_STRATEGIES

# Pins the format: if these change, every sealed record's hash has changed with them. Only a
# deliberate, versioned format change may update them.
GOLDEN_TESTIMONY_BYTES = (
    b'{"ended_at":"2024-03-01T11:30:00.000000Z","id":"0f8fad5b-d9cb-469f-a165-70867728950e",'
    b'"incidents":[{"act_type":"arbitrary_detention","coi_category":"E",'
    b'"date_end":{"precision":"month","value":"2009-05-01"},'
    b'"date_start":{"precision":"month","value":"2009-03-01"},'
    b'"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","perpetrator_type":"ministry_of_state_security",'
    b'"place_exact":"county MSS detention centre",'
    b'"place_public":{"country":"KP","province":"north_hamgyong"},"reliability":"high",'
    b'"source_connection":"direct"}],"interview_place":"Seoul","interviewer":"Interviewer 07",'
    b'"language":"ko","narrative":{"redactions":[{"end":25,"kind":"name","start":14},'
    b'{"end":50,"kind":"place","start":42}],"text":"In March 2009 Kim Chol-su was arrested in '
    b"Hoeryong by agents of the bowibu. He was held for two months and beaten during "
    b'interrogation."},"pseudonym":"W-7KQ2-M9X7","recording_mode":"audio_and_notes",'
    b'"started_at":"2024-03-01T09:30:00.000000Z",'
    b'"title":"Detention after forced repatriation, 2009"}'
)
GOLDEN_TESTIMONY_HASH = "cf9b28051907487cc76542ea31b8ac562cd26ab8115710906f7506f3a5468c5d"
ROUND_TRIP_EXAMPLES = 100


@pytest.mark.parametrize("model_type", list(RECORD_STRATEGIES), ids=lambda t: t.__name__)
def test_every_record_round_trips_through_its_canonical_bytes(model_type: type[BaseModel]) -> None:
    @settings(max_examples=ROUND_TRIP_EXAMPLES, deadline=None)
    @given(RECORD_STRATEGIES[model_type])
    def check(record: BaseModel) -> None:
        raw = canonical_bytes(record)
        assert model_type.model_validate_json(raw) == record
        again = parse_canonical(model_type, raw)
        assert again == record
        assert canonical_bytes(again) == raw
        assert content_hash(again) == content_hash(record)
        _assert_plain_canonical_json(raw)

    check()


def _assert_plain_canonical_json(raw: bytes) -> None:
    value = json.loads(raw)
    assert (
        json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() == raw
    )
    assert not _has_float(value)


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def test_the_encoding_of_a_known_record_is_pinned() -> None:
    record = make_testimony()
    assert canonical_bytes(record) == GOLDEN_TESTIMONY_BYTES
    assert content_hash(record) == GOLDEN_TESTIMONY_HASH
    assert hashlib.sha256(GOLDEN_TESTIMONY_BYTES).hexdigest() == GOLDEN_TESTIMONY_HASH


def test_fixed_forms_of_times_ids_and_text() -> None:
    record = make_testimony(
        started_at=datetime(2024, 3, 1, 18, 30, tzinfo=timezone(timedelta(hours=9))),
        title='증언 "quoted"',
    )
    raw = canonical_bytes(record)
    assert b'"started_at":"2024-03-01T09:30:00.000000Z"' in raw
    assert b'"id":"0f8fad5b-d9cb-469f-a165-70867728950e"' in raw
    assert '"title":"증언 \\"quoted\\""'.encode() in raw  # UTF-8, not \\u escapes


def test_fields_at_their_default_are_left_out() -> None:
    raw = canonical_bytes(make_testimony())
    for default_field in (b'"version"', b'"status"', b'"amends"', b'"summary"', b'"tags"'):
        assert default_field not in raw
    assert b'"status":"sealed"' in canonical_bytes(make_testimony(status=RecordStatus.SEALED))


def test_adding_a_field_with_a_default_leaves_old_hashes_unchanged() -> None:
    class LaterTestimony(Testimony):
        witness_language_level: str | None = None

    record = make_testimony()
    later = LaterTestimony(**{name: getattr(record, name) for name in Testimony.model_fields})
    assert canonical_bytes(later) == canonical_bytes(record)


def test_the_content_hash_ignores_status_and_nothing_else() -> None:
    record = make_testimony()
    assert content_hash(record) == hashlib.sha256(content_bytes(record)).hexdigest()
    assert content_hash(
        record.model_copy(update={"status": RecordStatus.ARCHIVED})
    ) == content_hash(record)
    changed = make_testimony(narrative=Narrative(text=record.narrative.text + "."))
    assert content_hash(changed) != content_hash(record)


def test_the_same_record_built_twice_has_the_same_bytes() -> None:
    assert canonical_bytes(make_testimony()) == canonical_bytes(make_testimony())


def _variants(raw: bytes) -> dict[str, bytes]:
    value = json.loads(raw)
    return {
        "spaces": json.dumps(value, sort_keys=True, ensure_ascii=False).encode(),
        "key order": json.dumps(
            dict(reversed(value.items())), separators=(",", ":"), ensure_ascii=False
        ).encode(),
        "escaped unicode": json.dumps(value, sort_keys=True, separators=(",", ":")).encode(),
        "default written out": raw[:-1] + b',"version":1}',
        "trailing newline": raw + b"\n",
        "repeated key": raw[:-1] + b',"title":"Other"}',
        "other time form": raw.replace(b"09:30:00.000000Z", b"09:30:00Z"),
    }


def test_only_the_canonical_encoding_is_accepted() -> None:
    raw = canonical_bytes(make_testimony(title="Korean: 증언"))
    assert parse_canonical(Testimony, raw) == make_testimony(title="Korean: 증언")
    for name, variant in _variants(raw).items():
        assert variant != raw, name
        with pytest.raises(ValidationFailedError):
            parse_canonical(Testimony, variant)


def test_floats_have_no_canonical_form() -> None:
    class Measured(BaseModel):
        value: float

    with pytest.raises(TypeError, match="float"):
        canonical_bytes(Measured(value=0.1))


def test_integers_beyond_what_json_readers_hold_have_no_canonical_form() -> None:
    class Counted(BaseModel):
        value: int

    with pytest.raises(ValueError, match="range"):
        canonical_bytes(Counted(value=2**53))
    assert parse_canonical(Counted, b'{"value":9007199254740991}') == Counted(value=2**53 - 1)
    # A record holding one is refused as any other encoding is, not with an error of its own.
    with pytest.raises(ValidationFailedError, match="canonical"):
        parse_canonical(Counted, b'{"value":9007199254740993}')


@pytest.mark.parametrize("version", [2**53, 9007199254740993, 10**30])
def test_a_version_beyond_what_json_readers_hold_is_invalid(version: int) -> None:
    raw = canonical_bytes(make_consent()).replace(b'"version":1', b'"version":%d' % version)
    assert raw.count(b"%d" % version) == 1
    with pytest.raises(ValidationFailedError, match="version is too large"):
        parse_canonical(ConsentRecord, raw)


def test_naive_times_have_no_canonical_form() -> None:
    class Stamped(BaseModel):
        at: datetime

    with pytest.raises(ValueError, match="time zone"):
        canonical_bytes(Stamped(at=datetime(2024, 1, 1)))
    assert canonical_bytes(Stamped(at=datetime(2024, 1, 1, tzinfo=UTC))) == (
        b'{"at":"2024-01-01T00:00:00.000000Z"}'
    )


@given(st.text(max_size=50))
def test_arbitrary_bytes_give_a_record_or_the_domain_error(text: str) -> None:
    with contextlib.suppress(ValidationFailedError):
        parse_canonical(Narrative, text.encode("utf-8", "surrogatepass"))
