"""Attachments: cancelling leaves nothing; the recorder dialog opens and refreshes the list."""

import os

from PySide6.QtCore import Qt

from fieldapp.services import records
from tests.ui.editor.support import give_consent

#: Large enough that encrypting it takes longer than pressing Cancel.
BIG_FILE_BYTES = 48 * 1024 * 1024


def _ready(qtbot, editor, ws):
    testimony_id = editor.new_testimony(ws)
    give_consent(qtbot, editor)
    editor.show_section(editor.attachments)
    return testimony_id


def test_cancelling_an_attachment_leaves_nothing(qtbot, editor, ws, private_tmp):
    testimony_id = _ready(qtbot, editor, ws)
    big = private_tmp / "recording.ogg"
    with big.open("wb") as out:
        out.write(os.urandom(BIG_FILE_BYTES))
    section = editor.attachments

    section.attach_path(big)
    assert section.busy
    assert not section.add_button.isEnabled()  # what started the work
    assert section.cancel_button.isVisible()
    qtbot.mouseClick(section.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.busy, timeout=20_000)

    assert section.status.text() == "The operation was cancelled; nothing was changed."
    assert section.add_button.isEnabled()
    assert records.get_record(ws, testimony_id).attachments == ()
    assert section.model.rowCount() == 0


def test_record_audio_opens_the_recorder_and_refreshes_when_it_closes(qtbot, editor, ws):
    from ui.audio.recorder_dialog import RecordAudioDialog

    _ready(qtbot, editor, ws)
    section = editor.attachments
    qtbot.mouseClick(section.record_button, Qt.MouseButton.LeftButton)
    dialog = section.record_dialog
    assert isinstance(dialog, RecordAudioDialog)
    assert not section.add_button.isEnabled()

    with qtbot.waitSignal(section.audio_recorded):
        dialog.reject()
    assert section.record_dialog is None
    assert section.add_button.isEnabled()
