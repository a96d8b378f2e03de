"""The withdrawal pack's payload: canonical, strict, capped; hostile bytes raise only
PackRejectedError."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import ConsentScope, ConsentWithdrawal, WithdrawalChannel
from fieldapp.domain.consent_remains import OFFICE_RECEIVER, office_withdrawal_told
from fieldapp.domain.pseudonym import new_pseudonym
from fieldapp.errors import PackRejectedError
from fieldapp.sync.withdrawal_pack import (
    MAX_PACK_WITHDRAWALS,
    MAX_WITHDRAWAL_PAYLOAD_BYTES,
    WITHDRAWAL_PACK_FORMAT,
    parse_withdrawal_payload,
    withdrawal_payload,
    withdrawal_payload_bytes,
)
from tests.fieldapp.sync.payload_contract import (
    PARSER,
    canonical,
    edited_parses_only_canonically,
    raises_only_rejected,
    refuses_non_canonical,
    refuses_oversized,
)

DEVICE = "SHA256:" + "A" * 43
THEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
PSEUDONYM = new_pseudonym()


def _withdrawal(number: int, *scopes: ConsentScope, later: int = 0) -> ConsentWithdrawal:
    return ConsentWithdrawal(
        id=UUID(int=number),
        testimony_id=UUID(int=1000 + number),
        pseudonym=PSEUDONYM,
        applies_to_version=1,
        received_at=THEN + timedelta(hours=later),
        received_by="Office, caseworker 02",
        how_received=WithdrawalChannel.PHONE,
        scopes=scopes or (ConsentScope.RECONTACT,),
        notes="비고: called from Seoul",
    )


FIRST, SECOND = _withdrawal(2, later=0), _withdrawal(1, ConsentScope.RESEARCH, later=5)
RAW = withdrawal_payload_bytes(withdrawal_payload(DEVICE, (SECOND, FIRST)))
DOCUMENT = json.loads(RAW)


def test_the_payload_round_trips_in_the_order_received() -> None:
    payload = parse_withdrawal_payload(RAW)
    assert payload.format == WITHDRAWAL_PACK_FORMAT
    assert payload.device == DEVICE
    assert payload.withdrawals == (office_withdrawal_told(FIRST), office_withdrawal_told(SECOND))
    assert RAW.startswith(b'{"device":"SHA256:')
    assert b'"format":"fieldapp-withdrawals/1"' in RAW


def test_the_payload_carries_no_notes_and_no_coordinator_s_name() -> None:
    """A field laptop needs what was withdrawn and when, not why the witness is afraid or who
    took the call: the archive keeps those."""
    assert b"Seoul" not in RAW
    assert b"caseworker" not in RAW
    for item in DOCUMENT["withdrawals"]:
        assert item["received_by"] == OFFICE_RECEIVER
        assert "notes" not in item
    told = parse_withdrawal_payload(RAW).withdrawals
    assert [(w.id, w.scopes, w.received_at) for w in told] == [
        (w.id, w.scopes, w.received_at) for w in (FIRST, SECOND)
    ]


@pytest.mark.parametrize(
    "change",
    [{"notes": "why they are afraid"}, {"received_by": "Office, caseworker 02"}],
    ids=["notes", "a coordinator's name"],
)
def test_a_payload_carrying_more_than_a_laptop_is_told_is_refused(change: dict[str, str]) -> None:
    document = {**DOCUMENT, "withdrawals": [{**DOCUMENT["withdrawals"][0], **change}]}
    with pytest.raises(PackRejectedError, match="damaged or it is not a withdrawal pack"):
        parse_withdrawal_payload(canonical(document))
    # The same payload in the form a laptop keeps is taken: only the words made it refused.
    told = {**DOCUMENT, "withdrawals": [DOCUMENT["withdrawals"][0]]}
    assert len(parse_withdrawal_payload(canonical(told)).withdrawals) == 1


def test_the_same_time_is_ordered_by_id() -> None:
    one, two = _withdrawal(7), _withdrawal(3)
    payload = withdrawal_payload(DEVICE, (one, two))
    assert [w.id for w in payload.withdrawals] == [two.id, one.id]


@pytest.mark.parametrize(
    "document",
    [
        {**DOCUMENT, "withdrawals": [DOCUMENT["withdrawals"][0]] * 2},
        {**DOCUMENT, "withdrawals": DOCUMENT["withdrawals"][::-1]},
        {**DOCUMENT, "withdrawals": []},
        {**DOCUMENT, "format": "fieldapp-withdrawals/2"},
        {**DOCUMENT, "format": "fieldapp-receipt/1"},
        {**DOCUMENT, "device": "SHA256:x"},
        {**DOCUMENT, "extra": 1},
        {key: value for key, value in DOCUMENT.items() if key != "device"},
        {**DOCUMENT, "withdrawals": [{**DOCUMENT["withdrawals"][0], "scopes": []}]},
        {**DOCUMENT, "withdrawals": [{**DOCUMENT["withdrawals"][0], "scopes": ["travel"]}]},
        {**DOCUMENT, "withdrawals": DOCUMENT["withdrawals"][:1] * (MAX_PACK_WITHDRAWALS + 1)},
    ],
    ids=[
        "an id twice",
        "out of order",
        "none",
        "another version",
        "another format",
        "a bad device",
        "an extra field",
        "no device",
        "no scopes",
        "an unknown scope",
        "too many",
    ],
)
def test_malformed_payloads_are_refused(document: dict[str, Any]) -> None:
    with pytest.raises(PackRejectedError, match="damaged or it is not a withdrawal pack"):
        parse_withdrawal_payload(canonical(document))


def test_a_payload_not_in_canonical_form_is_refused() -> None:
    refuses_non_canonical(parse_withdrawal_payload, RAW)


def test_an_oversized_payload_is_refused_before_parsing() -> None:
    refuses_oversized(parse_withdrawal_payload, MAX_WITHDRAWAL_PAYLOAD_BYTES)


@PARSER
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_raise_only_pack_rejected(raw: bytes) -> None:
    raises_only_rejected(parse_withdrawal_payload, raw)


@PARSER
@given(st.lists(st.tuples(st.integers(0, len(RAW) - 1), st.integers(0, 255)), min_size=1,
                max_size=4))  # fmt: skip
def test_edited_payloads_parse_to_another_payload_or_are_refused(
    edits: list[tuple[int, int]],
) -> None:
    edited_parses_only_canonically(parse_withdrawal_payload, withdrawal_payload_bytes, RAW, edits)
