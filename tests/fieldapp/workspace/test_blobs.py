"""The blob store: real age files to the workspace's blob identity, written atomically."""

import hashlib
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from crypto import age
from crypto.age.stream import CHUNK_SIZE
from fieldapp.errors import AttachmentDamagedError, Cancelled
from fieldapp.progress import CancelToken
from fieldapp.workspace import Workspace, files
from fieldapp.workspace.blobs import BLOB_SUFFIX, READ_CHUNK, BlobStore, RawBlobWriter, StoredBlob
from fieldapp.workspace.files import TEMP_PREFIX
from fieldapp.workspace.master_key import blob_identity
from tests.crypto.age.agecli import require_age

from .support import PASSPHRASE, CreatedWorkspace

SIZES = sorted(
    {
        0,
        1,
        CHUNK_SIZE - 1,
        CHUNK_SIZE,
        CHUNK_SIZE + 1,
        2 * CHUNK_SIZE,
        READ_CHUNK - 1,
        READ_CHUNK,
        READ_CHUNK + 1,
        READ_CHUNK + CHUNK_SIZE,
    }
)


def _store(ws: Workspace, data: bytes) -> StoredBlob:
    return ws.blobs.store(io.BytesIO(data))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("size", SIZES)
def test_store_and_read_back(ws: Workspace, size: int) -> None:
    data = secrets.token_bytes(size)
    stored = _store(ws, data)
    assert stored.size == size
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    path = ws.blobs.path_of(stored.name)
    assert path.is_file()
    assert path.stat().st_mode & 0o777 == 0o600
    assert _files(ws.layout.blobs) == [f"{stored.name}{BLOB_SUFFIX}"]
    # Ciphertext only: no run of the plaintext is in the file.
    on_disk = path.read_bytes()
    assert on_disk.startswith(b"age-encryption.org/v1\n")
    if size >= 32:
        assert data[:32] not in on_disk
    assert b"".join(ws.blobs.read_verified(stored.name, stored.size, stored.sha256)) == data
    with ws.blobs.open(stored.name) as reader:
        assert reader.read() == data


def test_progress_is_reported_between_chunks(ws: Workspace) -> None:
    data = secrets.token_bytes(2 * READ_CHUNK + 10)
    seen: list[tuple[int, int]] = []
    ws.blobs.store(
        io.BytesIO(data), progress=lambda done, total: seen.append((done, total)), total=len(data)
    )
    assert seen == [(READ_CHUNK, len(data)), (2 * READ_CHUNK, len(data)), (len(data), len(data))]


@pytest.mark.parametrize(
    ("size_delta", "hash_ok"),
    [pytest.param(0, False, id="wrong-hash"), pytest.param(1, True, id="wrong-size")],
)
def test_read_verified_checks_hash_and_size(ws: Workspace, size_delta: int, hash_ok: bool) -> None:
    data = secrets.token_bytes(CHUNK_SIZE + 5)
    stored = _store(ws, data)
    sha256 = stored.sha256 if hash_ok else hashlib.sha256(b"other").hexdigest()
    chunks = ws.blobs.read_verified(stored.name, stored.size + size_delta, sha256)
    with pytest.raises(AttachmentDamagedError):
        b"".join(chunks)


def test_abort_leaves_nothing(ws: Workspace) -> None:
    writer = ws.blobs.writer()
    writer.write(secrets.token_bytes(3 * CHUNK_SIZE))
    assert any(name.startswith(TEMP_PREFIX) for name in _files(ws.layout.blobs))
    writer.abort()
    assert _files(ws.layout.blobs) == []
    assert not ws.blobs.path_of(writer.name).exists()


def test_a_writer_before_commit_holds_only_a_temporary(ws: Workspace) -> None:
    writer = ws.blobs.writer()
    writer.write(b"partial audio")
    assert ws.blobs.stored_names() == set()
    stored = writer.commit()
    assert ws.blobs.stored_names() == {stored.name}
    assert b"".join(ws.blobs.read_verified(stored.name, stored.size, stored.sha256)) == (
        b"partial audio"
    )


