"""A bundle's attachments checked and stored during an import, on threads of their own.

The attachments are most of a bundle's bytes, the records most of its Python work: storing
them starts as soon as the records are read, and runs while the import checks the records, so
the two share the machine's cores instead of taking turns. Nothing stored here is kept unless
the import commits: each file waits under a temporary name until its plaintext is confirmed,
is made durable before the transaction commits, and is removed if the import fails anywhere.
"""

import contextlib
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from uuid import UUID

from crypto import age
from fieldapp.domain import Attachment, canonical_bytes
from fieldapp.errors import BundleRejectedError
from fieldapp.sync.bundle_reader import (
    OpenedBundle,
    blob_name,
    check_blob,
    parse_identities,
    store_blob,
)
from fieldapp.workspace import Workspace
from fieldapp.workspace import import_state as state
from fieldapp.workspace.blobs import BlobCommitter, RawBlobWriter

#: Attachments stored at once: one a core. Each is read, decrypted, hashed and written on its own
#: thread, which keeps both cores busy without handing blocks between threads.
STORING_AT_ONCE = 2
#: Attachments handed to those threads ahead of the oldest one not finished, so that a thread
#: done with a small file takes the next while the other is still on a large one. Each holds
#: at most an open temporary file until it is committed, in the bundle's order.
AHEAD = 8

REJECTED_ATTACHMENT_CONFLICT = "an attachment it carries conflicts with the archive's copy"

_Pending = deque[tuple[Attachment, "Future[RawBlobWriter | None]"]]


class BlobStoring:
    """The attachments of ``bundle`` being stored from the moment this is made.

    Every attachment's plaintext is checked against its record: a new one is copied,
    re-addressed to the archive's blob key, under a temporary name; one the archive already
    holds is only checked. ``names()`` waits for all of it and gives each new attachment's
    blob name (or raises the refusal); ``finish()`` makes them durable (call it before the
    commit); ``abort()`` stops and removes every file this import made.

    Each member's hash against the manifest is confirmed on this object's thread before a
    worker takes it, so ``progress`` and ``cancel`` are served there meanwhile.
    """

    def __init__(
        self, ws: Workspace, bundle: OpenedBundle, identities: list[str], items: list[Attachment]
    ) -> None:
        self._ws, self._bundle = ws, bundle
        self._names: dict[UUID, str] = {}
        self._failure: BaseException | None = None
        self._stopping = threading.Event()
        self._committer: BlobCommitter | None = None
        self._thread: threading.Thread | None = None
        if not items:
            return  # no thread started for a bundle of records alone
        ordered = sorted(items, key=lambda a: blob_name(a.id))
        try:
            # The database is read on the caller's thread only.
            jobs = [(attachment, _existing(ws, attachment)) for attachment in ordered]
        except BundleRejectedError as refusal:
            # Raised by names(): the records' own checks come first, as they always did.
            self._failure = refusal
            return
        keys = parse_identities(identities)
        self._committer = ws.blobs.committer(depth=AHEAD)
        self._thread = threading.Thread(
            target=self._run, args=(keys, jobs), name="import-blobs", daemon=True
        )
        self._thread.start()

    def names(self) -> dict[UUID, str]:
        """Wait for every attachment: the blob name of each new one, or the bundle's refusal."""
        if self._thread is not None:
            self._thread.join()
        if self._failure is not None:
            raise self._failure
        return self._names

    def finish(self) -> None:
        """Every new attachment durable under its final name (or the failure to make it so)."""
        self.names()
        if self._committer is not None:
            self._committer.finish()

    def abort(self) -> None:
        """Stop storing, wait for the threads, and remove every file this import made."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        if self._committer is not None:
            self._committer.abort()
            for name in self._committer.committed:
                self._ws.blobs.delete(name)

    def _run(self, keys: list[age.Identity], jobs: list[tuple[Attachment, bool]]) -> None:
        try:
            self._store_all(keys, jobs)
        except BaseException as failure:  # handed to the import's thread by names()
            self._failure = failure

    def _store_all(self, keys: list[age.Identity], jobs: list[tuple[Attachment, bool]]) -> None:
        pending: _Pending = deque()
        with ThreadPoolExecutor(STORING_AT_ONCE, thread_name_prefix="import-blob") as pool:
            try:
                for attachment, existing in jobs:
                    if self._stopping.is_set():
                        break
                    self._bundle.confirm(blob_name(attachment.id))
                    job = pool.submit(self._store_one, keys, attachment, existing)
                    pending.append((attachment, job))
                    while len(pending) >= AHEAD or (pending and pending[0][1].done()):
                        self._collect(*pending.popleft())
                if self._stopping.is_set():
                    _discard(pending)
                while pending:
                    self._collect(*pending.popleft())
            except BaseException:
                _discard(pending)
                raise

    def _store_one(
        self, keys: list[age.Identity], attachment: Attachment, existing: bool
    ) -> RawBlobWriter | None:
        """On a worker: check an attachment the archive holds; store a new one, uncommitted."""
        name, size, sha256 = blob_name(attachment.id), attachment.size, attachment.sha256
        if existing:
            check_blob(self._bundle, name, keys, size, sha256)
            return None
        writer = self._ws.blobs.raw_writer()
        try:
            recipient = self._ws.blobs.recipient
            store_blob(self._bundle, name, keys, recipient, writer.write, size, sha256)
            writer.complete()  # the buffers go now, not when the file is committed
        except BaseException:
            writer.abort()
            raise
        return writer

    def _collect(self, attachment: Attachment, job: "Future[RawBlobWriter | None]") -> None:
        """The oldest attachment's outcome, in the bundle's order: committed, or its refusal."""
        writer = job.result()
        if writer is not None:
            assert self._committer is not None
            self._committer.submit(writer)
            self._names[attachment.id] = writer.name


def _discard(pending: _Pending) -> None:
    """After a failure: wait for the attachments still being stored and remove them."""
    for _, job in pending:
        with contextlib.suppress(BaseException):
            writer = job.result()
            if writer is not None:
                writer.abort()
    pending.clear()


def _existing(ws: Workspace, attachment: Attachment) -> bool:
    body = state.stored_body(ws.connection, "attachments", "id", str(attachment.id))
    if body is None:
        return False
    if body != canonical_bytes(attachment):
        raise BundleRejectedError(REJECTED_ATTACHMENT_CONFLICT)
    return True
