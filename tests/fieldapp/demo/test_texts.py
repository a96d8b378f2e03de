"""The phrase banks: complete, consistent with the vocabularies, and safe to redact."""

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from fieldapp.demo import texts
from fieldapp.demo.texts import KO, Template, particle
from fieldapp.domain import (
    KnownPlace,
    PlaceKind,
    RedactionKind,
    WitnessIdentity,
    active_vocabularies,
    find_identifying_terms,
    is_valid,
)

#: Well-known people from and around the DPRK (leaders, officials, prominent escapees and
#: witnesses, abductees). The demo must never produce one of these names.
WELL_KNOWN_NAMES = frozenset(
    {
        "김일성", "김정일", "김정은", "김여정", "김정남", "김영남", "김기남", "김영철", "김정숙",
        "김경희", "리설주", "최룡해", "황병서", "장성택", "박봉주", "리용호", "최선희", "현송월",
        "리춘히", "태영호", "김현희", "신동혁", "강철환", "박연미", "이현서", "지성호", "김혜숙",
        "정광일", "김영순", "안명철", "이순옥", "리순옥", "최은희", "신상옥", "황장엽", "지현아",
    }
)  # fmt: skip
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KNOWN_BLANKS = {
    "full", "given", "alias", "kin", "home", "kin_place", "province", "birth_year", "left_year",
    "work", "rel", "date", "date_bare", "date_end", "perp", "facility", "count", "weeks", "years",
}  # fmt: skip


def _all_templates() -> Iterator[tuple[str, str]]:
    """(language, template text) of every sentence in the banks."""
    for lang in texts.LANGUAGES:
        for bank in (texts.INTRO, texts.LEAVING, texts.ALIAS, texts.FAMILY, texts.FILLER):
            for text in bank[lang]:
                yield lang, text
    for act in texts.ACTS.values():
        for text in act.main_en:
            yield "en", text
        for text in act.main_ko:
            yield KO, text
        yield "en", act.detail_en
        yield KO, act.detail_ko


def _fixed_phrases() -> Iterator[str]:
    """Every piece of text the corpus writes around the blanks, and what fills the non-name ones."""
    for _, text in _all_templates():
        yield from (part for part in Template.parse(text).parts if isinstance(part, str))
    for act in texts.ACTS.values():
        yield act.title_en
        yield act.title_ko
    for pair in (*texts.PERPETRATORS.values(), *texts.FACILITIES.values(), *texts.WORKPLACES):
        yield from pair
    for kin in texts.KIN:
        yield from (kin.relationship, kin.ko_from_woman, kin.ko_from_man)
    provinces = active_vocabularies()["dprk_provinces"]
    for entry in provinces.entries:
        yield entry.label
        yield entry.label_ko or entry.label


def test_particles_follow_the_final_sound() -> None:
    assert particle("순희", "은") == "는"
    assert particle("광혁", "은") == "은"
    assert particle("영옥", "이") == "이"
    assert particle("은별", "을") == "을"
    assert particle("명호", "아") == "야"
    assert particle("진혁", "아") == "아"
    assert particle("리메이", "이라는") == "라는"
    assert particle("교화소", "으로") == "로"
    assert particle("구류장", "으로") == "으로"
    assert particle("은별", "으로") == "로"  # after ㄹ, 로
    with pytest.raises(ValueError, match="Hangul"):
        particle("Kim", "은")


def test_template_render_marks_names_and_places_in_code_points() -> None:
    template = Template.parse("{home}에서는 모두 저를 {given|이라고} 불렀습니다.")
    pieces: list[str] = []
    spans: list[tuple[int, int, RedactionKind]] = []
    fillings = {"home": ("회령", RedactionKind.PLACE), "given": ("순희", RedactionKind.NAME)}
    end = template.render(fillings, pieces, spans, 10)
    text = "".join(pieces)
    assert text == "회령에서는 모두 저를 순희라고 불렀습니다."
    assert end == 10 + len(text)
    assert [(text[s - 10 : e - 10], kind) for s, e, kind in spans] == [
        ("회령", RedactionKind.PLACE),
        ("순희", RedactionKind.NAME),
    ]


def test_template_capitalises_an_opening_blank() -> None:
    pieces: list[str] = []
    Template.parse("{perp} came.").render({"perp": ("the guards", None)}, pieces, [], 0)
    assert "".join(pieces) == "The guards came."


def test_template_refuses_an_unknown_particle() -> None:
    with pytest.raises(ValueError, match="particle"):
        Template.parse("{given|에게}")


