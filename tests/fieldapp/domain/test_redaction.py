"""Pseudonymised rendering never shows a marked span; suggestions find the witness's details."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import (
    ContactKind,
    ContactPoint,
    Narrative,
    RedactionKind,
    RedactionSpan,
    find_identifying_terms,
    render_redacted,
    suggest_redactions,
)

from .factories import NARRATIVE_TEXT, make_identity, make_narrative

NAME, PLACE, OTHER = RedactionKind.NAME, RedactionKind.PLACE, RedactionKind.OTHER
# Marked text is drawn from Hangul, unmarked text from characters no placeholder contains, so a
# single Hangul syllable in the output is a leak.
SECRET_ALPHABET = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
PLAIN_ALPHABET = st.sampled_from("0123456789 .,\n")


def _found(text: str, spans: list[RedactionSpan]) -> list[tuple[str, RedactionKind]]:
    return [(text[s.start : s.end], s.kind) for s in spans]


def test_marked_spans_become_placeholders() -> None:
    narrative = make_narrative(
        NARRATIVE_TEXT, ("Kim Chol-su", NAME), ("Hoeryong", PLACE), ("bowibu", OTHER)
    )
    assert render_redacted(narrative) == (
        "In March 2009 [name] was arrested in [place] by agents of the [redacted]. "
        "He was held for two months and beaten during interrogation."
    )


def test_adjacent_spans_and_spans_at_the_edges() -> None:
    narrative = Narrative(
        text="김철수회령",
        redactions=(
            RedactionSpan(start=0, end=3, kind=NAME),
            RedactionSpan(start=3, end=5, kind=PLACE),
        ),
    )
    assert render_redacted(narrative) == "[name][place]"
    assert render_redacted(Narrative(text="no marks")) == "no marks"


@st.composite
def _segmented(draw: st.DrawFn) -> tuple[Narrative, str]:
    """A narrative of alternating plain and marked segments, and its expected rendering."""
    segments = draw(
        st.lists(
            st.tuples(st.booleans(), st.sampled_from(RedactionKind), st.integers(1, 12)),
            max_size=12,
        )
    )
    text, expected, spans = "", "", []
    for marked, kind, length in segments:
        alphabet = SECRET_ALPHABET if marked else PLAIN_ALPHABET
        piece = draw(st.text(alphabet, min_size=length, max_size=length))
        if marked:
            spans.append(RedactionSpan(start=len(text), end=len(text) + len(piece), kind=kind))
            expected += {NAME: "[name]", PLACE: "[place]", OTHER: "[redacted]"}[kind]
        else:
            expected += piece
        text += piece
    return Narrative(text=text, redactions=tuple(spans)), expected


@given(_segmented())
def test_rendering_never_shows_a_marked_character(case: tuple[Narrative, str]) -> None:
    narrative, expected = case
    rendered = render_redacted(narrative)
    assert rendered == expected
    assert not any(0xAC00 <= ord(ch) <= 0xD7A3 for ch in rendered)


def test_suggestions_find_korean_names_with_particles_and_given_names_alone() -> None:
    text = "김철수는 회령에서 태어났다. 어머니는 철수가 군대에 가기를 바랐다."
    spans = suggest_redactions(Narrative(text=text), make_identity())
    assert _found(text, spans) == [("김철수", NAME), ("회령", PLACE), ("철수", NAME)]


def test_suggestions_find_romanised_names_in_any_case_and_spelling() -> None:
    text = "KIM CHOL-SU told us that Cholsu's sister Kim Yong-hui still lives in Musan."
    found = _found(text, suggest_redactions(Narrative(text=text), make_identity()))
    assert found == [
        ("KIM CHOL-SU", NAME),
        ("Cholsu", NAME),
        ("Kim Yong-hui", NAME),
        ("Musan", PLACE),
    ]


def test_common_family_names_and_parts_of_words_are_not_suggested() -> None:
    text = "Kim Il-sung's portrait hung in Kimchaek; a hoeryongese dish."
    assert suggest_redactions(Narrative(text=text), make_identity()) == []


def test_aliases_and_contacts_are_found() -> None:
    identity = make_identity(
        contacts=(ContactPoint(kind=ContactKind.PHONE, value="010-1234-5678"),)
    )
    text = "They called him Cheol-i. His number was 01012345678."
    assert _found(text, find_identifying_terms(text, identity)) == [
        ("Cheol-i", NAME),
        ("01012345678", OTHER),
    ]


def test_decomposed_hangul_is_found_at_its_own_offsets() -> None:
    text = "증인 " + unicodedata.normalize("NFD", "김철수") + "는"
    spans = find_identifying_terms(text, make_identity())
    assert len(spans) == 1
    assert unicodedata.normalize("NFC", text[spans[0].start : spans[0].end]) == "김철수"


def test_spans_already_marked_are_not_suggested_again() -> None:
    narrative = make_narrative(NARRATIVE_TEXT, ("Kim Chol-su", NAME))
    assert _found(NARRATIVE_TEXT, suggest_redactions(narrative, make_identity())) == [
        ("Hoeryong", PLACE)
    ]


def test_suggestions_can_be_marked_as_they_are() -> None:
    narrative = Narrative(text=NARRATIVE_TEXT)
    for span in suggest_redactions(narrative, make_identity()):
        narrative = narrative.with_redaction(span)
    assert render_redacted(narrative).startswith("In March 2009 [name] was arrested in [place]")


def test_titles_can_be_checked_for_names_too() -> None:
    assert find_identifying_terms("Testimony of 김철수", make_identity())
    assert not find_identifying_terms("Detention in North Hamgyong", make_identity())
