"""Bech32 (BIP 173) as age uses it: for recipients (age1…) and identities (AGE-SECRET-KEY-1…).

age lifts BIP 173's 90-character limit, since a post-quantum recipient is about two thousand
characters long. We cap the length instead at a bound well above the longest key we accept, so
a hostile string cannot make us allocate much before we refuse it.
"""

import base64
import re

from crypto.errors import FormatError

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
MAX_BECH32_LENGTH = 4096
_CHECKSUM_LENGTH = 6
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHARSET_INDEX = {c: i for i, c in enumerate(CHARSET)}
_PRINTABLE = re.compile(r"[!-~]*")  # US-ASCII 33 to 126, as BIP 173 allows
# BIP 173's polymod XORs in generator i for each bit i of the five bits shifted out; the XOR of
# those generators depends only on the five bits, so it is looked up once per character rather
# than tested bit by bit: a post-quantum recipient (two thousand characters) is checked about
# five times faster, and every key is parsed where bundles, packs and set-ups are written.


def _shifted_out_table() -> tuple[int, ...]:
    table = []
    for top in range(32):
        xor = 0
        for i, generator in enumerate(_GENERATOR):
            if (top >> i) & 1:
                xor ^= generator
        table.append(xor)
    return tuple(table)


_SHIFTED_OUT = _shifted_out_table()


def _polymod(values: list[int]) -> int:
    checksum = 1
    table = _SHIFTED_OUT
    for value in values:
        checksum = ((checksum & 0x1FFFFFF) << 5) ^ value ^ table[checksum >> 25]
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


# Bech32 spells bytes five bits a character, highest bits first, as RFC 4648's base 32 does
# in another alphabet: the conversions go through base64.b32encode and int(…, 32), whose loops
# are C, not a Python loop a bit group at a time (two thousand characters in a post-quantum key).
_FROM_RFC4648 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CHARSET)
_TO_BASE32_DIGITS = str.maketrans(CHARSET, "0123456789abcdefghijklmnopqrstuv")


def _bytes_to_characters(data: bytes) -> str:
    """The data part's characters for ``data``: zero bits pad the last group of five."""
    return base64.b32encode(data).decode("ascii").rstrip("=").translate(_FROM_RFC4648)


def _characters_to_bytes(characters: str) -> bytes:
    """The bytes the data part's ``characters`` (checksum removed, each one in CHARSET) spell."""
    bit_count = 5 * len(characters)
    leftover = bit_count % 8
    value = int(characters.translate(_TO_BASE32_DIGITS), 32) if characters else 0
    if leftover >= 5 or value & ((1 << leftover) - 1):
        # Leftover bits must be fewer than a whole character and all zero: anything else
        # means a second spelling of the same bytes, which a canonical format must refuse.
        raise FormatError("The key is not validly encoded (Bech32 padding).")
    return (value >> leftover).to_bytes(bit_count // 8, "big")


def encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under the lower-case human-readable part ``hrp``."""
    if not hrp or hrp != hrp.lower():
        raise ValueError("the human-readable part must be non-empty lower case")
    characters = _bytes_to_characters(data)
    words = [_CHARSET_INDEX[c] for c in characters]
    polymod = _polymod([*_expand_hrp(hrp), *words, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = "".join(CHARSET[(polymod >> 5 * (5 - i)) & 31] for i in range(_CHECKSUM_LENGTH))
    return hrp + "1" + characters + checksum


def decode(text: str) -> tuple[str, bytes]:
    """Decode a Bech32 string into its lower-case human-readable part and its bytes."""
    if len(text) > MAX_BECH32_LENGTH:
        raise FormatError("The key is too long.")
    if not _PRINTABLE.fullmatch(text):
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
    return hrp, _characters_to_bytes(text[separator + 1 : -_CHECKSUM_LENGTH])
