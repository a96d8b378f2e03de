"""A process killed at any moment loses nothing it committed and leaves nothing half-written.

A child process works on a workspace as an interviewer would — create a testimony with its
consent, attach a file or record audio, seal — and prints a line after each step it committed.
The parent kills it with SIGKILL at random moments (after a random delay, or right after a
random committed line) many times over, reopening the same workspace each round. After each kill
the workspace must unlock; every step the child reported must be there and intact (attachments
read back to their SHA-256); nothing may be half there (every stored record parses, the custody
log matches the records one to one and verifies); no orphan blob and no temporary file may be
left once the unlock has swept.

The seed is printed; set FIELDAPP_CRASH_SEED to replay a run, FIELDAPP_CRASH_KILLS to change
how many kills it makes.
"""

import hashlib
import io
import os
import queue
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import AttachmentKind, CustodyKind, RecordStatus
from fieldapp.services import attachments, audit, records
from fieldapp.workspace import Role, Workspace, WorkspaceLayout
from fieldapp.workspace.files import TEMP_PREFIX
from tests.fieldapp.domain.factories import make_consent, make_testimony

from .conftest import PARAMS

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ENV = "FIELDAPP_CRASH_SEED"
KILLS_ENV = "FIELDAPP_CRASH_KILLS"
DEFAULT_KILLS = 30
#: How long the child may run before a kill; short, because it commits a step every few ms.
MAX_DELAY_SECONDS = 0.25
MAX_LINES_BEFORE_KILL = 40
#: Time allowed for one child to start and reach the kill; far above what it needs.
CHILD_TIMEOUT_SECONDS = 30
#: The way of killing that the first round always takes, so that at least one kill certainly
#: cuts a write off (the random ways do too, but not in every run).
IN_A_RECORDING = "in a recording"

CHILD = r"""
import hashlib, io, os, random, sys
from pathlib import Path
from uuid import uuid4

root, passphrase, seed, repo = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
# "pause": wait, in the middle of the first recording, to be killed there.
pause = sys.argv[5:] == ["pause"]
sys.path.insert(0, repo)

from fieldapp.domain import AttachmentKind, new_pseudonym
from fieldapp.services import attachments, records
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_consent, make_testimony

rng = random.Random(seed)
ws = Workspace.unlock(Path(root), passphrase)


def report(*words):
    # One write of one whole line: a kill cannot leave half of it in the pipe.
    os.write(1, (" ".join(map(str, words)) + "\n").encode())


report("ready")
while True:
    testimony_id, pseudonym = uuid4(), new_pseudonym()
    records.create_testimony(
        ws,
        make_testimony(id=testimony_id, pseudonym=pseudonym),
        [make_consent(testimony_id=testimony_id, pseudonym=pseudonym)],
    )
    report("committed create", testimony_id)
    for _ in range(rng.choice((0, 1, 1, 2))):
        data = rng.randbytes(rng.randrange(150_000, 250_000))
        if rng.random() < 0.5:
            attachment = attachments.attach_file(
                ws, testimony_id, io.BytesIO(data), kind=AttachmentKind.AUDIO,
                media_type="audio/ogg", total=len(data),
            )
        else:
            recording = attachments.Recording(ws, testimony_id, AttachmentKind.AUDIO, "audio/ogg")
            for at in range(0, len(data), 16_384):
                recording.write(data[at : at + 16_384])
                if pause and at == 0:
                    report("recording", testimony_id)
                    sys.stdin.readline()  # never answered: the kill comes first
            attachment = recording.finish()
        digest = hashlib.sha256(data).hexdigest()
        report("committed attach", testimony_id, attachment.id, digest)
    if rng.random() < 0.8:
        records.seal_testimony(ws, testimony_id)
        report("committed seal", testimony_id)
"""


@dataclass
class Reported:
    """Every step the children said they committed, over all rounds."""

    created: set[UUID] = field(default_factory=set)
    sealed: set[UUID] = field(default_factory=set)
    attached: dict[UUID, tuple[UUID, str]] = field(default_factory=dict)

    def take(self, line: str) -> UUID | None:
        """Record one line; the attachment's id if it reports one."""
        words = line.split()
        if words[:2] == ["committed", "create"]:
            self.created.add(UUID(words[2]))
        elif words[:2] == ["committed", "seal"]:
            self.sealed.add(UUID(words[2]))
        elif words[:2] == ["committed", "attach"]:
            attachment_id = UUID(words[3])
            self.attached[attachment_id] = (UUID(words[2]), words[4])
            return attachment_id
        elif words != ["ready"] and words[:1] != ["recording"]:
            raise AssertionError(f"the child printed {line!r}")
        return None


