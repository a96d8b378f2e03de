"""A ValidationFailedError in the app's language: every template, phrase, model and field the
core builds one from is in the catalog (``ui/validation_catalog.py``) with a finished Korean
translation; installed, the sentence of a bad field of any model is Korean (the editor's
included), values stay as they are, escaped; without a translator it is the core's English.

``SUBJECTS`` and ``FIELDS`` were generated from the models by ``print_catalog()``:
``.venv/bin/python -c "from tests.ui.test_validation_texts import print_catalog as p; p()"``
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp.domain.base import DomainModel, human_name, validate_model
from fieldapp.errors import ValidationFailedError
from fieldapp.services import documents, passphrase_strength, setup_checks
from tests.fieldapp.domain import factories
from tests.fieldapp.test_reason_constants import placeholders
from tests.fieldapp.test_validation_constants import validation_templates, validator_phrases
from tests.ui.test_error_sentences import core_error_types
from ui import i18n
from ui.error_text import error_text
from ui.validation_catalog import FIELDS, PHRASES, SUBJECTS, TEMPLATES
from ui.validation_texts import (
    CONTEXT,
    FIELD_CONTEXT,
    PHRASE_CONTEXT,
    SUBJECT_CONTEXT,
    translated_field,
    translated_validation,
)

HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile("[A-Za-z]{3,}")
#: Left in Korean on purpose: formats, codes and options a person types or sees as they are.
KEPT = re.compile(
    r"--custodian-recipient|--custodian-out FILE|age1pq1…|age1…|(?<![A-Za-z])age(?![A-Za-z0-9])"
    r"|[Ff]ieldapp|JSON|UTF-8|SHA-256|COI|W-7KQ2-M9X7|\{[a-z_]+\}"
)
#: A valid record of each model a factory makes: one bad field at a time is its first problem.
VALID: dict[type[DomainModel], Any] = {
    type(record): record
    for record in (
        factories.make_testimony(),
        factories.make_incident(),
        factories.make_consent(),
        factories.make_withdrawal(),
        factories.make_identity(),
        factories.make_attachment(),
        factories.make_custody_event(),
        factories.make_narrative(),
    )
}
#: Values wrong for nearly any field: of another type, nothing, empty, too long.
BAD_VALUES: tuple[object, ...] = (object(), None, "", "x" * 30_000, -1, [{"zz": 1}])


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def domain_models() -> set[type[DomainModel]]:
    core_error_types()  # imports every module of fieldapp, so that every model is defined

    def below(kind: type[DomainModel]) -> Iterator[type[DomainModel]]:
        for sub in kind.__subclasses__():
            yield sub
            yield from below(sub)

    return {model for model in below(DomainModel) if model.__module__.startswith("fieldapp.")}


def model_subjects() -> set[str]:
    return {human_name(model.__name__) for model in domain_models()}


def model_fields() -> set[str]:
    return {name for model in domain_models() for name in model.model_fields}


def print_catalog() -> None:
    """Print ``SUBJECTS`` and ``FIELDS`` as ``ui/validation_catalog.py`` spells them."""
    for name, context, entries in (
        ("SUBJECTS", SUBJECT_CONTEXT, model_subjects()),
        ("FIELDS", FIELD_CONTEXT, model_fields()),
    ):
        print(f"{name}: tuple[str, ...] = (")
        for entry in sorted(entries):
            print(f'    QT_TRANSLATE_NOOP("{context}", "{entry}"),')
        print(")")


def _korean(context: str) -> dict[str, ET.Element]:
    root = ET.parse(i18n.FOLDER / "fieldapp_ko.ts").getroot()  # noqa: S314 - our own file
    return {
        message.findtext("source", ""): message
        for element in root.iter("context")
        if element.findtext("name") == context
        for message in element.findall("message")
    }


def _english_left(text: str) -> list[str]:
    return ENGLISH_WORD.findall(KEPT.sub("", text))


def _failures(model: type[DomainModel]) -> Iterator[ValidationFailedError]:
    """The errors of ``model`` with one field bad, for each field and bad value."""
    valid = VALID.get(model)
    base = valid.model_dump() if valid is not None else {}
    for field in model.model_fields:
        for bad in BAD_VALUES:
            try:
                validate_model(model, {**base, field: bad})
            except ValidationFailedError as error:
                yield error


# --- the catalog follows the core ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("catalog", "core", "where"),
    [
        (TEMPLATES, validation_templates, "a raise site's template"),
        (PHRASES, validator_phrases, "a phrase"),
        (SUBJECTS, model_subjects, "a model"),
        (FIELDS, model_fields, "a model's field"),
    ],
)
def test_the_catalog_holds_exactly_what_the_core_says(catalog, core, where):
    assert len(set(catalog)) == len(catalog)
    missing = sorted(core() - set(catalog))
    assert not missing, f"add {where} to ui/validation_catalog.py: {missing}"
    stale = sorted(set(catalog) - core())
    assert not stale, f"remove from ui/validation_catalog.py: {stale}"


@pytest.mark.parametrize(
    ("context", "entries"),
    [
        (CONTEXT, TEMPLATES),
        (PHRASE_CONTEXT, PHRASES),
        (SUBJECT_CONTEXT, SUBJECTS),
        (FIELD_CONTEXT, FIELDS),
    ],
)
def test_every_entry_has_a_finished_korean_translation(context, entries):
    korean = _korean(context)
    for entry in entries:
        assert entry in korean, f"run packaging/translations.sh: {entry!r}"
        translation = korean[entry].find("translation")
        assert translation is not None
        assert translation.get("type") is None, entry
        text = translation.text or ""
        assert HANGUL.search(text), entry
        assert placeholders(text) == placeholders(entry), (entry, text)
        assert not _english_left(text), (entry, text)


# --- installed, Korean --------------------------------------------------------------------------


@pytest.mark.parametrize("model", sorted(domain_models(), key=lambda m: m.__name__), ids=str)
def test_a_bad_field_of_every_model_reads_korean(korean, model):
    seen = 0
    for error in _failures(model):
        text = error_text(error)
        assert HANGUL.search(text), (error.message, text)
        assert not _english_left(text), (error.message, text)
        assert not {"{", "}"} & set(text), text
        seen += 1
    assert seen


def test_a_fields_path_is_translated_name_by_name(korean):
    assert translated_field("narrative.redactions[1]") == "진술의 가림 처리[1]"
    assert translated_field("zz_unknown") == "zz_unknown"  # a key from the input, as it is


def test_a_field_problem_reads_korean_in_full(korean):
    record = factories.make_incident().model_dump()
    with pytest.raises(ValidationFailedError) as failed:
        validate_model(type(factories.make_incident()), {**record, "summary": ""})
    assert error_text(failed.value) == (
        "사건의 내용이 올바르지 않습니다: 요약 항목이 비어 있거나 너무 짧습니다."
    )


def test_more_problems_are_counted_in_korean(korean):
    with pytest.raises(ValidationFailedError) as failed:
        validate_model(type(factories.make_incident()), {})
    assert failed.value.more > 1
    assert error_text(failed.value).endswith(f"(문제가 {failed.value.more}개 더 있습니다.)")


def test_a_label_refused_at_set_up_reads_korean(korean):
    with pytest.raises(ValidationFailedError) as spaces:
        setup_checks.check_label(" Laptop 7")
    assert error_text(spaces.value) == (
        "이름에 문제가 있습니다: 앞이나 뒤에 공백이 있습니다. 다른 이름을 고르십시오."
    )
    with pytest.raises(ValidationFailedError) as digits:
        setup_checks.check_label("12345 67890 12345")
    assert HANGUL.search(error_text(digits.value))
    assert not _english_left(error_text(digits.value))


def test_a_weak_passphrase_reads_its_advice_in_korean(korean):
    with pytest.raises(ValidationFailedError) as weak:
        passphrase_strength.check_passphrase("abc")
    text = error_text(weak.value)
    assert text.startswith("암호 문구가 너무 약합니다. ")
    assert not _english_left(text), text


def test_values_are_kept_and_escaped(korean):
    error = ValidationFailedError(documents.KEYS_OF_ITS_OWN, args={"keys": "id and\nversion"})
    text = error_text(error)
    assert "id and\\nversion" in text
    assert "\n" not in text


def test_a_sentence_the_ui_translated_itself_is_kept(korean):
    error = ValidationFailedError("생년월일이 달력에 없는 날짜입니다.")
    assert error_text(error) == "생년월일이 달력에 없는 날짜입니다."


# --- without a translator, the core's English ---------------------------------------------------


@pytest.mark.parametrize("model", sorted(VALID, key=lambda m: m.__name__), ids=str)
def test_in_english_every_sentence_is_the_cores_message(qapp, model):
    """The core's message, with the field named in words (``received_by`` → ``received by``)."""
    for error in _failures(model):
        field = (error.template_args or {}).get("field")
        expected = error.message.replace(field, field.replace("_", " ")) if field else error.message
        assert translated_validation(error) == expected
        assert error_text(error) == expected
