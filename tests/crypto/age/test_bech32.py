"""Bech32 as age uses it: BIP 173 checksums, no length limit, strict case and padding."""

import pytest

from crypto.age import bech32
from crypto.errors import FormatError

# BIP 173's own valid test strings.
BIP173_VALID = [
    "A12UEL5L",
    "a12uel5l",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]
BIP173_INVALID = ["pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "A1G7SGD8", "10a06t8"]


@pytest.mark.parametrize("text", BIP173_VALID)
def test_bip173_valid_strings_decode(text: str) -> None:
    hrp, _ = bech32.decode(text)
    assert hrp == text.lower()[: text.lower().rfind("1")]


@pytest.mark.parametrize("text", BIP173_INVALID)
def test_bip173_invalid_strings_are_refused(text: str) -> None:
    with pytest.raises(FormatError):
        bech32.decode(text)


def test_long_payloads_are_allowed_but_capped() -> None:
    data = bytes(range(256)) * 5
    text = bech32.encode("age1pq", data)
    assert len(text) > 90
    assert bech32.decode(text) == ("age1pq", data)
    with pytest.raises(FormatError):
        bech32.decode("a1" + "q" * bech32.MAX_BECH32_LENGTH)


def test_mixed_case_is_refused() -> None:
    text = bech32.encode("age", bytes(32))
    with pytest.raises(FormatError):
        bech32.decode(text[:5] + text[5:].upper())


def test_every_single_character_substitution_is_caught() -> None:
    text = bech32.encode("age", bytes(range(32)))
    for position in range(len("age1"), len(text)):
        for replacement in bech32.CHARSET:
            if replacement == text[position]:
                continue
            with pytest.raises(FormatError):
                bech32.decode(text[:position] + replacement + text[position + 1 :])
