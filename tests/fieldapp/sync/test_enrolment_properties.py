"""Properties: hostile bytes into the enrolment request parser raise only FieldappErrors.

Arbitrary bytes die at the first check, so the parser is also fed requests that are nearly
right: a valid request with random edits, and valid JSON with one field replaced by a random
value and a fresh, valid proof, so that the model's own checks are reached.
"""

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import age, sshsig
from fieldapp.errors import FieldappError
from fieldapp.sync.enrolment import ENROL_NAMESPACE, make_request, parse_request

from .builders import make_key

PARSER = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)
KEY = make_key(41)
RECIPIENT = age.recipient_of(age.x25519_identity_from_secret(bytes([7]) * 32))
VALID = make_request(KEY, RECIPIENT, "Laptop", datetime(2024, 3, 1, tzinfo=UTC))
DOCUMENT = json.loads(VALID)
FIELDS = sorted(DOCUMENT["request"])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _parse(raw: bytes) -> None:
    try:
        parse_request(raw)
    except FieldappError:
        return


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@PARSER
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_raise_only_fieldapp_errors(raw: bytes) -> None:
    _parse(raw)


@PARSER
@given(
    st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=4)
)
def test_edited_requests_are_refused(edits: list[tuple[int, int]]) -> None:
    raw = bytearray(VALID)
    for position, value in edits:
        raw[position] = value
    if bytes(raw) == VALID:
        return
    try:
        parse_request(bytes(raw))
    except FieldappError:
        return
    raise AssertionError("an edited request was accepted")


@PARSER
@given(st.sampled_from(FIELDS), JSON_VALUES)
def test_a_replaced_field_with_a_valid_proof_raises_only_fieldapp_errors(
    field: str, value: Any
) -> None:
    body = {**DOCUMENT["request"], field: value}
    try:
        signed = _canonical(body)
    except (TypeError, ValueError):
        return
    document = {**DOCUMENT, "request": body, "proof": sshsig.sign(signed, KEY, ENROL_NAMESPACE)}
    _parse(_canonical(document))


@PARSER
@given(JSON_VALUES)
def test_any_json_document_raises_only_fieldapp_errors(value: Any) -> None:
    _parse(_canonical(value))
