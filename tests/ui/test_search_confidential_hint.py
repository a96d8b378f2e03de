"""The list's search box says that strictly confidential testimonies are found by their title
(and interviewer) only, and searching from it finds them so: a word of the narrative shows
only the testimonies below strictly confidential."""

from uuid import UUID

from PySide6.QtCore import Qt

from fieldapp.domain import ConfidentialityLevel, Narrative
from fieldapp.services import records
from tests.fieldapp.workspace.support import new_testimony
from ui.views.testimony_list import TestimonyListView

WORD = "qznarrativeword"


def _view(qtbot, ws):
    view = TestimonyListView()
    qtbot.addWidget(view)
    view.set_workspace(ws)
    return view, ws


def _recorded(ws, level: ConfidentialityLevel, title: str) -> UUID:
    testimony, consent = new_testimony(
        confidentiality=level, title=title, narrative=Narrative(text=f"Held at {WORD}.")
    )
    records.create_testimony(ws, testimony, [consent])
    return testimony.id


def _search(qtbot, view: TestimonyListView, text: str) -> set[UUID]:
    view.search.setText("")
    qtbot.keyClicks(view.search, text)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # at once, not after the pause
    assert view.model.query == text
    return {view.model.summary(row).id for row in range(view.model.rowCount())}


def test_the_search_box_says_how_strictly_confidential_testimonies_are_found(qtbot, workspace):
    view, ws = _view(qtbot, workspace)
    try:
        hint = view.search.toolTip()
        assert hint.startswith("Strictly confidential testimonies are found by title")
        assert hint.count(".") == 1  # one short sentence
        assert view.search.accessibleDescription() == hint  # heard, not only hovered
    finally:
        ws.lock()


def test_a_narrative_word_finds_only_what_is_below_strictly_confidential(qtbot, workspace):
    view, ws = _view(qtbot, workspace)
    try:
        strict = _recorded(ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL, "Qxstrict title")
        confidential = _recorded(ws, ConfidentialityLevel.CONFIDENTIAL, "Qxwider title")
        view.refresh()

        assert _search(qtbot, view, WORD) == {confidential}
        assert _search(qtbot, view, "Qxstrict") == {strict}
        assert _search(qtbot, view, "title") >= {strict, confidential}
    finally:
        ws.lock()
