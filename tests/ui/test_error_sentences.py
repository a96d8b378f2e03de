"""Every error type of the core has a sentence in the app's language (``ui/error_sentences.py``),
or is named as one only the command line raises: a Korean screen never shows the English
message. A type given by its sentence is given by its docstring, word for word; in English the
app says what it said before (a raiser's more specific message included), and values a sentence
carries (seconds) are kept."""

import importlib
import pkgutil
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

import fieldapp
import ui
from fieldapp import errors
from fieldapp.domain.pseudonym import parse_pseudonym
from fieldapp.services import audio, setup_checks
from fieldapp.sync import container
from ui import i18n
from ui.error_sentences import CLI_ONLY, MESSAGES, NO_SCREEN, NO_SCREEN_SERVICES, SENTENCES
from ui.error_text import error_text

HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile("[A-Za-z]{3,}")
#: Left in Korean sentences on purpose: names a person types or sees as they are.
KEPT = re.compile(r"fieldapp device reinstate|fieldapp pack resend|[Ff]ieldapp|GiB|COI|SSH|ID")
#: Errors whose constructor needs a value: one to build them with.
ARGUMENTS: dict[type[errors.FieldappError], dict[str, object]] = {
    errors.BundleRejectedError: {"reason": container.DAMAGED},
}


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def _name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _subclasses(kind: type) -> Iterator[type]:
    for sub in kind.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def core_error_types() -> set[type[errors.FieldappError]]:
    """Every FieldappError type defined in ``fieldapp/`` (each of its modules imported)."""
    for module in pkgutil.walk_packages(fieldapp.__path__, "fieldapp."):
        importlib.import_module(module.name)
    found = {errors.FieldappError, *_subclasses(errors.FieldappError)}
    return {kind for kind in found if kind.__module__.startswith("fieldapp.")}


def _built(kind: type[errors.FieldappError]) -> errors.FieldappError:
    return kind(**ARGUMENTS.get(kind, {}))  # type: ignore[arg-type]


def _english_left(text: str) -> list[str]:
    return ENGLISH_WORD.findall(KEPT.sub("", text))


# --- every type is covered ----------------------------------------------------------------------


def test_the_scan_finds_the_types_of_errors_services_and_the_cli():
    names = {_name(kind) for kind in core_error_types()}
    assert len(names) > 70
    assert "fieldapp.services.setup_checks.FolderInUseError" in names
    assert "fieldapp.cli.secrets_input.PassphraseMismatchError" in names


def test_every_error_type_has_a_sentence_or_is_cli_only():
    uncovered = sorted(
        _name(kind)
        for kind in core_error_types()
        if kind not in SENTENCES and _name(kind) not in CLI_ONLY | NO_SCREEN
    )
    assert not uncovered, "give these a sentence in ui/error_sentences.py: " + ", ".join(uncovered)


def test_cli_only_names_types_of_the_command_line_that_have_no_sentence():
    types = {_name(kind): kind for kind in core_error_types()}
    for name in CLI_ONLY:
        assert name in types, f"no such error type: {name}"
        assert name.startswith("fieldapp.cli."), f"the app can import {name}: give it a sentence"
        assert types[name] not in SENTENCES


def test_no_screen_names_types_of_services_the_app_never_imports():
    types = {_name(kind): kind for kind in core_error_types()}
    for name in NO_SCREEN:
        assert name in types, f"no such error type: {name}"
        assert types[name] not in SENTENCES
    ui_source = "".join(p.read_text() for p in Path(ui.__file__).parent.rglob("*.py"))
    for service in NO_SCREEN_SERVICES:
        package, _, module = service.rpartition(".")
        imports = (
            rf"(import|from) {re.escape(service)}\b",
            rf"from {re.escape(package)} import (\([^)]*\b{module}\b|[^\n(]*\b{module}\b)",
        )
        for pattern in imports:
            found = re.search(pattern, ui_source)
            assert found is None, f"the app imports {service}: give its errors sentences"


