"""Audio recordings as streamed WAV: a header first, then 16-bit PCM as it is captured.

A recording goes straight into the encrypting writer, which cannot seek back: so the WAV header's
two size fields hold 0xFFFFFFFF, the value streaming writers use for "unknown, read to the end"
(ffmpeg, sox and Python's ``wave`` read such a file to its end). The exact size and hash are in the
attachment's record all the same. Raw ``audio/L16`` was the other choice, but its rate and channels
live in media type parameters, which the domain's ``MediaType`` does not allow, and a decrypted
``.pcm`` file opens in no common player without being told its format.

Nothing here imports Qt: the desktop app turns its device formats into a ``PcmFormat``.
"""

import array
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from fieldapp.domain import AttachmentKind
from fieldapp.errors import FieldappError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services.attachments import Recording, read_attachment
from fieldapp.workspace import Workspace

WAV_MEDIA_TYPE = "audio/wav"
#: "Unknown length" in a RIFF or data size field: what a streaming writer puts there.
STREAMING_SIZE = 0xFFFFFFFF
WAV_HEADER_BYTES = 44
SAMPLE_WIDTH_BYTES = 2  # 16-bit signed little-endian PCM, the only sample format recorded
_WAVE_FORMAT_PCM = 1
_FMT_CHUNK_BYTES = 16
MIN_SAMPLE_RATE = 8_000
MAX_SAMPLE_RATE = 192_000
MAX_CHANNELS = 2
#: A WAV reader that trusts no size field still stops at 4 GiB on some tools; a recording stops
#: there (about 12 hours at 48 kHz mono), which no interview reaches.
MAX_RECORDING_BYTES = STREAMING_SIZE - WAV_HEADER_BYTES
#: Playback decrypts the whole take into memory: 1 GiB is about 3 hours at 48 kHz stereo.
MAX_PLAYBACK_BYTES = 1024**3
#: Chunks walked before the data chunk: real files have a handful (fmt, LIST, fact).
_MAX_CHUNKS = 64
_FULL_SCALE = 32768


class UnsupportedAudioError(FieldappError):
    """This recording is not in a format fieldapp can play (16-bit PCM WAV)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "This recording is not in a format fieldapp can play.")


class AudioDeviceError(FieldappError):
    """The microphone could not be opened, or stopped while recording."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "The microphone could not be opened, or it stopped.")


@dataclass(frozen=True)
class PcmFormat:
    """Interleaved signed 16-bit little-endian PCM at ``sample_rate`` with ``channels``."""

    sample_rate: int
    channels: int

    def __post_init__(self) -> None:
        if not MIN_SAMPLE_RATE <= self.sample_rate <= MAX_SAMPLE_RATE:
            raise UnsupportedAudioError()
        if not 1 <= self.channels <= MAX_CHANNELS:
            raise UnsupportedAudioError()

    @property
    def frame_bytes(self) -> int:
        return self.channels * SAMPLE_WIDTH_BYTES

    @property
    def bytes_per_second(self) -> int:
        return self.sample_rate * self.frame_bytes

    def duration_ms(self, pcm_bytes: int) -> int:
        """How long ``pcm_bytes`` of this format play, in whole milliseconds."""
        return pcm_bytes * 1000 // self.bytes_per_second


@dataclass(frozen=True)
class DecodedAudio:
    """A recording's format and its PCM samples, in memory only."""

    format: PcmFormat
    pcm: bytearray


def streaming_wav_header(fmt: PcmFormat) -> bytes:
    """The 44-byte header of a WAV whose length is not known when it is written."""
    fmt_chunk = struct.pack(
        "<HHIIHH",
        _WAVE_FORMAT_PCM,
        fmt.channels,
        fmt.sample_rate,
        fmt.bytes_per_second,
        fmt.frame_bytes,
        SAMPLE_WIDTH_BYTES * 8,
    )
    return b"".join(
        [
            b"RIFF",
            struct.pack("<I", STREAMING_SIZE),
            b"WAVE",
            b"fmt ",
            struct.pack("<I", len(fmt_chunk)),
            fmt_chunk,
            b"data",
            struct.pack("<I", STREAMING_SIZE),
        ]
    )


