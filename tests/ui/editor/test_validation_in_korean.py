"""In Korean, the editor says what is wrong with a field in Korean: a bad country code in an
incident is named by its translated field and problem, not in the core's English; mended, the
incident is saved with it."""

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp.services import records
from tests.ui.editor.support import give_consent
from ui import i18n

ENGLISH_WORD = re.compile("[A-Za-z]{3,}")


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def test_a_bad_field_of_an_incident_is_said_in_korean(qtbot, korean, editor, ws):
    testimony_id = editor.new_testimony(ws)
    assert testimony_id is not None
    give_consent(qtbot, editor)
    editor.show_section(editor.incidents)
    qtbot.mouseClick(editor.incidents.add_button, Qt.MouseButton.LeftButton)
    form = editor.incidents.form
    assert editor.incidents.status.text() == ""

    form.country.clear()
    qtbot.keyClicks(form.country, "C")

    status = editor.incidents.status.text()
    assert status == (
        "사건의 내용이 올바르지 않습니다: 공개 장소의 국가 항목이 정해진 형식에 맞지 않습니다."
    )
    assert not ENGLISH_WORD.search(status)

    qtbot.keyClicks(form.country, "N")
    assert editor.incidents.status.text() == ""
    assert editor.save_now()
    (incident,) = records.get_record(ws, testimony_id).testimony.incidents
    assert incident.place_public.country == "CN"
