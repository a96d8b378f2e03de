"""The verify dialog's sentences: a reason the core gave already filled in is translated when it
is one of the catalog's templates, its values kept and escaped; any other stays as it is."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp.sync import manifest
from ui import i18n
from ui.reason_texts import translated_reason, translated_sentence

SIGNED_BY_STRANGER = manifest.REJECTED_DEVICE_NOT_ENROLLED


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def test_without_a_translation_a_sentence_is_the_core_s_own(qapp: QApplication) -> None:
    sentence = SIGNED_BY_STRANGER.format(fingerprint="SHA256:abc")
    assert translated_sentence(sentence) == sentence
    assert translated_sentence("it repeats bundle 3 of its device (a replay).") == (
        "it repeats bundle 3 of its device (a replay)."
    )


def test_a_filled_in_template_is_translated_with_its_values(korean: list[QTranslator]) -> None:
    sentence = SIGNED_BY_STRANGER.format(fingerprint="SHA256:abc")
    translated = translated_sentence(sentence)
    assert translated == translated_reason(SIGNED_BY_STRANGER, {"fingerprint": "SHA256:abc"})
    assert translated != sentence
    assert "SHA256:abc" in translated
    altered = manifest.REJECTED_MEMBERS  # a template without values
    assert translated_sentence(altered) == translated_reason(altered, {})
    assert translated_sentence(altered) != altered


def test_a_value_that_would_not_print_is_escaped(korean: list[QTranslator]) -> None:
    sentence = SIGNED_BY_STRANGER.format(fingerprint="SHA256:a\nb\u202e")
    assert "SHA256:a\\nb\\u202e" in translated_sentence(sentence)
    assert translated_sentence("no template\nhere") == "no template\\nhere"
