"""The demo corpus: deterministic, valid, clearly fictional, redacted, and mixed as promised."""

import hashlib
import io
import itertools
import re
import time
import wave
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

import pytest

from fieldapp.demo import DemoRecord, generate
from fieldapp.demo.audio import PNG_SIGNATURE
from fieldapp.demo.corpus import IDENTITY_NOTES, MINOR_INDEX, TITLE_PREFIX
from fieldapp.domain import (
    Attachment,
    AttachmentKind,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    RecordStatus,
    RedactionKind,
    Testimony,
    WitnessIdentity,
    canonical_bytes,
    effective_consent,
    find_identifying_terms,
    parse_canonical,
    render_redacted,
    seal,
    seal_checklist,
    suggest_redactions,
)

PERFORMANCE_COUNT = 10_000
#: Records whose attachments are built and checked byte by byte (building all takes longer).
ATTACHMENT_SAMPLE = 300
DEVICE = "SHA256:" + "A" * 43
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SENTENCE_END = re.compile(r"[.!?]\"?(?=\s|$)")


def _share(records: Sequence[DemoRecord], predicate: Callable[[DemoRecord], object]) -> float:
    return sum(1 for r in records if predicate(r)) / len(records)


# --- Determinism -------------------------------------------------------------------------------


def test_same_seed_gives_the_same_records() -> None:
    first = list(generate(200, seed=7))
    second = list(generate(200, seed=7))
    assert first == second
    assert [canonical_bytes(r.testimony) for r in first] == [
        canonical_bytes(r.testimony) for r in second
    ]


def test_different_seeds_give_different_records() -> None:
    a = [canonical_bytes(r.testimony) for r in generate(50, seed=1)]
    b = [canonical_bytes(r.testimony) for r in generate(50, seed=2)]
    assert not set(a) & set(b)


def test_a_shorter_corpus_is_the_start_of_a_longer_one() -> None:
    assert list(generate(30)) == list(itertools.islice(generate(300), 30))


def test_generation_is_lazy_and_counts_exactly() -> None:
    assert next(generate(10**9)).testimony.title.startswith(TITLE_PREFIX)
    assert list(generate(0)) == []
    with pytest.raises(ValueError, match="negative"):
        list(generate(-1))


def test_the_interviewer_is_the_one_given() -> None:
    record = next(generate(1, interviewer="Interviewer 42"))
    assert record.testimony.interviewer == "Interviewer 42"
    assert {c.taken_by for c in record.consents} == {"Interviewer 42"}
    assert record.identity.recorded_by == "Interviewer 42"


# --- Validity ------------------------------------------------------------------------------------


def test_every_record_round_trips_through_canonical_bytes(corpus: list[DemoRecord]) -> None:
    for record in corpus:
        for model_type, model in (
            (Testimony, record.testimony),
            (WitnessIdentity, record.identity),
            *((ConsentRecord, c) for c in record.consents),
            *((ConsentWithdrawal, w) for w in record.withdrawals),
        ):
            assert parse_canonical(model_type, canonical_bytes(model)) == model


def test_every_testimony_is_a_first_draft_that_belongs_with_its_records(
    corpus: list[DemoRecord],
) -> None:
    for record in corpus:
        t = record.testimony
        assert (t.status, t.version, t.amends) == (RecordStatus.DRAFT, 1, None)
        assert t.ended_at is not None
        assert t.ended_at > t.started_at
        assert record.identity.pseudonym == t.pseudonym
        assert all((c.testimony_id, c.pseudonym) == (t.id, t.pseudonym) for c in record.consents)
        assert [c.version for c in record.consents] == list(range(1, len(record.consents) + 1))
        effective_consent(record.consents, record.withdrawals)  # consistent, or it raises


def test_ids_and_pseudonyms_are_unique(corpus: list[DemoRecord]) -> None:
    assert len({r.testimony.id for r in corpus}) == len(corpus)
    assert len({r.testimony.pseudonym for r in corpus}) == len(corpus)
    incident_ids = [i.id for r in corpus for i in r.testimony.incidents]
    assert len(set(incident_ids)) == len(incident_ids)


