"""Playback from memory: decrypted and verified on a worker, held in a QByteArray, played."""

from pathlib import Path
from typing import Any

import pytest

from fieldapp.errors import AttachmentDamagedError
from fieldapp.services import audio
from tests.ui.lock_support import Gate
from ui.audio.pcm_source import GeneratedPcmSource, to_pcm_format, to_qt_format
from ui.audio.player import AudioPlayer
from ui.audio.recording_session import RecordingSession

from .signals import FORMAT, deliver_all, tone


def _record(qtbot, ws, draft_id, pcm: bytes):
    source = GeneratedPcmSource(FORMAT, pcm)
    take = RecordingSession(ws, draft_id, source)
    take.start()
    deliver_all(source, 4_096)
    with qtbot.waitSignal(take.recording_saved, timeout=10_000) as saved:
        take.stop_and_save()
    return saved.args[0]


def _load(qtbot, player: AudioPlayer, ws, attachment_id) -> None:
    with qtbot.waitSignal(player.audio_loaded, timeout=10_000):
        player.load(ws, attachment_id)


def test_a_saved_take_is_decrypted_into_memory_and_played(qtbot, ws, draft_id) -> None:
    pcm = tone(8_000, 0.5)
    attachment = _record(qtbot, ws, draft_id, pcm)
    player = AudioPlayer()
    _load(qtbot, player, ws, attachment.id)
    assert player.loaded
    assert player.pcm_format == FORMAT
    assert player.pcm() == pcm  # exactly what play() hands to the QAudioSink
    if AudioPlayer.output_available():
        with qtbot.waitSignals([player.playback_started, player.playback_finished], timeout=10_000):
            assert player.play()
    else:  # this machine has no audio output: the same buffer, nothing to play it on
        with qtbot.assertNotEmitted(player.playback_started):
            assert not player.play()
    player.clear()
    assert not player.loaded
    assert player.pcm() == b""


def test_a_damaged_take_is_not_loaded(qtbot, ws, draft_id, blob_folder: Path) -> None:
    attachment = _record(qtbot, ws, draft_id, tone(8_000, 0.5))
    blobs = list(blob_folder.iterdir())
    assert len(blobs) == 1
    data = bytearray(blobs[0].read_bytes())
    data[-50] ^= 0x01
    blobs[0].write_bytes(bytes(data))
    player = AudioPlayer()
    with qtbot.waitSignal(player.load_failed, timeout=10_000) as failed:
        player.load(ws, attachment.id)
    assert isinstance(failed.args[0], AttachmentDamagedError)
    assert not player.loaded
    assert player.pcm() == b""


def test_a_load_cleared_while_it_runs_keeps_nothing(
    qtbot, ws, draft_id, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachment = _record(qtbot, ws, draft_id, tone(4_000, 0.2))
    decrypted: list[audio.DecodedAudio] = []
    gate = Gate()
    read = audio.read_wav_attachment

    def read_then_hold(*args: Any, **kwargs: Any) -> audio.DecodedAudio:
        decoded = read(*args, **kwargs)  # the real decryption, held before it is handed over
        decrypted.append(decoded)
        gate.hold()
        return decoded

    monkeypatch.setattr(audio, "read_wav_attachment", read_then_hold)
    player = AudioPlayer()
    with qtbot.assertNotEmitted(player.audio_loaded):
        player.load(ws, attachment.id)
        assert gate.reached.wait(10)
        player.clear()  # returns at once: nothing waits for the job
        assert not gate.opened
        assert len(player.running_jobs) == 1
        gate.open()
        qtbot.waitUntil(lambda: player.running_jobs == [], timeout=10_000)
    assert not player.loaded
    assert player.pcm() == b""
    (decoded,) = decrypted
    assert decoded.pcm
    assert decoded.pcm == bytes(len(decoded.pcm))  # overwritten on arrival


@pytest.mark.parametrize("rate", [8_000, 48_000])
def test_the_qt_format_matches(rate: int) -> None:
    fmt = audio.PcmFormat(rate, 2)
    assert to_pcm_format(to_qt_format(fmt)) == fmt
