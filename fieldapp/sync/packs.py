"""Packs, of every kind: built by the coordinator, opened by a device (DESIGN.md §5).

A pack is a container (``fieldapp-pack/1``) holding ``manifest.json``, ``manifest.sig`` (SSHSIG by
the coordinator key, namespace ``fieldapp-pack@v1``), ``payload.age`` (the kind's JSON payload,
encrypted to the one device addressed) and ``VERIFY.txt``. The manifest's ``recipients`` names
that device's age recipient, so a device can tell a pack meant for another device before it
tries to decrypt anything; ``sequence`` and ``previous`` chain the packs sent to each device.

This module knows containers, not kinds: ``build_pack`` takes the payload's bytes and
``OpenedPack.payload`` gives them back. Each kind's payload (enrolment, revocation, receipt)
is parsed by its own module, which must check that the payload names the device it reaches.
"""

import contextlib
import io
import os
import re
import secrets
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import age, sshkeys, sshsig
from crypto.errors import CryptoError, DecryptionError
from fieldapp.errors import (
    BundleRejectedError,
    BundleTooLargeError,
    OutputExistsError,
    PackRejectedError,
)
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.container import DAMAGED
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.sync.manifest import (
    MANIFEST_NAME,
    PACK_FORMAT,
    PACK_NAMESPACE,
    REJECTED_SIGNATURE_FORMAT,
    SIGNATURE_NAME,
    Manifest,
    ManifestKind,
    VerifiedManifest,
    check_members,
    member_entry,
    read_manifest,
    sign_manifest,
)
from fieldapp.sync.verify_text import VERIFY_NAME, verify_text
from fieldapp.workspace.files import full_disk_said

PACK_SUFFIX = ".fieldpack"
PAYLOAD_NAME = "payload.age"
#: The members a pack's manifest lists, in container order.
PACK_MEMBERS = (PAYLOAD_NAME, VERIFY_NAME)
#: Every member of a pack, in container order.
PACK_NAMES = (MANIFEST_NAME, SIGNATURE_NAME, *PACK_MEMBERS)

# A receipt for a whole archive's worth of records (100,000 versions of about 200 bytes each)
# is 20 MiB of JSON; the caps leave room for that and bound what one pack can make us hold.
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
# age adds 16 bytes per 64 KiB chunk and a header of a few hundred bytes.
MAX_PAYLOAD_MEMBER_BYTES = MAX_PAYLOAD_BYTES + MAX_PAYLOAD_BYTES // 1024 + 64 * 1024
MAX_PACK_BYTES = MAX_PAYLOAD_MEMBER_BYTES + 1024 * 1024
MAX_PACK_MEMBERS = len(PACK_MEMBERS) + 2
# The pack's own text in place of the container's, which speaks of bundles.
NOT_A_PACK = "the file is damaged or is not a pack."
REJECTED_SHAPE = "it does not hold exactly the parts a pack holds."
REJECTED_DECRYPT = (
    "its payload could not be decrypted: it was not made for this device, or it is damaged."
)
REJECTED_PAYLOAD_SIZE = "its payload is larger than a pack's can be."
# Temporary names start like the workspace's, so a sweep of the output folder finds them.
_TEMP_PREFIX = ".tmp-"
_FINGERPRINT_TAG_CHARS = 10
_PACK_FILE_NAME = re.compile(
    rf"[a-z]+-([A-Za-z0-9_-]{{{_FINGERPRINT_TAG_CHARS}}})-[0-9]{{4,}}{re.escape(PACK_SUFFIX)}"
)


def _pack_error(error: BundleRejectedError) -> PackRejectedError:
    if error.reason_template == DAMAGED:
        return PackRejectedError(NOT_A_PACK)
    return PackRejectedError(error.reason_template, args=error.reason_args)


# --- building ------------------------------------------------------------------------------------


def _encrypt(payload: bytes, recipient: str) -> bytes:
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise BundleTooLargeError("The pack's payload is larger than a pack's can be.")
    out = io.BytesIO()
    age.encrypt(io.BytesIO(payload), out, [recipient])
    return out.getvalue()


