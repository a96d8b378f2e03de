"""Properties: hostile bytes into the roster parsers raise only FieldappErrors.

``verify_roster`` refuses unsigned bytes before parsing them, so ``parse_roster`` (the JSON
parser behind it) and the revocation payload parser are fed directly too, with arbitrary bytes
and with valid rosters whose fields are replaced by random values.
"""

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import sshkeys, sshsig
from fieldapp.errors import FieldappError
from fieldapp.sync.roster import (
    ROSTER_NAMESPACE,
    parse_revocation_payload,
    parse_roster,
    verify_roster,
)

from .test_roster import COORDINATOR, RAW, SIGNATURE

PARSER = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)
DOCUMENT = json.loads(RAW)
DEVICE_FIELDS = sorted(DOCUMENT["devices"][0])
COORDINATOR_FP = sshkeys.fingerprint(COORDINATOR.public_key())
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _only_fieldapp_errors(function: Any, *args: Any) -> None:
    try:
        function(*args)
    except FieldappError:
        return


@PARSER
@given(st.binary(max_size=2048), st.one_of(st.binary(max_size=600), st.text(max_size=600)))
def test_arbitrary_bytes_and_signatures_raise_only_fieldapp_errors(
    raw: bytes, signature: Any
) -> None:
    _only_fieldapp_errors(verify_roster, raw, signature, None)
    _only_fieldapp_errors(verify_roster, raw, signature, COORDINATOR_FP)
    _only_fieldapp_errors(parse_roster, raw)
    _only_fieldapp_errors(parse_revocation_payload, raw)


@PARSER
@given(
    st.lists(st.tuples(st.integers(0, len(RAW) - 1), st.integers(0, 255)), min_size=1, max_size=4)
)
def test_edited_rosters_are_refused(edits: list[tuple[int, int]]) -> None:
    raw = bytearray(RAW)
    for position, value in edits:
        raw[position] = value
    if bytes(raw) == RAW:
        return
    try:
        verify_roster(bytes(raw), SIGNATURE, COORDINATOR_FP)
    except FieldappError:
        return
    raise AssertionError("an edited roster was accepted")


@PARSER
@given(
    st.sampled_from(["archive_id", "coordinator", "created_at", "devices", "format"]), JSON_VALUES
)
def test_a_replaced_roster_field_raises_only_fieldapp_errors(field: str, value: Any) -> None:
    raw = _canonical({**DOCUMENT, field: value})
    _only_fieldapp_errors(parse_roster, raw)
    _only_fieldapp_errors(verify_roster, raw, sshsig.sign(raw, COORDINATOR, ROSTER_NAMESPACE), None)


@PARSER
@given(st.sampled_from(DEVICE_FIELDS), JSON_VALUES)
def test_a_replaced_device_field_raises_only_fieldapp_errors(field: str, value: Any) -> None:
    devices = [{**DOCUMENT["devices"][0], field: value}, *DOCUMENT["devices"][1:]]
    _only_fieldapp_errors(parse_roster, _canonical({**DOCUMENT, "devices": devices}))


@PARSER
@given(JSON_VALUES)
def test_any_json_raises_only_fieldapp_errors(value: Any) -> None:
    _only_fieldapp_errors(parse_roster, _canonical(value))
    _only_fieldapp_errors(parse_revocation_payload, _canonical(value))
