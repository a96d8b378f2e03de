"""Translations: the ``.ts`` files follow the code, every message is translated, and Korean (and
English plural forms) reach real widgets once installed — and leave again when removed."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

import ui
from fieldapp import errors
from fieldapp.domain import active_vocabularies
from ui import i18n
from ui.error_text import error_text
from ui.main_window import MainWindow
from ui.views.editor.vocab_combo import label_of

UI_FOLDER = Path(ui.__file__).parent
KOREAN_TS = i18n.FOLDER / "fieldapp_ko.ts"
ENGLISH_TS = i18n.FOLDER / "fieldapp_en.ts"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
HANGUL = re.compile("[\uac00-\ud7a3]")
# {name}, %n, %1: what the code fills in, so every translation must keep the same set.
PLACEHOLDER = re.compile(r"\{[A-Za-z_]*\}|%n|%\d")
# An accelerator: one "&" before a character that is not another "&" ("&&" is a literal "&").
ACCELERATOR = re.compile(r"&(?!&)\S")

Key = tuple[str, str]  # (context, source)


def _messages(ts: Path) -> dict[Key, ET.Element]:
    root = ET.parse(ts).getroot()  # noqa: S314 - our own .ts files, or lupdate's output
    return {
        (context.findtext("name", ""), message.findtext("source", "")): message
        for context in root.iter("context")
        for message in context.findall("message")
    }


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


def _unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    return translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"}


def _hangul(text: str) -> bool:
    return HANGUL.search(text) is not None


@pytest.fixture(scope="module")
def code_messages(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, ET.Element]:
    """What lupdate finds in the UI's code now, written to a scratch ``.ts``."""
    assert LUPDATE.exists(), f"{LUPDATE} is needed to check the translations"
    ts = tmp_path_factory.mktemp("lupdate") / "probe_ko.ts"
    subprocess.run(
        [str(LUPDATE), "-extensions", "py", "-locations", "none", "-no-obsolete",
         str(UI_FOLDER), "-ts", str(ts)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return _messages(ts)


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


@pytest.fixture
def english_plurals(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "en")
    yield translators
    i18n.remove(qapp, translators)


# --- the files follow the code -----------------------------------------------------------------


def test_every_message_of_the_code_is_translated_in_korean(code_messages):
    korean = _messages(KOREAN_TS)
    assert len(code_messages) > 500  # lupdate really read the UI
    missing = [key for key in code_messages if key not in korean or _unfinished(korean[key])]
    assert not missing, "run packaging/translations.sh and translate: " + "; ".join(
        f"{context}: {source!r}" for context, source in missing
    )


def test_the_korean_file_holds_no_message_the_code_lost(code_messages):
    stale = [key for key in _messages(KOREAN_TS) if key not in code_messages]
    assert not stale, f"run packaging/translations.sh: {stale}"


def test_every_plural_message_has_english_forms(code_messages):
    english = _messages(ENGLISH_TS)
    plurals = {key for key, message in code_messages.items() if message.get("numerus") == "yes"}
    assert plurals, "the code has %n messages"
    assert plurals == set(english)
    for key in plurals:
        assert not _unfinished(english[key]), key
        assert len(_forms(english[key])) == 2, key  # singular, plural


# --- the committed files are complete ----------------------------------------------------------


@pytest.mark.parametrize("ts", [KOREAN_TS, ENGLISH_TS], ids=["ko", "en"])
def test_no_message_is_unfinished_or_empty(ts):
    for key, message in _messages(ts).items():
        assert not _unfinished(message), key
        assert all(form.strip() for form in _forms(message)), key


def test_korean_plurals_have_one_form():
    for key, message in _messages(KOREAN_TS).items():
        if message.get("numerus") == "yes":
            assert len(_forms(message)) == 1, key


@pytest.mark.parametrize("ts", [KOREAN_TS, ENGLISH_TS], ids=["ko", "en"])
def test_placeholders_survive_every_translation(ts):
    for (context, source), message in _messages(ts).items():
        wanted = sorted(PLACEHOLDER.findall(source))
        for form in _forms(message):
            assert sorted(PLACEHOLDER.findall(form)) == wanted, (context, source, form)


def test_accelerators_are_kept_once():
    for (context, source), message in _messages(KOREAN_TS).items():
        for form in _forms(message):
            count = len(ACCELERATOR.findall(form))
            assert count <= 1, (context, source, form)
            assert count == len(ACCELERATOR.findall(source)), (context, source, form)


def test_an_ellipsis_stays_at_the_end():
    for (context, source), message in _messages(KOREAN_TS).items():
        if source.endswith("…"):
            assert all(form.endswith("…") for form in _forms(message)), (context, source)


def test_korean_messages_are_korean():
    """Left as they are on purpose: the app's name, shortcuts, a code's shape, separators."""
    kept = {"Fieldapp", "Ctrl+R", "Ctrl+Shift+R", "SHA-256", ", ", "; "}
    for (context, source), message in _messages(KOREAN_TS).items():
        if source in kept or source.startswith("XXXX-"):
            continue
        assert any(_hangul(form) for form in _forms(message)) or not re.search(
            "[A-Za-z]{3}", PLACEHOLDER.sub("", source)
        ), (context, source)


# --- installed, the translations reach the app; removed, English comes back --------------------


def test_korean_translates_real_strings(korean):
    assert _hangul(QCoreApplication.translate("MainWindow", "&Lock"))
    assert QCoreApplication.translate("MainWindow", "&Lock").endswith("(&L)")
    assert _hangul(QCoreApplication.translate("UnlockView", "Unlock"))
    assert _hangul(error_text(errors.WrongPassphraseError()))
    throttled = error_text(errors.UnlockThrottledError(seconds=3))
    assert _hangul(throttled)
    assert "3" in throttled
    assert i18n.current_language() == "ko"


def test_removing_the_translators_brings_english_back(qapp):
    translators = i18n.install(qapp, "ko")
    i18n.remove(qapp, translators)
    assert QCoreApplication.translate("MainWindow", "&Lock") == "&Lock"
    assert error_text(errors.WrongPassphraseError()) == "The passphrase is wrong."
    assert i18n.current_language() == "en"


def test_english_plural_forms(english_plurals):
    def translate(source: str, n: int) -> str:
        return QCoreApplication.translate("ExportDialog", source, None, n)

    assert translate("%n attachment(s)", 1) == "1 attachment"
    assert translate("%n attachment(s)", 2) == "2 attachments"
    assert translate("%n witness identity(ies), for the custodian only", 1).startswith(
        "1 witness identity,"
    )
    assert translate("%n witness identity(ies), for the custodian only", 3).startswith(
        "3 witness identities,"
    )
    archived = "%n testimony(ies) are archived and can be removed from this laptop."
    one = QCoreApplication.translate("ApplyPackDialog", archived, None, 1)
    assert one == "1 testimony is archived and can be removed from this laptop."
    assert i18n.current_language() == "en"


def test_the_main_window_speaks_korean(qtbot, korean, workspace_root):
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    titles = [action.text() for action in window.menuBar().actions()]
    assert len(titles) == 3
    assert all(_hangul(title) and "(&" in title for title in titles), titles
    assert _hangul(window.unlock_view.unlock_button.text())
    assert _hangul(window.lock_action.text())


def test_vocabulary_labels_follow_the_installed_language(korean):
    code = active_vocabularies()["act_types"].offered()[0].code
    assert _hangul(label_of("act_types", code))


def test_vocabulary_labels_are_english_without_korean(qapp):
    code = active_vocabularies()["act_types"].offered()[0].code
    assert not _hangul(label_of("act_types", code))