def build_pack(
    out: BinaryIO,
    kind: ManifestKind,
    payload: bytes,
    signing_key: ed25519.Ed25519PrivateKey,
    *,
    recipient: str,
    sequence: int,
    previous: str | None,
    custody_head: str | None = None,
    pack_id: uuid.UUID | None = None,
    created_at: datetime | None = None,
) -> VerifiedManifest:
    """Write a signed pack of ``kind`` to ``out`` (seekable, empty), ``payload`` encrypted to
    ``recipient`` (the device's age recipient). ``sequence`` and ``previous`` place it in the
    chain of packs to that device. Returns the manifest and its bytes (``.digest`` is what the
    next pack to the device names as ``previous``)."""
    encrypted = _encrypt(payload, recipient)
    verify = verify_text(PACK_FORMAT).encode("ascii")
    public_line = sshkeys.public_key_to_openssh(signing_key.public_key())
    manifest = Manifest(
        format=PACK_FORMAT,
        bundle_id=pack_id or uuid.uuid4(),
        kind=kind,
        fingerprint=sshkeys.fingerprint(public_line),
        public_key=public_line,
        sequence=sequence,
        previous=previous,
        created_at=created_at or datetime.now(UTC),
        custody_head=custody_head,
        recipients=(recipient,),
        members=(member_entry(PAYLOAD_NAME, encrypted), member_entry(VERIFY_NAME, verify)),
    )
    raw, signature = sign_manifest(manifest, signing_key)
    with ContainerWriter(out) as writer:
        writer.add(MANIFEST_NAME, raw)
        writer.add(SIGNATURE_NAME, signature.encode("ascii"))
        writer.add(PAYLOAD_NAME, encrypted)
        writer.add(VERIFY_NAME, verify)
    return VerifiedManifest(manifest, raw, signature)


def pack_tag(device_fingerprint: str) -> str:
    """What names a device in its packs' file names (``Ab3dE_9xYz``): its fingerprint's start,
    made safe on every disk. A laptop shows its own, so that its user can pick its packs."""
    tag = device_fingerprint.removeprefix(sshkeys.FINGERPRINT_PREFIX)[:_FINGERPRINT_TAG_CHARS]
    return tag.replace("/", "_").replace("+", "-")


def pack_file_name(kind: ManifestKind, device_fingerprint: str, sequence: int) -> str:
    """``revocation-Ab3dE_9xYz-0002.fieldpack``: kind, device and place, safe on every disk."""
    return f"{kind.value}-{pack_tag(device_fingerprint)}-{sequence:04d}{PACK_SUFFIX}"


def pack_file_tag(file_name: str) -> str | None:
    """The device tag in a file name ``pack_file_name`` wrote, or None for another name. Only a
    hint for people, never a proof: anyone can rename a file."""
    match = _PACK_FILE_NAME.fullmatch(file_name)
    return None if match is None else match.group(1)


@contextlib.contextmanager
def creating_file(path: Path) -> Iterator[BinaryIO]:
    """A new file at ``path``, written under a temporary name beside it and renamed, after an
    fsync, only when the block succeeds. An existing ``path`` is never replaced: a pack or a
    request already on the stick may not have been delivered yet. A full stick is
    ``StorageFullError``, with the temporary file removed."""
    if path.exists():
        raise OutputExistsError()
    temp = path.with_name(f"{_TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}")
    with full_disk_said():  # the sentence a person can act on, not a temporary file's name
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w+b") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():  # made by someone else meanwhile
                raise OutputExistsError()
            os.replace(temp, path)
            _fsync_directory(path.parent)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            raise


def _fsync_directory(folder: Path) -> None:
    # Some file systems (FAT on a USB stick, on some platforms) refuse to open a folder.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_pack_file(
    path: Path,
    kind: ManifestKind,
    payload: bytes,
    signing_key: ed25519.Ed25519PrivateKey,
    *,
    recipient: str,
    sequence: int,
    previous: str | None,
    custody_head: str | None = None,
) -> VerifiedManifest:
    """``build_pack`` into a new file at ``path`` (see ``creating_file``)."""
    with creating_file(path) as handle:
        return build_pack(
            handle,
            kind,
            payload,
            signing_key,
            recipient=recipient,
            sequence=sequence,
            previous=previous,
            custody_head=custody_head,
        )


# --- opening -------------------------------------------------------------------------------------


class _CappedBuffer(io.BytesIO):
    """Plaintext in memory, refusing to grow past the payload cap."""

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self.tell() + len(data) > MAX_PAYLOAD_BYTES:
            raise PackRejectedError(REJECTED_PAYLOAD_SIZE)
        return super().write(data)