def test_dates_are_plausible(corpus: list[DemoRecord]) -> None:
    for record in corpus:
        t, identity = record.testimony, record.identity
        assert identity.birth_date is not None
        assert identity.left_country is not None
        assert datetime(2000, 1, 1, tzinfo=UTC) < t.started_at < datetime(2025, 1, 1, tzinfo=UTC)
        assert identity.left_country.earliest() < t.started_at.date()
        for incident in t.incidents:
            assert date(1990, 1, 1) <= incident.date_start.earliest() <= date(2024, 12, 31)
        first = min(i.date_start.earliest() for i in t.incidents)
        assert 10 <= first.year - identity.birth_date.value.year <= 57


# --- Clearly fictional, and safe to share once redacted ----------------------------------------


def test_every_record_says_it_is_a_demo(corpus: list[DemoRecord]) -> None:
    for record in corpus:
        assert record.testimony.title.startswith(f"{TITLE_PREFIX} ")
        assert "demo" in record.testimony.tags
        assert record.identity.notes == IDENTITY_NOTES
    assert "Fictional demo witness" in IDENTITY_NOTES
    assert "(fictional)" in IDENTITY_NOTES


def test_redaction_marks_every_name_and_place_of_the_witness(corpus: list[DemoRecord]) -> None:
    for record in corpus:
        narrative = record.testimony.narrative
        assert suggest_redactions(narrative, record.identity) == []
        redacted = render_redacted(narrative)
        assert find_identifying_terms(redacted, record.identity) == []
        # The marks are exactly what the domain would offer to mark: nothing more, nothing less.
        assert narrative.redactions == tuple(
            find_identifying_terms(narrative.text, record.identity)
        )


def test_narratives_name_the_witness_and_mark_both_kinds(corpus: list[DemoRecord]) -> None:
    kinds = Counter(s.kind for r in corpus for s in r.testimony.narrative.redactions)
    assert kinds[RedactionKind.NAME] > len(corpus) // 2
    assert kinds[RedactionKind.PLACE] > len(corpus) // 2
    marked_given = sum(
        1
        for r in corpus
        for s in r.testimony.narrative.redactions
        if r.testimony.narrative.text[s.start : s.end] not in r.identity.names
        and s.kind is RedactionKind.NAME
    )
    assert marked_given > 0  # given names, aliases and relatives, not only full names


def test_titles_and_summaries_name_nobody(corpus: list[DemoRecord]) -> None:
    for record in corpus:
        t = record.testimony
        assert find_identifying_terms(t.title, record.identity) == []
        assert t.summary is not None
        assert find_identifying_terms(t.summary, record.identity) == []


def test_narratives_have_3_to_12_sentences_in_one_language(corpus: list[DemoRecord]) -> None:
    for record in corpus:
        text = record.testimony.narrative.text
        assert 3 <= len(_SENTENCE_END.findall(text)) <= 12, text
        korean = bool(_HANGUL.search(text))
        assert korean == bool(_HANGUL.search(record.testimony.title))
        if not korean:
            assert text.isascii()


# --- The mix -------------------------------------------------------------------------------------


def test_about_half_the_narratives_are_korean(corpus: list[DemoRecord]) -> None:
    share = _share(corpus, lambda r: _HANGUL.search(r.testimony.narrative.text))
    assert 0.45 < share < 0.55
    languages = Counter(r.testimony.language for r in corpus)
    assert set(languages) == {"ko", "en"}
    interpreted = [r for r in corpus if r.testimony.interpreter]
    assert interpreted
    assert all(not _HANGUL.search(r.testimony.narrative.text) for r in interpreted)


def test_coi_categories_are_spread_with_e_and_c_commonest(corpus: list[DemoRecord]) -> None:
    categories = Counter(i.coi_category for r in corpus for i in r.testimony.incidents)
    ranked = [c for c, _ in categories.most_common()]
    assert ranked[:2] == ["E", "C"]
    assert set(categories) == set("ABCDEF")
    total = sum(categories.values())
    assert 0.35 < categories["E"] / total < 0.65
    assert categories["F"] / total > 0.01


