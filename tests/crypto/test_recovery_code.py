"""Recovery codes: shape, randomness, typos of each kind caught, look-alikes and IME input read."""

import re

import pytest

from crypto import keywrap, recovery_code
from crypto.errors import FormatError
from crypto.recovery_code import generate_recovery_code, normalize_recovery_code

CODE_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}")
# Computed once from this module and pinned, so that a change to the check symbols (which would
# strand every code already written on paper) fails here.
KNOWN_CODE = "0123-4567-89AB-CDEF-GHJK-MNPQ-RSCT"


@pytest.fixture(params=range(4))
def code(request: pytest.FixtureRequest) -> str:
    return generate_recovery_code()


def symbols_of(code: str) -> str:
    return code.replace("-", "")


def grouped(symbols: str) -> str:
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def test_keywrap_hands_on_the_same_functions() -> None:
    assert keywrap.generate_recovery_code is generate_recovery_code
    assert keywrap.normalize_recovery_code is normalize_recovery_code


def test_shape(code: str) -> None:
    assert CODE_PATTERN.fullmatch(code)
    assert normalize_recovery_code(code) == code


def test_at_least_128_bits_of_randomness() -> None:
    data_symbols = recovery_code.DATA_SYMBOLS
    assert data_symbols * recovery_code.BITS_PER_SYMBOL >= 128
    assert len(recovery_code.ALPHABET) == 2**recovery_code.BITS_PER_SYMBOL
    codes = [symbols_of(generate_recovery_code()) for _ in range(300)]
    assert len(set(codes)) == len(codes)
    # Every random position takes (nearly) every symbol; with 300 draws from 32 the chance that
    # one position shows fewer than 24 distinct symbols is far below 1e-9.
    for position in range(data_symbols):
        assert len({c[position] for c in codes}) >= 24, position


def test_known_codes() -> None:
    assert normalize_recovery_code(KNOWN_CODE) == KNOWN_CODE
    zeros = "0000-0000-0000-0000-0000-0000-0000"
    assert normalize_recovery_code(zeros) == zeros


def test_every_single_substitution_is_caught(code: str) -> None:
    symbols = symbols_of(code)
    for position, original in enumerate(symbols):
        for replacement in recovery_code.ALPHABET.replace(original, ""):
            typo = symbols[:position] + replacement + symbols[position + 1 :]
            with pytest.raises(FormatError, match="looks mistyped"):
                normalize_recovery_code(grouped(typo))


def test_every_adjacent_swap_is_caught(code: str) -> None:
    # Adjacent in what a person types: across a dash too, since dashes are ignored.
    symbols = symbols_of(code)
    swaps = 0
    for position in range(len(symbols) - 1):
        a, b = symbols[position], symbols[position + 1]
        if a == b:
            continue
        swapped = symbols[:position] + b + a + symbols[position + 2 :]
        with pytest.raises(FormatError, match="looks mistyped"):
            normalize_recovery_code(grouped(swapped))
        swaps += 1
    assert swaps > 0


def test_every_swap_of_any_two_symbols_is_caught(code: str) -> None:
    symbols = list(symbols_of(code))
    for i in range(len(symbols)):
        for j in range(i + 1, len(symbols)):
            if symbols[i] == symbols[j]:
                continue
            swapped = symbols.copy()
            swapped[i], swapped[j] = swapped[j], swapped[i]
            with pytest.raises(FormatError, match="looks mistyped"):
                normalize_recovery_code("".join(swapped))


def test_two_substitutions_are_caught() -> None:
    symbols = symbols_of(KNOWN_CODE)
    alphabet = recovery_code.ALPHABET
    for first in range(len(symbols)):
        for second in range(first + 1, len(symbols)):
            for shift in (1, 17):  # two different pairs of wrong symbols per pair of places
                typo = list(symbols)
                for position in (first, second):
                    typo[position] = alphabet[(alphabet.index(typo[position]) + shift) % 32]
                with pytest.raises(FormatError, match="looks mistyped"):
                    normalize_recovery_code("".join(typo))


@pytest.mark.parametrize(
    "typed",
    [
        "0123-4567-89ab-cdef-ghjk-mnpq-rsct",
        "0123 4567 89AB CDEF GHJK MNPQ RSCT",
        "01234567 89ABCDEF GHJKMNPQ RSCT\n",
        "0123456789ABCDEFGHJKMNPQRSCT",
        "  0-1-2-3 4567 - 89AB\tCDEF GHJK MNPQ RSCT ",
        "O123-4567-89AB-CDEF-GHJK-MNPQ-RSCT",
        "o123-4567-89AB-CDEF-GHJK-MNPQ-RSCT",
        "0I23-4567-89AB-CDEF-GHJK-MNPQ-RSCT",
        "0i23-4567-89AB-CDEF-GHJK-MNPQ-RSCT",
        "0L23-4567-89AB-CDEF-GHJK-MNPQ-RSCT",
        "0l23-4567-89AB-CDEF-GHJK-MNPQ-RSCT",
        # Full-width, as a Korean or Japanese input method may send it.
        "０１２３－４５６７－８９ＡＢ－ＣＤＥＦ－ＧＨＪＫ－ＭＮＰＱ－ＲＳＣＴ",
        "0123\u30004567\u300089AB CDEF GHJK MNPQ RSCT",  # ideographic spaces
        "0123\u20134567\u201489AB\u2010CDEF\u2011GHJK\u00a0MNPQ RSCT",  # from a word processor
    ],
)
def test_typed_forms_and_look_alikes_are_read(typed: str) -> None:
    assert normalize_recovery_code(typed) == KNOWN_CODE


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "----",
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSC",  # one short
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSCT0",  # one long
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSCT-0123",
        "U123-4567-89AB-CDEF-GHJK-MNPQ-RSCT",  # U is not in Crockford's alphabet
        "0123_4567_89AB_CDEF_GHJK_MNPQ_RSCT",
        "0123.4567.89AB.CDEF.GHJK.MNPQ.RSCT",
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSCT\x00",
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSC\u0422",  # Cyrillic Т
        " " * 300 + "0123-4567-89AB-CDEF-GHJK-MNPQ-RSCT",  # longer than any typed code
    ],
)
def test_malformed_codes_are_refused_without_repeating_them(typed: str) -> None:
    with pytest.raises(FormatError, match="looks mistyped") as caught:
        normalize_recovery_code(typed)
    message = str(caught.value)
    assert "0123" not in message
    assert "RSC" not in message
