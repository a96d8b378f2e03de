"""The blob store: every attachment is an age file to the workspace's blob identity.

Plaintext exists only in memory: it is encrypted as it arrives, chunk by chunk, into a temporary
file inside ``blobs/`` (ciphertext only), which is renamed to its random final name once it is
complete and flushed. A crash leaves at worst a temporary or an unreferenced file, both swept on
the next unlock; never a file that looks complete but is not.
"""

import contextlib
import os
import queue
import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from crypto import age
from crypto.errors import DecryptionError
from fieldapp.direct_writes import DirectWriter
from fieldapp.errors import FULL_DISK_ERRNOS, AttachmentDamagedError, StorageFullError
from fieldapp.hashing import BackgroundSha256
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.workspace.files import (
    TEMP_PREFIX,
    FileSystemSync,
    destroy_file,
    fsync_directory,
)

BLOB_SUFFIX = ".age"
_NAME = re.compile(r"[0-9a-f]{32}")
READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    name: str
    size: int
    sha256: str


@contextlib.contextmanager
def _full_disk_said() -> Iterator[None]:
    """A full disk as the one sentence the user acts on (free space), not an OSError."""
    try:
        yield
    except OSError as error:
        if error.errno in FULL_DISK_ERRNOS:
            raise StorageFullError() from None
        raise


class BlobWriter:
    """Encrypts plaintext written to it into a new blob; ``commit`` makes it permanent.

    Audio is recorded straight into one of these; a file is copied into one. Until ``commit``
    the blob exists only under a temporary name that the next unlock removes.

    Written through the page cache, unlike an import's files: a new recording is played back,
    reviewed and exported from this laptop, and reading it from memory is what makes that
    fast (written around the cache, 1 GiB read back at the disk's 450 MB/s instead of 1.5 GB/s).
    """

    def __init__(self, folder: Path, recipient: str) -> None:
        self.name = secrets.token_hex(16)
        self._folder = folder
        self._temp = folder / f"{TEMP_PREFIX}{self.name}{BLOB_SUFFIX}"
        fd = os.open(self._temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._age = age.EncryptingWriter(self._file, [recipient])
        self._sha256 = BackgroundSha256()

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._sha256.update(data)
        with _full_disk_said():
            return self._age.write(data)

    def commit(self) -> StoredBlob:
        with _full_disk_said():
            self._age.close()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._temp, self._folder / f"{self.name}{BLOB_SUFFIX}")
            fsync_directory(self._folder)
        return StoredBlob(self.name, self._sha256.size, self._sha256.hexdigest())

    def abort(self) -> None:
        """Remove the temporary file first: closing it flushes what is buffered, which on a
        full disk fails again, and the file is abandoned either way."""
        self._sha256.close()
        self._temp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self._file.close()


def new_blob_name() -> str:
    return secrets.token_hex(16)


