"""Record audio for a draft testimony: Record, Pause, Resume, Stop and save, Discard, Play.

Each take goes straight into the encrypted store (``RecordingSession``); a saved take can be
played back from memory at once. Closing the dialog discards a take still running (the lead
calls ``reject`` before locking); the dialog's result is Accepted when at least one take was
saved, so the caller refreshes its list of attachments.

Closing waits for nothing (a lock must not freeze the window): a take being saved is let finish
on its worker, and a recording being decrypted for playback is asked to stop, its samples
overwritten when they arrive. Until ``running_jobs`` have ended the dialog must not be deleted
(their results come to it: the take's handle is closed there, the samples wiped there); what it
receives after closing is shown nowhere, and a take saved then is announced by
``attachment_saved`` only (the list of attachments takes it in).
"""

from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import SHORT_TEXT_MAX
from ui import workers
from ui.audio.level_meter import LevelMeter
from ui.audio.pcm_source import MicrophoneSource, PcmSource, choose_format, default_microphone
from ui.audio.player import AudioPlayer
from ui.audio.recording_session import RecordingSession, SessionState
from ui.error_text import error_text
from ui.widgets.plain_text_label import PlainTextLabel

_ACTIVE = (SessionState.RECORDING, SessionState.PAUSED)


def format_elapsed(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class RecordAudioDialog(QDialog):
    """Records takes for the draft testimony ``testimony_id`` of the unlocked ``workspace``."""

    attachment_saved = Signal(object)

    def __init__(self, workspace: Any, testimony_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace  # opaque: handed to the services only
        self._testimony_id = testimony_id
        self._source: PcmSource | None = None
        self._session: RecordingSession | None = None
        self._closed = False  # what arrives after closing is shown nowhere
        self.saved_attachments: list[Any] = []
        self.player = AudioPlayer(self)
        self.setWindowTitle(self.tr("Record audio"))
        self._build()
        self._connect()
        self._use_microphone()
        self._update_buttons()

    def _build(self) -> None:
        self.status = PlainTextLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Recording status"))
        self.elapsed = PlainTextLabel(format_elapsed(0))
        self.elapsed.setAccessibleName(self.tr("Elapsed time"))
        self.level_meter = LevelMeter()
        self.description = QLineEdit()
        self.description.setMaxLength(SHORT_TEXT_MAX)
        self.description.setPlaceholderText(self.tr("For example: interview, part 1"))
        self.description.setAccessibleName(self.tr("Description of the recording"))
        self.record_button = self._button(self.tr("&Record"))
        self.pause_button = self._button(self.tr("&Pause"))
        self.resume_button = self._button(self.tr("Res&ume"))
        self.save_button = self._button(self.tr("&Stop and save"))
        self.discard_button = self._button(self.tr("&Discard"))
        self.play_button = self._button(self.tr("P&lay"))
        self.close_button = self._button(self.tr("&Close"))

        form = QFormLayout()
        form.addRow(self.tr("Elapsed:"), self.elapsed)
        form.addRow(self.tr("Level:"), self.level_meter)
        form.addRow(self.tr("Description:"), self.description)
        controls = QHBoxLayout()
        for button in (
            self.record_button,
            self.pause_button,
            self.resume_button,
            self.save_button,
            self.discard_button,
            self.play_button,
        ):
            controls.addWidget(button)
        controls.addStretch()
        controls.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addLayout(controls)

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.setAutoDefault(False)  # Enter in the description must not stop a take
        return button

    def _connect(self) -> None:
        self.record_button.clicked.connect(self.on_record_clicked)
        self.pause_button.clicked.connect(self.on_pause_clicked)
        self.resume_button.clicked.connect(self.on_resume_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.discard_button.clicked.connect(self.on_discard_clicked)
        self.play_button.clicked.connect(self.on_play_clicked)
        self.close_button.clicked.connect(self.reject)
        self.player.audio_loaded.connect(self._update_buttons)
        self.player.load_failed.connect(self.on_failed)
        self.player.playback_finished.connect(self._update_buttons)

    def _use_microphone(self) -> None:
        device = default_microphone()
        if device is None:
            self.status.setText(
                self.tr("No microphone was found; connect one and open this window again.")
            )
            return
        qt_format = choose_format(device)
        if qt_format is None:
            self.status.setText(self.tr("The microphone cannot record 16-bit sound."))
            return
        self.use_source(MicrophoneSource(device, qt_format, self))

    def use_source(self, source: PcmSource) -> None:
        """Record from ``source`` instead of the microphone (tests, the demo)."""
        if self._session is not None and self._session.state in _ACTIVE:
            return
        self._source = source
        self.status.setText(self.tr("Ready to record."))
        self._update_buttons()

    @property
    def session(self) -> RecordingSession | None:
        """The current or last take."""
        return self._session

    @property
    def running_jobs(self) -> list[workers.Job]:
        """The work still running for this dialog: a take being saved, a recording being
        decrypted (a dialog is deleted only once they have ended: ``ui.pending_release``)."""
        saves = [take.running_job for take in self.findChildren(RecordingSession)]
        return [*(job for job in saves if job is not None), *self.player.running_jobs]

    def stop_and_discard(self) -> None:
        """Discard a take in progress and stop playback, overwriting the samples in memory,
        without waiting: a save in progress finishes on its own, a decryption is stopped."""
        if self._session is not None:
            self._session.stop_and_discard()
        self.player.clear()

    def reject(self) -> None:
        self._closed = True
        self.stop_and_discard()
        if self.saved_attachments:
            super().accept()
        else:
            super().reject()

    @Slot()
    def on_record_clicked(self) -> None:
        if self._source is None:
            return
        self.player.clear()
        self.level_meter.reset()
        self.elapsed.setText(format_elapsed(0))
        take = RecordingSession(self._workspace, self._testimony_id, self._source, self)
        take.level_changed.connect(self.level_meter.set_level)
        take.duration_changed.connect(self.on_duration_changed)
        take.state_changed.connect(self.on_state_changed)
        take.recording_saved.connect(self.on_recording_saved)
        take.recording_failed.connect(self.on_failed)
        take.source_failed.connect(self.on_source_failed)
        self._session = take
        take.start()
        self.pause_button.setFocus()

    @Slot()
    def on_pause_clicked(self) -> None:
        if self._session is not None:
            self._session.pause()
            self.resume_button.setFocus()

    @Slot()
    def on_resume_clicked(self) -> None:
        if self._session is not None:
            self._session.resume()
            self.pause_button.setFocus()

    @Slot()
    def on_save_clicked(self) -> None:
        if self._session is not None:
            self._session.stop_and_save(self._label())

    @Slot()
    def on_discard_clicked(self) -> None:
        if self._session is not None:
            self._session.stop_and_discard()
            self.status.setText(self.tr("The recording was discarded."))
            self.record_button.setFocus()

    @Slot()
    def on_play_clicked(self) -> None:
        if self.player.play():
            self.status.setText(self.tr("Playing the saved recording."))
        else:
            self.status.setText(
                self.tr("No speaker or headphones were found; the recording is saved.")
            )
        self._update_buttons()

    @Slot(int)
    def on_duration_changed(self, ms: int) -> None:
        self.elapsed.setText(format_elapsed(ms))

    @Slot(str)
    def on_state_changed(self, state: str) -> None:
        texts = {
            SessionState.RECORDING: self.tr("Recording."),
            SessionState.PAUSED: self.tr("Paused; nothing is recorded until you resume."),
            SessionState.SAVING: self.tr("Saving the recording…"),
        }
        if state in texts:
            self.status.setText(texts[SessionState(state)])
        self._update_buttons()

    @Slot(object)
    def on_recording_saved(self, attachment: Any) -> None:
        self.saved_attachments.append(attachment)
        if self._closed:  # a take being saved as the dialog closed: stored, shown nowhere
            self.attachment_saved.emit(attachment)
            return
        self.status.setText(self.tr("The recording was saved, encrypted."))
        self.description.clear()
        self.player.load(self._workspace, attachment.id)
        self.record_button.setFocus()
        self.attachment_saved.emit(attachment)

    @Slot(object)
    def on_failed(self, error: object) -> None:
        if self._closed:
            return
        self.status.setText(error_text(error))  # type: ignore[arg-type]
        self._update_buttons()

    @Slot(object)
    def on_source_failed(self, _error: object) -> None:
        self.status.setText(
            self.tr("The microphone stopped; what was recorded until then is being saved.")
        )

    def _label(self) -> str | None:
        # The description must not cost the take: a label the record would refuse (control
        # characters, too long) is cleaned here, before the save.
        text = "".join(c for c in self.description.text() if c.isprintable()).strip()
        return text[:SHORT_TEXT_MAX] or None

    @Slot()
    def _update_buttons(self) -> None:
        state = self._session.state if self._session is not None else SessionState.IDLE
        active = state in _ACTIVE
        saving = state is SessionState.SAVING
        self.record_button.setEnabled(self._source is not None and not active and not saving)
        self.pause_button.setEnabled(state is SessionState.RECORDING)
        self.resume_button.setEnabled(state is SessionState.PAUSED)
        self.save_button.setEnabled(active)
        self.discard_button.setEnabled(active)
        self.play_button.setEnabled(self.player.loaded and not active and not saving)
        self.description.setEnabled(not saving)
