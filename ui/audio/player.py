"""Playback from memory: a recording is decrypted into a ``QByteArray`` and played from there.

Nothing is written anywhere: no file for ``QMediaPlayer``, no cache. Decryption (and the check
against the recorded hash) runs on a worker thread with its own database handle; the samples
then go to a ``QAudioSink`` through a ``QBuffer``. ``clear`` overwrites them when done.
"""

from typing import Any
from uuid import UUID

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioSink, QMediaDevices

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import audio, session
from ui import workers
from ui.audio.completion import Completion
from ui.audio.pcm_source import to_qt_format


class AudioPlayer(QObject):
    """Loads one recording into memory (``load``) and plays it (``play``) as often as asked."""

    audio_loaded = Signal()
    load_failed = Signal(object)
    playback_started = Signal()
    playback_finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = QByteArray()
        self._format: audio.PcmFormat | None = None
        self._buffer: QBuffer | None = None
        self._sink: QAudioSink | None = None
        self._completion: Completion | None = None

    @property
    def pcm_format(self) -> audio.PcmFormat | None:
        return self._format

    @property
    def loaded(self) -> bool:
        return self._format is not None

    def pcm(self) -> bytes:
        """A copy of the samples held in memory (what ``play`` sends to the speaker)."""
        return self._data.data()

    def load(self, workspace: Any, attachment_id: UUID) -> None:
        """Decrypt and verify the recording on a worker; ``audio_loaded`` or ``load_failed``."""
        self.clear()

        def decrypt(progress: ProgressCallback, cancel: CancelToken) -> audio.DecodedAudio:
            with session.worker_handle(workspace) as handle:
                return audio.read_wav_attachment(
                    handle, attachment_id, progress=progress, cancel=cancel
                )

        worker = workers.Worker(decrypt)
        worker.succeeded.connect(self.on_decrypted)
        worker.failed.connect(self.on_decrypt_failed)
        self._completion = Completion(worker)
        workers.start(worker)

    def wait(self) -> None:
        """Block until a load in progress has ended (before closing)."""
        if self._completion is not None:
            self._completion.wait(self)

    @staticmethod
    def output_available() -> bool:
        return not QMediaDevices.defaultAudioOutput().isNull()

    def play(self) -> bool:
        """Play the loaded samples from the start; False if there is nothing to play on."""
        if self._format is None or not self.output_available():
            return False
        self.stop()
        self._buffer = QBuffer(self)
        self._buffer.setData(self._data)  # shared with self._data, not copied
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(QMediaDevices.defaultAudioOutput(), to_qt_format(self._format))
        self._sink.stateChanged.connect(self.on_sink_state_changed)
        self._sink.start(self._buffer)
        self.playback_started.emit()
        return True

    def stop(self) -> None:
        if self._sink is not None:
            self._sink.stateChanged.disconnect(self.on_sink_state_changed)
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None

    def clear(self) -> None:
        """Stop and overwrite the samples in memory."""
        self.stop()
        if not self._data.isEmpty():
            self._data.fill(0)
        self._data = QByteArray()
        self._format = None

    @Slot(object)
    def on_decrypted(self, decoded: audio.DecodedAudio) -> None:
        self._completion = None
        self._data = QByteArray(decoded.pcm)
        decoded.pcm[:] = bytes(len(decoded.pcm))  # the worker's copy is overwritten at once
        self._format = decoded.format
        self.audio_loaded.emit()

    @Slot(object)
    def on_decrypt_failed(self, error: object) -> None:
        self._completion = None
        self.load_failed.emit(error)

    @Slot(QAudio.State)
    def on_sink_state_changed(self, state: QAudio.State) -> None:
        # Idle: the buffer ran out, the take has been played to its end.
        if state in (QAudio.State.IdleState, QAudio.State.StoppedState):
            self.stop()
            self.playback_finished.emit()
