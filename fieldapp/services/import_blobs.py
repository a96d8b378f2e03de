"""A bundle's attachments checked and stored during an import, on threads of their own.

The attachments are most of a bundle's bytes, the records most of its Python work: storing
them starts as soon as the bundle is opened — the blob members' names say which attachments
come — and runs while the import reads and checks the records, so the two share the machine's
cores instead of taking turns. Nothing stored here is kept unless the import commits: each file
waits under a temporary name until its plaintext is the one its record declares, is made
durable before the transaction commits, and is removed if the import fails anywhere.
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
    NOT_DESCRIBED,
    BlobDigest,
    OpenedBundle,
    blob_digest,
    parse_identities,
    store_blob,
)
from fieldapp.sync.bundle_verify import blob_name_id
from fieldapp.workspace import Workspace
from fieldapp.workspace import import_state as state
from fieldapp.workspace.blobs import BlobCommitter, RawBlobWriter, new_blob_name

#: Attachments stored at once: one a core. Each is read, decrypted, hashed and written on its own
#: thread, which keeps both cores busy without handing blocks between threads.
STORING_AT_ONCE = 2
#: Attachments handed to those threads ahead of the oldest one not finished, so that a thread
#: done with a small file takes the next while the other is still on a large one. Each holds
#: at most an open temporary file until it is committed, in the bundle's order.
AHEAD = 8

REJECTED_UNMATCHED = "its attachments do not match its records"
REJECTED_ATTACHMENT_CONFLICT = "an attachment it carries conflicts with the archive's copy"

_Job = tuple[UUID, "Future[tuple[RawBlobWriter | None, BlobDigest]]"]


class BlobStoring:
    """The blob members of ``bundle`` being checked and stored from the moment this is made.

    Each member is decrypted and its plaintext hashed: a new attachment is copied, re-addressed
    to the archive's blob key, under a temporary name; one the archive already holds is only
    hashed. The attachment records are given one at a time as they are read (``expect``), each
    new one with the blob name chosen for it beforehand (``new_name``), so the import stores
    its record at once; a file is committed only once its plaintext is the one its record
    declares. ``records_done()`` says no more records come; ``names()`` waits for all of it and
    gives each new attachment's blob name (or raises the refusal); ``finish()`` makes them
    durable (call it before the commit); ``abort()`` stops and removes every file it made.
    What it keeps is a few values per member (at most the manifest's member cap).

    Each member's hash against the manifest is confirmed on this object's thread before a
    worker decrypts it, so ``progress`` and ``cancel`` are served there meanwhile.
    """

    def __init__(self, ws: Workspace, bundle: OpenedBundle, identities: list[str]) -> None:
        self._ws, self._bundle = ws, bundle
        self._names: dict[UUID, str] = {}
        self._held: set[UUID] = set()
        self._failure: BaseException | None = None
        self._checked = False
        self._stopping = threading.Event()
        # The records' (size, SHA-256) by attachment id, until the attachment is checked.
        self._expected: dict[UUID, tuple[int, str]] = {}
        self._seen: set[UUID] = set()
        self._conflicting: set[UUID] = set()
        self._records_done = False
        self._arrived = threading.Condition()
        self._committer: BlobCommitter | None = None
        self._thread: threading.Thread | None = None
        members = [(n, i) for n in bundle.reader.names if (i := blob_name_id(n)) is not None]
        self._members = {i for _, i in members}
        self._new_names: dict[UUID, str] = {}
        if not members:
            return  # no thread started for a bundle of records alone
        # The database is read on the caller's thread only.
        self._held = {i for _, i in members if _held(ws, i)}
        self._new_names = {i: new_blob_name() for i in self._members - self._held}
        keys = parse_identities(identities)
        self._committer = ws.blobs.committer(depth=AHEAD)
        self._thread = threading.Thread(
            target=self._run, args=(keys, members), name="import-blobs", daemon=True
        )
        self._thread.start()

    def is_member(self, attachment_id: UUID) -> bool:
        """Whether the bundle carries this attachment's file."""
        return attachment_id in self._members

    def new_name(self, attachment_id: UUID) -> str | None:
        """The blob name the file of a new attachment gets; None for one the archive holds."""
        return self._new_names.get(attachment_id)

    def expect(self, attachment: Attachment) -> None:
        """One attachment record, as read: what its member's plaintext must be (a member of
        the bundle, ``is_member``). One the archive holds must be its record byte for byte."""
        if attachment.id in self._held:
            body = state.stored_body(self._ws.connection, "attachments", "id", str(attachment.id))
            if body != canonical_bytes(attachment):
                self._conflicting.add(attachment.id)
        with self._arrived:
            self._seen.add(attachment.id)
            self._expected[attachment.id] = (attachment.size, attachment.sha256)
            self._arrived.notify_all()

    def records_done(self) -> None:
        """No more attachment records come: a member still without one is refused."""
        with self._arrived:
            self._records_done = True
            self._arrived.notify_all()

    def every_member_described(self) -> bool:
        """Whether every member had its record (once the records are done)."""
        return self._seen >= self._members

    def names(self) -> dict[UUID, str]:
        """Wait for every attachment: the blob name of each new one, or the bundle's refusal."""
        self.records_done()
        if self._thread is not None:
            self._thread.join()
        if self._failure is not None:
            raise self._failure
        if self._checked:
            return self._names
        for attachment_id in sorted(self._held, key=str):
            if attachment_id not in self._seen:
                raise BundleRejectedError(REJECTED_UNMATCHED)
            if attachment_id in self._conflicting:
                raise BundleRejectedError(REJECTED_ATTACHMENT_CONFLICT)
        self._checked = True
        return self._names

    def finish(self) -> None:
        """Every new attachment durable under its final name (or the failure to make it so)."""
        self.names()
        if self._committer is not None:
            self._committer.finish()

    def abort(self) -> None:
        """Stop storing, wait for the threads, and remove every file this import made."""
        self._stopping.set()
        self.records_done()
        if self._thread is not None:
            self._thread.join()
        if self._committer is not None:
            self._committer.abort()
            for name in self._committer.committed:
                self._ws.blobs.delete(name)

    def _run(self, keys: list[age.Identity], members: list[tuple[str, UUID]]) -> None:
        try:
            self._store_all(keys, members)
        except BaseException as failure:  # handed to the import's thread by names()
            self._failure = failure

    def _store_all(self, keys: list[age.Identity], members: list[tuple[str, UUID]]) -> None:
        pending: deque[_Job] = deque()
        with ThreadPoolExecutor(STORING_AT_ONCE, thread_name_prefix="import-blob") as pool:
            try:
                for name, attachment_id in members:
                    if self._stopping.is_set():
                        break
                    self._bundle.confirm(name)
                    job = pool.submit(self._store_one, keys, name, attachment_id)
                    pending.append((attachment_id, job))
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
        self, keys: list[age.Identity], name: str, attachment_id: UUID
    ) -> tuple[RawBlobWriter | None, BlobDigest]:
        """On a worker: hash an attachment the archive holds; store a new one, uncommitted."""
        if attachment_id in self._held:
            return None, blob_digest(self._bundle, name, keys)
        writer = self._ws.blobs.raw_writer(self._new_names[attachment_id])
        try:
            digest = store_blob(self._bundle, name, keys, self._ws.blobs.recipient, writer.write)
            writer.complete()  # the buffers go now, not when the file is committed
        except BaseException:
            writer.abort()
            raise
        return writer, digest

    def _collect(
        self, attachment_id: UUID, job: "Future[tuple[RawBlobWriter | None, BlobDigest]]"
    ) -> None:
        """The oldest attachment's outcome, in the bundle's order: checked against its record
        (waiting for the records if need be), then committed; or its refusal."""
        writer, digest = job.result()
        try:
            record = self._wait_for_record(attachment_id)
            if self._stopping.is_set():
                raise BundleRejectedError(REJECTED_UNMATCHED)  # never seen: the import failed
            if record is None:
                raise BundleRejectedError(REJECTED_UNMATCHED)
            if not digest.describes(*record):
                raise BundleRejectedError(NOT_DESCRIBED)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        if writer is not None:
            assert self._committer is not None
            self._committer.submit(writer)
            self._names[attachment_id] = writer.name

    def _wait_for_record(self, attachment_id: UUID) -> tuple[int, str] | None:
        """The (size, SHA-256) its record declares, once read; None if none comes."""
        with self._arrived:
            self._arrived.wait_for(
                lambda: (
                    attachment_id in self._expected or self._records_done or self._stopping.is_set()
                )
            )
            return self._expected.pop(attachment_id, None)


def _discard(pending: "deque[_Job]") -> None:
    """After a failure: wait for the attachments still being stored and remove them."""
    for _, job in pending:
        with contextlib.suppress(BaseException):
            writer, _ = job.result()
            if writer is not None:
                writer.abort()
    pending.clear()


def _held(ws: Workspace, attachment_id: UUID) -> bool:
    return state.stored_body(ws.connection, "attachments", "id", str(attachment_id)) is not None
