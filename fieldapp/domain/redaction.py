"""Pseudonymised views of a narrative, and suggestions of what to mark in it.

``render_redacted`` is the only way a narrative leaves the record for a shared view: every
marked span becomes a placeholder. ``suggest_redactions`` looks for what the program already
knows identifies the witness (names, aliases, places, family, contacts from the
``WitnessIdentity``) so the interviewer is offered each occurrence to mark; it marks nothing by
itself, because only a person can judge whether "Hoeryong" in a sentence points at the witness.

Matching is case-insensitive and script-aware. In Korean, particles attach to names without a
space (김철수는, 철수가), so a Hangul or Han term matches inside a longer word; a Latin term must
stand as a word of its own ("Kim" is not found in "Kimchaek"). A missed name costs more than a
dismissed suggestion, so the search also tries the parts of names people use on their own.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator

from fieldapp.domain.identity import WitnessIdentity
from fieldapp.domain.narrative import Narrative, RedactionKind, RedactionSpan

PLACEHOLDERS = {
    RedactionKind.NAME: "[name]",
    RedactionKind.PLACE: "[place]",
    RedactionKind.OTHER: "[redacted]",
}
#: A single letter or syllable matches everywhere; it is not worth offering.
MIN_TERM_CHARS = 2
#: Family names too common to suggest alone; the full name is still suggested. Without this,
#: a witness named Kim would flag every mention of Kim Il-sung.
COMMON_SURNAMES = frozenset(
    {
        "kim", "gim", "lee", "ri", "rhee", "yi", "park", "pak", "bak", "choi", "choe", "jung",
        "jong", "chung", "chong", "kang", "cho", "jo", "yoon", "yun", "jang", "chang", "han",
        "lim", "im", "rim", "shin", "sin", "song", "ryu", "yu", "hong", "jeon", "jon", "ko", "o",
        "oh", "mun", "moon", "an", "ahn", "kwon", "kwang", "hwang", "ryang", "yang", "nam",
        "김", "이", "리", "박", "최", "정", "강", "조", "윤", "장", "한", "림", "임", "신", "송",
        "류", "유", "홍", "전", "고", "오", "문", "안", "권", "황", "량", "양", "남",
    }
)  # fmt: skip
# Given names are two syllables after a one-syllable family name in nearly all Korean names.
_HANGUL_FULL_NAME = re.compile(r"[\uac00-\ud7a3]{3,4}")
_NAME_PART_SPLIT = re.compile(r"[\s,]+")


def render_redacted(narrative: Narrative) -> str:
    """The narrative with each marked span replaced by ``[name]``, ``[place]`` or ``[redacted]``."""
    pieces: list[str] = []
    position = 0
    for span in narrative.redactions:
        pieces.append(narrative.text[position : span.start])
        pieces.append(PLACEHOLDERS[span.kind])
        position = span.end
    pieces.append(narrative.text[position:])
    return "".join(pieces)


def suggest_redactions(narrative: Narrative, identity: WitnessIdentity) -> list[RedactionSpan]:
    """Occurrences of the witness's identifying details not yet marked, in text order."""
    found = find_identifying_terms(narrative.text, identity)
    return [span for span in found if not any(span.overlaps(m) for m in narrative.redactions)]


def find_identifying_terms(text: str, identity: WitnessIdentity) -> list[RedactionSpan]:
    """Non-overlapping spans of ``text`` where a detail of ``identity`` appears, longest first.

    Also for texts without spans of their own (a title, a summary) that must not name anyone.
    """
    candidates: list[tuple[int, int, RedactionKind]] = []
    for term, kind in _terms(identity):
        candidates.extend((start, end, kind) for start, end in _occurrences(text, term))
    # At each position prefer the longest match ("김철수" over "철수"), then drop overlaps.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    spans: list[RedactionSpan] = []
    reached = 0
    for start, end, kind in candidates:
        if start >= reached:
            spans.append(RedactionSpan(start=start, end=end, kind=kind))
            reached = end
    return spans


def _terms(identity: WitnessIdentity) -> Iterator[tuple[str, RedactionKind]]:
    names = [*identity.names, *identity.aliases]
    names += [member.name for member in identity.family_at_risk if member.name]
    places = [place.name for place in identity.places]
    places += [member.location for member in identity.family_at_risk if member.location]
    contacts = [contact.value for contact in identity.contacts]
    seen: set[str] = set()
    for values, kind, expand in (
        (names, RedactionKind.NAME, _name_variants),
        (places, RedactionKind.PLACE, _spelling_variants),
        (contacts, RedactionKind.OTHER, _spelling_variants),
    ):
        for value in values:
            for term in expand(value):
                key = term.casefold()
                if len(term) >= MIN_TERM_CHARS and key not in seen:
                    seen.add(key)
                    yield term, kind


def _name_variants(name: str) -> Iterator[str]:
    yield from _spelling_variants(name)
    if _HANGUL_FULL_NAME.fullmatch(name):
        yield from _spelling_variants(name[1:])  # 김철수 → 철수
    parts = [p for p in _NAME_PART_SPLIT.split(name) if p]
    if len(parts) > 1:
        for part in parts:
            if part.casefold() not in COMMON_SURNAMES:
                yield from _spelling_variants(part)  # Kim Chol-su → Chol-su


def _spelling_variants(term: str) -> Iterator[str]:
    # Romanised Korean is written Chol-su, Cholsu and Chol Su; Hangul may arrive composed (NFC)
    # or as separate jamo (NFD, from some macOS and web sources).
    base = term.strip()
    for form in _unique([base, base.replace("-", ""), base.replace("-", " ")]):
        yield from _unique([unicodedata.normalize("NFC", form), unicodedata.normalize("NFD", form)])


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _occurrences(text: str, term: str) -> Iterator[tuple[int, int]]:
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start, end = match.span()
        if _stands_alone(text, start, end):
            yield start, end
        position = start + 1


def _stands_alone(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not _joins(text[start - 1], text[start])
    after_ok = end == len(text) or not _joins(text[end - 1], text[end])
    return before_ok and after_ok


def _joins(left: str, right: str) -> bool:
    # Two letters or digits of a script written with spaces belong to one word.
    return _spaced_word_char(left) and _spaced_word_char(right)


def _spaced_word_char(char: str) -> bool:
    return char.isalnum() and not _is_unspaced_script(char)


def _is_unspaced_script(char: str) -> bool:
    # Hangul (syllables and jamo) and Han characters: particles and endings attach directly.
    code = ord(char)
    return (
        0xAC00 <= code <= 0xD7A3
        or 0x1100 <= code <= 0x11FF
        or 0x3130 <= code <= 0x318F
        or 0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
    )
