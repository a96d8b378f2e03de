"""The vocabulary pack's payload: canonical, strict, capped; hostile bytes raise only
PackRejectedError."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import Vocabulary, VocabularyEntry, bundled_vocabularies
from fieldapp.errors import PackRejectedError
from fieldapp.sync.vocabulary_pack import (
    MAX_PACK_VOCABULARIES,
    MAX_VOCABULARY_PAYLOAD_BYTES,
    VOCABULARY_PACK_FORMAT,
    parse_vocabulary_payload,
    vocabulary_payload,
    vocabulary_payload_bytes,
)
from tests.fieldapp.sync.payload_contract import (
    PARSER,
    canonical,
    edited_parses_only_canonically,
    raises_only_rejected,
    refuses_non_canonical,
    refuses_oversized,
)


def _newer_act_types() -> Vocabulary:
    acts = bundled_vocabularies()["act_types"]
    added = VocabularyEntry(code="forced_labour_abroad", label="Forced labour abroad",
                            coi_categories=("C", "E"))  # fmt: skip
    return Vocabulary(vocabulary="act_types", version=acts.version + 1,
                      description=acts.description, entries=(*acts.entries, added))  # fmt: skip


NEWER = _newer_act_types()
PROVINCES = bundled_vocabularies()["dprk_provinces"]
RAW = vocabulary_payload_bytes(vocabulary_payload((PROVINCES, NEWER)))
DOCUMENT = json.loads(RAW)



def test_the_payload_round_trips_sorted_by_name() -> None:
    payload = parse_vocabulary_payload(RAW)
    assert payload.format == VOCABULARY_PACK_FORMAT
    assert [v.vocabulary for v in payload.vocabularies] == ["act_types", "dprk_provinces"]
    assert payload.vocabularies[0] == NEWER
    assert RAW.startswith(b'{"format":"fieldapp-vocabulary/1","vocabularies":[{')


@pytest.mark.parametrize(
    "document",
    [
        {**DOCUMENT, "vocabularies": [DOCUMENT["vocabularies"][0]] * 2},
        {**DOCUMENT, "vocabularies": []},
        {**DOCUMENT, "format": "fieldapp-vocabulary/2"},
        {**DOCUMENT, "device": "SHA256:x"},
        {**DOCUMENT, "vocabularies": DOCUMENT["vocabularies"] * (MAX_PACK_VOCABULARIES // 2 + 1)},
        {"format": VOCABULARY_PACK_FORMAT},
    ],
    ids=["a name twice", "none", "another format", "an extra field", "too many", "no list"],
)
def test_malformed_payloads_are_refused(document: dict[str, Any]) -> None:
    with pytest.raises(PackRejectedError, match="damaged or it is not a vocabulary pack"):
        parse_vocabulary_payload(canonical(document))


def test_a_payload_not_in_canonical_form_is_refused() -> None:
    refuses_non_canonical(parse_vocabulary_payload, RAW)


def test_an_oversized_payload_is_refused_before_parsing() -> None:
    refuses_oversized(parse_vocabulary_payload, MAX_VOCABULARY_PAYLOAD_BYTES)


@PARSER
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_raise_only_pack_rejected(raw: bytes) -> None:
    raises_only_rejected(parse_vocabulary_payload, raw)


@PARSER
@given(st.lists(st.tuples(st.integers(0, len(RAW) - 1), st.integers(0, 255)), min_size=1,
                max_size=4))  # fmt: skip
def test_edited_payloads_parse_to_another_payload_or_are_refused(
    edits: list[tuple[int, int]],
) -> None:
    edited_parses_only_canonically(parse_vocabulary_payload, vocabulary_payload_bytes, RAW, edits)
