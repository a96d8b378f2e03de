"""Offsets between the domain's units and Qt's.

The domain counts Unicode code points (Python ``str`` indices); Qt's documents count UTF-16
code units, which differ for every character beyond the Basic Multilingual Plane (emoji, rare
Han characters). Every span crossing between the two goes through here.
"""

import re
from collections.abc import Sequence

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _is_bmp_only(text: str) -> bool:
    return len(text.encode("utf-16-le")) == 2 * len(text)


def code_points_to_utf16(text: str, offsets: Sequence[int]) -> list[int]:
    """Each code-point offset into ``text`` as a UTF-16 offset."""
    if _is_bmp_only(text):
        return list(offsets)
    prefix = _utf16_prefix(text)
    return [prefix[offset] for offset in offsets]


def utf16_to_code_points(text: str, offsets: Sequence[int]) -> list[int]:
    """Each UTF-16 offset into ``text`` as a code-point offset (inside a pair: the character)."""
    if _is_bmp_only(text):
        return list(offsets)
    prefix = _utf16_prefix(text)
    back: dict[int, int] = {}
    for index, units in enumerate(prefix):
        back.setdefault(units, index)
    results = []
    for offset in offsets:
        while offset not in back:  # the middle of a surrogate pair: the character starts before
            offset -= 1
        results.append(back[offset])
    return results


def _utf16_prefix(text: str) -> list[int]:
    # prefix[i] = UTF-16 units in text[:i], for i in 0..len(text).
    prefix = [0]
    for char in text:
        prefix.append(prefix[-1] + (2 if ord(char) > 0xFFFF else 1))
    return prefix


def without_carriage_returns(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """``text`` with CR LF and lone CR as LF (as a Qt document holds it), offsets moved along."""
    if "\r" not in text:
        return text, list(offsets)
    moved = [offset - text.count("\r\n", 0, offset) for offset in offsets]
    return text.replace("\r\n", "\n").replace("\r", "\n"), moved


def plain_paste_text(text: str) -> str:
    """Pasted text as the narrative may hold it: line breaks kept, other control characters
    (which the domain refuses, and which can hide text) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)
