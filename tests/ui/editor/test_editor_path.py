"""The main path through the editor, asserted on what the workspace holds afterwards."""

import hashlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QListWidget, QPlainTextEdit

from fieldapp.domain import ConsentScope, CustodyKind, RecordStatus, RedactionKind
from fieldapp.services import records
from tests.ui.editor.support import give_consent, open_identity, select, type_text
from ui.widgets.plain_text_label import PlainTextLabel

NARRATIVE = "나는 김철수입니다. We crossed near Hoeryong with Pak Min. A guard at Onsong beat us."


def _content_enabled(editor) -> bool:
    return (
        all(
            section.isEnabled()
            for section in (editor.narrative, editor.incidents, editor.attachments)
        )
        and editor.witness.show_button.isEnabled()
    )


def test_new_testimony_to_seal(qtbot, editor, ws, private_tmp):
    saved_ids = []
    editor.testimony_saved.connect(saved_ids.append)
    testimony_id = editor.new_testimony(ws)
    assert testimony_id is not None
    assert editor.current_section() is editor.consent
    assert not _content_enabled(editor)
    assert editor.header.notice.text()

    # Consent first: the content opens once archiving is allowed.
    give_consent(qtbot, editor)
    assert _content_enabled(editor)
    assert editor.header.notice.text() == ""

    # The interview.
    editor.show_section(editor.interview)
    interview = editor.interview
    interview.title.clear()
    qtbot.keyClicks(interview.title, "Crossing at Hoeryong")
    interview.place.clear()
    qtbot.keyClicks(interview.place, "Seoul")
    qtbot.mouseClick(interview.has_ended, Qt.MouseButton.LeftButton)

    # The identity, in the protected panel, wiped when hidden.
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    editor.witness.names.setPlainText("김철수\nKim Chol-su")
    qtbot.keyClicks(editor.witness.places, "Hoeryong")
    qtbot.keyClicks(editor.witness.birth_date, "1980-05")
    qtbot.mouseClick(editor.witness.hide_button, Qt.MouseButton.LeftButton)
    assert not editor.witness.is_open
    assert editor.witness.names.toPlainText() == ""
    assert editor.witness.places.toPlainText() == ""

    # The narrative: two marks by hand, one suggestion accepted.
    editor.show_section(editor.narrative)
    edit = editor.narrative.edit
    type_text(qtbot, edit, NARRATIVE)
    assert edit.text() == NARRATIVE
    pak = NARRATIVE.index("Pak Min")
    select(editor, pak, pak + len("Pak Min"))
    qtbot.keyClick(edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Mark
    onsong = NARRATIVE.index("Onsong")
    select(editor, onsong, onsong + len("Onsong"))
    editor.narrative.kind.setCurrentIndex(editor.narrative.kind.findData("place"))
    qtbot.mouseClick(editor.narrative.mark_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.narrative.suggest_button, Qt.MouseButton.LeftButton)
    suggested = editor.narrative.suggestion_list
    texts = [suggested.item(row).text() for row in range(suggested.count())]
    assert any("Hoeryong" in t for t in texts)
    assert any("김철수" in t for t in texts)
    suggested.setCurrentRow(next(i for i, t in enumerate(texts) if "Hoeryong" in t))
    qtbot.mouseClick(editor.narrative.accept_button, Qt.MouseButton.LeftButton)
    assert suggested.count() == len(texts) - 1

    # An incident from the vocabularies.
    editor.show_section(editor.incidents)
    qtbot.mouseClick(editor.incidents.add_button, Qt.MouseButton.LeftButton)
    form = editor.incidents.form
    form.act_type.set_code("punishment_for_leaving_the_country")
    form.coi_category.setCurrentIndex(form.coi_category.findData("E"))
    form.date_start.precision.set_code("month")
    form.date_start.year.setValue(2009)
    form.date_start.month.setValue(3)
    form.province.set_code("north_hamgyong")
    qtbot.keyClicks(form.place_exact, "Onsong border post")
    form.perpetrator_type.set_code("border_guards")
    form.source_connection.set_code("direct")
    form.reliability.set_code("high")
    assert editor.incidents.status.text() == ""

    # A small file, encrypted on a worker.
    editor.show_section(editor.attachments)
    scan = private_tmp / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 consent form page 1\n" * 100)
    editor.attachments.label.setText("consent form, page 1")
    with qtbot.waitSignal(editor.attachments.attachment_added, timeout=10_000):
        editor.attachments.attach_path(scan)
    assert editor.attachments.model.rowCount() == 1

    assert editor.save_now()
    assert not editor.autosave.pending
    assert editor.header.save_state.text() == "Saved"
    assert saved_ids
    assert set(saved_ids) == {testimony_id}

    # Seal through the checklist dialog.
    qtbot.mouseClick(editor.header.seal_button, Qt.MouseButton.LeftButton)
    dialog = editor.seal_dialog
    assert dialog is not None
    assert dialog.checklist.count() == 0
    assert dialog.seal_button.isEnabled()
    with qtbot.waitSignal(editor.testimony_sealed) as sealed:
        qtbot.mouseClick(dialog.seal_button, Qt.MouseButton.LeftButton)
    assert sealed.args == [testimony_id]
    assert editor.narrative.edit.isReadOnly()
    assert not editor.header.seal_button.isVisible()
    assert editor.header.amend_button.isVisible()

    # What the workspace now holds.
    record = records.get_record(ws, testimony_id)
    testimony = record.testimony
    assert testimony.status is RecordStatus.SEALED
    assert testimony.title == "Crossing at Hoeryong"
    assert testimony.interview_place == "Seoul"
    assert testimony.ended_at is not None
    assert testimony.narrative.text == NARRATIVE
    spans = {(s.start, s.end, s.kind) for s in testimony.narrative.redactions}
    hoeryong = NARRATIVE.index("Hoeryong")
    assert spans == {
        (pak, pak + 7, RedactionKind.NAME),
        (onsong, onsong + 6, RedactionKind.PLACE),
        (hoeryong, hoeryong + 8, RedactionKind.PLACE),
    }
    (incident,) = testimony.incidents
    assert incident.act_type == "punishment_for_leaving_the_country"
    assert incident.coi_category == "E"
    assert incident.date_start.text() == "2009-03"
    assert incident.place_public.province == "north_hamgyong"
    assert incident.place_exact == "Onsong border post"
    assert (incident.perpetrator_type, incident.source_connection) == ("border_guards", "direct")
    (attachment,) = record.attachments
    assert attachment.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert attachment.label == "consent form, page 1"
    (consent,) = record.consents
    assert all(consent.scopes.allowed(scope) for scope in ConsentScope)
    assert consent.method == "oral_noted"
    assert record.identity is not None
    assert record.identity.names == ("김철수", "Kim Chol-su")
    assert [p.name for p in record.identity.places] == ["Hoeryong"]
    assert record.identity.birth_date is not None
    assert record.identity.birth_date.text() == "1980-05"
    kinds = [e.kind for e in editor.custody.model._rows]
    assert kinds == [
        CustodyKind.CREATE,
        CustodyKind.CONSENT,
        CustodyKind.ACCESS,  # the suggestions quoted the identity's names (services.access)
        CustodyKind.ATTACH,
        CustodyKind.SEAL,
    ]


def test_clear_wipes_every_field(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    give_consent(qtbot, editor)
    qtbot.keyClicks(editor.narrative.edit, "Words of the witness")
    editor.show_section(editor.interview)
    qtbot.keyClicks(editor.interview.interpreter, "Interpreter Yun")
    open_identity(qtbot, editor)
    qtbot.keyClicks(editor.witness.names, "Ri Yong-ho")

    editor.clear()

    # Spin boxes (dates, counts) hold numbers, reset to neutral values; every text is empty.
    texts = [
        w.text()
        for w in editor.findChildren(QLineEdit)
        if not isinstance(w.parent(), QAbstractSpinBox)
    ]
    texts += [w.toPlainText() for w in editor.findChildren(QPlainTextEdit)]
    assert not any(texts)
    # ... and nothing is left to bring back with Undo.
    assert not any(w.isUndoAvailable() for w in editor.findChildren(QLineEdit))
    assert not any(w.document().isUndoAvailable() for w in editor.findChildren(QPlainTextEdit))
    shown = [label.text() for label in editor.findChildren(PlainTextLabel)]
    shown += [
        w.item(row).text() for w in editor.findChildren(QListWidget) for row in range(w.count())
    ]
    pseudonym = records.get_record(ws, testimony_id).testimony.pseudonym
    assert not any(pseudonym in text or "Words" in text for text in shown)
    assert editor.testimony_id is None
    assert editor._workspace is None
    assert editor._record is None
    assert not editor.witness.is_open
    assert editor.attachments.model.rowCount() == 0
    assert editor.custody.model.rowCount() == 0
    # What was typed before the lock was saved first.
    record = records.get_record(ws, testimony_id)
    assert record.testimony.narrative.text == "Words of the witness"
    assert record.identity is not None
    assert record.identity.names == ("Ri Yong-ho",)
