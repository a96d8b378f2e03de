"""The signed manifest of a bundle or pack: what it holds, who made it, where it sits in a chain.

``manifest.json`` is the container's first member, in canonical JSON (``fieldapp.domain.canonical``:
sorted keys, no spaces, UTC times with ``Z``; every field is always present, ``null`` included).
``manifest.sig`` follows it: an armored SSHSIG over manifest.json's exact bytes, which
``ssh-keygen -Y verify`` checks. The manifest lists every other member with its size and SHA-256,
in container order, so the signature covers every byte of the bundle through it.

Reading goes: caps, then the signature (by an allowed key, for the expected namespace), and only
then the JSON, which must be the canonical bytes of a valid manifest, naming as its signer the
key that signed it. Then each member is hashed, in constant memory, and compared.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric import ed25519
from pydantic import Field, Strict, StringConstraints, field_validator, model_validator

from crypto import sshkeys, sshsig
from crypto.errors import CryptoError, FormatError, SignatureError, SignerNotAllowedError
from crypto.sshkeys import PublicKey
from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import MAX_SAFE_INTEGER, canonical_bytes, parse_canonical
from fieldapp.domain.fields import KeyFingerprint, Positive, Sha256Hex, UtcDateTime
from fieldapp.errors import BundleRejectedError, BundleTooLargeError, FieldappError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.container import (
    CHUNK_SIZE,
    MAX_CONTAINER_BYTES,
    MAX_NAME_BYTES,
    MEMBER_NAME_PATTERN,
)
from fieldapp.sync.container_reader import ContainerReader

BUNDLE_FORMAT = "fieldapp-bundle/1"
PACK_FORMAT = "fieldapp-pack/1"
BUNDLE_NAMESPACE = "fieldapp-bundle@v1"
PACK_NAMESPACE = "fieldapp-pack@v1"
#: The SSHSIG namespace each format is signed under: a device's bundle signature can never pass
#: for a pack, nor the reverse, though both are signed with Ed25519 keys.
NAMESPACES = {BUNDLE_FORMAT: BUNDLE_NAMESPACE, PACK_FORMAT: PACK_NAMESPACE}

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
#: The two members every container starts with, in this order; the manifest lists the rest.
HEADER_NAMES = (MANIFEST_NAME, SIGNATURE_NAME)

# A manifest of 4,096 attachments is about 600 KiB; the cap bounds the JSON parser's work and is
# checked before the signature is (the signature hashes every byte).
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MANIFEST_MEMBERS = 4096
MAX_RECIPIENTS = 32
# A recipient is named by a fingerprint or an age recipient string; a post-quantum
# (mlkem768x25519) age recipient is about 2,000 characters.
MAX_RECIPIENT_CHARS = 4096

REJECTED_SIGNATURE = "its signature is not valid, or not made by an allowed key."
#: The signature names a key not allowed (``{fingerprint}``, read from the signature and so
#: unverified): for a bundle, a device not enrolled; for a pack, not the trusted coordinator.
REJECTED_DEVICE_NOT_ENROLLED = (
    "it was signed by {fingerprint}, a device key that is not enrolled (or the signature was"
    " altered)."
)
REJECTED_NOT_THE_COORDINATOR = (
    "it was signed by {fingerprint}, not by the coordinator key trusted here (or the signature"
    " was altered)."
)
REJECTED_SIGNATURE_FORMAT = "its signature is damaged or is not an SSH signature."
REJECTED_MANIFEST = "its manifest is not valid."
REJECTED_SIGNER = "its manifest names another key than the one that signed it."
REJECTED_FORMAT = "it is not the kind of file expected here."
REJECTED_MEMBERS = "its parts do not match its manifest: it was altered or is incomplete."
TOO_LARGE = "it is larger, or has more parts, than this program accepts."


class ManifestKind(StrEnum):
    """What a container carries: records for bundles; one of five things for packs."""

    RECORDS = "records"
    ENROLMENT = "enrolment"
    RECEIPT = "receipt"
    REVOCATION = "revocation"
    VOCABULARY = "vocabulary"
    #: Withdrawals of consent received at the office (``sync.withdrawal_pack``).
    WITHDRAWAL = "withdrawal"


KINDS = {
    BUNDLE_FORMAT: frozenset({ManifestKind.RECORDS}),
    PACK_FORMAT: frozenset(
        {
            ManifestKind.ENROLMENT,
            ManifestKind.RECEIPT,
            ManifestKind.REVOCATION,
            ManifestKind.VOCABULARY,
            ManifestKind.WITHDRAWAL,
        }
    ),
}

#: A member name, as the container allows it.
MemberName = Annotated[
    str, StringConstraints(pattern=f"^{MEMBER_NAME_PATTERN}$", max_length=MAX_NAME_BYTES)
]
#: An age recipient string or a key fingerprint: printable, no spaces or quotes.
RecipientId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9+/=:._-]+$", max_length=MAX_RECIPIENT_CHARS)
]
#: An ``ssh-ed25519`` public key line, without a comment.
Ed25519KeyLine = Annotated[
    str, StringConstraints(pattern=r"^ssh-ed25519 [A-Za-z0-9+/]+={0,2}$", max_length=200)
]


class ManifestMember(DomainModel):
    """One member of the container, other than the manifest and its signature."""

    name: MemberName
    size: Annotated[int, Field(ge=0, le=MAX_CONTAINER_BYTES)]
    sha256: Sha256Hex


class Manifest(DomainModel):
    """The signed description of a bundle or pack (DESIGN.md §5)."""

    format: Literal["fieldapp-bundle/1", "fieldapp-pack/1"]
    bundle_id: UUID
    kind: Annotated[ManifestKind, Strict(False)]
    #: The signer's key fingerprint, as ``ssh-keygen -l`` prints it.
    fingerprint: KeyFingerprint
    #: The signer's key, ``ssh-ed25519 AAAA…`` without a comment.
    public_key: Ed25519KeyLine
    #: 1, 2, … per signer; with ``previous`` it chains a signer's containers.
    sequence: Annotated[Positive, Field(le=MAX_SAFE_INTEGER)]
    #: SHA-256 of the signer's previous manifest.json; null exactly when sequence is 1.
    previous: Sha256Hex | None
    #: As the signer's clock claimed it.
    created_at: UtcDateTime
    #: Hash of the signer's latest custody event when the container was made.
    custody_head: Sha256Hex | None
    #: The age recipients the payload is encrypted to, as fingerprints or recipient strings.
    recipients: Annotated[tuple[RecipientId, ...], Field(max_length=MAX_RECIPIENTS)]
    #: Every member after manifest.json and manifest.sig, in container order.
    members: Annotated[tuple[ManifestMember, ...], Field(max_length=MAX_MANIFEST_MEMBERS)]

    @field_validator("public_key")
    @classmethod
    def _canonical_key(cls, value: str) -> str:
        try:
            key, comment = sshkeys.parse_openssh_public_key(value)
        except CryptoError:
            raise ValueError("is not a valid Ed25519 public key") from None
        if comment or not isinstance(key, ed25519.Ed25519PublicKey):
            raise ValueError("is not a valid Ed25519 public key")
        return value

    @field_validator("recipients")
    @classmethod
    def _unique_recipients(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("names a recipient twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Manifest":
        if self.kind not in KINDS[self.format]:
            raise ValueError("has a kind that its format does not allow")
        if sshkeys.fingerprint(self.public_key) != self.fingerprint:
            raise ValueError("has a fingerprint that is not its public key's")
        if (self.sequence == 1) != (self.previous is None):
            raise ValueError("must name its previous manifest exactly when it is not the first")
        # Case-folded, as the container compares names (two names one file system confuses).
        names = [member.name.lower() for member in self.members]
        if len(set(names)) != len(names):
            raise ValueError("lists a member twice")
        if set(names) & {name.lower() for name in HEADER_NAMES}:
            raise ValueError("lists the manifest or its signature as a member")
        return self

    @property
    def namespace(self) -> str:
        return NAMESPACES[self.format]


@dataclass(frozen=True)
class VerifiedManifest:
    """A manifest whose signature was verified, with the exact bytes that were signed."""

    manifest: Manifest
    manifest_bytes: bytes
    signature: str

    @property
    def digest(self) -> str:
        """What the signer's next manifest names as ``previous``."""
        return manifest_digest(self.manifest_bytes)