class RawBlobWriter:
    """Takes an age file that is already encrypted to the blob identity (a re-addressed import)
    and stores it; like BlobWriter, it exists only under a temporary name until ``commit``.

    Written around the page cache where the file system allows it (``direct_writes``): an
    import writes these by the gigabyte, and nobody reads them back soon."""

    def __init__(self, folder: Path, name: str | None = None) -> None:
        self.name = name or new_blob_name()
        self._folder = folder
        self._temp = folder / f"{TEMP_PREFIX}{self.name}{BLOB_SUFFIX}"
        self._fd = os.open(self._temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._writer = DirectWriter(self._fd)
        self._open = True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        return self._writer.write(data)

    def complete(self) -> None:
        """Every byte written to the file (not yet durable): its buffers are released."""
        self._writer.flush()

    def commit(self, *, durable: bool = True) -> str:
        """Write the file out and give it its final name, durably; with ``durable=False`` the
        file and its name are durable only once its file system is synced: one sync for many
        files (``BlobCommitter``)."""
        if durable:
            self._writer.finish()
        else:
            self._writer.flush()
        self._close()
        os.replace(self._temp, self._folder / f"{self.name}{BLOB_SUFFIX}")
        if durable:
            fsync_directory(self._folder)
        return self.name

    def abort(self) -> None:
        self._writer.close()
        with contextlib.suppress(OSError):  # abandoned either way
            self._close()
        self._temp.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._open:
            self._open = False
            os.close(self._fd)


class BlobCommitter:
    """Commits raw blobs (flush, rename) on a worker thread while the caller writes the next
    one; ``finish`` makes them all durable with one sync of their file system, not a ``fsync``
    each: a bundle of a thousand small attachments paid a journal commit per file, seconds in
    all. Nothing names these files before ``finish`` returns (the import commits after it), and
    a crash before leaves only files no record names, which the next unlock's sweep removes.

    ``committed`` names every blob renamed so far, in order, even after a failure: whoever
    abandons the work removes them. A failure stops further commits (the remaining writers are
    aborted) and is raised by the next ``submit`` or by ``finish``.
    """

    def __init__(self, folder: Path, depth: int = 2) -> None:
        self._folder = folder
        # Bounded: at most ``depth`` finished files (open, their bytes written) wait for the disk.
        self._queue: queue.Queue[RawBlobWriter | None] = queue.Queue(maxsize=depth)
        self.committed: list[str] = []
        self._error: BaseException | None = None
        self._aborting = False
        # Opened before any blob is written, so that its sync reports any write-back failure of
        # theirs (see FileSystemSync).
        self._sync = FileSystemSync(folder)
        self._thread = threading.Thread(target=self._run, name="blob-commit", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (writer := self._queue.get()) is not None:
            if self._error is not None or self._aborting:
                writer.abort()
                continue
            try:
                writer.commit(durable=False)
                self.committed.append(writer.name)
            except BaseException as error:  # handed to the caller's thread
                self._error = error
                writer.abort()

    def submit(self, writer: RawBlobWriter) -> None:
        """Commit ``writer``'s blob soon; raises an earlier commit's failure."""
        if self._error is not None:
            writer.abort()
            raise self._error
        self._queue.put(writer)

    def finish(self) -> list[str]:
        """Wait for every commit, then make them durable; the names committed, or the failure."""
        self._stop()
        try:
            if self._error is not None:
                raise self._error
            if self.committed:
                self._sync.sync()
        finally:
            self._sync.close()
        return self.committed

    def abort(self) -> None:
        """Stop without committing what still waits; ``committed`` says what was renamed."""
        self._aborting = True
        self._stop()
        self._sync.close()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


class BlobStore:
    def __init__(self, folder: Path, identity: str) -> None:
        self._folder = folder
        self._identity = identity
        self._recipient = age.recipient_of(identity)

    def path_of(self, name: str) -> Path:
        # Names come from the database, but a damaged or planted row must not reach outside.
        if not _NAME.fullmatch(name):
            raise AttachmentDamagedError()
        return self._folder / f"{name}{BLOB_SUFFIX}"

    def writer(self) -> BlobWriter:
        return BlobWriter(self._folder, self._recipient)

    def raw_writer(self, name: str | None = None) -> RawBlobWriter:
        """``name``: one chosen beforehand (``new_blob_name``), so that a record can name the
        file before it is written (an import stores the records while the files are stored)."""
        return RawBlobWriter(self._folder, name)

    def committer(self, depth: int = 2) -> BlobCommitter:
        return BlobCommitter(self._folder, depth)

    @property
    def recipient(self) -> str:
        """The blob identity's recipient: what imported attachments are re-addressed to."""
        return self._recipient

    def store(
        self,
        src: BinaryIO,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        total: int = 0,
    ) -> StoredBlob:
        """Encrypt all of ``src`` into a new blob, reporting progress between chunks."""
        writer = self.writer()
        try:
            done = 0
            while chunk := src.read(READ_CHUNK):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                writer.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            return writer.commit()
        except BaseException:
            writer.abort()
            raise

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[age.DecryptingReader]:
        """A reader of the blob's plaintext, verified chunk by chunk as it is read."""
        try:
            with self.path_of(name).open("rb") as handle:
                yield age.DecryptingReader(handle, [self._identity])
        except (FileNotFoundError, DecryptionError) as error:
            raise AttachmentDamagedError() from error

    def read_verified(self, name: str, size: int, sha256: str) -> Iterator[bytes]:
        """The plaintext in chunks; AttachmentDamagedError if the whole is not what was stored.

        A blob swapped for another of this workspace decrypts, but not to the recorded hash:
        the last step raises, so a caller writing the chunks somewhere must not trust them
        until the iteration has finished.
        """
        digest = BackgroundSha256()
        try:
            with self.open(name) as reader:
                for chunk in reader.chunks():
                    digest.update(chunk)
                    yield chunk
        except DecryptionError as error:
            raise AttachmentDamagedError() from error
        finally:
            digest.close()
        if digest.size != size or digest.hexdigest() != sha256:
            raise AttachmentDamagedError()

    def readdress(self, name: str, dst: BinaryIO, recipients: list[str]) -> None:
        """Write the blob for other recipients without decrypting its payload (export)."""
        try:
            with self.path_of(name).open("rb") as handle:
                age.readdress(handle, dst, [self._identity], recipients)
        except (FileNotFoundError, DecryptionError) as error:
            raise AttachmentDamagedError() from error

    def delete(self, name: str) -> None:
        destroy_file(self.path_of(name))

    def stored_names(self) -> set[str]:
        return {
            p.name[: -len(BLOB_SUFFIX)]
            for p in self._folder.glob(f"*{BLOB_SUFFIX}")
            if _NAME.fullmatch(p.name[: -len(BLOB_SUFFIX)])
        }

    def remove_unreferenced(self, referenced: set[str]) -> int:
        """Delete blobs no record points at (left by a crash between rename and commit)."""
        orphans = self.stored_names() - referenced
        for name in orphans:
            self.delete(name)
        return len(orphans)
