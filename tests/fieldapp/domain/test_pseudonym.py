"""Pseudonym codes: form, normalisation, and that every single typo is caught."""

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import Testimony, is_pseudonym, new_pseudonym, parse_pseudonym, validate_model
from fieldapp.domain.pseudonym import ALPHABET, PREFIX
from fieldapp.errors import FieldappError, InvalidPseudonymError, ValidationFailedError

from .factories import PSEUDONYM, as_fields, make_testimony

CODE_FORM = re.compile(r"W-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
# Positions of the eight code symbols in "W-XXXX-XXXX".
SYMBOL_POSITIONS = (2, 3, 4, 5, 7, 8, 9, 10)
SAMPLE_CODES = 40


def _sample_codes() -> list[str]:
    return [new_pseudonym() for _ in range(SAMPLE_CODES)] + [PSEUDONYM]


def test_new_codes_have_the_documented_form_and_check_out() -> None:
    codes = _sample_codes()
    for code in codes:
        assert CODE_FORM.fullmatch(code)
        assert parse_pseudonym(code) == code
        assert is_pseudonym(code)
    assert len(set(codes)) == len(codes)


def test_new_codes_avoid_the_ones_given() -> None:
    taken = {new_pseudonym() for _ in range(20)}
    assert all(new_pseudonym(avoid=taken) not in taken for _ in range(50))


def test_a_full_avoid_set_ends_with_an_error() -> None:
    class Everything:
        def __contains__(self, item: object) -> bool:
            return True

    with pytest.raises(FieldappError):
        new_pseudonym(avoid=Everything())


@pytest.mark.parametrize(
    "typed",
    [
        "w-7kq2-m9x7",
        "W7KQ2M9X7",
        "  W 7KQ2 M9X7 ",
        "W–7KQ2—M9X7",
        "Ｗ－７ＫＱ２－Ｍ９Ｘ７",  # full width, as a Korean input method types it
        "W-7KQ2-M9X7\n",
    ],
)
def test_typed_forms_normalise_to_the_canonical_code(typed: str) -> None:
    assert parse_pseudonym(typed) == PSEUDONYM


def test_crockford_look_alikes_read_as_what_they_mean() -> None:
    code = _with_valid_check("0111000")
    assert parse_pseudonym(code.replace("0", "O").replace("1", "I")) == code
    assert parse_pseudonym(code.replace("1", "l")) == code


def test_every_single_character_substitution_is_caught() -> None:
    for code in _sample_codes():
        for position in SYMBOL_POSITIONS:
            for symbol in ALPHABET:
                if symbol == code[position]:
                    continue
                typo = code[:position] + symbol + code[position + 1 :]
                with pytest.raises(InvalidPseudonymError):
                    parse_pseudonym(typo)


def test_every_swap_of_two_different_characters_is_caught() -> None:
    for code in _sample_codes():
        for i, j in itertools.combinations(SYMBOL_POSITIONS, 2):
            if code[i] == code[j]:
                continue
            swapped = list(code)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            with pytest.raises(InvalidPseudonymError):
                parse_pseudonym("".join(swapped))


def test_a_dropped_or_doubled_character_is_caught() -> None:
    for code in _sample_codes():
        for position in SYMBOL_POSITIONS:
            with pytest.raises(InvalidPseudonymError, match="characters"):
                parse_pseudonym(code[:position] + code[position + 1 :])
            with pytest.raises(InvalidPseudonymError, match="characters"):
                parse_pseudonym(code[:position] + code[position] + code[position:])


@pytest.mark.parametrize(
    "text", ["", "X-7KQ2-M9X7", "7KQ2-M9X7", "W-7KQ2-M9XU", "W-" + "7" * 80, "김철수"]
)
def test_non_codes_are_refused_without_repeating_them(text: str) -> None:
    with pytest.raises(InvalidPseudonymError) as caught:
        parse_pseudonym(text)
    if text:
        assert text not in str(caught.value)
    assert not is_pseudonym(text)


@given(st.text(max_size=30))
def test_arbitrary_text_gives_a_code_or_the_module_error(text: str) -> None:
    try:
        code = parse_pseudonym(text)
    except InvalidPseudonymError:
        return
    assert CODE_FORM.fullmatch(code)


def test_records_hold_only_the_canonical_form() -> None:
    fields = as_fields(make_testimony())
    with pytest.raises(ValidationFailedError, match="pseudonym"):
        validate_model(Testimony, {**fields, "pseudonym": PSEUDONYM.lower()})
    assert validate_model(Testimony, fields).pseudonym == PSEUDONYM


def _with_valid_check(data: str) -> str:
    # Find the one check symbol that makes the code valid: exactly one of 32 must.
    valid = []
    for symbol in ALPHABET:
        candidate = f"{PREFIX}-{data[:4]}-{data[4:]}{symbol}"
        if is_pseudonym(candidate):
            valid.append(candidate)
    assert len(valid) == 1
    return valid[0]
