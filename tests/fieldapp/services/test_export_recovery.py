"""Export under failure: cancel, a full disk, a change meanwhile, a crash at any moment.

The rule each test checks: no file that looks like a finished bundle exists for an export that
was not committed, nothing is committed for a bundle that was not written whole, and the next
export finishes or undoes whatever an interruption left.
"""

import contextlib
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from fieldapp.domain import CustodyKind
from fieldapp.errors import BundleFileExistsError, Cancelled, ExportConflictError, StorageFullError
from fieldapp.progress import CancelToken
from fieldapp.services import records
from fieldapp.services.export import export_bundle
from fieldapp.sync.bundle_verify import manifest_digest_of, verify_bundles
from fieldapp.sync.bundle_writer import bundle_file_name, partial_path
from fieldapp.workspace import export_state as state
from fieldapp.workspace.database import transaction
from tests.fieldapp.small_disk import small_disk
from tests.fieldapp.workspace.support import PASSPHRASE, stored_state

from .test_export_support import (
    FieldDevice,
    add_testimony,
    bundle_files,
    bundle_records,
    enrolled_device,
    kinds,
    partials,
)

ROOT = Path(__file__).resolve().parents[3]
KILLS = 15
CHILD = """
import sys, time
from pathlib import Path
from fieldapp.services.export import export_bundle
from fieldapp.workspace import Workspace
ws = Workspace.unlock(Path(sys.argv[1]), sys.argv[2])
print("go", flush=True)
start = time.perf_counter()
export_bundle(ws, Path(sys.argv[3]))
print(time.perf_counter() - start, flush=True)
"""


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FieldDevice]:
    made = enrolled_device(tmp_path)
    yield made
    made.ws.lock()


def test_a_cancelled_export_changes_nothing(device: FieldDevice) -> None:
    add_testimony(device.ws, files=[os.urandom(300_000)])
    before = stored_state(device.ws.connection)
    token = CancelToken()

    def cancel_midway(done: int, total: int) -> None:
        if done > total // 3:
            token.cancel()

    with pytest.raises(Cancelled):
        export_bundle(device.ws, device.out, progress=cancel_midway, cancel=token)
    assert list(device.out.iterdir()) == []
    assert stored_state(device.ws.connection) == before
    assert export_bundle(device.ws, device.out).path is not None


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_commits_nothing_and_leaves_nothing(
    device: FieldDevice, tmp_path: Path
) -> None:
    add_testimony(device.ws, files=[os.urandom(2 * 1024 * 1024)])
    before = stored_state(device.ws.connection)
    with small_disk(tmp_path / "stick") as stick:
        with pytest.raises(StorageFullError):
            export_bundle(device.ws, stick)
        assert os.listdir(stick) == []
    assert stored_state(device.ws.connection) == before
    assert export_bundle(device.ws, device.out).path is not None


def test_a_change_during_export_is_refused(device: FieldDevice) -> None:
    ws = device.ws
    add_testimony(ws, files=[b"x" * 100_000])
    other = add_testimony(ws, seal=False)
    before = stored_state(ws.connection)

    def seal_meanwhile(done: int, total: int) -> None:
        if done and ws.repository.get_testimony(other.id).status.value == "draft":
            records.seal_testimony(ws, other.id)

    with pytest.raises(ExportConflictError):
        export_bundle(ws, device.out, progress=seal_meanwhile)
    assert list(device.out.iterdir()) == []
    assert state.sent_bundles(ws.connection) == []
    assert stored_state(ws.connection) != before  # the seal itself stands
    result = export_bundle(ws, device.out)
    assert result.testimonies == 2


def test_a_file_in_the_way_is_not_replaced(device: FieldDevice) -> None:
    add_testimony(device.ws)
    blocker = device.out / bundle_file_name(device.ws.fingerprint, 1)
    blocker.write_bytes(b"someone else's")
    with pytest.raises(BundleFileExistsError):
        export_bundle(device.ws, device.out)
    assert blocker.read_bytes() == b"someone else's"
    assert state.sent_bundles(device.ws.connection) == []


def _interrupt_after_commit(device: FieldDevice, *, rename_back: bool) -> state.SentBundle:
    """Put the device where a crash after the commit would leave it."""
    result = export_bundle(device.ws, device.out)
    assert result.path is not None
    [bundle] = state.sent_bundles(device.ws.connection)
    if rename_back:
        result.path.rename(bundle.partial_path)
    else:
        result.path.unlink()
    with transaction(device.ws.connection):
        state.set_state(device.ws.connection, bundle.sequence, state.COMMITTED)
    return bundle


