"""A take from a generated source, through the microphone's path, into the encrypted store."""

import hashlib
import io
import wave
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

from fieldapp.domain import AttachmentKind
from fieldapp.errors import WorkspaceLockedError
from fieldapp.services import attachments, audio, records, session
from fieldapp.services.audio import AudioDeviceError
from ui.audio.pcm_source import GeneratedPcmSource, MicrophoneSource, to_qt_format
from ui.audio.recording_session import RecordingSession, SessionState

from .signals import FORMAT, deliver_all, silence, tone

PIECE = 3_201  # odd: pieces split samples and straddle the writer's 64 KiB chunks


def _stored(ws: Any, attachment_id: UUID) -> bytes:
    return b"".join(attachments.read_attachment(ws, attachment_id))


def _take(qtbot, ws: Any, draft_id: UUID, pcm: bytes) -> tuple[RecordingSession, Any]:
    source = GeneratedPcmSource(FORMAT, pcm)
    take = RecordingSession(ws, draft_id, source)
    take.start()
    return take, source


def _save(qtbot, take: RecordingSession, label: str | None = None) -> Any:
    with qtbot.waitSignal(take.recording_saved, timeout=10_000) as saved:
        take.stop_and_save(label)
    return saved.args[0]


def test_a_take_is_stored_encrypted_and_reads_back_byte_for_byte(qtbot, ws, draft_id) -> None:
    pcm = tone(48_000, 0.5) + silence(8_000) + tone(40_000, 0.9, 1000.0)
    take, source = _take(qtbot, ws, draft_id, pcm)
    assert take.state is SessionState.RECORDING
    assert source.running
    sent = deliver_all(source, PIECE)
    attachment = _save(qtbot, take, "interview, part 1")

    assert not source.running
    assert take.state is SessionState.SAVED
    stored = _stored(ws, attachment.id)
    assert stored == audio.streaming_wav_header(FORMAT) + sent
    assert sent == pcm
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()
    assert (attachment.size, attachment.kind, attachment.media_type, attachment.label) == (
        len(stored),
        AttachmentKind.AUDIO,
        "audio/wav",
        "interview, part 1",
    )
    assert attachment in records.get_record(ws, draft_id).attachments
    with wave.open(io.BytesIO(stored), "rb") as reader:  # a common reader opens it as it is
        assert reader.getframerate() == FORMAT.sample_rate
        assert reader.readframes(len(pcm)) == pcm


def test_the_level_follows_the_signal_and_time_follows_the_samples(qtbot, ws, draft_id) -> None:
    pieces = [silence(1_600), tone(1_600, 1.0), tone(1_600, 0.25), silence(16_000)]
    take, source = _take(qtbot, ws, draft_id, b"".join(pieces))
    levels: list[float] = []
    durations: list[int] = []
    take.level_changed.connect(levels.append)
    take.duration_changed.connect(durations.append)
    for piece in pieces:
        source.deliver(len(piece))
    assert levels[0] == 0.0
    assert levels[1] == pytest.approx(1.0, abs=0.001)
    assert levels[2] == pytest.approx(0.25, abs=0.001)
    assert levels[3] == 0.0
    assert durations == [100, 200, 300, 1300]
    assert take.duration_ms == 1300
    take.stop_and_discard()


def test_pause_drops_what_arrives_and_writes_no_silence(qtbot, ws, draft_id) -> None:
    before, during, after = tone(4_000, 0.3), tone(4_000, 0.6, 880.0), tone(4_000, 0.9, 220.0)
    take, source = _take(qtbot, ws, draft_id, before + during + after)
    source.deliver(len(before))
    levels: list[float] = []
    take.level_changed.connect(levels.append)
    take.pause()
    assert take.state is SessionState.PAUSED
    assert levels == [0.0]
    source.deliver(len(during))  # a device may still hand over its buffer after suspend
    assert take.pcm_bytes == len(before)
    assert levels == [0.0]
    take.resume()
    source.deliver(len(after))
    attachment = _save(qtbot, take)
    assert _stored(ws, attachment.id) == audio.streaming_wav_header(FORMAT) + before + after
    assert take.duration_ms == 500


def test_saving_while_paused_keeps_what_came_before(qtbot, ws, draft_id) -> None:
    pcm = tone(8_000, 0.5)
    take, source = _take(qtbot, ws, draft_id, pcm + pcm)
    source.deliver(len(pcm))
    take.pause()
    source.deliver(len(pcm))
    attachment = _save(qtbot, take)
    assert _stored(ws, attachment.id) == audio.streaming_wav_header(FORMAT) + pcm


