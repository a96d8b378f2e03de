"""Small synthetic media for demo attachments: a tone as a PCM WAV, a blank-looking scan as a PNG.

Both are made in memory and returned as bytes; nothing here writes a file. They stand in for an
interview recording and a scanned page, so that a demo workspace, a screenshot or a benchmark
has real files of the right types to encrypt, export and play back, and none of them holds
anyone's voice or handwriting.
"""

import array
import io
import math
import random
import struct
import sys
import wave
import zlib

DEFAULT_SAMPLE_RATE = 16_000
#: A demo tone is a stand-in for a recording, not a recording: a few seconds are plenty, and a
#: cap stops a slip (minutes for seconds) from building hundreds of megabytes in memory.
MAX_TONE_SECONDS = 600.0
SAMPLE_WIDTH_BYTES = 2  # 16-bit signed PCM, what every player and the audio path accept
CHANNELS = 1
#: About a third of full scale: clearly audible, far from clipping.
TONE_AMPLITUDE = 10_000

MAX_SCAN_SIDE = 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_BIT_DEPTH = 8
PNG_GREYSCALE = 0  # colour type 0: one grey byte per pixel
PNG_FILTER_NONE = b"\x00"
PAPER_GREY = 0xEC
INK_GREY = 0x3A
_PNG_COMPRESSION_LEVEL = 6


def tone_wav(seconds: float, frequency: float, *, sample_rate: int = DEFAULT_SAMPLE_RATE) -> bytes:
    """A mono 16-bit PCM WAV of a sine tone, ``seconds`` long (rounded to whole samples)."""
    if not 0 < seconds <= MAX_TONE_SECONDS:
        raise ValueError(f"a demo tone lasts more than 0 and at most {MAX_TONE_SECONDS} seconds")
    if sample_rate <= 0:
        raise ValueError("the sample rate must be positive")
    if not 0 < frequency < sample_rate / 2:
        raise ValueError("the frequency must be above 0 and below half the sample rate")
    frames = max(1, round(seconds * sample_rate))
    block = _tone_block(frequency, sample_rate, frames)
    repeats = -(-frames // (len(block) // SAMPLE_WIDTH_BYTES))
    data = (block * repeats)[: frames * SAMPLE_WIDTH_BYTES]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(CHANNELS)
        writer.setsampwidth(SAMPLE_WIDTH_BYTES)
        writer.setframerate(sample_rate)
        writer.writeframes(data)
    return buffer.getvalue()


def _tone_block(frequency: float, sample_rate: int, frames: int) -> bytes:
    # A whole-number frequency repeats exactly after sample_rate / gcd(sample_rate, f) samples
    # (at most one second), so one period is computed and repeated: a three-second tone costs
    # a few hundred sine evaluations instead of 48,000. Other frequencies are computed in full.
    if float(frequency).is_integer():
        period = sample_rate // math.gcd(sample_rate, int(frequency))
        count = min(period, frames)
    else:
        count = frames
    step = 2 * math.pi * frequency / sample_rate
    samples = array.array("h", (round(TONE_AMPLITUDE * math.sin(step * i)) for i in range(count)))
    if sys.byteorder == "big":  # WAV samples are little-endian
        samples.byteswap()
    return samples.tobytes()


def fake_scan_png(width: int, height: int, text_seed: int) -> bytes:
    """A greyscale PNG of a pale page with dark bars where lines of text would be.

    The same arguments give the same bytes; ``text_seed`` varies the bars from page to page.
    """
    if not (1 <= width <= MAX_SCAN_SIDE and 1 <= height <= MAX_SCAN_SIDE):
        raise ValueError(f"a demo scan is 1 to {MAX_SCAN_SIDE} pixels on each side")
    rows = _page_rows(width, height, text_seed)
    header = struct.pack(">IIBBBBB", width, height, PNG_BIT_DEPTH, PNG_GREYSCALE, 0, 0, 0)
    pixels = zlib.compress(b"".join(rows), _PNG_COMPRESSION_LEVEL)
    return b"".join(
        [PNG_SIGNATURE, _chunk(b"IHDR", header), _chunk(b"IDAT", pixels), _chunk(b"IEND", b"")]
    )


def _page_rows(width: int, height: int, text_seed: int) -> list[bytes]:
    # Not security randomness: it only places the bars, reproducibly for a given seed.
    rng = random.Random(text_seed)  # noqa: S311
    paper = PNG_FILTER_NONE + bytes([PAPER_GREY]) * width
    rows = [paper] * height
    margin = max(1, width // 10)
    line_height = max(2, height // 36)
    bar_height = max(1, line_height // 2)
    text_width = max(1, width - 2 * margin)
    top = max(1, height // 12)
    for line_top in range(top, height - top, line_height):
        if rng.random() < 0.15:  # a blank line between paragraphs
            continue
        length = max(1, round(text_width * rng.uniform(0.35, 1.0)))
        bar = (
            PNG_FILTER_NONE
            + (
                bytes([PAPER_GREY]) * margin
                + bytes([INK_GREY]) * length
                + bytes([PAPER_GREY]) * (width - margin - length)
            )[:width]
        )
        for y in range(line_top, min(line_top + bar_height, height)):
            rows[y] = bar
    return rows


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