def test_a_committed_bundle_left_partial_is_finished_first(device: FieldDevice) -> None:
    add_testimony(device.ws)
    bundle = _interrupt_after_commit(device, rename_back=True)
    assert bundle_files(device.out) == []
    add_testimony(device.ws)
    result = export_bundle(device.ws, device.out)
    assert any("finished" in note for note in result.notes)
    assert bundle_files(device.out) == [bundle.final_path, result.path]
    assert manifest_digest_of(bundle.final_path) == bundle.manifest_digest
    assert partials(device.out) == []
    assert verify_bundles(bundle_files(device.out), device.roster).ok
    assert {b.state for b in state.sent_bundles(device.ws.connection)} == {state.WRITTEN}


def test_a_committed_bundle_whose_file_is_gone_is_sent_again(device: FieldDevice) -> None:
    ws = device.ws
    testimony = add_testimony(ws)
    lost = _interrupt_after_commit(device, rename_back=False)
    result = export_bundle(ws, device.out)
    assert result.path is not None
    assert any("missing" in note for note in result.notes)
    assert result.sequence == 2
    found = kinds(bundle_records(result.path, device.keys))
    assert [t.id for t in found["testimony"]] == [testimony.id]
    # Not the lost bundle's custody events: they keep their place in the chain (a found copy
    # still fits); the log goes on from its own export event.
    first = found["custody"][0].event
    assert (first.kind, first.bundle_id, first.payload_hash) == (
        CustodyKind.EXPORT,
        lost.bundle_id,
        lost.manifest_digest,
    )
    report = verify_bundles([result.path], device.roster)
    assert report.ok
    assert report.files[0].previous == lost.manifest_digest
    states = [b.state for b in state.sent_bundles(ws.connection)]
    assert states == [state.LOST, state.WRITTEN]


def test_what_an_uncommitted_export_left_is_removed(device: FieldDevice) -> None:
    crashed, other = uuid4(), uuid4()
    leftovers = [
        partial_path(device.out, crashed),
        device.out / f".fieldapp-{crashed}.records.age.partial",
    ]
    for path in [*leftovers, partial_path(device.out, other)]:
        path.write_bytes(b"ciphertext")
    with transaction(device.ws.connection):
        state.set_pending_export(device.ws.connection, state.PendingExport(crashed, device.out))
    add_testimony(device.ws)
    result = export_bundle(device.ws, device.out)
    assert result.path is not None
    # Another export's file (another device sharing the stick) is not ours to remove.
    assert partials(device.out) == [partial_path(device.out, other)]
    assert state.pending_export(device.ws.connection) is None


def _child(device: FieldDevice) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", CHILD, str(device.ws.layout.root), PASSPHRASE, str(device.out)]
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def _check_no_false_bundle(device: FieldDevice) -> None:
    """Every file with a bundle's name is one the device committed, whole."""
    committed = {b.manifest_digest for b in state.sent_bundles(device.ws.connection)}
    for path in bundle_files(device.out):
        assert manifest_digest_of(path) in committed, path


@pytest.mark.slow
def test_a_crash_at_any_moment_leaves_no_false_bundle_and_a_rerun_succeeds(
    device: FieldDevice,
) -> None:
    ws, rng = device.ws, random.Random(2014)
    sealed = [add_testimony(ws, files=[os.urandom(400_000)]).id]
    calibration = _child(device)
    output, _ = calibration.communicate(timeout=60)
    assert calibration.returncode == 0, output
    # Kill moments are drawn up to ``window`` after the child starts exporting. The window
    # grows after a kill and shrinks after an export that finished first, so it follows the
    # export's length and the kills fall on every step: planning, staging, hashing, writing
    # the container, the commit, the rename.
    window = 2 * float(output.split()[-1])
    for _ in range(KILLS):
        sealed.append(add_testimony(ws, files=[os.urandom(400_000)] * rng.randint(1, 3)).id)
        child = _child(device)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "go"
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=rng.uniform(0, window))
        child.send_signal(signal.SIGKILL)
        finished = child.wait(timeout=60) == 0
        child.stdout.close()
        _check_no_false_bundle(device)
        window *= 0.7 if finished else 1.5
    result = export_bundle(ws, device.out)
    _check_no_false_bundle(device)
    assert partials(device.out) == []
    sent = state.sent_bundles(ws.connection)
    assert {b.state for b in sent} <= {state.WRITTEN, state.LOST}
    assert result.path is None or result.path in bundle_files(device.out)
    report = verify_bundles(bundle_files(device.out), device.roster)
    assert report.ok, [f.reason for f in report.files if not f.ok]
    assert len(bundle_files(device.out)) == len(sent)
    exported = set()
    for path in bundle_files(device.out):
        exported |= {t.id for t in kinds(bundle_records(path, device.keys)).get("testimony", [])}
    assert exported == set(sealed)
    assert all(ws.repository.get_testimony(t).status.value == "exported" for t in sealed)
