"""Locking while the recorder works: the lock returns at once (it used to wait, on the GUI
thread, for a take being saved and for a recording being decrypted), nothing of the records is
shown any more; the take being saved is stored whole, the samples being decrypted are
overwritten as they arrive, a take still being recorded leaves nothing; the workspace handle is
locked, and the recorder deleted, only once that work has ended.

No microphone here: takes come from a generated source, through the microphone's path. A job is
held by ``Gate`` inside the real service call it makes (wrapped, not replaced)."""

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from fieldapp.domain import AttachmentKind, RecordStatus
from fieldapp.services import attachments, audio, records, session
from tests.ui.conftest import PASSPHRASE
from tests.ui.lock_support import Gate, is_locked, shown_anywhere
from ui.audio.pcm_source import GeneratedPcmSource
from ui.audio.recorder_dialog import RecordAudioDialog
from ui.main_window import MainWindow
from ui.models.testimony_table import TITLE

from .signals import FORMAT, deliver_all, tone

TIMEOUT_MS = 30_000
LABEL = "Kim's second interview, part 2"  # typed for the take: shown nowhere after the lock


def _window(qtbot, workspace_root: Path) -> tuple[MainWindow, Any, list[str]]:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    view = window.unlock_view
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS) as unlocked:
        view.unlock_button.click()
    model = window.testimony_list.model
    titles = [model.index(row, TITLE).data() for row in range(model.rowCount())]
    assert titles  # there is something the lock must hide
    return window, unlocked.args[0], titles


def _recorder(window: MainWindow, workspace: Any) -> tuple[RecordAudioDialog, UUID]:
    """The recorder open over a draft of the window's workspace, with a generated source."""
    summaries = records.list_testimonies(workspace)
    draft_id = next(s.id for s in summaries if s.status is RecordStatus.DRAFT)
    window.on_testimony_activated(draft_id)
    section = window.editor.attachments
    section.on_record_clicked()
    dialog = section.record_dialog
    assert isinstance(dialog, RecordAudioDialog)
    return dialog, draft_id


def _record_take(dialog: RecordAudioDialog, frames: int) -> bytes:
    pcm = tone(frames, 0.5)
    source = GeneratedPcmSource(FORMAT, pcm)
    dialog.use_source(source)
    dialog.record_button.click()
    deliver_all(source, 4_000)
    return pcm


def _assert_hidden_at_once(window: MainWindow, dialog: RecordAudioDialog, gate: Gate, titles):
    assert not gate.opened  # the lock returned while the job was still held
    assert window.stack.currentWidget() is window.unlock_view
    assert not dialog.isVisible()
    assert shown_anywhere([*titles, LABEL]) == []


def _audio_of(root: Path, draft_id: UUID) -> list[Any]:
    again = session.unlock(root, PASSPHRASE)
    try:
        found = records.get_record(again, draft_id).attachments
        return [a for a in found if a.kind is AttachmentKind.AUDIO]
    finally:
        session.lock(again)


def test_a_lock_while_a_take_is_saved_does_not_wait_and_the_take_is_kept(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    finish = attachments.Recording.finish

    def held_finish(recording: attachments.Recording, label: str | None = None) -> Any:
        gate.hold()  # on the save's worker, before the take is stored
        return finish(recording, label)

    monkeypatch.setattr(attachments.Recording, "finish", held_finish)
    window, workspace, titles = _window(qtbot, workspace_root)
    dialog, draft_id = _recorder(window, workspace)
    pcm = _record_take(dialog, 16_000)
    dialog.description.setText(LABEL)
    dialog.save_button.click()
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.lock_action.trigger()

    _assert_hidden_at_once(window, dialog, gate, titles)
    assert not is_locked(workspace)  # the save's take still holds the key it was given
    gate.open()
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.findChildren(RecordAudioDialog) == [], timeout=TIMEOUT_MS)
    assert shown_anywhere([LABEL]) == []
    (take,) = _audio_of(workspace_root, draft_id)  # the witness's take was stored, whole
    assert take.label == LABEL
    assert take.size == audio.WAV_HEADER_BYTES + len(pcm)


def test_a_lock_while_a_take_is_decrypted_does_not_wait_and_keeps_no_sound(
    qtbot, workspace_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    decrypted: list[audio.DecodedAudio] = []
    read = audio.read_wav_attachment

    def held_read(*args: Any, **kwargs: Any) -> audio.DecodedAudio:
        decoded = read(*args, **kwargs)  # decrypted, held before it is handed over
        decrypted.append(decoded)
        gate.hold()
        return decoded

    monkeypatch.setattr(audio, "read_wav_attachment", held_read)
    window, workspace, titles = _window(qtbot, workspace_root)
    dialog, _ = _recorder(window, workspace)
    _record_take(dialog, 8_000)
    with qtbot.waitSignal(dialog.attachment_saved, timeout=TIMEOUT_MS):
        dialog.save_button.click()  # the saved take is then decrypted for playback
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.lock_action.trigger()

    _assert_hidden_at_once(window, dialog, gate, titles)
    assert not is_locked(workspace)
    gate.open()
    qtbot.waitUntil(lambda: is_locked(workspace), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.findChildren(RecordAudioDialog) == [], timeout=TIMEOUT_MS)
    (decoded,) = decrypted
    assert decoded.pcm
    assert decoded.pcm == bytes(len(decoded.pcm))  # the samples were overwritten on arrival


def test_a_lock_during_a_take_leaves_nothing_of_it(qtbot, workspace_root: Path) -> None:
    window, workspace, _ = _window(qtbot, workspace_root)
    dialog, draft_id = _recorder(window, workspace)
    blobs = workspace_root / "blobs"
    before = set(blobs.iterdir())
    _record_take(dialog, 64_000)
    assert set(blobs.iterdir()) != before  # the encrypted take was being written

    window.lock_action.trigger()

    assert window.stack.currentWidget() is window.unlock_view
    assert is_locked(workspace)  # no work was left running: locked at once
    assert set(blobs.iterdir()) == before
    assert _audio_of(workspace_root, draft_id) == []
