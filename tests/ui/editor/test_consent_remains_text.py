"""The names a purge removed, and the office a withdrawal pack names, read as words in the
reader's language: never the stored placeholder. And the purged page's back button."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp.domain import ConsentScope
from fieldapp.domain.consent_remains import (
    OFFICE_RECEIVER,
    REMOVED_HERE,
    consent_remains,
    office_withdrawal_told,
    withdrawal_remains,
)
from tests.fieldapp.domain import factories
from ui import i18n
from ui.views.editor.consent_history import history_text
from ui.views.editor.editor_header import EditorHeader


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def _history() -> str:
    consent = factories.make_consent(taken_by="Interviewer Kim")
    own = factories.make_withdrawal(ConsentScope.RESEARCH, received_by="Interviewer Kim")
    told = factories.make_withdrawal(ConsentScope.RECONTACT, received_by="Coordinator Park")
    return history_text(
        [consent_remains(consent)], [withdrawal_remains(own)], [office_withdrawal_told(told)]
    )


def test_in_english_the_office_is_named_once_and_removed_names_say_so(qapp) -> None:
    text = _history()
    assert "Interviewer Kim" not in text
    assert "Coordinator Park" not in text
    assert OFFICE_RECEIVER not in text  # "received at the office", not "by the office"
    assert "Withdrawal received at the office, " in text
    assert text.count(REMOVED_HERE) == 2  # taken by, received by: the English words


def test_in_korean_no_placeholder_is_left(korean) -> None:
    text = _history()
    assert REMOVED_HERE not in text
    assert OFFICE_RECEIVER not in text
    assert "removed" not in text
    assert "office" not in text


def test_the_back_button_says_save_only_where_there_is_something_to_save(qapp) -> None:
    header = EditorHeader()
    header.show_purged("W-AAAA-BBBB", 1)
    assert header.close_button.accessibleName() == "Go back to the list"
