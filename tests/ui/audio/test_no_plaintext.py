"""No recorded sound on disk in clear: after recording, after playback, after locking.

Random marker bytes are planted as samples in a generated signal that takes the microphone's
path into the encrypted store; then every byte of every file in the workspace folder and in the
(private) temporary folder is searched for them, with the scanner of the workspace safety tests.
"""

from pathlib import Path

from fieldapp.services import attachments, session
from tests.fieldapp.safety.scanner import Markers, scan
from ui.audio.pcm_source import GeneratedPcmSource
from ui.audio.player import AudioPlayer
from ui.audio.recording_session import RecordingSession

from .signals import FORMAT, deliver_all, tone, with_marker

EVERY = 20_000  # a marker every 20 KB: several in each 64 KiB chunk of the age payload


def _folders(workspace_root: Path, private_tmpdir: Path) -> list[Path]:
    return [workspace_root, private_tmpdir]


def test_recording_and_playback_leave_no_sound_in_clear(
    qtbot, ws, draft_id, workspace_root: Path, private_tmpdir: Path, markers: Markers
) -> None:
    marker = markers.raw_bytes("recorded samples")
    pcm = with_marker(tone(160_000, 0.7), marker, EVERY)  # 10 s at 16 kHz
    assert pcm.count(marker) == 16  # at 0, 20 000, … 300 000
    folders = _folders(workspace_root, private_tmpdir)

    source = GeneratedPcmSource(FORMAT, pcm)
    take = RecordingSession(ws, draft_id, source)
    take.start()
    deliver_all(source, 3_333)
    assert scan(folders, markers.needles()) == []  # while recording, before the save
    with qtbot.waitSignal(take.recording_saved, timeout=10_000) as saved:
        take.stop_and_save()
    attachment = saved.args[0]
    assert marker in b"".join(attachments.read_attachment(ws, attachment.id))
    assert scan(folders, markers.needles()) == []

    player = AudioPlayer()
    with qtbot.waitSignal(player.audio_loaded, timeout=10_000):
        player.load(ws, attachment.id)
    assert player.pcm() == pcm  # the plaintext is in memory, and only there
    played = player.play()  # False on a machine without audio output (this one)
    if played:
        qtbot.waitSignal(player.playback_finished, timeout=20_000).wait()
    assert scan(folders, markers.needles()) == []
    player.clear()

    session.lock(ws)
    assert scan(folders, markers.needles()) == []


def test_the_scan_finds_planted_sound_in_the_temp_folder(
    private_tmpdir: Path, workspace_root: Path, markers: Markers
) -> None:
    marker = markers.raw_bytes("control")
    (private_tmpdir / "leak.wav").write_bytes(with_marker(tone(2_000, 0.5), marker, 1_000))
    findings = scan(_folders(workspace_root, private_tmpdir), markers.needles())
    assert [f.path.name for f in findings] == ["leak.wav"]