def _lines(stream: io.TextIOBase, into: "queue.Queue[str | None]") -> None:
    for line in stream:
        if line.endswith("\n"):  # a last line without its end was never reported whole
            into.put(line[:-1])
    into.put(None)


def _run_and_kill(
    script: Path, root: Path, passphrase: str, rng: random.Random, how: str | None = None
) -> tuple[list[str], str]:
    """Start a child, kill it at a moment chosen by ``rng`` (or the way ``how`` says); its
    lines and how it was killed."""
    how = how or rng.choice(("while starting", "after a delay", "after a line", "after a line"))
    child = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(root),
            passphrase,
            str(rng.getrandbits(32)),
            str(REPO_ROOT),
            *(["pause"] if how == IN_A_RECORDING else []),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(child.stdout, lines), daemon=True)
    reader.start()
    seen: list[str] = []

    def next_line(deadline: float) -> str | None:
        line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        if line is None:
            child.wait()
            raise AssertionError(f"the child stopped by itself: {child.stderr.read()}")
        seen.append(line)
        return line

    deadline = time.monotonic() + CHILD_TIMEOUT_SECONDS
    try:
        if how == IN_A_RECORDING:
            # Half a recording written, its temporary file open: always a write cut off.
            while not next_line(deadline).startswith("recording"):  # type: ignore[union-attr]
                pass
        elif how == "while starting":
            # Before or during the unlock and its sweep of what the last kill left.
            time.sleep(rng.uniform(0.0, 0.4))
        elif how == "after a delay":
            while next_line(deadline) != "ready":
                pass
            time.sleep(rng.uniform(0.0, MAX_DELAY_SECONDS))
        else:
            wanted = rng.randrange(1, MAX_LINES_BEFORE_KILL)
            committed = 0
            while committed < wanted:
                committed += next_line(deadline).startswith("committed")  # type: ignore[union-attr]
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        assert child.stdin is not None
        child.stdin.close()
    reader.join(timeout=CHILD_TIMEOUT_SECONDS)
    # Lines already in the pipe were printed after their commit: they count too.
    while (line := lines.get_nowait()) is not None:
        seen.append(line)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    child.stderr.close()
    return seen, how


def _stray_files(layout: WorkspaceLayout) -> Iterator[Path]:
    for folder in (layout.root, layout.blobs):
        yield from folder.glob(f"{TEMP_PREFIX}*")


def _check(ws: Workspace, reported: Reported, read_back: set[UUID], context: str) -> None:
    """Everything reported is there and intact, and nothing is half there."""
    repo, db = ws.repository, ws.connection
    ids = {UUID(row[0]) for row in db.execute("SELECT DISTINCT id FROM testimonies")}
    assert reported.created <= ids, f"{context}: reported testimonies are missing"
    sealed_ids = set()
    for testimony_id in ids:
        record = records.get_record(ws, testimony_id)  # parses every part of it
        assert record.testimony.version == 1
        assert [c.version for c in record.consents] == [1], context
        if record.testimony.status is RecordStatus.SEALED:
            sealed_ids.add(testimony_id)
        else:
            assert record.testimony.status is RecordStatus.DRAFT, context
    assert reported.sealed <= sealed_ids, f"{context}: a reported seal is missing"
    assert repo.count_testimonies() == len(ids)

    stored_attachments = {
        UUID(row[0]): (UUID(row[1]), row[2])
        for row in db.execute("SELECT id, testimony_id, blob_name FROM attachments")
    }
    for attachment_id, (testimony_id, digest) in reported.attached.items():
        assert attachment_id in stored_attachments, f"{context}: a reported attachment is missing"
        attachment, _ = repo.attachment(attachment_id)
        assert (attachment.testimony_id, attachment.sha256) == (testimony_id, digest), context
    for attachment_id in read_back:
        expected = reported.attached[attachment_id][1]
        content = b"".join(attachments.read_attachment(ws, attachment_id))
        assert hashlib.sha256(content).hexdigest() == expected, context
    assert {t for t, _ in stored_attachments.values()} <= ids, f"{context}: attachment orphaned"

    # The custody log and the records agree one to one: no record without its event, and no
    # event for a change that did not happen.
    events: dict[str, list[str]] = {}
    for kind, record_id in db.execute("SELECT kind, record_id FROM custody_events"):
        events.setdefault(kind, []).append(record_id)
    assert sorted(events.get(CustodyKind.CREATE, [])) == sorted(map(str, ids)), context
    assert sorted(events.get(CustodyKind.SEAL, [])) == sorted(map(str, sealed_ids)), context
    attached_to = sorted(str(t) for t, _ in stored_attachments.values())
    assert sorted(events.get(CustodyKind.ATTACH, [])) == attached_to, context
    report = audit.verify_custody(ws)
    assert report.intact, f"{context}: {report.reason}"
    assert report.events == sum(map(len, events.values()))

    # The unlock swept what the kill left: blob files are exactly the referenced blobs.
    layout = ws.layout
    blob_files = {p.name for p in layout.blobs.iterdir()}
    referenced = {f"{name}.age" for _, name in stored_attachments.values()}
    assert blob_files == referenced, f"{context}: orphan or missing blobs"
    assert not list(_stray_files(layout)), f"{context}: temporary files left"