def test_the_other_fields_vary(corpus: list[DemoRecord]) -> None:
    incidents = [i for r in corpus for i in r.testimony.incidents]
    assert {i.date_start.precision for i in incidents} == {"exact", "month", "year", "estimate"}
    assert {r.testimony.recording_mode for r in corpus} == {
        "notes", "audio", "audio_and_notes", "written_statement",
    }  # fmt: skip
    assert len({i.act_type for i in incidents}) >= 30
    assert len({i.perpetrator_type for i in incidents}) >= 10
    provinces = Counter(i.place_public.province for i in incidents if i.place_public.province)
    assert provinces.most_common(1)[0][0] == "north_hamgyong"
    assert len(provinces) >= 10
    assert any(i.place_public.country == "CN" for i in incidents)
    years = {i.date_start.value.year // 10 * 10 for i in incidents}
    assert years == {1990, 2000, 2010, 2020}
    assert min(len(r.testimony.incidents) for r in corpus) == 1
    assert max(len(r.testimony.incidents) for r in corpus) == 4
    assert 0.2 < _share(corpus, lambda r: r.testimony.others_present) < 0.6
    assert len({r.testimony.interview_place for r in corpus}) >= 15


def test_consent_mix(corpus: list[DemoRecord]) -> None:
    no_archive = _share(corpus, lambda r: not r.consents[-1].scopes.archive)
    assert 0.03 < no_archive < 0.075
    withdrawn = _share(corpus, lambda r: r.withdrawals)
    assert 0.015 < withdrawn < 0.05
    assert any(ConsentScope.PUBLIC_MEDIA in w.scopes for r in corpus for w in r.withdrawals)
    for record in corpus:
        for withdrawal in record.withdrawals:
            assert withdrawal.received_at > record.consents[-1].taken_at
    with_archive = [r for r in corpus if r.consents[-1].scopes.archive]
    public = _share(with_archive, lambda r: r.consents[-1].scopes.public_media)
    assert 0.2 < public < 0.5
    assert any(len(r.consents) > 1 for r in corpus)


def test_minors_have_guardian_consent_and_their_own_assent(corpus: list[DemoRecord]) -> None:
    minors = [r for r in corpus if r.consents[0].minor is not None]
    assert corpus[MINOR_INDEX] in minors
    assert 1 <= len(minors) <= 10
    for record in minors:
        minor = record.consents[0].minor
        assert minor is not None
        assert minor.guardian_consented
        assert minor.witness_assented
        assert record.identity.birth_date is not None
        born = record.identity.birth_date.value
        on = record.testimony.started_at.date()
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        assert age == minor.age_years < 18
        assert "guardian" in record.testimony.others_present


def test_seal_is_set_for_about_70_percent_of_the_sealable(corpus: list[DemoRecord]) -> None:
    sealable = 0
    for record in corpus:
        missing = seal_checklist(record.testimony, record.consents, record.withdrawals)
        if record.seal:
            assert missing == []
            assert seal(record.testimony, record.consents, record.withdrawals).status == (
                RecordStatus.SEALED
            )
        sealable += not missing
    assert sealable / len(corpus) > 0.9
    assert 0.64 < sum(r.seal for r in corpus) / sealable < 0.76


def test_about_a_third_have_attachments_that_fit_their_kind(corpus: list[DemoRecord]) -> None:
    assert 0.28 < _share(corpus, lambda r: r.attachments) < 0.39
    counts = Counter(len(r.attachments) for r in corpus)
    assert set(counts) == {0, 1, 2}
    kinds = Counter(a.kind for r in corpus for a in r.attachments)
    assert set(kinds) == {AttachmentKind.AUDIO, AttachmentKind.SCAN}
    for record in corpus[:ATTACHMENT_SAMPLE]:
        for demo in record.attachments:
            data = demo.data()
            assert 1_000 < len(data) < 120_000
            Attachment(
                id=record.testimony.id,
                testimony_id=record.testimony.id,
                kind=demo.kind,
                media_type=demo.media_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                captured_at=record.testimony.started_at,
                device=DEVICE,
                label=demo.label,
            )
            if demo.kind is AttachmentKind.AUDIO:
                assert record.testimony.recording_mode in ("audio", "audio_and_notes")
                with wave.open(io.BytesIO(data)) as reader:
                    assert reader.getnframes() > 0
            else:
                assert data.startswith(PNG_SIGNATURE)


# --- Speed ---------------------------------------------------------------------------------------


def test_generation_speed() -> None:
    start = time.perf_counter()
    count = sum(1 for _ in generate(PERFORMANCE_COUNT, seed=99))
    elapsed = time.perf_counter() - start
    assert count == PERFORMANCE_COUNT
    # The figure is the point of this test: run pytest with -s to see it.
    print(f"\ndemo corpus: {count} records in {elapsed:.2f} s ({count / elapsed:,.0f} records/s)")
