"""The fast canonical encoding (pydantic's JSON-mode values) equals the reference one (value by
value, as ``canonical``'s docstring states the form) for every kind of record, and the models'
schemas allow nothing the fast one would encode differently."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from fieldapp.domain import CustodyEvent, Testimony, canonical_bytes, content_bytes
from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import (
    MAX_SAFE_INTEGER,
    parse_canonical,
    reference_canonical_bytes,
    utc_text,
)
from fieldapp.errors import ValidationFailedError

from .factories import make_testimony
from .strategies import RECORD_STRATEGIES

EXAMPLES = 150
_NEVER_ALLOWED = {"float", "bytes", "set", "frozenset", "decimal", "complex", "timedelta", "time"}


@pytest.mark.parametrize("model_type", list(RECORD_STRATEGIES), ids=lambda t: t.__name__)
def test_the_fast_encoding_is_the_reference_encoding(model_type: type[BaseModel]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None)
    @given(RECORD_STRATEGIES[model_type])
    def check(record: BaseModel) -> None:
        assert canonical_bytes(record) == reference_canonical_bytes(record)

    check()


def test_times_in_any_offset_encode_as_the_reference_does() -> None:
    seoul = timezone(timedelta(hours=9))
    for started in (
        datetime(2024, 3, 1, 18, 30, tzinfo=seoul),
        datetime(1901, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
        datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ):
        record = make_testimony(started_at=started, ended_at=started + timedelta(hours=1))
        assert canonical_bytes(record) == reference_canonical_bytes(record)
        assert utc_text(started).encode() in canonical_bytes(record)
    assert b'"started_at":"2024-03-01T09:30:00.000000Z"' in canonical_bytes(
        make_testimony(
            started_at=datetime(2024, 3, 1, 18, 30, tzinfo=seoul),
            ended_at=datetime(2024, 3, 1, 20, 30, tzinfo=seoul),
        )
    )


def test_a_record_with_a_repeated_key_is_refused_without_the_separate_pass() -> None:
    raw = canonical_bytes(make_testimony())
    first_key = raw[1 : raw.index(b",") + 1]  # '"ended_at":"…",'
    with pytest.raises(ValidationFailedError, match="canonical"):
        parse_canonical(Testimony, b"{" + first_key + raw[1:])


def _domain_models() -> list[type[DomainModel]]:
    found: list[type[DomainModel]] = []
    pending = [DomainModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return sorted(found, key=lambda m: m.__name__)


@pytest.mark.parametrize("model_type", _domain_models(), ids=lambda t: t.__name__)
def test_every_domain_model_holds_only_what_the_fast_encoding_encodes_exactly(
    model_type: type[DomainModel],
) -> None:
    problems = list(_unsafe_nodes(model_type.__pydantic_core_schema__))
    assert not problems, problems


def test_the_schema_check_finds_what_it_looks_for() -> None:
    class Loose(DomainModel):
        count: int
        when: datetime
        share: float

    problems = {kind for kind, _ in _unsafe_nodes(Loose.__pydantic_core_schema__)}
    assert problems == {"unbounded int", "time without utc_text", "float"}
    assert not list(_unsafe_nodes(CustodyEvent.__pydantic_core_schema__))


def _unsafe_nodes(node: Any, *, utc: bool = False, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _unsafe_nodes(item, utc=utc, path=f"{path}[{index}]")
        return
    if not isinstance(node, dict):
        return
    serializer = node.get("serialization")
    if isinstance(serializer, dict) and serializer.get("function") is utc_text:
        utc = True
    kind = node.get("type")
    if kind == "int" and not _bounded(node):
        yield "unbounded int", path
    if kind == "datetime" and not utc:
        yield "time without utc_text", path
    if kind in _NEVER_ALLOWED:
        yield str(kind), path
    for key, value in node.items():
        yield from _unsafe_nodes(value, utc=utc, path=f"{path}/{key}")


def _bounded(node: dict[str, Any]) -> bool:
    upper = node.get("le", node.get("lt"))
    lower = node.get("ge", node.get("gt"))
    return (
        upper is not None
        and lower is not None
        and upper <= MAX_SAFE_INTEGER
        and lower >= -MAX_SAFE_INTEGER
    )


def test_a_model_outside_the_domain_keeps_the_reference_encoding() -> None:
    class Stamped(BaseModel):
        at: datetime

    with pytest.raises(ValueError, match="time zone"):
        canonical_bytes(Stamped(at=datetime(2024, 1, 1)))
    assert content_bytes(Stamped(at=datetime(2024, 1, 1, tzinfo=UTC))) == (
        b'{"at":"2024-01-01T00:00:00.000000Z"}'
    )
