"""Where recorded sound comes from: anything that delivers 16-bit PCM through one signal.

The recording session listens to ``frames_captured`` and does not know which source it has, so
the microphone and a generated signal (for tests and the demo) take exactly the same path into
the encrypted recording. Sources keep nothing: each piece is handed on and forgotten.
"""

from PySide6.QtCore import QIODevice, QObject, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices

from fieldapp.services.audio import AudioDeviceError, PcmFormat

#: Mono 16-bit at 48 kHz first: most hardware runs at 48 kHz, so nothing is resampled, and a
#: two-hour interview is ~350 MB; 16 kHz (a third of that, enough for speech) if 48 is refused.
PREFERRED_RATES = (48_000, 16_000)
PREFERRED_CHANNELS = 1


class PcmSource(QObject):
    """Delivers PCM in ``format`` through ``frames_captured`` between ``start`` and ``stop``.

    ``failed`` means the source stopped by itself (a microphone unplugged).
    """

    frames_captured = Signal(bytes)
    failed = Signal(object)

    def __init__(self, fmt: PcmFormat, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._format = fmt

    @property
    def format(self) -> PcmFormat:
        return self._format

    def start(self) -> None:
        raise NotImplementedError

    def suspend(self) -> None:
        """Stop delivering for a while; a device may still hand over what it had buffered."""

    def resume(self) -> None:
        """Deliver again after ``suspend``."""

    def stop(self) -> None:
        raise NotImplementedError


class GeneratedPcmSource(PcmSource):
    """PCM given in advance, delivered on request, piece by piece (tests and the demo).

    ``deliver(n)`` emits the next ``n`` bytes at once, on the caller's thread, through the same
    signal a microphone uses: a test drives a recording deterministically, never by waiting.
    """

    def __init__(self, fmt: PcmFormat, pcm: bytes, parent: QObject | None = None) -> None:
        super().__init__(fmt, parent)
        self._pcm = pcm
        self._position = 0
        self.running = False

    @property
    def remaining(self) -> int:
        return len(self._pcm) - self._position

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def deliver(self, count: int) -> bytes:
        """Emit the next ``count`` bytes (fewer at the end) and return them."""
        piece = self._pcm[self._position : self._position + count]
        self._position += len(piece)
        if piece:
            self.frames_captured.emit(piece)
        return piece


def default_microphone() -> QAudioDevice | None:
    """The system's default audio input, or None when there is none."""
    device = QMediaDevices.defaultAudioInput()
    return None if device.isNull() else device


def choose_format(device: QAudioDevice) -> QAudioFormat | None:
    """A 16-bit format the device supports, mono at 48 or 16 kHz if it can; else None."""
    preferred = device.preferredFormat()
    rates = [*PREFERRED_RATES, preferred.sampleRate()]
    for channels in (PREFERRED_CHANNELS, preferred.channelCount()):
        for rate in rates:
            candidate = QAudioFormat()
            candidate.setSampleRate(rate)
            candidate.setChannelCount(channels)
            candidate.setSampleFormat(QAudioFormat.SampleFormat.Int16)
            if device.isFormatSupported(candidate):
                return candidate
    return None


def to_pcm_format(fmt: QAudioFormat) -> PcmFormat:
    return PcmFormat(fmt.sampleRate(), fmt.channelCount())


def to_qt_format(fmt: PcmFormat) -> QAudioFormat:
    qt_format = QAudioFormat()
    qt_format.setSampleRate(fmt.sample_rate)
    qt_format.setChannelCount(fmt.channels)
    qt_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return qt_format


class MicrophoneSource(PcmSource):
    """A ``QAudioSource`` in pull mode: each ``readyRead`` of its device is read and handed on.

    Reading happens on the GUI thread; at 96 KB/s that is a few small reads a second.
    """

    def __init__(
        self, device: QAudioDevice, fmt: QAudioFormat, parent: QObject | None = None
    ) -> None:
        super().__init__(to_pcm_format(fmt), parent)
        self._source = QAudioSource(device, fmt, self)
        self._source.stateChanged.connect(self.on_state_changed)
        self._io: QIODevice | None = None

    def start(self) -> None:
        self._io = self._source.start()
        if self._io is None:  # the device could not be opened (gone, or busy)
            self.failed.emit(AudioDeviceError())
            return
        self._io.readyRead.connect(self.on_ready_read)

    def suspend(self) -> None:
        self._source.suspend()

    def resume(self) -> None:
        self._source.resume()

    def stop(self) -> None:
        # Forgotten first: a listener that stops the source again from the last delivery
        # finds nothing left to do.
        io, self._io = self._io, None
        if io is not None:
            io.readyRead.disconnect(self.on_ready_read)
            self._hand_on(io)  # what the device still holds belongs to the take
        self._source.stop()

    @Slot()
    def on_ready_read(self) -> None:
        if self._io is not None:
            self._hand_on(self._io)

    def _hand_on(self, io: QIODevice) -> None:
        data = io.readAll()
        if not data.isEmpty():
            self.frames_captured.emit(data.data())

    @Slot(QAudio.State)
    def on_state_changed(self, state: QAudio.State) -> None:
        error = self._source.error()
        if state == QAudio.State.StoppedState and error != QAudio.Error.NoError:
            self.failed.emit(AudioDeviceError())
