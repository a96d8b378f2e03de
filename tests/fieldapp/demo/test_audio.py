"""The demo's synthetic media: a tone WAV that players read, a PNG that decoders accept."""

import io
import itertools
import struct
import wave
import zlib
from typing import Any

import pytest

from fieldapp.demo import fake_scan_png, tone_wav
from fieldapp.demo.audio import (
    DEFAULT_SAMPLE_RATE,
    INK_GREY,
    PAPER_GREY,
    PNG_SIGNATURE,
)


def _read_wav(data: bytes) -> tuple[Any, bytes]:
    with wave.open(io.BytesIO(data), "rb") as reader:
        return reader.getparams(), reader.readframes(reader.getnframes())


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, checking lengths and CRCs on the way."""
    assert png.startswith(PNG_SIGNATURE)
    chunks = []
    position = len(PNG_SIGNATURE)
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF, kind
        chunks.append((kind, data))
        position += 12 + length
    assert position == len(png)
    return chunks


@pytest.mark.parametrize(("seconds", "frequency"), [(1.0, 440), (2.5, 716), (0.3, 261.63)])
def test_tone_is_a_mono_16_bit_pcm_wav_of_the_asked_length(
    seconds: float, frequency: float
) -> None:
    params, frames = _read_wav(tone_wav(seconds, frequency))
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, DEFAULT_SAMPLE_RATE)
    assert params.nframes == round(seconds * DEFAULT_SAMPLE_RATE)
    assert len(frames) == params.nframes * 2


def test_tone_is_the_asked_frequency() -> None:
    # Count rising zero crossings over one second: one per cycle.
    _, frames = _read_wav(tone_wav(1.0, 440))
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    rising = sum(1 for a, b in itertools.pairwise(samples) if a < 0 <= b)
    assert abs(rising - 440) <= 1
    assert max(samples) > 5000  # audible, not silence


def test_tone_repeats_a_period_exactly_as_a_full_computation_would() -> None:
    # The fast path (one period repeated) must give the same samples as computing every one.
    fast = tone_wav(0.5, 400)
    _, slow_frames = _read_wav(tone_wav(0.5, 400.0000001))
    _, fast_frames = _read_wav(fast)
    fast_samples = struct.unpack(f"<{len(fast_frames) // 2}h", fast_frames)
    slow_samples = struct.unpack(f"<{len(slow_frames) // 2}h", slow_frames)
    assert max(abs(a - b) for a, b in zip(fast_samples, slow_samples, strict=True)) <= 1


def test_tone_of_a_custom_sample_rate() -> None:
    params, _ = _read_wav(tone_wav(0.25, 1000, sample_rate=8000))
    assert (params.framerate, params.nframes) == (8000, 2000)


@pytest.mark.parametrize(
    ("seconds", "frequency"), [(0, 440), (-1, 440), (601, 440), (1, 0), (1, 8000), (1, -5)]
)
def test_tone_refuses_nonsense(seconds: float, frequency: float) -> None:
    with pytest.raises(ValueError, match=r"demo tone|frequency"):
        tone_wav(seconds, frequency)


def test_scan_is_a_valid_greyscale_png_of_the_asked_size() -> None:
    png = fake_scan_png(480, 680, 7)
    chunks = _chunks(png)
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    assert (width, height, depth, colour) == (480, 680, 8, 0)
    assert (compression, filtering, interlace) == (0, 0, 0)
    raw = zlib.decompress(chunks[1][1])
    assert len(raw) == height * (1 + width)
    rows = [raw[y * (width + 1) : (y + 1) * (width + 1)] for y in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type None
    assert set(raw) == {0, PAPER_GREY, INK_GREY}
    assert sum(1 for row in rows if INK_GREY in row) > height // 10  # a few dark bars
    assert 500 < len(png) < 100_000


def test_scan_depends_only_on_its_arguments() -> None:
    assert fake_scan_png(200, 300, 1) == fake_scan_png(200, 300, 1)
    assert fake_scan_png(200, 300, 1) != fake_scan_png(200, 300, 2)


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (7, 40)])
def test_scan_of_tiny_sizes_is_still_valid(width: int, height: int) -> None:
    chunks = _chunks(fake_scan_png(width, height, 0))
    assert len(zlib.decompress(chunks[1][1])) == height * (1 + width)


@pytest.mark.parametrize(("width", "height"), [(0, 10), (10, 0), (4001, 10), (-1, 5)])
def test_scan_refuses_nonsense_sizes(width: int, height: int) -> None:
    with pytest.raises(ValueError, match="demo scan"):
        fake_scan_png(width, height, 0)