def test_every_template_uses_known_blanks_and_its_language() -> None:
    for lang, text in _all_templates():
        template = Template.parse(text)
        assert template.blanks() <= _KNOWN_BLANKS, text
        assert bool(_HANGUL.search(text)) == (lang == KO), text
        if lang != KO:
            assert not any(isinstance(p, tuple) and p[1] for p in template.parts), text


def test_every_coded_act_has_words_and_fits_the_vocabularies() -> None:
    vocabularies = active_vocabularies()
    assert set(texts.ACT_CODING) == set(texts.ACTS)
    for code, coding in texts.ACT_CODING.items():
        assert is_valid("act_types", code), code
        for perpetrator, _ in coding.perpetrators:
            assert is_valid("perpetrator_types", perpetrator), perpetrator
            assert perpetrator in texts.PERPETRATORS, perpetrator
        for source, _ in coding.sources:
            assert is_valid("source_connection", source), source
        assert set(coding.facilities) <= set(texts.FACILITIES)
        act_text = texts.ACTS[code]
        mains = [*act_text.main_en, *act_text.main_ko]
        needs_facility = any("{facility" in t for t in mains)
        assert needs_facility == bool(coding.facilities), code
        assert any("{count" in t for t in mains) == (coding.victims is not None) or code == (
            "shooting_at_the_border"
        ), code
        if any("{date_end" in t for t in mains):
            assert coding.lasts_days is not None, code
    for scenario, _ in texts.SCENARIOS:
        for act, category in scenario.acts:
            assert category in vocabularies.coi_categories_of(act), (scenario.name, act)


def test_hometowns_are_in_the_province_vocabulary() -> None:
    assert set(texts.HOMETOWNS) == {code for code, _ in texts.HOMETOWN_PROVINCES}
    for province in texts.HOMETOWNS:
        assert is_valid("dprk_provinces", province)


def test_no_name_or_hometown_hides_in_the_fixed_text() -> None:
    # Korean names match inside words (particles attach without a space), so a town called 라진
    # would be found in 사라진. Every name and place the corpus can mark must be absent from the
    # text around it, or the redacted rendering would still show a match.
    names = [
        name
        for pairs in (
            texts.FEMALE_GIVEN_NAMES,
            texts.MALE_GIVEN_NAMES,
            texts.FEMALE_ALIASES,
            texts.MALE_ALIASES,
        )
        for pair in pairs
        for name in pair
    ]
    places = [name for towns in texts.HOMETOWNS.values() for pair in towns for name in pair]
    identity = _identity_of(names, places)
    fixed = "\n".join(_fixed_phrases())
    found = find_identifying_terms(fixed, identity)
    assert [fixed[s.start : s.end] for s in found] == []


def _identity_of(names: list[str], places: list[str]) -> WitnessIdentity:
    return WitnessIdentity(
        pseudonym="W-7KQ2-M9X7",
        names=tuple(names),
        places=tuple(KnownPlace(name=p, kind=PlaceKind.RESIDENCE) for p in places),
        recorded_by="test",
        recorded_at=datetime(2024, 1, 1, tzinfo=UTC),
    )


def test_names_and_places_do_not_contain_each_other() -> None:
    # A name inside a town (or the reverse) would let one mark swallow another's match.
    terms = [
        *(
            n
            for pairs in (texts.FEMALE_GIVEN_NAMES, texts.MALE_GIVEN_NAMES)
            for p in pairs
            for n in p
        ),
        *(n for towns in texts.HOMETOWNS.values() for pair in towns for n in pair),
    ]
    for a, b in itertools.permutations(terms, 2):
        # Hangul terms match inside words, Latin ones only as whole words (as in redaction).
        pattern = re.escape(a) if _HANGUL.search(a) else rf"\b{re.escape(a)}\b"
        assert not re.search(pattern, b, re.IGNORECASE), (a, b)


def test_no_combination_makes_a_well_known_name() -> None:
    given = [g for g, _ in (*texts.FEMALE_GIVEN_NAMES, *texts.MALE_GIVEN_NAMES)]
    full = {family + name for (family, _), name in itertools.product(texts.FAMILY_NAMES, given)}
    assert not full & WELL_KNOWN_NAMES
    # 이 and 리 are one family name written two ways; check the southern spelling too.
    assert not {n.replace("리", "이", 1) for n in full if n.startswith("리")} & WELL_KNOWN_NAMES