def _blobs(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_discard_leaves_no_blob_and_no_record(qtbot, ws, draft_id, blob_folder) -> None:
    blobs_before = _blobs(blob_folder)
    attachments_before = records.get_record(ws, draft_id).attachments
    take, source = _take(qtbot, ws, draft_id, tone(64_000, 0.5))
    deliver_all(source, PIECE)
    assert _blobs(blob_folder) != blobs_before  # the encrypted take was being written
    with qtbot.waitSignal(take.recording_discarded):
        take.stop_and_discard()
    assert take.state is SessionState.DISCARDED
    assert not source.running
    assert _blobs(blob_folder) == blobs_before
    assert records.get_record(ws, draft_id).attachments == attachments_before
    source.deliver(10)  # a late delivery after the end reaches nothing
    assert _blobs(blob_folder) == blobs_before


def test_a_discard_during_the_save_lets_the_save_finish_without_waiting(
    qtbot, ws, draft_id
) -> None:
    take, source = _take(qtbot, ws, draft_id, tone(16_000, 0.5))
    deliver_all(source, PIECE)
    saved: list[Any] = []
    take.recording_saved.connect(saved.append)
    with qtbot.waitSignal(take.recording_saved, timeout=10_000):
        take.stop_and_save()
        assert take.running_job is not None
        take.stop_and_discard()  # what a lock does: it returns, its result still to come
        assert take.state is SessionState.SAVING
    assert take.state is SessionState.SAVED
    assert [a.id for a in saved] == [a.id for a in records.get_record(ws, draft_id).attachments]
    qtbot.waitUntil(lambda: take.running_job is None, timeout=10_000)


def test_a_failing_source_saves_what_it_gave(qtbot, ws, draft_id) -> None:
    pcm = tone(8_000, 0.5)
    take, source = _take(qtbot, ws, draft_id, pcm)
    source.deliver(len(pcm))
    with qtbot.waitSignals([take.source_failed, take.recording_saved], timeout=10_000):
        source.failed.emit(OSError("unplugged"))
    (attachment,) = records.get_record(ws, draft_id).attachments
    assert _stored(ws, attachment.id) == audio.streaming_wav_header(FORMAT) + pcm


def test_a_take_stops_and_saves_itself_at_the_size_limit(
    qtbot, ws, draft_id, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "MAX_RECORDING_BYTES", 10_000)
    pcm = tone(8_000, 0.5)
    take, source = _take(qtbot, ws, draft_id, pcm)
    with qtbot.waitSignal(take.recording_saved, timeout=10_000) as saved:
        deliver_all(source, PIECE)
    assert _stored(ws, saved.args[0].id) == audio.streaming_wav_header(FORMAT) + pcm[:10_000]


def test_a_locked_workspace_fails_the_take_with_nothing_written(
    qtbot, ws, draft_id, blob_folder
) -> None:
    blobs_before = _blobs(blob_folder)
    session.lock(ws)
    source = GeneratedPcmSource(FORMAT, tone(100, 0.5))
    take = RecordingSession(ws, draft_id, source)
    with qtbot.waitSignal(take.recording_failed) as failed:
        take.start()
    assert isinstance(failed.args[0], WorkspaceLockedError)
    assert take.state is SessionState.FAILED
    assert not source.running
    assert _blobs(blob_folder) == blobs_before


def test_a_source_failing_before_any_sound_leaves_nothing(qtbot, ws, draft_id, blob_folder) -> None:
    blobs_before = _blobs(blob_folder)
    take, source = _take(qtbot, ws, draft_id, b"")
    with qtbot.waitSignal(take.recording_failed) as failed:
        source.failed.emit(AudioDeviceError())
    assert isinstance(failed.args[0], AudioDeviceError)
    assert take.state is SessionState.FAILED
    assert _blobs(blob_folder) == blobs_before
    assert records.get_record(ws, draft_id).attachments == ()


@pytest.mark.skipif(
    not QMediaDevices.defaultAudioInput().isNull(), reason="this machine has a microphone"
)
def test_a_microphone_that_cannot_open_fails_the_take(qtbot, ws, draft_id, blob_folder) -> None:
    blobs_before = _blobs(blob_folder)
    microphone = MicrophoneSource(QAudioDevice(), to_qt_format(FORMAT))
    take = RecordingSession(ws, draft_id, microphone)
    with qtbot.waitSignal(take.recording_failed, timeout=10_000) as failed:
        take.start()
    assert isinstance(failed.args[0], AudioDeviceError)
    assert _blobs(blob_folder) == blobs_before
