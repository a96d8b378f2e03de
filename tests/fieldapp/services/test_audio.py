"""Streamed WAV: the header, its parser, the level measure, recording into and reading back."""

import array
import contextlib
import hashlib
import io
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.demo import tone_wav
from fieldapp.domain import AttachmentKind, Testimony
from fieldapp.errors import AttachmentDamagedError, Cancelled
from fieldapp.progress import CancelToken
from fieldapp.services import attachments, audio, records
from fieldapp.workspace import Workspace
from tests.fieldapp.workspace.support import new_testimony

MONO_16K = audio.PcmFormat(16_000, 1)


def _samples(values: list[int]) -> bytes:
    samples = array.array("h", values)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def _draft(ws: Workspace) -> Testimony:
    testimony, consent = new_testimony()
    return records.create_testimony(ws, testimony, [consent])


def _wav_with_fmt(tag: int, bits: int, channels: int = 1, rate: int = 16_000) -> bytes:
    align = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * align, align, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", 4)
    return b"RIFF" + struct.pack("<I", len(body) + 4) + body + b"\x00" * 4


def test_the_header_says_pcm_and_unknown_sizes() -> None:
    header = audio.streaming_wav_header(audio.PcmFormat(48_000, 2))
    assert len(header) == audio.WAV_HEADER_BYTES
    assert header[4:8] == header[40:44] == b"\xff\xff\xff\xff"
    fmt, start, end = audio.parse_wav(header)
    assert (fmt, start, end) == (audio.PcmFormat(48_000, 2), 44, 44)


def test_pythons_wave_reads_a_streamed_recording_to_its_end() -> None:
    pcm = _samples(list(range(-500, 500)))
    with wave.open(io.BytesIO(audio.streaming_wav_header(MONO_16K) + pcm), "rb") as reader:
        shape = (reader.getnchannels(), reader.getsampwidth(), reader.getframerate())
        assert shape == (1, 2, 16_000)
        assert reader.readframes(10_000) == pcm


def test_a_wav_with_real_sizes_and_a_torn_last_frame() -> None:
    whole = tone_wav(0.25, 440)
    fmt, start, end = audio.parse_wav(whole)
    assert fmt == MONO_16K
    assert whole[start:end] == whole[44:]
    fmt, start, end = audio.parse_wav(audio.streaming_wav_header(MONO_16K) + b"\x01\x02\x03")
    assert end - start == 2  # the odd byte is not a frame


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"RIFX" + b"\x00" * 40,
        _wav_with_fmt(tag=1, bits=8),
        _wav_with_fmt(tag=3, bits=32),  # float
        _wav_with_fmt(tag=1, bits=16, channels=6),
        _wav_with_fmt(tag=1, bits=16, rate=1_000),
        b"RIFF\xff\xff\xff\xffWAVEdata\x04\x00\x00\x00abcd",  # samples before their format
        b"RIFF\xff\xff\xff\xffWAVEfmt \x10\x00\x00\x00",  # cut inside the format
    ],
)
def test_what_is_not_16_bit_pcm_is_refused(data: bytes) -> None:
    with pytest.raises(audio.UnsupportedAudioError):
        audio.parse_wav(data)


@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_unsupported_audio(data: bytes) -> None:
    for candidate in (data, b"RIFF\xff\xff\xff\xffWAVE" + data):
        with contextlib.suppress(audio.UnsupportedAudioError):
            audio.parse_wav(candidate)


def test_the_level_is_the_peak_as_a_share_of_full_scale() -> None:
    assert audio.peak_level(b"") == 0.0
    assert audio.peak_level(_samples([0] * 100)) == 0.0
    assert audio.peak_level(_samples([0, -32768, 5])) == 1.0
    assert audio.peak_level(_samples([100, 16384, -200])) == 0.5
    assert audio.peak_level(_samples([32767]) + b"\x7f") == pytest.approx(1.0, abs=1e-4)


def test_durations() -> None:
    assert MONO_16K.duration_ms(32_000) == 1000
    assert audio.PcmFormat(48_000, 2).duration_ms(192_000) == 1000


def test_a_recording_reads_back_as_written(ws: Workspace) -> None:
    draft = _draft(ws)
    pcm = _samples([(i * 37) % 65536 - 32768 for i in range(50_000)])
    recording = audio.start_wav_recording(ws, draft.id, MONO_16K)
    for start in range(0, len(pcm), 7_001):
        recording.write(pcm[start : start + 7_001])
    attachment = recording.finish("part 1")
    stored = b"".join(attachments.read_attachment(ws, attachment.id))
    assert stored == audio.streaming_wav_header(MONO_16K) + pcm
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()
    assert (attachment.kind, attachment.media_type) == (AttachmentKind.AUDIO, "audio/wav")
    decoded = audio.read_wav_attachment(ws, attachment.id)
    assert (decoded.format, bytes(decoded.pcm)) == (MONO_16K, pcm)


def test_reading_is_refused_when_too_big_cancelled_or_damaged(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = _draft(ws)
    recording = audio.start_wav_recording(ws, draft.id, MONO_16K)
    recording.write(_samples([1000] * 40_000))
    attachment = recording.finish()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        audio.read_wav_attachment(ws, attachment.id, cancel=token)
    monkeypatch.setattr(audio, "MAX_PLAYBACK_BYTES", attachment.size - 1)
    with pytest.raises(audio.UnsupportedAudioError):
        audio.read_wav_attachment(ws, attachment.id)
    monkeypatch.undo()
    (blob,) = [p for p in ws.layout.blobs.iterdir() if p.suffix == ".age"]
    data = bytearray(blob.read_bytes())
    data[-100] ^= 1
    blob.write_bytes(bytes(data))
    with pytest.raises(AttachmentDamagedError):
        audio.read_wav_attachment(ws, attachment.id)


def test_a_non_wav_attachment_is_refused_for_playback(ws: Workspace) -> None:
    draft = _draft(ws)
    attachment = attachments.attach_file(
        ws,
        draft.id,
        io.BytesIO(b"OggS" + bytes(100)),
        kind=AttachmentKind.AUDIO,
        media_type="audio/ogg",
    )
    with pytest.raises(audio.UnsupportedAudioError):
        audio.read_wav_attachment(ws, attachment.id)


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe is not installed")
def test_ffprobe_reads_a_streamed_recording_to_its_end(tmp_path: Path) -> None:
    # A decrypted recording as an auditor or a court would open it (synthetic samples only).
    fmt = audio.PcmFormat(48_000, 1)
    path = tmp_path / "take.wav"
    path.write_bytes(audio.streaming_wav_header(fmt) + _samples([1000, -1000] * 72_000))
    shown = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,sample_rate,channels,duration",
            "-of",
            "compact=p=0",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == "codec_name=pcm_s16le|sample_rate=48000|channels=1|duration=3.000000"
