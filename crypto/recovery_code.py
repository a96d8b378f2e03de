"""Recovery codes: 130 random bits that a person can copy by hand, with check symbols for typos.

A code is 28 symbols of Crockford's base32 in seven groups of four, as a person writes it down:

    FP6X-1FH2-RS73-RGGF-NQD3-B66H-7ZC4

The first 26 symbols are random (26 × 5 = 130 bits). The last two are the check symbols of a
Reed–Solomon code over GF(32): read as a polynomial, the whole code has the roots α and α², which
makes any two codes differ in at least three symbols. So every single typo, every pair of typos
and every swap of two symbols (adjacent or not, across a dash or not) is caught here, in
microseconds, before anyone spends time on a key derivation that could only fail.

Reading is forgiving where it cannot hurt: lower case, spaces and dashes of any kind anywhere,
full-width letters from East Asian input methods (NFKC), and Crockford's look-alikes (O→0, I and
L→1). Forgiveness costs no security: the check symbols still have to match.
"""

import secrets
import unicodedata

from crypto.errors import FormatError

# Crockford's base32: digits and upper-case letters without I, L, O (look like 1 and 0) and U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOK_ALIKES = {"O": "0", "I": "1", "L": "1"}
BITS_PER_SYMBOL = 5
DATA_SYMBOLS = 26  # 130 bits: the fewest whole symbols that give at least 128
CHECK_SYMBOLS = 2
CODE_SYMBOLS = DATA_SYMBOLS + CHECK_SYMBOLS
GROUP_SIZE = 4
GROUP_SEPARATOR = "-"
# Longer input is not a mistyped code but something else pasted; refuse it before normalising.
MAX_INPUT_CHARS = 256

# GF(32) as polynomials over GF(2) modulo the primitive polynomial x⁵ + x² + 1; α = x = 2.
# A code of 28 symbols uses the distinct powers α⁰…α²⁷ (< 31), as Reed–Solomon requires.
_FIELD_POLYNOMIAL = 0b100101
_FIELD_OVERFLOW = 0b100000
_CHECK_ROOTS = (2, 4)  # α, α²
# g(x) = (x + α)(x + α²) = x² + (α + α²)x + α³, highest degree first; adding is XOR here.
_GENERATOR = (1, 2 ^ 4, 8)

_MISTYPED = "The recovery code looks mistyped: please check it against the copy you wrote down."
_WRONG_LENGTH = (
    f"The recovery code looks mistyped: it should have {CODE_SYMBOLS} letters and digits."
)
_BAD_CHARACTER = (
    "The recovery code looks mistyped: it contains a character that recovery codes do not use."
)


def generate_recovery_code() -> str:
    """A new code from the operating system's CSPRNG, in its canonical grouped form."""
    data = [secrets.randbelow(len(ALPHABET)) for _ in range(DATA_SYMBOLS)]
    return _format([*data, *_check_symbols(data)])


def normalize_recovery_code(text: str) -> str:
    """The canonical form of a code as a person typed it; FormatError if it cannot be one.

    The messages never repeat the code or any of its characters: they may reach a log.
    """
    symbols = _symbols(text)
    if len(symbols) != CODE_SYMBOLS:
        raise FormatError(_WRONG_LENGTH)
    if not _has_valid_check(symbols):
        raise FormatError(_MISTYPED)
    return _format(symbols)


def _has_valid_check(symbols: list[int]) -> bool:
    # The symbols (values 0–31), read as a polynomial, must vanish at both check roots.
    return all(_evaluate(symbols, root) == 0 for root in _CHECK_ROOTS)


def _symbols(text: str) -> list[int]:
    if len(text) > MAX_INPUT_CHARS:
        raise FormatError(_WRONG_LENGTH)
    # NFKC first, so that full-width "ＫＱ７" from a Korean or Japanese keyboard reads as "KQ7".
    symbols = []
    for char in unicodedata.normalize("NFKC", text).upper():
        if _is_separator(char):
            continue
        value = ALPHABET.find(LOOK_ALIKES.get(char, char))
        if value < 0:
            raise FormatError(_BAD_CHARACTER)
        symbols.append(value)
    return symbols


def _is_separator(char: str) -> bool:
    # Any space or dash: a code copied through a word processor or a PDF comes back with
    # en dashes, non-breaking hyphens or no-break spaces where the person saw "-" and " ".
    return char.isspace() or unicodedata.category(char) == "Pd"


def _format(symbols: list[int]) -> str:
    text = "".join(ALPHABET[value] for value in symbols)
    groups = (text[i : i + GROUP_SIZE] for i in range(0, len(text), GROUP_SIZE))
    return GROUP_SEPARATOR.join(groups)


def _check_symbols(data: list[int]) -> list[int]:
    # Systematic encoding: the check symbols are the remainder of data(x)·x² divided by g(x),
    # so that data followed by them is a multiple of g(x) and vanishes at g's roots.
    remainder = [*data, *([0] * CHECK_SYMBOLS)]
    for i in range(len(data)):
        factor = remainder[i]
        for j, coefficient in enumerate(_GENERATOR):
            remainder[i + j] ^= _multiply(coefficient, factor)
    return remainder[-CHECK_SYMBOLS:]


def _evaluate(symbols: list[int], point: int) -> int:
    # Horner's rule; the first symbol is the highest power.
    value = 0
    for symbol in symbols:
        value = _multiply(value, point) ^ symbol
    return value


def _multiply(a: int, b: int) -> int:
    # Carry-less multiplication reduced modulo the field polynomial: GF(32) multiplication.
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & _FIELD_OVERFLOW:
            a ^= _FIELD_POLYNOMIAL
    return product
