"""A ValidationFailedError in the language the app runs in, translated part by part.

The core builds each validation sentence from a named template (``fieldapp.domain.base``, and a
constant at every other raise site) and keeps the template and its values on the error
(``template``, ``template_args``, ``more``). Three values are words of the core's own, not the
user's, and are translated on their own before the template is filled in: ``{subject}`` (a
model's name, ``witness identity``), ``{field}`` (a field's path, ``narrative.redactions[1]``)
and ``{phrase}`` (what is wrong with it, ``is missing``, or a validator's own phrase). Every
other value is shown as plain, escaped text.

Each is listed once in ``ui/validation_catalog.py``, marked for ``lupdate``.
"""

import re
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from fieldapp.errors import MORE_PROBLEM, MORE_PROBLEMS, ValidationFailedError
from fieldapp.services.passphrase_strength import SENTENCES
from ui.reason_texts import shown
from ui.validation_catalog import FIELD_IN_FIELD, FIELDS
from ui.widgets.passphrase_strength import advice_text

CONTEXT = "validation"
SUBJECT_CONTEXT = "validation subjects"
FIELD_CONTEXT = "validation fields"
PHRASE_CONTEXT = "validation phrases"

_PATH_PART = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def translated_field(path: str) -> str:
    """A field's path (``narrative.redactions[1]``) with each name translated; the positions
    in a list, and names the catalog lacks (a key from the input), stay as they are."""
    text = ""
    for part in path.split("."):
        match = _PATH_PART.fullmatch(part)
        if match is None:  # not a path location_text makes: shown as it is
            return path
        name = _field_name(match[1]) + match[2]
        text = (
            name
            if not text
            else QCoreApplication.translate(CONTEXT, FIELD_IN_FIELD).format(outer=text, inner=name)
        )
    return text


_KNOWN_FIELDS = frozenset(FIELDS)


def _field_name(code: str) -> str:
    """A field's name as a person reads it: its translation, or (in English, where the catalog
    translates nothing) its code in words, ``received_by`` → ``received by``. A name the
    catalog lacks (a key from the input) stays as it is."""
    if code not in _KNOWN_FIELDS:
        return code
    name = QCoreApplication.translate(FIELD_CONTEXT, code)
    return code.replace("_", " ") if name == code else name


def _advice(sentence: str) -> str:
    by_sentence = {text: advice for advice, text in SENTENCES.items()}
    advice = by_sentence.get(sentence)
    return advice_text(advice) if advice is not None else sentence


def _value(name: str, value: str) -> str:
    if name == "subject":
        return QCoreApplication.translate(SUBJECT_CONTEXT, value)
    if name == "field":
        return translated_field(value)
    if name == "phrase":
        return QCoreApplication.translate(PHRASE_CONTEXT, value)
    if name == "advice":
        return _advice(value)
    return value


def _filled(template: str, values: Mapping[str, str]) -> str:
    translated = QCoreApplication.translate(CONTEXT, template)
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that lost its placeholders
        return template.format(**values)


def translated_validation(error: ValidationFailedError) -> str:
    """``error``'s sentence in the app's language: its template translated, then filled in with
    its values, each part of the core's own words translated and every value shown as plain,
    escaped text. Without a translator it is the core's English sentence, unchanged."""
    if error.template_args:
        values = {name: shown(_value(name, v)) for name, v in error.template_args.items()}
        sentence = _filled(error.template, values)
    else:  # no values: the template is the sentence (and may hold braces of its own)
        sentence = QCoreApplication.translate(CONTEXT, error.template)
    if error.more > 0:
        more = MORE_PROBLEM if error.more == 1 else MORE_PROBLEMS
        sentence += " " + _filled(more, {"more": str(error.more)})
    return sentence