def test_a_sentence_given_as_text_is_its_types_docstring():
    for kind, sentence in SENTENCES.items():
        if isinstance(sentence, str):
            assert issubclass(kind, errors.FieldappError)
            assert sentence == kind.default_message(), _name(kind)


def test_every_sentence_has_a_finished_korean_translation():
    root = ET.parse(i18n.FOLDER / "fieldapp_ko.ts").getroot()  # noqa: S314 - our own file
    korean = {
        message.findtext("source", ""): message.find("translation")
        for context in root.iter("context")
        if context.findtext("name") == "errors"
        for message in context.findall("message")
    }
    given = [sentence for sentence in SENTENCES.values() if isinstance(sentence, str)]
    for sentence in [*given, *MESSAGES]:
        if isinstance(sentence, str):
            translation = korean.get(sentence)
            assert translation is not None, f"run packaging/translations.sh: {sentence!r}"
            assert translation.get("type") is None, sentence
            assert HANGUL.search(translation.text or ""), sentence


# --- in Korean ----------------------------------------------------------------------------------


def test_every_error_the_app_can_meet_reads_korean(korean):
    for kind in SENTENCES:
        if not issubclass(kind, errors.FieldappError):
            continue
        text = error_text(_built(kind))
        assert HANGUL.search(text), (_name(kind), text)
        assert not _english_left(text), (_name(kind), text)


def test_a_raisers_own_english_sentence_becomes_its_types_in_korean(korean):
    with pytest.raises(errors.InvalidPseudonymError) as typed:
        parse_pseudonym("X-7KQ2-M9X7")
    text = error_text(typed.value)
    assert text == "올바른 가명 코드가 아닙니다. 잘못 입력하지 않았는지 확인하십시오."
    roster = errors.RosterRejectedError("its signature is not valid.")
    assert not _english_left(error_text(roster))


def test_a_raisers_own_sentence_the_app_meets_is_translated(korean):
    too_long = audio.UnsupportedAudioError("This recording is too long to play here.")
    assert error_text(too_long) == "이 녹음은 너무 길어서 여기서 재생할 수 없습니다."


def test_every_raisers_own_sentence_is_still_raised():
    source = "".join(path.read_text() for path in Path(fieldapp.__file__).parent.rglob("*.py"))
    stale = [sentence for sentence in MESSAGES if f'Error("{sentence}")' not in source]
    assert not stale, f"remove from ui/error_sentences.py MESSAGES: {stale}"


def test_the_wait_is_kept_in_korean(korean):
    text = error_text(errors.UnlockThrottledError(seconds=29.2))
    assert "30초" in text
    assert not _english_left(text)


def test_a_subclass_without_a_sentence_reads_its_parents(korean):
    class LateError(errors.WorkspaceBusyError):
        """A type added after the table; its message is English."""

    text = error_text(LateError())
    assert text == error_text(errors.WorkspaceBusyError())


# --- in English, unchanged ------------------------------------------------------------------------


def test_in_english_a_sentence_given_as_text_is_the_message(qapp):
    for kind, sentence in SENTENCES.items():
        if isinstance(sentence, str):
            error = _built(kind)  # type: ignore[arg-type]
            assert error_text(error) == error.message, _name(kind)


def test_in_english_a_raisers_own_sentence_is_kept(qapp):
    with pytest.raises(errors.InvalidPseudonymError) as typed:
        parse_pseudonym("X-7KQ2-M9X7")
    assert error_text(typed.value) == typed.value.message
    assert typed.value.message != errors.InvalidPseudonymError.default_message()


def test_in_english_the_existing_sentences_are_unchanged(qapp):
    assert error_text(errors.WrongPassphraseError()) == "The passphrase is wrong."
    named = setup_checks.FolderInUseError("/home/x/Kim Chol-su already holds other files")
    assert "Kim" not in error_text(named)
