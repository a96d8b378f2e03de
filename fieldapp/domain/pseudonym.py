"""Pseudonym codes: the only link from a testimony to the witness, e.g. ``W-7KQ2-M9X7``.

A code is the prefix ``W`` and eight symbols of Crockford's base32 in two groups of four: seven
random symbols (35 bits) and one check symbol. Crockford's alphabet leaves out I, L, O and U, so a
code read aloud or copied by hand from a paper form has few ways to go wrong, and the usual
look-alikes (O for 0, I or L for 1) are read as what they must have meant.

The check symbol makes the eight symbols a codeword over GF(32): with α a primitive element,
Σ αⁱ·xᵢ = 0. A change of one symbol adds αⁱ·e ≠ 0, and swapping two different symbols at any two
positions adds (a+b)(αⁱ+αʲ) ≠ 0 because the powers of α are distinct for i, j < 31. So *every*
single-symbol typo and every swap of two symbols is caught, which a weighted sum mod 32 cannot do
(even weights are not invertible mod 32). Crockford's own mod-37 check would need five extra
symbols (``*~$=U``) that are hard to read aloud.

Thirty-five random bits make a collision likely only past ~200,000 witnesses in one archive; the
workspace passes the codes it already holds to ``new_pseudonym(avoid=…)`` and the archive
checks for a clash on import.
"""

import re
import secrets
import unicodedata
from collections.abc import Container
from typing import Annotated

from pydantic import AfterValidator

from fieldapp.errors import FieldappError, InvalidPseudonymError

PREFIX = "W"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_SYMBOLS = 7
CODE_SYMBOLS = DATA_SYMBOLS + 1  # with the check symbol
GROUP_SIZE = 4
SEPARATOR = "-"
#: Longest input worth normalising; a code with generous spacing is well under this.
MAX_INPUT_CHARS = 64
#: Attempts to find a code not in ``avoid`` before concluding the caller's set is wrong.
MAX_NEW_ATTEMPTS = 1000

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
NOT_CANONICAL = "is not a pseudonym code in canonical form (like W-7KQ2-M9X7)"

# x⁵ + x² + 1, a primitive polynomial over GF(2): α = x generates all 31 non-zero elements.
_GF32_MODULUS = 0b100101
_GF32_HIGH_BIT = 0b100000
# Crockford's decoding of look-alikes (applied after upper-casing).
_LOOKALIKES = {"O": "0", "I": "1", "L": "1"}
# Hyphens and dashes people type or word processors substitute; all removed, as is whitespace.
_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc_.")
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
#: A code as ``_format`` writes it: the prefix, then the symbols in groups (``W-7KQ2-M9XA``).
_CANONICAL_SHAPE = re.compile(
    re.escape(PREFIX)
    + "".join(
        f"{re.escape(SEPARATOR)}[{ALPHABET}]{{{min(GROUP_SIZE, CODE_SYMBOLS - start)}}}"
        for start in range(0, CODE_SYMBOLS, GROUP_SIZE)
    )
)


def new_pseudonym(avoid: Container[str] = ()) -> str:
    """A fresh random code in canonical form, not one of ``avoid``."""
    for _ in range(MAX_NEW_ATTEMPTS):
        data = [secrets.randbelow(len(ALPHABET)) for _ in range(DATA_SYMBOLS)]
        code = _format([*data, _check_value(data)])
        if code not in avoid:
            return code
    raise FieldappError("No unused pseudonym code could be found.")


def parse_pseudonym(text: str) -> str:
    """The canonical form of a typed code; InvalidPseudonymError if it is not a valid code.

    Accepts lower case, any spacing or dashes, full-width characters from an East Asian input
    method, and Crockford's look-alikes. The message never repeats what was typed.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        raise InvalidPseudonymError("This is not a pseudonym code: it is too long.")
    # NFKC folds full-width forms (Ｗ－７ＫＱ２) into ASCII.
    folded = unicodedata.normalize("NFKC", text).upper()
    compact = "".join(ch for ch in folded if ch not in _SEPARATORS and not ch.isspace())
    if not compact.startswith(PREFIX):
        raise InvalidPseudonymError(f"A pseudonym code starts with {PREFIX}-.")
    body = "".join(_LOOKALIKES.get(ch, ch) for ch in compact[len(PREFIX) :])
    if len(body) != CODE_SYMBOLS:
        raise InvalidPseudonymError(
            f"A pseudonym code has {CODE_SYMBOLS} characters after {PREFIX}-; check for a "
            "missing or extra character."
        )
    if any(ch not in _VALUES for ch in body):
        raise InvalidPseudonymError("The pseudonym code contains a character codes never use.")
    values = [_VALUES[ch] for ch in body]
    if _syndrome(values) != 0:
        raise InvalidPseudonymError(
            "The pseudonym code does not check out: one of its characters is mistyped."
        )
    return _format(values)


def is_pseudonym(text: str) -> bool:
    """Whether ``text`` is a valid code in canonical form."""
    if isinstance(text, str) and _CANONICAL_SHAPE.fullmatch(text):
        # Already in the canonical shape (as every stored record's code): normalising it would
        # give it back unchanged, so only the check symbol is left to confirm.
        body = text[len(PREFIX) :].replace(SEPARATOR, "")
        return _syndrome([_VALUES[ch] for ch in body]) == 0
    try:
        return parse_pseudonym(text) == text
    except InvalidPseudonymError:
        return False


def _check_model_field(value: str) -> str:
    # Records hold only the canonical form, so that a record's bytes (and hash) do not depend
    # on how the interviewer typed the code. Typed input goes through parse_pseudonym first.
    if not is_pseudonym(value):
        raise ValueError(NOT_CANONICAL)
    return value


#: A pseudonym code as a model field: canonical form only.
PseudonymCode = Annotated[str, AfterValidator(_check_model_field)]


def _mul_alpha(value: int) -> int:
    value <<= 1
    if value & _GF32_HIGH_BIT:
        value ^= _GF32_MODULUS
    return value


def _syndrome(values: list[int]) -> int:
    # Horner's rule: Σ α^(n-1-i)·xᵢ; addition in GF(2⁵) is XOR.
    total = 0
    for value in values:
        total = _mul_alpha(total) ^ value
    return total


def _check_value(data: list[int]) -> int:
    # Appending c gives α·s + c; choosing c = α·s makes the syndrome zero.
    return _mul_alpha(_syndrome(data))


def _format(values: list[int]) -> str:
    symbols = "".join(ALPHABET[v] for v in values)
    groups = [symbols[i : i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE)]
    return SEPARATOR.join([PREFIX, *groups])
