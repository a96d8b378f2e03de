"""Every message counting something (``%n``) reaches lupdate as a plural, so English gets its
singular and plural forms.

lupdate's Python parser only marks a ``QCoreApplication.translate(context, text, comment, n)``
as plural in some spellings of ``n`` (a literal number; ``self.tr(text, "", n)`` always); a
message it misses keeps "(s)" in English. Found while splitting ui/main_window.py (session 10):
the throttle sentence, now ``ErrorCounts.tr`` in ``ui/error_sentences.py``.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp import errors
from ui import i18n
from ui.error_text import error_text

KOREAN_TS = i18n.FOLDER / "fieldapp_ko.ts"


@pytest.fixture
def english_plurals(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "en")
    yield translators
    i18n.remove(qapp, translators)


def _counting_messages_not_plural() -> list[tuple[str, str]]:
    root = ET.parse(KOREAN_TS).getroot()  # noqa: S314 - the app's own file
    return [
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in root.iter("context")
        for message in context.findall("message")
        if "%n" in message.findtext("source", "") and message.get("numerus") != "yes"
    ]


def test_the_scan_sees_plural_messages() -> None:
    root = ET.parse(KOREAN_TS).getroot()  # noqa: S314 - the app's own file
    plurals = [m for m in root.iter("message") if m.get("numerus") == "yes"]
    assert len(plurals) > 10  # the file really holds counted messages, read as such


def test_every_counting_message_is_a_plural() -> None:
    assert _counting_messages_not_plural() == []


def test_the_throttle_sentence_counts_seconds_in_english(english_plurals) -> None:
    text = error_text(errors.UnlockThrottledError(seconds=5))
    assert "5 seconds" in text
    assert "(s)" not in text
