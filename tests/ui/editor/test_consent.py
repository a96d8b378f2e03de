"""Consent first: nothing of the content can be written until archiving is allowed."""

from PySide6.QtCore import Qt

from fieldapp.domain import ConsentScope, CustodyKind
from fieldapp.services import records
from tests.ui.editor.support import give_consent


def _content_widgets(editor):
    return [
        editor.narrative.edit,
        editor.incidents.add_button,
        editor.attachments.add_button,
        editor.attachments.record_button,
        editor.witness.show_button,
    ]


def test_content_is_disabled_until_archiving_is_allowed(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    assert not any(w.isEnabled() for w in _content_widgets(editor))
    assert "consent" in editor.header.notice.text()
    assert editor.interview.title.isEnabled()  # the interview's details are not content
    assert (
        editor.witness.pseudonym.text() == records.get_record(ws, testimony_id).testimony.pseudonym
    )

    # Recording is impossible until every use has an answer.
    editor.consent.answer(ConsentScope.ARCHIVE, True)
    assert not editor.consent.record_button.isEnabled()

    give_consent(qtbot, editor, archive=False)
    (consent,) = records.get_record(ws, testimony_id).consents
    assert not consent.scopes.archive
    assert not any(w.isEnabled() for w in _content_widgets(editor))
    assert "does not allow archiving" in editor.consent.state.text()

    give_consent(qtbot, editor, archive=True)
    assert [c.version for c in records.get_record(ws, testimony_id).consents] == [1, 2]
    assert all(w.isEnabled() for w in _content_widgets(editor))
    assert "Version 2" in editor.consent.history.toPlainText()
    assert editor.consent.history.isReadOnly()


def test_every_scope_has_an_explanation_to_read(editor):
    labels = editor.consent.findChildren(type(editor.consent.state))
    for scope in ConsentScope:
        assert editor.consent.scope_answers[scope].checkedId() == -1  # none preselected
    explanations = [
        label.text() for label in labels if label.accessibleName().startswith("Explanation:")
    ]
    assert len(explanations) == len(ConsentScope)
    assert all(len(text) > 40 for text in explanations)


def test_a_withdrawal_is_recorded_and_locks_the_content_again(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    assert not editor.consent.withdraw_button.isEnabled()
    give_consent(qtbot, editor)
    assert editor.narrative.isEnabled()

    qtbot.mouseClick(editor.consent.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = editor.withdrawal_dialog
    assert dialog is not None
    assert not dialog.record_button.isEnabled()
    dialog.scope_boxes[ConsentScope.ARCHIVE].setChecked(True)
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    record = records.get_record(ws, testimony_id)
    (withdrawal,) = record.withdrawals
    assert withdrawal.scopes == (ConsentScope.ARCHIVE,)
    assert withdrawal.how_received == "phone"
    assert withdrawal.applies_to_version == 1
    assert not editor.narrative.isEnabled()
    assert "Withdrawal" in editor.consent.history.toPlainText()
    kinds = [
        editor.custody.model.custody_event(row).kind
        for row in range(editor.custody.model.rowCount())
    ]
    assert kinds == [CustodyKind.CREATE, CustodyKind.CONSENT, CustodyKind.WITHDRAW]