def manifest_bytes(manifest: Manifest) -> bytes:
    """The canonical bytes of a manifest: what manifest.json holds and the signature covers."""
    return canonical_bytes(manifest)


def manifest_digest(raw: bytes) -> str:
    """SHA-256 of manifest.json's bytes, lower-case hex: the next manifest's ``previous``."""
    return hashlib.sha256(raw).hexdigest()


def parse_manifest(raw: bytes) -> Manifest:
    """A manifest from its canonical bytes; any other encoding is refused.

    This checks no signature: for bytes from a bundle, use ``verify_manifest``, which calls
    this only after the signature has been verified.
    """
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BundleRejectedError(TOO_LARGE)
    try:
        return parse_canonical(Manifest, raw)
    except FieldappError as e:
        # The domain's message names the field at fault; it stays in the chained error, for logs.
        raise BundleRejectedError(REJECTED_MANIFEST) from e


def sign_manifest(manifest: Manifest, private_key: ed25519.Ed25519PrivateKey) -> tuple[bytes, str]:
    """manifest.json's bytes and manifest.sig's armored text, signed for the manifest's format."""
    public_line = sshkeys.public_key_to_openssh(private_key.public_key())
    if public_line != manifest.public_key:
        raise ValueError("the manifest names another public key than the signing key's")
    raw = manifest_bytes(manifest)
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BundleTooLargeError()
    return raw, sshsig.sign(raw, private_key, manifest.namespace)


