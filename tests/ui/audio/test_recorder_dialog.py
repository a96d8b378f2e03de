"""The Record audio dialog: no microphone here, so takes come from a generated source."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton

from fieldapp.services import attachments, audio, records
from ui.audio.pcm_source import GeneratedPcmSource
from ui.audio.recorder_dialog import RecordAudioDialog, format_elapsed
from ui.audio.recording_session import SessionState

from .signals import FORMAT, tone

NO_MICROPHONE = "No microphone was found; connect one and open this window again."


def _dialog(qtbot, ws, draft_id, pcm: bytes = b"") -> tuple[RecordAudioDialog, GeneratedPcmSource]:
    dialog = RecordAudioDialog(ws, draft_id)
    qtbot.addWidget(dialog)
    source = GeneratedPcmSource(FORMAT, pcm)
    dialog.use_source(source)
    return dialog, source


def _click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.skipif(
    not QMediaDevices.defaultAudioInput().isNull(), reason="this machine has a microphone"
)
def test_without_a_microphone_it_says_so_and_record_is_disabled(qtbot, ws, draft_id) -> None:
    dialog = RecordAudioDialog(ws, draft_id)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == NO_MICROPHONE
    assert not dialog.record_button.isEnabled()
    assert dialog.close_button.isEnabled()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_stop_and_save_makes_an_attachment_of_the_record(qtbot, ws, draft_id) -> None:
    first, dropped, last = tone(16_000, 0.5), tone(8_000, 0.9), tone(8_000, 0.3, 880.0)
    dialog, source = _dialog(qtbot, ws, draft_id, first + dropped + last)
    before = records.get_record(ws, draft_id).attachments
    assert dialog.record_button.isEnabled()
    assert not dialog.play_button.isEnabled()

    _click(qtbot, dialog.record_button)
    assert dialog.session.state is SessionState.RECORDING
    assert not dialog.record_button.isEnabled()
    assert dialog.save_button.isEnabled()
    source.deliver(len(first))
    assert dialog.elapsed.text() == "0:00:01"
    assert dialog.level_meter.level() == pytest.approx(0.5, abs=0.01)
    _click(qtbot, dialog.pause_button)
    assert dialog.resume_button.isEnabled()
    assert not dialog.pause_button.isEnabled()
    source.deliver(len(dropped))
    _click(qtbot, dialog.resume_button)
    source.deliver(len(last))
    qtbot.keyClicks(dialog.description, "interview, part 1")
    with qtbot.waitSignal(dialog.attachment_saved, timeout=10_000) as saved:
        _click(qtbot, dialog.save_button)

    attachment = saved.args[0]
    (new,) = [a for a in records.get_record(ws, draft_id).attachments if a not in before]
    assert new == attachment
    assert new.label == "interview, part 1"
    stored = b"".join(attachments.read_attachment(ws, new.id))
    assert stored == audio.streaming_wav_header(FORMAT) + first + last
    qtbot.waitUntil(dialog.play_button.isEnabled, timeout=10_000)
    assert dialog.player.pcm() == first + last
    _click(qtbot, dialog.play_button)
    if QMediaDevices.defaultAudioOutput().isNull():
        expected = "No speaker or headphones were found; the recording is saved."
        assert dialog.status.text() == expected
    _click(qtbot, dialog.close_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved_attachments == [attachment]
    assert not dialog.player.loaded  # the plaintext in memory was overwritten on closing


def test_closing_during_a_take_discards_it(qtbot, ws, draft_id, blob_folder: Path) -> None:
    blobs_before = set(blob_folder.iterdir())
    dialog, source = _dialog(qtbot, ws, draft_id, tone(32_000, 0.5))
    _click(qtbot, dialog.record_button)
    source.deliver(32_000)
    dialog.reject()  # what the lead calls before locking
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.session.state is SessionState.DISCARDED
    assert set(blob_folder.iterdir()) == blobs_before
    assert records.get_record(ws, draft_id).attachments == ()


def test_discard_then_record_again(qtbot, ws, draft_id) -> None:
    take = tone(8_000, 0.5)
    dialog, source = _dialog(qtbot, ws, draft_id, take + take)
    _click(qtbot, dialog.record_button)
    source.deliver(len(take))
    _click(qtbot, dialog.discard_button)
    assert dialog.status.text() == "The recording was discarded."
    assert dialog.record_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    _click(qtbot, dialog.record_button)
    assert dialog.elapsed.text() == format_elapsed(0)
    source.deliver(len(take))
    with qtbot.waitSignal(dialog.attachment_saved, timeout=10_000):
        _click(qtbot, dialog.save_button)
    (attachment,) = records.get_record(ws, draft_id).attachments
    assert attachment.label is None
    assert attachment.size == audio.WAV_HEADER_BYTES + len(take)


def test_it_is_usable_from_the_keyboard(qtbot, ws, draft_id) -> None:
    take = tone(8_000, 0.5)
    dialog, source = _dialog(qtbot, ws, draft_id, take)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.record_button.setFocus()
    qtbot.keyClick(dialog.record_button, Qt.Key.Key_Space)
    assert dialog.session.state is SessionState.RECORDING
    assert dialog.focusWidget() is dialog.pause_button
    source.deliver(len(take))
    qtbot.keyClick(dialog.pause_button, Qt.Key.Key_Space)
    assert dialog.focusWidget() is dialog.resume_button
    qtbot.keyClick(dialog.resume_button, Qt.Key.Key_Tab)  # the tab order follows the row
    assert dialog.focusWidget() is dialog.save_button
    with qtbot.waitSignal(dialog.attachment_saved, timeout=10_000):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_every_control_has_an_accessible_name(qtbot, ws, draft_id) -> None:
    dialog, _ = _dialog(qtbot, ws, draft_id)
    controls = [*dialog.findChildren(QPushButton), *dialog.findChildren(QLineEdit)]
    assert len(controls) == 8
    assert all(control.accessibleName() for control in controls)
    assert dialog.level_meter.accessibleName()
    assert dialog.elapsed.accessibleName()


def test_elapsed_time_format() -> None:
    assert format_elapsed(0) == "0:00:00"
    assert format_elapsed(3_725_999) == "1:02:05"
