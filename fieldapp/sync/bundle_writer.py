"""Writing a bundle: records and identities encrypted, attachments re-addressed, all signed.

The manifest is the container's first member and lists every other member's SHA-256.
``records.age`` and ``identities.age`` are encrypted into staging files beside the bundle
(ciphertext only; plaintext exists only in memory, a line at a time). Each attachment's member
is its new header in front of its unchanged payload, so its size is known before it is read:
the manifest's size is known too (a hash is always 64 hex digits), its place and its
signature's are reserved at the start of the container, every attachment is read once — copied
while a second core hashes what was written — and the signed manifest is written into its
place at the end. The bytes are the same as if the manifest had been written first. Memory
stays flat whatever the attachments' sizes.

Everything in progress carries a ``.partial`` name in the output folder: the staging files and
the container itself (``.fieldapp-<bundle id>.partial``). This module never gives a bundle its
final name; the caller does that after it has committed the export (``fieldapp.services.export``),
so that no file that looks like a complete bundle exists for an export that did not happen.
"""

import base64
import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import age, sshkeys
from crypto.errors import DecryptionError
from fieldapp.direct_writes import DirectFile
from fieldapp.domain import WitnessIdentity
from fieldapp.errors import (
    FULL_DISK_ERRNOS,
    AttachmentDamagedError,
    BundleTooLargeError,
    BundleWriteError,
    FieldappError,
    StorageFullError,
)
from fieldapp.hashing import BackgroundSha256, Sha256Pipe
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.container import (
    CENTRAL_HEADER_BYTES,
    CHUNK_SIZE,
    END_RECORD_BYTES,
    LOCAL_HEADER_BYTES,
    MAX_CONTAINER_BYTES,
)
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.sync.manifest import (
    BUNDLE_FORMAT,
    MANIFEST_NAME,
    MAX_MANIFEST_MEMBERS,
    SIGNATURE_NAME,
    Manifest,
    ManifestKind,
    ManifestMember,
    manifest_digest,
    member_entry,
    sign_manifest,
)
from fieldapp.sync.payload import (
    IDENTITIES_FORMAT,
    RECORDS_FORMAT,
    Item,
    PayloadHeader,
    PayloadWriter,
    SignedEvent,
)
from fieldapp.sync.verify_text import VERIFY_NAME, verify_text

RECORDS_NAME = "records.age"
IDENTITIES_NAME = "identities.age"
BLOBS_FOLDER = "blobs"
BUNDLE_SUFFIX = ".fieldbundle"
PARTIAL_PREFIX = ".fieldapp-"
PARTIAL_SUFFIX = ".partial"
#: Hex digits of the device's key fingerprint in a bundle's file name: enough to tell a
#: team's devices apart at a glance, in lower case so FAT and NTFS sticks keep one spelling.
DEVICE_SHORT_DIGITS = 8


@dataclass(frozen=True)
class BundleLimits:
    """The most a bundle may hold: the container's size cap and the manifest's member cap."""

    max_bytes: int = MAX_CONTAINER_BYTES
    max_members: int = MAX_MANIFEST_MEMBERS


@dataclass(frozen=True)
class BundleHeader:
    """Where a bundle sits in its device's chain, as its manifest will say."""

    bundle_id: UUID
    sequence: int
    previous: str | None
    custody_head: str | None
    created_at: datetime


@dataclass(frozen=True)
class BundleRecipients:
    """To whom a bundle is encrypted: records and attachments, and witness identities."""

    archive: tuple[str, ...]
    custodian: tuple[str, ...]


@dataclass(frozen=True)
class BlobSource:
    """An attachment's age file in the workspace and the identity that opens its header."""

    attachment_id: UUID
    path: Path
    identity: str


@dataclass(frozen=True)
class WrittenBundle:
    """A complete, flushed container under its ``.partial`` name."""

    partial_path: Path
    manifest: Manifest
    manifest_bytes: bytes
    size: int

    @property
    def digest(self) -> str:
        return manifest_digest(self.manifest_bytes)


def blob_member_name(attachment_id: UUID) -> str:
    return f"{BLOBS_FOLDER}/{attachment_id}.age"


def partial_path(folder: Path, bundle_id: UUID) -> Path:
    return folder / f"{PARTIAL_PREFIX}{bundle_id}{PARTIAL_SUFFIX}"


def _staging_path(folder: Path, bundle_id: UUID, member: str) -> Path:
    return folder / f"{PARTIAL_PREFIX}{bundle_id}.{member}{PARTIAL_SUFFIX}"


def remove_partials(folder: Path, bundle_id: UUID) -> None:
    """Remove what an export of ``bundle_id`` left in ``folder`` (never a finished bundle)."""
    for path in (
        partial_path(folder, bundle_id),
        *(_staging_path(folder, bundle_id, m) for m in (RECORDS_NAME, IDENTITIES_NAME)),
    ):
        # Best effort: on a drive that failed (pulled out), nothing more can be done here.
        with contextlib.suppress(OSError):
            path.unlink()


