"""The members of a bundle being written (``bundle_writer``): the payloads encrypted into their
staging files, each attachment prepared (its new header, its member's size) and then copied
once into the container, with byte progress and a cancel check between chunks."""

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from uuid import UUID

from crypto import age
from crypto.errors import DecryptionError
from fieldapp.errors import AttachmentDamagedError, FieldappError
from fieldapp.hashing import BackgroundSha256, Sha256Pipe
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.bundle_verify import blob_name
from fieldapp.sync.container import CHUNK_SIZE
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.sync.manifest import ManifestMember
from fieldapp.sync.payload import OutgoingItem, PayloadHeader, PayloadWriter


@dataclass(frozen=True)
class BlobSource:
    """An attachment's age file in the workspace and the identity that opens its header."""

    attachment_id: UUID
    path: Path
    identity: str


class HashingFile:
    """A write-only file that hashes and counts what passes through it."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._file.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def create_exclusive(path: Path) -> BinaryIO:
    # Exclusive: a name that exists is never written over (bundle ids are random anyway).
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "w+b", buffering=CHUNK_SIZE)


def stage_payload(
    name: str,
    path: Path,
    recipients: Sequence[str],
    header: PayloadHeader,
    items: Iterable[OutgoingItem],
    cancel: CancelToken | None,
) -> ManifestMember:
    """Encrypt a payload into ``path`` (its staging file) as member ``name``: its manifest
    entry, hashed as it was written."""
    with create_exclusive(path) as file:
        sink = HashingFile(file)
        encrypting = age.EncryptingWriter(sink, recipients)  # type: ignore[arg-type]
        lines = PayloadWriter(encrypting.write, header)
        for kind, item in items:
            if cancel is not None:
                cancel.raise_if_cancelled()
            lines.item(kind, item)
        encrypting.close()
    return ManifestMember(name=name, size=sink.size, sha256=sink.sha256.hexdigest())


@dataclass(frozen=True)
class PreparedBlob:
    source: BlobSource
    header: bytes  # the new age header, for the archive recipients
    offset: int  # where the payload (its nonce first) starts in the workspace's file
    name: str  # the member's name
    size: int  # the member's size: the new header, then the payload


class Transfer:
    """Byte progress over the copy, with the cancel checks between chunks."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self._progress: ProgressCallback | None = None
        self._cancel: CancelToken | None = None

    def watch(self, progress: ProgressCallback | None, cancel: CancelToken | None) -> None:
        self._progress, self._cancel = progress, cancel
        self.step(0)

    def step(self, count: int) -> None:
        self.done += count
        if self._progress is not None:
            self._progress(self.done, self.total)
        # After the report: a cancel asked for while it was shown stops the very next chunk.
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()


def file_chunks(path: Path, offset: int = 0, head: bytes = b"") -> Iterator[bytes]:
    """``head``, then the file from ``offset``: for a blob, its new header and its payload."""
    yield head
    # Unbuffered: each read lands straight in the bytes object handed on, one copy fewer.
    with path.open("rb", buffering=0) as file:
        file.seek(offset)
        while chunk := file.read(CHUNK_SIZE):
            yield chunk


def _prepare_blob(
    blob: BlobSource, identity: age.Identity, recipients: Sequence[age.Recipient]
) -> PreparedBlob:
    """The blob's new header and its member's exact size; its bytes are read later, once."""
    try:
        with blob.path.open("rb") as file:
            header, offset = age.new_header(file, [identity], recipients)
            end = os.fstat(file.fileno()).st_size
    except (FileNotFoundError, DecryptionError) as error:
        raise AttachmentDamagedError() from error
    size = len(header) + end - offset
    return PreparedBlob(blob, header, offset, blob_name(blob.attachment_id), size)


def prepare_blobs(blobs: Sequence[BlobSource], recipients: Sequence[str]) -> list[PreparedBlob]:
    # Parsed once: a post-quantum recipient string takes milliseconds to decode, which, per
    # attachment, once outweighed copying the attachments themselves.
    parsed = [age.parse_recipient(r) for r in recipients]
    identities: dict[str, age.Identity] = {}
    prepared = []
    for blob in blobs:
        identity = identities.get(blob.identity)
        if identity is None:
            identity = identities[blob.identity] = age.parse_identity(blob.identity)
        prepared.append(_prepare_blob(blob, identity, parsed))
    return sorted(prepared, key=lambda blob: blob.name)


def copy_member(
    container: ContainerWriter,
    entry: ManifestMember,
    chunks: Iterable[bytes],
    transfer: Transfer,
    damaged: type[FieldappError],
) -> None:
    # The check hash runs on a second core while this one copies (see fieldapp/hashing.py).
    digest = BackgroundSha256()
    try:
        with container.open_member(entry.name) as sink:
            for chunk in chunks:
                sink.write(chunk)
                digest.update(chunk)
                transfer.step(len(chunk))
    finally:
        digest.close()
    # Each member was hashed in a first pass; a file that changed since (a disk error, another
    # program) would make a bundle whose signed hash does not hold: refuse to finish it.
    if digest.hexdigest() != entry.sha256:
        raise damaged()


def copy_blob(
    container: ContainerWriter, blob: PreparedBlob, transfer: Transfer, pipe: Sha256Pipe
) -> None:
    """Copy a re-addressed blob into its member; its hash, of exactly the bytes written, is
    ``pipe``'s next ``result`` (``hashed_blob``), taken once every blob is copied."""
    try:
        source = blob.source.path.open("rb", buffering=0)
    except FileNotFoundError as error:  # deleted since it was prepared
        raise AttachmentDamagedError() from error
    pipe.begin()
    with source as src, container.open_member(blob.name) as sink:
        sink.write(blob.header)
        pipe.update(blob.header)
        transfer.step(len(blob.header))
        size = len(blob.header)
        src.seek(blob.offset)
        while (chunk := pipe.read_from(src)) is not None:
            sink.write(chunk)
            size += len(chunk)
            transfer.step(len(chunk))
        pipe.end()
        # The size went into the manifest's place before the copy: a file that changed since
        # (another program, a disk error) is refused rather than described wrongly.
        if size != blob.size:
            raise AttachmentDamagedError()


def hashed_blob(blob: PreparedBlob, pipe: Sha256Pipe) -> ManifestMember:
    """The manifest entry of a blob ``copy_blob`` copied: the pipe's next result."""
    sha256, size = pipe.result()
    if size != blob.size:
        raise AttachmentDamagedError()
    return ManifestMember(name=blob.name, size=blob.size, sha256=sha256)
