"""The editor logs what a person opens: a strictly confidential testimony as it is shown, and
a witness's identity as its protected panel opens (``services.access``); the custody tab shows
both, the identity's opening by name."""

from fieldapp.domain import ConfidentialityLevel, CustodyKind
from fieldapp.services import records
from tests.fieldapp.services.import_support import custody_events
from tests.ui.editor.support import open_identity
from ui.models.editor_custody import KIND


def _accesses(ws) -> list[tuple[object, int | None]]:
    return [
        (e.record_id, e.record_version) for e in custody_events(ws) if e.kind is CustodyKind.ACCESS
    ]


def _strictly_confidential(ws) -> object:
    summary = records.list_testimonies(ws)[0]
    records.edit_draft(
        ws, summary.id, {"confidentiality": ConfidentialityLevel.STRICTLY_CONFIDENTIAL}
    )
    return summary.id


def test_opening_a_strictly_confidential_testimony_is_logged(qtbot, editor, ws):
    testimony_id = _strictly_confidential(ws)
    assert _accesses(ws) == []
    editor.open_testimony(ws, testimony_id)
    version = records.get_record(ws, testimony_id).testimony.version
    assert _accesses(ws) == [(testimony_id, version)]
    editor.save_now()  # saving and reading again are not openings
    assert len(_accesses(ws)) == 1


def test_opening_the_identity_panel_is_logged_and_shown_as_such(qtbot, editor, ws):
    summary = records.list_testimonies(ws)[0]
    editor.open_testimony(ws, summary.id)
    assert _accesses(ws) == []  # not strictly confidential
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    assert _accesses(ws) == [(summary.id, None)]
    editor.open_testimony(ws, summary.id)  # the custody tab reads the log again
    model = editor.custody.table.model()
    kinds = [model.index(row, KIND).data() for row in range(model.rowCount())]
    assert "Identity opened" in kinds
