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
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import sshkeys
from fieldapp.direct_writes import DirectFile
from fieldapp.domain import WitnessIdentity
from fieldapp.errors import (
    FULL_DISK_ERRNOS,
    BundleTooLargeError,
    BundleWriteError,
    FieldappError,
    StorageFullError,
)
from fieldapp.hashing import Sha256Pipe
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.bundle_members import (
    BlobSource,
    Transfer,
    copy_blob,
    copy_member,
    file_chunks,
    hashed_blob,
    prepare_blobs,
    stage_payload,
)
from fieldapp.sync.bundle_verify import IDENTITIES_NAME, RECORDS_NAME
from fieldapp.sync.container import (
    CENTRAL_HEADER_BYTES,
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
    OutgoingItem,
    PayloadHeader,
)
from fieldapp.sync.verify_text import VERIFY_NAME, verify_text

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
class WrittenBundle:
    """A complete, flushed container under its ``.partial`` name."""

    partial_path: Path
    manifest: Manifest
    manifest_bytes: bytes
    size: int

    @property
    def digest(self) -> str:
        return manifest_digest(self.manifest_bytes)


def partial_path(folder: Path, bundle_id: UUID) -> Path:
    return folder / f"{PARTIAL_PREFIX}{bundle_id}{PARTIAL_SUFFIX}"


def _staging_path(folder: Path, bundle_id: UUID, member: str) -> Path:
    return folder / f"{PARTIAL_PREFIX}{bundle_id}.{member}{PARTIAL_SUFFIX}"


def _stage(
    folder: Path,
    name: str,
    recipients: Sequence[str],
    header: PayloadHeader,
    items: Iterable[OutgoingItem],
    cancel: CancelToken | None,
) -> tuple[ManifestMember, Path]:
    path = _staging_path(folder, header.bundle_id, name)
    return stage_payload(name, path, recipients, header, items, cancel), path


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


def _placeholder(name: str, size: int) -> ManifestMember:
    # A SHA-256 in hex is always 64 digits: a manifest of placeholders has the final size.
    return ManifestMember(name=name, size=size, sha256="0" * 64)


def write_bundle(
    folder: Path,
    signing_key: ed25519.Ed25519PrivateKey,
    header: BundleHeader,
    recipients: BundleRecipients,
    records: Iterable[OutgoingItem],
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
        staged = [_stage(folder, RECORDS_NAME, recipients.archive, inner, records, cancel)]
        people = iter(identities)
        first = next(people, None)
        if first is not None:
            lines = (("identity", person) for person in (first, *people))
            inner = replace(inner, format=IDENTITIES_FORMAT)
            custodian = recipients.custodian
            staged.append(_stage(folder, IDENTITIES_NAME, custodian, inner, lines, cancel))
        if len(blobs) + len(staged) + 1 > limits.max_members:
            raise BundleTooLargeError()
        prepared = prepare_blobs(blobs, recipients.archive)
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
        transfer = Transfer(sum(e.size for e in placeholders[:-1]))
        transfer.watch(progress, cancel)
        # Around the page cache where the stick's file system allows (``direct_writes``): a
        # gigabyte written once, read next on another machine.
        with DirectFile(target) as file:
            with ContainerWriter(file) as container:  # type: ignore[arg-type]
                manifest_place = container.reserve(MANIFEST_NAME, len(draft_raw))
                signature_place = container.reserve(SIGNATURE_NAME, len(draft_signature))
                for entry, path in staged:
                    copy_member(container, entry, file_chunks(path), transfer, BundleWriteError)
                with Sha256Pipe() as pipe:
                    for blob in prepared:
                        copy_blob(container, blob, transfer, pipe)
                    blob_entries = [hashed_blob(blob, pipe) for blob in prepared]
                entries = [*staged_entries, *blob_entries, verify_entry]
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
