"""Bech32 as age uses it: BIP 173 checksums, no length limit, strict case and padding."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- the conversions against BIP 173's bit-by-bit reference -----------------------------------
# bech32 converts through base64.b32encode and int(…, 32); these are the reference's loops, a
# bit group at a time, and the two must agree on every input, refusals included.


def _reference_polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(generators):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def _reference_convert(values: list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    accumulator, bits, out, max_value = 0, 0, [], (1 << to_bits) - 1
    for value in values:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((accumulator >> bits) & max_value)
    if pad and bits:
        out.append((accumulator << (to_bits - bits)) & max_value)
    elif not pad and (bits >= from_bits or (accumulator << (to_bits - bits)) & max_value):
        raise ValueError("padding")
    return out


def _with_checksum(hrp: str, words: list[int]) -> str:
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _reference_polymod(expanded + words + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(bech32.CHARSET[w] for w in words + checksum)


@settings(max_examples=300)
@given(st.sampled_from(["age", "age1pq", "a"]), st.binary(max_size=1300))
def test_encoding_agrees_with_the_reference(hrp: str, data: bytes) -> None:
    words = _reference_convert(list(data), 8, 5, pad=True)
    assert bech32.encode(hrp, data) == _with_checksum(hrp, words)
    assert bech32.decode(bech32.encode(hrp, data)) == (hrp, data)


@settings(max_examples=500)
@given(st.lists(st.integers(0, 31), max_size=80))
def test_any_checksummed_words_decode_as_the_reference_does(words: list[int]) -> None:
    # Every length and every last character: non-zero or too many padding bits are refused.
    text = _with_checksum("age", words)
    try:
        expected = bytes(_reference_convert(words, 5, 8, pad=False))
    except ValueError:
        with pytest.raises(FormatError, match="padding"):
            bech32.decode(text)
    else:
        assert bech32.decode(text) == ("age", expected)
