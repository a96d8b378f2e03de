"""One take: PCM from any source, straight into an encrypted recording, with level and time.

Every source (microphone or generated) reaches the same sink, ``services.audio``'s WAV recording
on top of ``services.attachments.Recording``, the encrypting writer: plaintext exists only in the
piece being written. Pieces are written on the GUI thread as they arrive (about 100 KB/s; the
writer encrypts and flushes 64 KiB chunks). Saving (the final chunk, fsync, the database
transaction and the signed custody event) runs on a worker thread so the window never waits.

The take has its own database handle for its whole life, so the save can run on another thread;
only one thread uses it at a time (the GUI thread while recording, the worker while saving).

Nothing here waits for the save: a discard (a lock, Close) during it lets it finish on its own;
its result closes the handle here. Whoever lets go of the take (the recorder, at a lock) keeps
it until ``running_job`` has ended, so that the result reaches it.
"""

from contextlib import ExitStack
from enum import StrEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import audio, session
from ui import workers
from ui.audio.pcm_source import PcmSource


class SessionState(StrEnum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"
    SAVING = "saving"
    SAVED = "saved"
    DISCARDED = "discarded"
    FAILED = "failed"


_ACTIVE = (SessionState.RECORDING, SessionState.PAUSED)


class RecordingSession(QObject):
    """Records one take of ``source`` into a new audio attachment of a draft testimony.

    ``start`` → (``pause`` ⇄ ``resume``) → ``stop_and_save`` or ``stop_and_discard``. Frames
    that arrive while paused are dropped: a pause leaves no gap of silence in the file.
    """

    level_changed = Signal(float)
    duration_changed = Signal(int)
    state_changed = Signal(str)
    recording_saved = Signal(object)
    recording_failed = Signal(object)
    recording_discarded = Signal()
    #: The source stopped by itself (a microphone unplugged); what was recorded is being saved.
    #: A source that fails before delivering anything ends the take with recording_failed.
    source_failed = Signal(object)

    def __init__(
        self,
        workspace: Any,
        testimony_id: UUID,
        source: PcmSource,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace  # opaque: handed to the services only
        self._testimony_id = testimony_id
        self._source = source
        self._state = SessionState.IDLE
        self._handle = ExitStack()
        self._recording: Any = None
        self._pcm_bytes = 0
        self._save_job: workers.Job | None = None

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def running_job(self) -> workers.Job | None:
        """The save on its worker, until its thread has ended (its result delivered here)."""
        job = self._save_job
        return job if job is not None and job.is_running() else None

    @property
    def pcm_bytes(self) -> int:
        """Sample bytes written so far (the WAV header not counted)."""
        return self._pcm_bytes

    @property
    def duration_ms(self) -> int:
        return self._source.format.duration_ms(self._pcm_bytes)

    def start(self) -> None:
        """Open the encrypted recording and start the source; a refusal (a sealed record, a
        locked workspace, a full disk) ends the take with ``recording_failed``."""
        if self._state is not SessionState.IDLE:
            return
        try:
            handle = self._handle.enter_context(session.worker_handle(self._workspace))
            self._recording = audio.start_wav_recording(
                handle, self._testimony_id, self._source.format
            )
        except Exception as error:  # shown to the person as one sentence
            self._handle.close()
            self._fail(error)
            return
        self._source.frames_captured.connect(self.on_frames_captured)
        self._source.failed.connect(self.on_source_failed)
        self._set_state(SessionState.RECORDING)
        self._source.start()

    def pause(self) -> None:
        if self._state is SessionState.RECORDING:
            self._set_state(SessionState.PAUSED)
            self._source.suspend()
            self.level_changed.emit(0.0)

    def resume(self) -> None:
        if self._state is SessionState.PAUSED:
            self._source.resume()
            self._set_state(SessionState.RECORDING)

    def stop_and_save(self, label: str | None = None) -> None:
        """Stop the source and store the take; ``recording_saved`` follows from the worker."""
        if self._state not in _ACTIVE:
            return
        self._source.stop()  # a last piece arrives here, and is kept unless paused
        self._disconnect_source()
        self._set_state(SessionState.SAVING)
        recording = self._recording

        def finish(_progress: ProgressCallback, _cancel: CancelToken) -> object:
            return recording.finish(label)

        worker = workers.Worker(finish)
        worker.succeeded.connect(self.on_save_succeeded)
        worker.failed.connect(self.on_save_failed)
        self._save_job = workers.start(worker)

    def stop_and_discard(self) -> None:
        """End the take leaving nothing behind (before a lock, on Discard, on closing).

        A save already running is let finish, without waiting for it: it is the witness's
        testimony, and it is complete; its outcome closes the take's database handle.
        """
        if self._state not in _ACTIVE:
            return
        self._set_state(SessionState.DISCARDED)  # frames the stop still delivers are dropped
        self._source.stop()
        self._disconnect_source()
        self._recording.discard()
        self._recording = None
        self._handle.close()
        self.level_changed.emit(0.0)
        self.recording_discarded.emit()

    @Slot(bytes)
    def on_frames_captured(self, data: bytes) -> None:
        if self._state is not SessionState.RECORDING:
            return
        room = audio.MAX_RECORDING_BYTES - self._pcm_bytes
        if room <= 0:  # full: the save is on its way
            return
        piece = data[:room]
        try:
            self._recording.write(piece)
        except Exception as error:  # a full or failing disk: nothing half-stored stays
            self._abandon(error)
            return
        self._pcm_bytes += len(piece)
        self.level_changed.emit(audio.peak_level(piece))
        self.duration_changed.emit(self.duration_ms)
        if len(data) >= room:
            # Later, not from inside the source's delivery: stopping it from there re-enters it.
            QTimer.singleShot(0, self, self.on_limit_reached)

    @Slot()
    def on_limit_reached(self) -> None:
        self.stop_and_save()

    @Slot(object)
    def on_source_failed(self, error: BaseException) -> None:
        if self._state not in _ACTIVE:
            return
        if self._pcm_bytes == 0:  # it never delivered (a device that would not open)
            self._abandon(error)
            return
        self.stop_and_save()
        self.source_failed.emit(error)

    @Slot(object)
    def on_save_succeeded(self, attachment: object) -> None:
        self._recording = None
        self._handle.close()
        self._set_state(SessionState.SAVED)
        self.recording_saved.emit(attachment)

    @Slot(object)
    def on_save_failed(self, error: object) -> None:
        self._recording.discard()  # the blob, if any, was already destroyed by the service
        self._recording = None
        self._handle.close()
        self._fail(error)

    def _abandon(self, error: BaseException) -> None:
        self._source.stop()
        self._disconnect_source()
        self._recording.discard()
        self._recording = None
        self._handle.close()
        self._fail(error)

    def _fail(self, error: object) -> None:
        self._set_state(SessionState.FAILED)
        self.level_changed.emit(0.0)
        self.recording_failed.emit(error)

    def _disconnect_source(self) -> None:
        self._source.frames_captured.disconnect(self.on_frames_captured)
        self._source.failed.disconnect(self.on_source_failed)

    def _set_state(self, state: SessionState) -> None:
        self._state = state
        self.state_changed.emit(str(state))
