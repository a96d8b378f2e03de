"""The passphrase strength estimate: known weak patterns are found, random-looking text is not
refused, and any string at all gets a score from 0 to 4."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.errors import ValidationFailedError
from fieldapp.services.passphrase_strength import (
    MAX_ANALYSED_CHARS,
    MIN_LENGTH,
    SENTENCES,
    Advice,
    check_passphrase,
    estimate,
)


@pytest.mark.parametrize(
    ("passphrase", "advice"),
    [
        ("", Advice.EMPTY),
        ("Tq8#vL2m!x9", Advice.TOO_SHORT),  # 11 random characters: short all the same
        ("password1234", Advice.COMMON_WORD),
        ("P@ssw0rd2024!", Advice.COMMON_WORD),  # l33t and capitals do not hide a word
        ("Testimony-Witness", Advice.COMMON_WORD),  # words of this work
        ("qwertyuiop12", Advice.KEYBOARD),
        ("poiuytrewq;lkj", Advice.KEYBOARD),  # backwards too
        ("abcdefghijklmnop", Advice.SEQUENCE),
        ("987654321098", Advice.SEQUENCE),
        ("aaaaaaaaaaaa", Advice.REPEAT),
        ("xQ9xQ9xQ9xQ9xQ9", Advice.REPEAT),
        ("19842001199520", Advice.YEAR),
        ("amber lantern", Advice.TOO_SIMPLE),  # two words a dictionary holds
        ("Mypasswordisverylong", Advice.TOO_SIMPLE),  # one long word is still one guess
    ],
)
def test_weak_passphrases_are_refused_with_their_advice(passphrase, advice):
    strength = estimate(passphrase)

    assert strength.advice is advice
    assert not strength.acceptable
    assert strength.score < 2
    with pytest.raises(ValidationFailedError) as raised:
        check_passphrase(passphrase)
    assert SENTENCES[advice] in str(raised.value)


@pytest.mark.parametrize(
    ("passphrase", "least_score"),
    [
        ("Tq8#vL2m!x9Z", 4),  # 12 random characters of four classes
        ("river lantern copper mosaic", 4),
        ("gentle-otter-ninety-quartz-plum", 4),
        ("한국어로 된 긴 비밀 문장입니다", 4),  # Hangul counts, conservatively
        ("xkqzvbnmtrwp", 2),  # random lower case, though 'vbnm' is a row of keys
        ("correct horse battery staple", 2),  # famous, so common words: only just enough
    ],
)
def test_strong_passphrases_are_accepted(passphrase, least_score):
    strength = estimate(passphrase)

    assert strength.acceptable
    assert strength.score >= least_score
    check_passphrase(passphrase)


def test_the_score_rises_with_each_unrelated_word():
    scores = [estimate(p).score for p in ("ember", "ember quilt", "ember quilt sparrow velvet")]
    assert scores == sorted(scores)
    assert scores[0] < scores[-1]


def test_the_label_counts_as_a_word_a_guesser_knows():
    alone = estimate("Bluebird Station 7")
    with_label = estimate("Bluebird Station 7", ["Bluebird station"])

    assert with_label.bits < alone.bits
    assert with_label.advice is Advice.COMMON_WORD


def test_the_length_floor_is_in_characters_not_bytes():
    assert len("가나다라마바사아자차카") == MIN_LENGTH - 1
    assert estimate("가나다라마바사아자차카").advice is Advice.TOO_SHORT


def test_a_pasted_megabyte_is_strong_and_quick():
    strength = estimate("x7Kp" * 250_000)
    # Repeats are only sought in the analysed start; the rest counts by its length.
    assert strength.score == 4
    assert len("x7Kp" * 250_000) > MAX_ANALYSED_CHARS


def test_every_advice_has_a_sentence():
    assert set(SENTENCES) == set(Advice)
    assert all(s.endswith(".") for s in SENTENCES.values())


@given(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3))
def test_any_text_gets_a_score_from_0_to_4(passphrase, context):
    strength = estimate(passphrase, context)

    assert 0 <= strength.score <= 4
    assert strength.bits >= 0
    assert strength.sentence in SENTENCES.values()
    assert not strength.acceptable or len(passphrase) >= MIN_LENGTH


@pytest.mark.parametrize(
    ("passphrase", "advice"),
    [
        ("ｐａｓｓｗｏｒｄ１２３４", Advice.COMMON_WORD),  # a Korean IME's full-width mode
        ("p a s s w o r d 1 2", Advice.COMMON_WORD),  # spaced out, one letter at a time
        ("PASSWORD.1234.", Advice.COMMON_WORD),  # punctuation is a separator, capitals fold
        ("가나다라마바사아자차카타", Advice.SEQUENCE),  # the Hangul 'abcd'
        ("ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌ", Advice.SEQUENCE),  # compatibility jamo, as a keyboard types
        ("아야어여오요우유으이아야", Advice.SEQUENCE),
        ("1q2w3e4r5t6y", Advice.KEYBOARD),  # zigzag between rows
        ("q1w2e3r4t5y6", Advice.KEYBOARD),
        ("1qaz2wsx3edc", Advice.KEYBOARD),  # down the columns
    ],
)
def test_disguised_weak_passphrases_are_refused(passphrase, advice):
    strength = estimate(passphrase)

    assert strength.advice is advice
    assert not strength.acceptable


def test_the_label_is_read_as_the_passphrase_is():
    label = "Kestrel Notebook Harbour"
    for passphrase in ("kestrel-notebook-harbour-7", "KESTREL_NOTEBOOK_HARBOUR 7"):
        assert estimate(passphrase).acceptable
        assert not estimate(passphrase, [label]).acceptable
    decomposed = unicodedata.normalize("NFD", "봄날 호랑이 우산 기차 강물")
    assert not estimate("봄날 호랑이 우산 기차 강물 7", [decomposed]).acceptable


@pytest.mark.parametrize(
    "passphrase",
    ["봄날 호랑이 우산 기차 강물", "한국어로 된 긴 비밀 문장입니다", "나비 가방 다리 라면 마을"],
)
def test_strong_korean_passphrases_stay_strong(passphrase):
    assert estimate(passphrase).score == 4
    assert estimate(unicodedata.normalize("NFD", passphrase)).score == 4
