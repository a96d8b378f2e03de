"""Sealed records are read-only and corrected by amendment; the identity panel closes by
itself; a failed save keeps the edits."""

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fieldapp.domain import RecordStatus
from fieldapp.services import editing, records
from tests.ui.editor.support import give_consent, open_identity, type_text

ALL_YES = {scope: True for scope in ("archive", "un_reporting", "accountability")}


def _sealed(ws):
    draft = editing.new_draft(ws)
    editing.record_consent(
        ws,
        draft.id,
        {
            "taken_by": "staff 1",
            "language": "ko",
            "method": "written",
            "explained": ("purpose", "risks", "right_to_withdraw"),
            "scopes": {**ALL_YES, "public_media": False, "research": True, "recontact": False},
            "anonymity": "anonymous",
        },
    )
    records.edit_draft(
        ws, draft.id, {"narrative": {"text": "The account."}, "ended_at": datetime.now(UTC)}
    )
    return records.seal_testimony(ws, draft.id)


def test_a_sealed_record_is_read_only_and_amended_into_a_new_draft(qtbot, editor, ws):
    sealed = _sealed(ws)
    editor.open_testimony(ws, sealed.id)

    assert editor.narrative.edit.isReadOnly()
    assert not editor.interview.title.isEnabled()
    assert not editor.incidents.add_button.isEnabled()
    assert not editor.attachments.add_button.isEnabled()
    assert not editor.attachments.record_button.isEnabled()
    assert not editor.consent.record_button.isVisible()
    assert editor.consent.withdraw_button.isEnabled()  # withdrawals are still received
    assert not editor.header.seal_button.isVisible()
    assert editor.header.amend_button.isVisible()
    assert "sealed" in editor.header.notice.text()
    type_text(qtbot, editor.narrative.edit, "more")  # typing does nothing
    assert not editor.autosave.pending

    qtbot.mouseClick(editor.header.amend_button, Qt.MouseButton.LeftButton)
    box = editor.amend_box
    assert box is not None
    assert box.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(editor.testimony_amended) as amended:
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert amended.args == [sealed.id]

    assert not editor.narrative.edit.isReadOnly()
    assert editor.header.seal_button.isVisible()
    editor.show_section(editor.interview)
    editor.interview.title.clear()
    qtbot.keyClicks(editor.interview.title, "Corrected title")
    assert editor.save_now()

    latest = records.get_record(ws, sealed.id).testimony
    assert (latest.version, latest.status) == (2, RecordStatus.DRAFT)
    assert latest.amends is not None
    assert latest.amends.version == 1
    assert latest.title == "Corrected title"
    original = records.get_record(ws, sealed.id, version=1).testimony
    assert original.status is RecordStatus.SEALED
    assert original.title == sealed.title


def test_the_seal_dialog_lists_what_is_missing(qtbot, editor, ws):
    editor.new_testimony(ws)
    qtbot.mouseClick(editor.header.seal_button, Qt.MouseButton.LeftButton)
    dialog = editor.seal_dialog
    assert dialog is not None
    missing = [dialog.checklist.item(row).text() for row in range(dialog.checklist.count())]
    assert "No consent has been recorded for this testimony." in missing
    assert "The narrative is empty." in missing
    assert not dialog.seal_button.isEnabled()
    assert dialog.warnings.count() == 2  # title and place are still placeholders
    dialog.reject()


def test_the_identity_panel_closes_after_idling_and_keeps_what_was_typed(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    give_consent(qtbot, editor)
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    qtbot.keyClicks(editor.witness.names, "Jang Mi-ok")

    qtbot.waitUntil(lambda: not editor.witness.is_open, timeout=3000)  # 300 ms in tests

    assert editor.witness.names.toPlainText() == ""
    identity = records.get_record(ws, testimony_id).identity
    assert identity is not None
    assert identity.names == ("Jang Mi-ok",)


def test_editing_an_identity_keeps_its_details_the_form_does_not_show(qtbot, editor, ws):
    summary = records.list_testimonies(ws)[0]
    before = records.get_record(ws, summary.id).identity
    assert before is not None
    editor.open_testimony(ws, summary.id)
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    assert editor.witness.names.toPlainText().splitlines() == list(before.names)
    editor.witness.aliases.setPlainText("\n".join([*before.aliases, "New alias"]))
    qtbot.mouseClick(editor.witness.hide_button, Qt.MouseButton.LeftButton)

    after = records.get_record(ws, summary.id).identity
    assert after is not None
    assert after.version == before.version + 1
    assert after.aliases == (*before.aliases, "New alias")
    assert after.places == before.places
    assert after.contacts == before.contacts
    assert after.family_at_risk == before.family_at_risk


def test_a_failed_save_says_why_and_keeps_the_edits(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    give_consent(qtbot, editor)
    editor.show_section(editor.interview)
    editor.interview.title.clear()  # a testimony needs a title
    qtbot.keyClicks(editor.interview.title, " ")
    editor.show_section(editor.narrative)
    type_text(qtbot, editor.narrative.edit, "Kept words")

    assert not editor.save_now()
    message = editor.header.message.text()
    assert "title" in message
    assert "\n" not in message
    assert editor.narrative.edit.text() == "Kept words"
    assert records.get_record(ws, testimony_id).testimony.narrative.text == ""

    editor.show_section(editor.interview)
    qtbot.keyClicks(editor.interview.title, "A title")
    assert editor.save_now()
    stored = records.get_record(ws, testimony_id).testimony
    assert (stored.title, stored.narrative.text) == ("A title", "Kept words")


def test_leaving_the_editor_closes_the_identity_panel(qtbot, editor, ws):
    editor.new_testimony(ws)
    give_consent(qtbot, editor)
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    qtbot.keyClicks(editor.witness.names, "Choe Un-hui")

    editor.hide()

    assert not editor.witness.is_open
    assert editor.witness.names.toPlainText() == ""


def test_back_saves_wipes_and_says_closed(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    give_consent(qtbot, editor)
    editor.show_section(editor.narrative)
    type_text(qtbot, editor.narrative.edit, "Last words")
    with qtbot.waitSignal(editor.closed):
        qtbot.mouseClick(editor.header.close_button, Qt.MouseButton.LeftButton)
    assert editor.testimony_id is None
    assert editor.narrative.edit.text() == ""
    assert records.get_record(ws, testimony_id).testimony.narrative.text == "Last words"


def test_the_drop_downs_offer_the_vocabularies_in_force_when_a_record_opens(editor, ws):
    from fieldapp.domain import (
        Vocabulary,
        VocabularyEntry,
        bundled_vocabularies,
        install_vocabularies,
    )

    bundled = bundled_vocabularies()
    acts = bundled["act_types"]
    added = VocabularyEntry(code="new_act", label="A newly coded act", coi_categories=("E",))
    newer = Vocabulary(
        vocabulary="act_types", version=acts.version + 1, entries=(*acts.entries, added)
    )
    assert editor.incidents.form.act_type.findData("new_act") < 0
    install_vocabularies(bundled.updated_with(newer))
    try:
        editor.new_testimony(ws)
        assert editor.incidents.form.act_type.findData("new_act") >= 0
        assert not editor.autosave.pending  # refilling is not an edit
    finally:
        install_vocabularies(None)