def test_cancelled_store_raises_and_leaves_no_file(ws: Workspace) -> None:
    cancel = CancelToken()
    calls: list[int] = []

    def progress(done: int, _total: int) -> None:
        calls.append(done)
        cancel.cancel()  # the user presses Cancel after the first chunk

    with pytest.raises(Cancelled):
        ws.blobs.store(io.BytesIO(bytes(3 * READ_CHUNK)), progress=progress, cancel=cancel)
    assert calls == [READ_CHUNK]
    assert _files(ws.layout.blobs) == []


def test_cancelled_before_it_starts(ws: Workspace) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        ws.blobs.store(io.BytesIO(b"x" * 100), cancel=cancel)
    assert _files(ws.layout.blobs) == []


def test_temporaries_and_unreferenced_blobs_are_swept_at_unlock(
    created: CreatedWorkspace,
) -> None:
    ws = created.workspace
    kept = _store(ws, b"referenced")
    ws.connection.execute(
        "INSERT INTO attachments (id, testimony_id, blob_name, body) VALUES (?, ?, ?, ?)",
        ("a", "t", kept.name, b"{}"),
    )
    orphan = _store(ws, b"stored, but the transaction that records it never committed")
    # A recording cut off by a crash: its temporary was never committed nor aborted.
    cut_off = ws.blobs.writer()
    cut_off.write(b"a recording cut off by a crash")
    cut_off._file.flush()
    crashed_temp = next(ws.layout.blobs.glob(f"{TEMP_PREFIX}*"))
    leftover = crashed_temp.read_bytes()
    cut_off.abort()
    crashed_temp.write_bytes(leftover)
    leftover_key_temp = ws.layout.root / f"{TEMP_PREFIX}0123456789abcdef-keys.json"
    leftover_key_temp.write_bytes(b"a half-written key file")
    ws.lock()
    assert (ws.layout.blobs / f"{orphan.name}{BLOB_SUFFIX}").exists()

    with Workspace.unlock(created.root, PASSPHRASE) as again:
        assert again.blobs.stored_names() == {kept.name}
    assert _files(ws.layout.blobs) == [f"{kept.name}{BLOB_SUFFIX}"]
    assert not leftover_key_temp.exists()


