"""Audio: recording straight into encrypted storage, a level meter, playback from memory."""

from ui.audio.level_meter import LevelMeter
from ui.audio.pcm_source import GeneratedPcmSource, MicrophoneSource, PcmSource
from ui.audio.player import AudioPlayer
from ui.audio.recorder_dialog import RecordAudioDialog
from ui.audio.recording_session import RecordingSession, SessionState

__all__ = [
    "AudioPlayer",
    "GeneratedPcmSource",
    "LevelMeter",
    "MicrophoneSource",
    "PcmSource",
    "RecordAudioDialog",
    "RecordingSession",
    "SessionState",
]