def parse_wav(data: bytes | bytearray | memoryview) -> tuple[PcmFormat, int, int]:
    """The format of a 16-bit PCM WAV and where its samples are: ``(format, start, end)``.

    A data size of 0xFFFFFFFF, or one running past the end, means "to the end" (a streamed
    recording, or one cut short); anything else that is not 16-bit PCM is refused.
    """
    view = memoryview(data)
    if len(view) < 12 or view[0:4] != b"RIFF" or view[8:12] != b"WAVE":
        raise UnsupportedAudioError()
    fmt: PcmFormat | None = None
    offset = 12
    for _ in range(_MAX_CHUNKS):
        if offset + 8 > len(view):
            break
        chunk_id = bytes(view[offset : offset + 4])
        (size,) = struct.unpack_from("<I", view, offset + 4)
        body = offset + 8
        if chunk_id == b"fmt ":
            fmt = _parse_fmt(view[body : body + size], size)
        elif chunk_id == b"data":
            if fmt is None:
                raise UnsupportedAudioError()
            end = len(view) if size == STREAMING_SIZE else min(body + size, len(view))
            end -= (end - body) % fmt.frame_bytes  # a torn last frame is not played
            return fmt, body, end
        offset = body + size + (size & 1)  # chunks are padded to an even length
    raise UnsupportedAudioError()


def _parse_fmt(body: memoryview, size: int) -> PcmFormat:
    if size < _FMT_CHUNK_BYTES or len(body) < _FMT_CHUNK_BYTES:
        raise UnsupportedAudioError()
    tag, channels, rate, byte_rate, align, bits = struct.unpack_from("<HHIIHH", body)
    if tag != _WAVE_FORMAT_PCM or bits != SAMPLE_WIDTH_BYTES * 8:
        raise UnsupportedAudioError()
    fmt = PcmFormat(rate, channels)
    if byte_rate != fmt.bytes_per_second or align != fmt.frame_bytes:
        raise UnsupportedAudioError()
    return fmt


def peak_level(pcm: bytes | bytearray | memoryview) -> float:
    """The loudest sample of a piece of 16-bit PCM, from 0.0 (silence) to 1.0 (full scale).

    A trailing odd byte (a sample split across two deliveries) is left out of the measure; the
    recording itself keeps every byte.
    """
    view = memoryview(pcm).cast("B")
    usable = len(view) - len(view) % SAMPLE_WIDTH_BYTES
    if usable == 0:
        return 0.0
    samples = array.array("h")
    samples.frombytes(view[:usable])
    if sys.byteorder == "big":
        samples.byteswap()
    return max(max(samples), -min(samples)) / _FULL_SCALE


def start_wav_recording(ws: Workspace, testimony_id: UUID, fmt: PcmFormat) -> Recording:
    """An audio recording of a draft testimony, its WAV header already written."""
    recording = Recording(ws, testimony_id, AttachmentKind.AUDIO, WAV_MEDIA_TYPE)
    try:
        recording.write(streaming_wav_header(fmt))
    except BaseException:
        recording.discard()
        raise
    return recording


def read_wav_attachment(
    ws: Workspace,
    attachment_id: UUID,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> DecodedAudio:
    """Decrypt a WAV attachment into memory (verified whole) and return its samples.

    Raises AttachmentDamagedError if the stored file is not the one recorded, and
    UnsupportedAudioError for a file that is not 16-bit PCM WAV or too big to hold in memory.
    """
    attachment, _ = ws.repository.attachment(attachment_id)
    if attachment.size > MAX_PLAYBACK_BYTES:
        raise UnsupportedAudioError("This recording is too long to play here.")
    whole = bytearray()
    try:
        for chunk in _checked(read_attachment(ws, attachment_id), cancel):
            whole += chunk
            if progress is not None:
                progress(len(whole), attachment.size)
        fmt, start, end = parse_wav(whole)
        # Trimmed in place: no second copy of the plaintext.
        del whole[end:]
        del whole[:start]
    except BaseException:
        _wipe(whole)
        raise
    return DecodedAudio(fmt, whole)


def _checked(chunks: Iterator[bytes], cancel: CancelToken | None) -> Iterator[bytes]:
    for chunk in chunks:
        if cancel is not None:
            cancel.raise_if_cancelled()
        yield chunk


def _wipe(buffer: bytearray) -> None:
    buffer[:] = bytes(len(buffer))