def test_blob_opens_with_the_age_cli(ws: Workspace, tmp_path: Path) -> None:
    require_age()
    data = secrets.token_bytes(READ_CHUNK + 3)
    stored = _store(ws, data)
    identity_file = tmp_path / "blob-identity.txt"
    fd = os.open(identity_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(blob_identity(ws.master_key) + "\n")
    result = subprocess.run(
        ["age", "-d", "-i", str(identity_file), str(ws.blobs.path_of(stored.name))],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == data


def test_a_blob_written_by_the_age_cli_reads_back(ws: Workspace, tmp_path: Path) -> None:
    require_age()
    recipient = age.recipient_of(blob_identity(ws.master_key))
    data = secrets.token_bytes(CHUNK_SIZE * 2 + 7)
    name = secrets.token_hex(16)
    result = subprocess.run(
        ["age", "-r", recipient, "-o", str(ws.blobs.path_of(name))],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    digest = hashlib.sha256(data).hexdigest()
    assert b"".join(ws.blobs.read_verified(name, len(data), digest)) == data


@pytest.mark.parametrize(
    "name",
    [
        "../keys",
        "../../etc/passwd",
        "/etc/passwd",
        "0123456789abcdef0123456789abcdef/../../keys",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcdef.age",
        "0123456789abcdef0123456789abcdef\n",
        "",
        ".tmp-0123456789abcdef0123456789abcdef",
    ],
)
def test_blob_names_refuse_anything_but_32_hex_digits(ws: Workspace, name: str) -> None:
    (ws.layout.root / "keys").write_bytes(b"not yours")
    with pytest.raises(AttachmentDamagedError):
        ws.blobs.path_of(name)
    with pytest.raises(AttachmentDamagedError), ws.blobs.open(name):
        pass
    with pytest.raises(AttachmentDamagedError):
        b"".join(ws.blobs.read_verified(name, 0, hashlib.sha256(b"").hexdigest()))
    with pytest.raises(AttachmentDamagedError):
        ws.blobs.delete(name)
    assert (ws.layout.root / "keys").read_bytes() == b"not yours"
    assert ws.layout.key_file.exists()


def test_a_blob_of_another_identity_is_damage(ws: Workspace, tmp_path: Path) -> None:
    identity, _ = age.generate_x25519()
    stranger = BlobStore(ws.layout.blobs, identity)
    stored = stranger.store(io.BytesIO(b"not for this workspace"))
    with pytest.raises(AttachmentDamagedError):
        b"".join(ws.blobs.read_verified(stored.name, stored.size, stored.sha256))


# --- committing imported blobs on a second thread -------------------------------------------------


def _raw(ws: Workspace, data: bytes) -> RawBlobWriter:
    writer = ws.blobs.raw_writer()
    writer.write(data)
    return writer


def _temporaries(ws: Workspace) -> list[str]:
    folder = ws.layout.root / "blobs"
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def test_the_committer_commits_every_blob_in_order(ws: Workspace) -> None:
    contents = [os.urandom(n) for n in (0, 10, 3 * READ_CHUNK)]
    committer = ws.blobs.committer()
    writers = [_raw(ws, data) for data in contents]
    for writer in writers:
        committer.submit(writer)
    names = committer.finish()
    assert names == [w.name for w in writers]
    for name, data in zip(names, contents, strict=True):
        assert ws.blobs.path_of(name).read_bytes() == data
    assert _temporaries(ws) == []


def test_an_aborted_committer_leaves_only_what_it_committed(ws: Workspace) -> None:
    committer = ws.blobs.committer()
    first = _raw(ws, b"first")
    committer.submit(first)
    second = _raw(ws, b"second")
    committer.submit(second)
    committer.abort()  # what was not committed yet is aborted, not kept
    assert committer.committed in ([first.name, second.name], [first.name], [])
    assert ws.blobs.stored_names() == set(committer.committed)
    assert _temporaries(ws) == []


def test_a_failed_commit_stops_the_rest_and_is_raised(ws: Workspace) -> None:
    committer = ws.blobs.committer()
    broken = _raw(ws, b"broken")
    # Its writes fail, as on a disk that went away: its descriptor now reads /dev/null only.
    read_only = os.open(os.devnull, os.O_RDONLY)
    os.dup2(read_only, broken._fd)
    os.close(read_only)
    committer.submit(broken)
    after = _raw(ws, b"after")

    def submit_and_finish() -> None:
        committer.submit(after)  # may already see the failure
        committer.finish()

    with pytest.raises(OSError, match="Bad file descriptor"):
        submit_and_finish()
    assert committer.committed == []
    assert ws.blobs.stored_names() == set()
    assert _temporaries(ws) == []


def test_the_committer_makes_its_blobs_durable_with_one_sync_of_their_file_system(
    ws: Workspace,
) -> None:
    # On Linux the C library's syncfs is used (it reports write-back errors); os.sync, which
    # cannot, only where there is none.
    if sys.platform.startswith("linux"):
        assert files._syncfs is not None
    with pytest.raises(FileNotFoundError):
        files.FileSystemSync(Path("/nonexistent-fieldapp-folder"))
    before = _open_descriptors()
    committer = ws.blobs.committer()
    committer.submit(_raw(ws, b"one"))
    committer.finish()
    aborted = ws.blobs.committer()
    aborted.abort()
    assert _open_descriptors() == before  # the sync's descriptor is closed either way


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))