@pytest.mark.slow
def test_killed_at_random_moments_loses_nothing_committed(
    tmp_path: Path, workspace_root: Path, passphrase: str
) -> None:
    seed = int(os.environ.get(SEED_ENV) or secrets.randbits(32))
    kills = int(os.environ.get(KILLS_ENV) or DEFAULT_KILLS)
    print(f"crash test: {kills} kills, seed {seed} (replay: {SEED_ENV}={seed})")
    rng = random.Random(seed)
    Workspace.create(workspace_root, passphrase, Role.INTERVIEWER, params=PARAMS)[0].lock()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    reported = Reported()
    ways: dict[str, int] = {}
    interrupted = 0  # rounds whose kill left a temporary file for the unlock to sweep
    for round_ in range(1, kills + 1):
        forced = IN_A_RECORDING if round_ == 1 else None
        lines, how = _run_and_kill(script, workspace_root, passphrase, rng, forced)
        ways[how] = ways.get(how, 0) + 1
        new_attachments = {a for a in map(reported.take, lines) if a is not None}
        context = f"seed {seed}, round {round_} (killed {how}, {len(lines)} lines)"
        interrupted += any(_stray_files(WorkspaceLayout(workspace_root)))
        with Workspace.unlock(workspace_root, passphrase) as ws:
            _check(ws, reported, new_attachments, context)
    # The last check reads every attachment back, not only the latest round's.
    with Workspace.unlock(workspace_root, passphrase) as ws:
        _check(ws, reported, set(reported.attached), f"seed {seed}, at the end")
    # Not vacuous: the children did commit work, and were killed in every way.
    assert len(reported.created) >= kills, ways
    assert reported.attached
    assert reported.sealed
    assert interrupted > 0, "no kill landed in the middle of writing an attachment"
    print(
        f"crash test: {len(reported.created)} testimonies, {len(reported.attached)} attachments;"
        f" {interrupted} kills left a temporary file; kills {ways}"
    )


def test_a_second_unlock_leaves_a_recording_in_progress_alone(
    workspace: Workspace, passphrase: str
) -> None:
    """`fieldapp status` while the desktop app records: the sweep of crash leftovers must not
    take the recording still being written for one."""
    testimony = make_testimony(id=uuid4())
    records.create_testimony(workspace, testimony, [make_consent(testimony_id=testimony.id)])
    recording = attachments.Recording(workspace, testimony.id, AttachmentKind.AUDIO, "audio/ogg")
    recording.write(b"first minute " * 10_000)
    Workspace.unlock(workspace.layout.root, passphrase).lock()  # another process, briefly
    recording.write(b"second minute " * 10_000)
    attachment = recording.finish()
    content = b"".join(attachments.read_attachment(workspace, attachment.id))
    assert content == b"first minute " * 10_000 + b"second minute " * 10_000


def test_a_second_unlock_leaves_a_blob_about_to_be_recorded_alone(
    workspace: Workspace, passphrase: str
) -> None:
    """A blob between its rename and its database row is unreferenced for a moment; only a
    crash leaves it so, and only then may an unlock remove it."""
    blob = workspace.blobs.store(io.BytesIO(b"scan of the consent form" * 1000))
    Workspace.unlock(workspace.layout.root, passphrase).lock()
    assert workspace.blobs.path_of(blob.name).exists()
    path = workspace.blobs.path_of(blob.name)
    workspace.lock()
    # Once nobody has it open, the next unlock sweeps the blob nothing points at.
    Workspace.unlock(workspace.layout.root, passphrase).lock()
    assert not path.exists()