def bundle_file_name(fingerprint: str, sequence: int) -> str:
    """``<device-short>-<sequence>.fieldbundle``, the sequence zero-padded so names sort."""
    digest = base64.b64decode(fingerprint.removeprefix("SHA256:") + "=")
    return f"{digest.hex()[:DEVICE_SHORT_DIGITS]}-{sequence:06d}{BUNDLE_SUFFIX}"


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def translate_os_error(error: OSError) -> FieldappError:
    """The error a person reads when the output folder fails under us."""
    if error.errno in FULL_DISK_ERRNOS:
        return StorageFullError()
    return BundleWriteError()


class _HashingFile:
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


def _create(path: Path) -> BinaryIO:
    # Exclusive: a name that exists is never written over (bundle ids are random anyway).
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "w+b", buffering=CHUNK_SIZE)


def _stage(
    folder: Path,
    recipients: Sequence[str],
    header: PayloadHeader,
    items: Iterable[Item],
    cancel: CancelToken | None,
) -> tuple[ManifestMember, Path]:
    """Encrypt a payload into its staging file: its manifest entry (hashed as it was written)
    and the file's path."""
    name = RECORDS_NAME if header.format == RECORDS_FORMAT else IDENTITIES_NAME
    path = _staging_path(folder, header.bundle_id, name)
    with _create(path) as file:
        sink = _HashingFile(file)
        encrypting = age.EncryptingWriter(sink, recipients)  # type: ignore[arg-type]
        lines = PayloadWriter(encrypting.write, header)
        for kind, item in items:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if isinstance(item, SignedEvent):
                lines.custody(item.event, item.signature)
            else:
                lines.record(kind, item)
        encrypting.close()
    return ManifestMember(name=name, size=sink.size, sha256=sink.sha256.hexdigest()), path


@dataclass(frozen=True)
class _Blob:
    source: BlobSource
    header: bytes  # the new age header, for the archive recipients
    offset: int  # where the payload (its nonce first) starts in the workspace's file
    name: str  # the member's name
    size: int  # the member's size: the new header, then the payload


class _Transfer:
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


def _chunks(path: Path, offset: int = 0, head: bytes = b"") -> Iterator[bytes]:
    """``head``, then the file from ``offset``: for a blob, its new header and its payload."""
    yield head
    # Unbuffered: each read lands straight in the bytes object handed on, one copy fewer.
    with path.open("rb", buffering=0) as file:
        file.seek(offset)
        while chunk := file.read(CHUNK_SIZE):
            yield chunk


def _prepare_blob(
    blob: BlobSource, identity: age.Identity, recipients: Sequence[age.Recipient]
) -> _Blob:
    """The blob's new header and its member's exact size; its bytes are read later, once."""
    try:
        with blob.path.open("rb") as file:
            header, offset = age.new_header(file, [identity], recipients)
            end = os.fstat(file.fileno()).st_size
    except (FileNotFoundError, DecryptionError) as error:
        raise AttachmentDamagedError() from error
    size = len(header) + end - offset
    return _Blob(blob, header, offset, blob_member_name(blob.attachment_id), size)


def _prepare_blobs(blobs: Sequence[BlobSource], recipients: Sequence[str]) -> list[_Blob]:
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


def _placeholder(name: str, size: int) -> ManifestMember:
    # A SHA-256 in hex is always 64 digits: a manifest of placeholders has the final size.
    return ManifestMember(name=name, size=size, sha256="0" * 64)


