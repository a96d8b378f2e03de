"""What every pack payload parser must do with hostile bytes, shared by the payloads' tests:
refuse a form that is not canonical, refuse oversized input before parsing, raise nothing but
PackRejectedError, and accept an edited payload only as the canonical form of what it says."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from fieldapp.errors import PackRejectedError

#: Settings of the parsers' property tests (the payloads are kilobytes: no deadline).
PARSER = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def refuses_non_canonical(parse: Callable[[bytes], object], raw: bytes) -> None:
    spaced = json.dumps(json.loads(raw), sort_keys=True, ensure_ascii=False).encode()
    with pytest.raises(PackRejectedError):
        parse(spaced)
    with pytest.raises(PackRejectedError):
        parse(raw.replace(b'"format"', b'"format":"x","format"', 1))


def refuses_oversized(parse: Callable[[bytes], object], max_bytes: int) -> None:
    with pytest.raises(PackRejectedError):
        parse(b" " * (max_bytes + 1))


def raises_only_rejected(parse: Callable[[bytes], object], raw: bytes) -> None:
    try:
        parse(raw)
    except PackRejectedError:
        return
    raise AssertionError("arbitrary bytes parsed as a payload")


def edited_parses_only_canonically(
    parse: Callable[[bytes], Any],
    encode: Callable[[Any], bytes],
    raw: bytes,
    edits: list[tuple[int, int]],
) -> None:
    edited = bytearray(raw)
    for position, value in edits:
        edited[position] = value
    try:
        payload = parse(bytes(edited))
    except PackRejectedError:
        return
    # Accepted only as the canonical form of what it says: nothing hidden beside it.
    assert encode(payload) == bytes(edited)
