"""Bech32 (BIP 173) as age uses it: for recipients (age1…) and identities (AGE-SECRET-KEY-1…).

age lifts BIP 173's 90-character limit, since a post-quantum recipient is about two thousand
characters long. We cap the length instead at a bound well above the longest key we accept, so
a hostile string cannot make us allocate much before we refuse it.
"""

from crypto.errors import FormatError

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
MAX_BECH32_LENGTH = 4096
_CHECKSUM_LENGTH = 6
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHARSET_INDEX = {c: i for i, c in enumerate(CHARSET)}


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATOR):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    accumulator = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((accumulator >> bits) & max_value)
    if pad:
        if bits:
            out.append((accumulator << (to_bits - bits)) & max_value)
    elif bits >= from_bits or (accumulator << (to_bits - bits)) & max_value:
        # Leftover bits must be fewer than a whole input group and all zero: anything else
        # means a second spelling of the same bytes, which a canonical format must refuse.
        raise FormatError("The key is not validly encoded (Bech32 padding).")
    return out


def encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under the lower-case human-readable part ``hrp``."""
    if not hrp or hrp != hrp.lower():
        raise ValueError("the human-readable part must be non-empty lower case")
    words = _convert_bits(data, 8, 5, pad=True)
    polymod = _polymod([*_expand_hrp(hrp), *words, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(_CHECKSUM_LENGTH)]
    return hrp + "1" + "".join(CHARSET[w] for w in words + checksum)


def decode(text: str) -> tuple[str, bytes]:
    """Decode a Bech32 string into its lower-case human-readable part and its bytes."""
    if len(text) > MAX_BECH32_LENGTH:
        raise FormatError("The key is too long.")
    if not text.isascii() or any(not 33 <= ord(c) <= 126 for c in text):
        raise FormatError("The key contains characters that are not allowed.")
    if text.lower() != text and text.upper() != text:
        raise FormatError("The key mixes upper and lower case.")
    text = text.lower()
    separator = text.rfind("1")
    if separator < 1 or separator + _CHECKSUM_LENGTH + 1 > len(text):
        raise FormatError("The key is not validly encoded (Bech32 separator).")
    hrp = text[:separator]
    try:
        words = [_CHARSET_INDEX[c] for c in text[separator + 1 :]]
    except KeyError:
        raise FormatError("The key contains characters that are not allowed.") from None
    if _polymod(_expand_hrp(hrp) + words) != 1:
        raise FormatError("The key is mistyped or damaged (Bech32 checksum).")
    data = _convert_bits(words[:-_CHECKSUM_LENGTH], 5, 8, pad=False)
    return hrp, bytes(data)
