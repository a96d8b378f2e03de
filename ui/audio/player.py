"""Playback from memory: a recording is decrypted into a ``QByteArray`` and played from there.

Nothing is written anywhere: no file for ``QMediaPlayer``, no cache. Decryption (and the check
against the recorded hash) runs on a worker thread with its own database handle; the samples
then go to a ``QAudioSink`` through a ``QBuffer``. ``clear`` overwrites them when done.

Nothing here waits for a decryption: ``clear`` asks one in progress to stop, and its result,
if it still comes, is overwritten as it arrives and kept nowhere. Whoever lets go of the player
(the recorder, at a lock) keeps it until ``running_jobs`` have ended, so that result reaches it.
"""

from typing import Any
from uuid import UUID

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioSink, QMediaDevices

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import audio, session
from ui import workers
from ui.audio.pcm_source import to_qt_format


class _Decryption(QObject):
    """Receives one decryption's result on the GUI thread, for the player while it still
    wants it; otherwise the samples are overwritten as they arrive and kept nowhere."""

    def __init__(self, player: "AudioPlayer") -> None:
        super().__init__(player)
        self.player: AudioPlayer | None = player  # None: no longer wanted

    @Slot(object)
    def on_decrypted(self, decoded: audio.DecodedAudio) -> None:
        if self.player is not None:
            self.player.take_samples(self, decoded)
        decoded.pcm[:] = bytes(len(decoded.pcm))  # the worker's copy is overwritten at once

    @Slot(object)
    def on_failed(self, error: object) -> None:
        if self.player is not None:
            self.player.take_failure(self, error)


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
        self._loading: _Decryption | None = None  # the decryption whose result is wanted
        self._jobs: dict[workers.Job, _Decryption] = {}  # each with its result's receiver

    @property
    def pcm_format(self) -> audio.PcmFormat | None:
        return self._format

    @property
    def loaded(self) -> bool:
        return self._format is not None

    def pcm(self) -> bytes:
        """A copy of the samples held in memory (what ``play`` sends to the speaker)."""
        return self._data.data()

    @property
    def running_jobs(self) -> list[workers.Job]:
        """Decryptions still running (a cleared one too: its result is wiped on arrival)."""
        for job in [job for job in self._jobs if not job.is_running()]:
            # Its result has been delivered. The receiver is not deleted here: a child of the
            # player given to deleteLater, then deleted with the player before that event
            # came, crashed a later event loop (a test after a lock's draft store, one run in
            # three); it holds no samples, and goes with the player.
            self._jobs.pop(job)
        return list(self._jobs)

    def load(self, workspace: Any, attachment_id: UUID) -> None:
        """Decrypt and verify the recording on a worker; ``audio_loaded`` or ``load_failed``."""
        self.clear()

        def decrypt(progress: ProgressCallback, cancel: CancelToken) -> audio.DecodedAudio:
            with session.worker_handle(workspace) as handle:
                return audio.read_wav_attachment(
                    handle, attachment_id, progress=progress, cancel=cancel
                )

        worker = workers.Worker(decrypt)
        receiver = _Decryption(self)
        worker.succeeded.connect(receiver.on_decrypted)
        worker.failed.connect(receiver.on_failed)
        self._loading = receiver
        self._jobs[workers.start(worker)] = receiver

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
        """Stop and overwrite the samples in memory; a decryption in progress is asked to
        stop, and what it still delivers is overwritten on arrival."""
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.player = None
        for job in self.running_jobs:
            job.worker.cancel()
        self.stop()
        if not self._data.isEmpty():
            self._data.fill(0)
        self._data = QByteArray()
        self._format = None

    def take_samples(self, decryption: _Decryption, decoded: audio.DecodedAudio) -> None:
        """``decryption``'s samples, copied into memory of the player's own."""
        if decryption is not self._loading:
            return
        self._loading = None
        self._data = QByteArray(decoded.pcm)
        self._format = decoded.format
        self.audio_loaded.emit()

    def take_failure(self, decryption: _Decryption, error: object) -> None:
        if decryption is not self._loading:
            return
        self._loading = None
        self.load_failed.emit(error)

    @Slot(QAudio.State)
    def on_sink_state_changed(self, state: QAudio.State) -> None:
        # Idle: the buffer ran out, the take has been played to its end.
        if state in (QAudio.State.IdleState, QAudio.State.StoppedState):
            self.stop()
            self.playback_finished.emit()