def verify_manifest(
    raw: bytes,
    signature: str | bytes,
    namespace: str,
    allowed_keys: Iterable[PublicKey | str],
) -> Manifest:
    """The manifest in ``raw``, once its signature by one of ``allowed_keys`` is verified.

    ``namespace`` is ``BUNDLE_NAMESPACE`` or ``PACK_NAMESPACE``, and the manifest's format must be
    that namespace's. A malformed *allowed* key line is the caller's error and raises crypto's
    ``FormatError``; everything wrong with the bundle raises ``BundleRejectedError``.
    """
    if namespace not in NAMESPACES.values():
        raise ValueError(f"the namespace is one of {sorted(NAMESPACES.values())}")
    # Parsed here, outside the try below, so that a bad roster is not blamed on the bundle.
    allowed = [
        sshkeys.parse_openssh_public_key(key)[0] if isinstance(key, str | bytes) else key
        for key in allowed_keys
    ]
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BundleRejectedError(TOO_LARGE)
    try:
        signer_line = sshsig.verify(raw, signature, namespace, allowed)
    except SignerNotAllowedError as e:
        # Named so that a bundle from a device not yet enrolled reads as that, not as forged.
        signer = sshkeys.fingerprint(sshsig.parse_signature(signature).public_key)
        raise BundleRejectedError(
            REJECTED_DEVICE_NOT_ENROLLED
            if namespace == BUNDLE_NAMESPACE
            else REJECTED_NOT_THE_COORDINATOR,
            args={"fingerprint": signer},
        ) from e
    except SignatureError as e:
        raise BundleRejectedError(REJECTED_SIGNATURE) from e
    except FormatError as e:
        raise BundleRejectedError(REJECTED_SIGNATURE_FORMAT) from e
    # Only now is the JSON parsed: bytes nobody allowed signed never reach the parser.
    manifest = parse_manifest(raw)
    # The manifest's claim about its signer must be the signer: otherwise a device could sign a
    # bundle that says another device made it, and chains would be checked against the wrong key.
    if manifest.public_key != signer_line:
        raise BundleRejectedError(REJECTED_SIGNER)
    if manifest.namespace != namespace:
        raise BundleRejectedError(REJECTED_FORMAT)
    return manifest


def read_manifest(
    reader: ContainerReader, namespace: str, allowed_keys: Iterable[PublicKey | str]
) -> VerifiedManifest:
    """Read and verify manifest.json and manifest.sig, the container's first two members."""
    if tuple(reader.names[: len(HEADER_NAMES)]) != HEADER_NAMES:
        raise BundleRejectedError(REJECTED_MEMBERS)
    raw = reader.read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
    signature_bytes = reader.read(SIGNATURE_NAME, sshsig.MAX_ARMORED_BYTES)
    try:
        signature = signature_bytes.decode("ascii")
    except UnicodeDecodeError:
        raise BundleRejectedError(REJECTED_SIGNATURE_FORMAT) from None
    manifest = verify_manifest(raw, signature, namespace, allowed_keys)
    return VerifiedManifest(manifest, raw, signature)


def check_members(
    reader: ContainerReader,
    manifest: Manifest,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> None:
    """Check that the container holds exactly the manifest's members, byte for byte.

    Names and order first, then sizes (both free), then each member's SHA-256, streamed in
    chunks: memory stays flat however large the members. ``progress(done, total)`` counts bytes.
    """
    expected = [*HEADER_NAMES, *(member.name for member in manifest.members)]
    if reader.names != expected:
        raise BundleRejectedError(REJECTED_MEMBERS)
    found = reader.members[len(HEADER_NAMES) :]
    if any(m.size != f.size for m, f in zip(manifest.members, found, strict=True)):
        raise BundleRejectedError(REJECTED_MEMBERS)
    total = sum(member.size for member in manifest.members)
    done = 0
    if cancel is not None:
        cancel.raise_if_cancelled()
    if progress is not None:
        progress(done, total)
    for listed in manifest.members:
        digest = hashlib.sha256()
        with reader.open(listed.name) as member:
            while chunk := member.read(CHUNK_SIZE):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        if digest.hexdigest() != listed.sha256:
            raise BundleRejectedError(REJECTED_MEMBERS)


def verify_container(
    reader: ContainerReader,
    namespace: str,
    allowed_keys: Iterable[PublicKey | str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedManifest:
    """The whole check of a container: its signed manifest, then every member against it."""
    verified = read_manifest(reader, namespace, allowed_keys)
    check_members(reader, verified.manifest, progress=progress, cancel=cancel)
    return verified


def member_entry(name: str, data: bytes | Iterable[bytes]) -> ManifestMember:
    """The manifest entry for a member, from its bytes or from its bytes in chunks.

    The manifest comes first in the container, so its entries are known before the members are
    written: a member too large to hold is hashed here in one pass and copied in another.
    """
    digest = hashlib.sha256()
    size = 0
    for chunk in [data] if isinstance(data, bytes | bytearray | memoryview) else data:
        digest.update(chunk)
        size += len(chunk)
    return ManifestMember(name=name, size=size, sha256=digest.hexdigest())