class OpenedPack:
    """A pack whose signature and members were verified; its payload is decrypted on demand.

    Keep the file open while this is used: the payload is read from it.
    """

    def __init__(self, reader: ContainerReader, verified: VerifiedManifest) -> None:
        self._reader = reader
        self.verified = verified

    @property
    def manifest(self) -> Manifest:
        return self.verified.manifest

    @property
    def kind(self) -> ManifestKind:
        return self.manifest.kind

    @property
    def pack_id(self) -> uuid.UUID:
        return self.manifest.bundle_id

    @property
    def sequence(self) -> int:
        return self.manifest.sequence

    @property
    def digest(self) -> str:
        return self.verified.digest

    @property
    def signer_key(self) -> str:
        return self.manifest.public_key

    @property
    def signer_fingerprint(self) -> str:
        return self.manifest.fingerprint

    @property
    def recipient(self) -> str:
        return self.manifest.recipients[0]

    def payload(self, identity: str) -> bytes:
        """The payload's plaintext, decrypted with the device's age identity."""
        sink = _CappedBuffer()
        try:
            with self._reader.open(PAYLOAD_NAME) as member:
                age.decrypt(member, sink, [identity], armored=False)
        except DecryptionError as e:
            raise PackRejectedError(REJECTED_DECRYPT) from e
        except BundleRejectedError as e:
            raise _pack_error(e) from e
        return sink.getvalue()


def _signer_of(reader: ContainerReader) -> str:
    """The key a pack's signature names: a first pack is checked against its own signer, whom
    the user then confirms by fingerprint (trust on first use, with a spoken check)."""
    try:
        text = reader.read(SIGNATURE_NAME, sshsig.MAX_ARMORED_BYTES)
        return sshkeys.public_key_to_openssh(sshsig.parse_signature(text).public_key)
    except CryptoError as e:
        raise PackRejectedError(REJECTED_SIGNATURE_FORMAT) from e


def _pack_reader(file: BinaryIO) -> ContainerReader:
    """The container under a pack's caps, holding exactly a pack's members in their order."""
    reader = ContainerReader(
        file,
        max_members=MAX_PACK_MEMBERS,
        max_member_size=MAX_PAYLOAD_MEMBER_BYTES,
        max_total=MAX_PACK_BYTES,
    )
    if tuple(reader.names) != PACK_NAMES:
        raise PackRejectedError(REJECTED_SHAPE)
    return reader


def _verified_pack(
    reader: ContainerReader,
    allowed_keys: Iterable[str],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> VerifiedManifest:
    """The signature by one of ``allowed_keys``, the canonical manifest (a pack's format and
    kind), one recipient, then every member's size and SHA-256."""
    verified = read_manifest(reader, PACK_NAMESPACE, allowed_keys)
    manifest = verified.manifest
    if tuple(m.name for m in manifest.members) != PACK_MEMBERS or len(manifest.recipients) != 1:
        raise PackRejectedError(REJECTED_SHAPE)
    check_members(reader, manifest, progress=progress, cancel=cancel)
    return verified


def is_pack_shaped(names: Iterable[str]) -> bool:
    """Whether a container's member names are a pack's (in any order): how an auditor's check
    tells a pack from a bundle before any signature."""
    return sorted(names) == sorted(PACK_NAMES)


def read_verified_pack(
    file: BinaryIO,
    allowed_keys: Iterable[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedManifest:
    """Every check ``open_pack`` makes, against any of ``allowed_keys`` (an auditor's roster
    may name the coordinator key more than once); ``progress`` counts member bytes."""
    try:
        return _verified_pack(_pack_reader(file), allowed_keys, progress, cancel)
    except BundleRejectedError as e:
        raise _pack_error(e) from e


def open_pack(file: BinaryIO, trusted_key: str | None) -> OpenedPack:
    """Read and verify a pack: caps, the container's layout, the signature, the canonical
    manifest, then every member's size and SHA-256. Nothing is decrypted.

    ``trusted_key`` is the coordinator key the device confirmed; only a pack it signed passes.
    ``None`` accepts the key the pack's signature names, for a device not yet enrolled: the
    caller must then have the user confirm ``signer_fingerprint`` before using the pack.
    """
    try:
        reader = _pack_reader(file)
        allowed = [trusted_key] if trusted_key is not None else [_signer_of(reader)]
        verified = _verified_pack(reader, allowed, None, None)
    except BundleRejectedError as e:
        raise _pack_error(e) from e
    return OpenedPack(reader, verified)