def write_bundle(
    folder: Path,
    signing_key: ed25519.Ed25519PrivateKey,
    header: BundleHeader,
    recipients: BundleRecipients,
    records: Iterable[Item],
    identities: Iterable[WitnessIdentity],
    blobs: Sequence[BlobSource],
    *,
    limits: BundleLimits = BundleLimits(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> WrittenBundle:
    """Write a complete bundle to ``folder/.fieldapp-<id>.partial``, flushed to the disk.

    ``progress(done, total)`` counts bytes once the payloads are staged. On any failure
    (cancel, a full disk, a damaged attachment) every file it made is removed and the error
    raised: ``StorageFullError`` for a full disk, ``BundleWriteError`` for another failure of
    the folder, ``BundleTooLargeError`` past ``limits``.
    """
    public_key = sshkeys.public_key_to_openssh(signing_key.public_key())
    target = partial_path(folder, header.bundle_id)
    try:
        inner = PayloadHeader(
            RECORDS_FORMAT, header.bundle_id, sshkeys.fingerprint(public_key), header.sequence
        )
        staged = [_stage(folder, recipients.archive, inner, records, cancel)]
        people = iter(identities)
        first = next(people, None)
        if first is not None:
            lines = (("identity", person) for person in (first, *people))
            inner = replace(inner, format=IDENTITIES_FORMAT)
            staged.append(_stage(folder, recipients.custodian, inner, lines, cancel))
        if len(blobs) + len(staged) + 1 > limits.max_members:
            raise BundleTooLargeError()
        prepared = _prepare_blobs(blobs, recipients.archive)
        verify_bytes = verify_text(BUNDLE_FORMAT).encode("ascii")
        verify_entry = member_entry(VERIFY_NAME, verify_bytes)
        staged_entries = [entry for entry, _ in staged]
        # The manifest comes first and lists every member's hash. Its size does not depend on
        # the hashes, so its place is kept while the members are copied and hashed in one pass,
        # and it is written there at the end (the same bytes as if it had been written first).
        placeholders = [
            *staged_entries,
            *(_placeholder(b.name, b.size) for b in prepared),
            verify_entry,
        ]
        draft = _manifest(header, public_key, recipients, placeholders)
        draft_raw, draft_signature = sign_manifest(draft, signing_key)
        sizes = [(MANIFEST_NAME, len(draft_raw)), (SIGNATURE_NAME, len(draft_signature))]
        sizes += [(e.name, e.size) for e in placeholders]
        size = END_RECORD_BYTES + sum(
            LOCAL_HEADER_BYTES + CENTRAL_HEADER_BYTES + 2 * len(name) + n for name, n in sizes
        )
        if size > limits.max_bytes:
            raise BundleTooLargeError()
        transfer = _Transfer(sum(e.size for e in placeholders[:-1]))
        transfer.watch(progress, cancel)
        # Around the page cache where the stick's file system allows (``direct_writes``): a
        # gigabyte written once, read next on another machine.
        with DirectFile(target) as file:
            with ContainerWriter(file) as container:  # type: ignore[arg-type]
                manifest_place = container.reserve(MANIFEST_NAME, len(draft_raw))
                signature_place = container.reserve(SIGNATURE_NAME, len(draft_signature))
                for entry, path in staged:
                    _copy(container, entry, _chunks(path), transfer, BundleWriteError)
                with Sha256Pipe() as pipe:
                    entries = [
                        *staged_entries,
                        *(_copy_blob(container, blob, transfer, pipe) for blob in prepared),
                        verify_entry,
                    ]
                container.add(VERIFY_NAME, verify_bytes)
                manifest = _manifest(header, public_key, recipients, entries)
                raw, signature = sign_manifest(manifest, signing_key)
                if (len(raw), len(signature)) != (len(draft_raw), len(draft_signature)):
                    raise BundleWriteError()  # cannot happen: sizes and hash lengths are fixed
                container.fill(manifest_place, raw)
                container.fill(signature_place, signature.encode("ascii"))
            file.flush()
            os.fsync(file.fileno())
        fsync_folder(folder)
        for _, path in staged:
            path.unlink()
        return WrittenBundle(target, manifest, raw, size)
    except BaseException as error:
        remove_partials(folder, header.bundle_id)
        if isinstance(error, OSError):
            raise translate_os_error(error) from error
        raise


def _manifest(
    header: BundleHeader,
    public_key: str,
    recipients: BundleRecipients,
    members: Sequence[ManifestMember],
) -> Manifest:
    return Manifest(
        format=BUNDLE_FORMAT,
        bundle_id=header.bundle_id,
        kind=ManifestKind.RECORDS,
        fingerprint=sshkeys.fingerprint(public_key),
        public_key=public_key,
        sequence=header.sequence,
        previous=header.previous,
        created_at=header.created_at,
        custody_head=header.custody_head,
        # Who can open what: the archive's recipients, then the custodian's (identities.age).
        recipients=tuple(dict.fromkeys([*recipients.archive, *recipients.custodian])),
        members=tuple(members),
    )


def _copy(
    container: ContainerWriter,
    entry: ManifestMember,
    chunks: Iterable[bytes],
    transfer: _Transfer,
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


def _copy_blob(
    container: ContainerWriter, blob: _Blob, transfer: _Transfer, pipe: Sha256Pipe
) -> ManifestMember:
    """Copy a re-addressed blob into its member, hashing exactly the bytes written."""
    try:
        source = blob.source.path.open("rb", buffering=0)
    except FileNotFoundError as error:  # deleted since it was prepared
        raise AttachmentDamagedError() from error
    pipe.begin()
    with source as src, container.open_member(blob.name) as sink:
        sink.write(blob.header)
        pipe.update(blob.header)
        transfer.step(len(blob.header))
        src.seek(blob.offset)
        while (chunk := pipe.read_from(src)) is not None:
            sink.write(chunk)
            transfer.step(len(chunk))
        sha256, size = pipe.finish()
        # The size went into the manifest's place before the copy: a file that changed since
        # (another program, a disk error) is refused rather than described wrongly.
        if size != blob.size:
            raise AttachmentDamagedError()
    return ManifestMember(name=blob.name, size=blob.size, sha256=sha256)
