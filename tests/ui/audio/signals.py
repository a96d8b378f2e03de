"""Generated PCM for the audio tests: tones of a known level, silence, and planted markers."""

import array
import math
import sys

from fieldapp.services.audio import PcmFormat
from ui.audio.pcm_source import GeneratedPcmSource

FORMAT = PcmFormat(16_000, 1)
FULL_SCALE = 32767


def _pack(values: list[int]) -> bytes:
    samples = array.array("h", values)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def tone(frames: int, amplitude: float, frequency: float = 440.0) -> bytes:
    """A sine whose peak is ``amplitude`` of full scale (reached: the period holds a peak)."""
    step = 2 * math.pi * frequency / FORMAT.sample_rate
    return _pack(
        [round(amplitude * FULL_SCALE * math.sin(step * i + math.pi / 2)) for i in range(frames)]
    )


def silence(frames: int) -> bytes:
    return bytes(frames * FORMAT.frame_bytes)


def with_marker(pcm: bytes, marker: bytes, every: int) -> bytes:
    """``pcm`` with ``marker`` written over it at each ``every`` bytes (on sample boundaries)."""
    assert len(marker) % 2 == 0
    assert every % 2 == 0
    assert every > len(marker)
    planted = bytearray(pcm)
    for start in range(0, len(planted) - len(marker), every):
        planted[start : start + len(marker)] = marker
    return bytes(planted)


def deliver_all(source: GeneratedPcmSource, piece: int) -> bytes:
    """Every remaining byte of ``source`` in pieces of ``piece`` bytes; returns what went."""
    sent = bytearray()
    while source.remaining:
        sent += source.deliver(piece)
    return bytes(sent)
