"""What a person reads when something fails: one translated sentence, never a traceback.

Each error type of the core the desktop app can meet has its sentence in
``ui.error_sentences.SENTENCES``; a type given there by its English sentence (its docstring) is
translated here, keeping a raiser's more specific sentence where there is one to keep. Anything
else gets a generic sentence.
"""

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from fieldapp import errors
from ui import i18n
from ui.error_sentences import MESSAGES, SENTENCES


def _own_sentence(error: errors.FieldappError, english: str) -> str:
    """``english`` (the type's docstring) in the app's language; in English, or when it has a
    translation of its own, the raiser's more specific message (never holding a record's
    content: ``fieldapp.errors``) instead."""
    message = error.message
    if message != english:
        translated = QCoreApplication.translate("errors", message)
        if translated != message or i18n.current_language() == "en":
            return translated
    return QCoreApplication.translate("errors", english)


def _sentence_of(kind: type[BaseException]) -> Callable[[BaseException], str] | str | None:
    """The sentence of ``kind``, else of its nearest ancestor that has one (a type defined
    after this table was written, or in a test)."""
    for ancestor in kind.__mro__:
        if ancestor in SENTENCES:
            return SENTENCES[ancestor]
    return None


def error_text(error: BaseException) -> str:
    """The sentence to show for ``error``."""
    if isinstance(error, errors.FieldappError) and error.message in MESSAGES:
        return QCoreApplication.translate("errors", error.message)
    sentence = _sentence_of(type(error))
    if isinstance(error, errors.FieldappError) and isinstance(sentence, str):
        return _own_sentence(error, sentence)
    if sentence is not None and not isinstance(sentence, str):
        return sentence(error)
    if isinstance(error, OSError):  # a stick pulled, a drive gone: never its path (a name)
        return QCoreApplication.translate(
            "errors",
            "The drive or folder could not be read or written: check that it is still"
            " connected, then try again.",
        )
    return QCoreApplication.translate(
        "errors", "Something went wrong and the operation did not complete."
    )
