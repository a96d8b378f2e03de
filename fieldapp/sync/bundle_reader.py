"""Opening a bundle for import: verify everything signed first, then decrypt, then check.

Nothing is decrypted before the container, the manifest's signature and that member's SHA-256
have been checked; nothing decrypted is trusted before the inner header matches the signed
manifest and each attachment's plaintext matches the hash its record declares.

``open_bundle`` checks every member before it returns. ``open_bundle_checking`` returns once
the signature is checked, with the members' hashes still being computed on another thread in
file order: each reader below first waits for its own member's hash (``OpenedBundle.confirm``),
so an import decrypts the records and stores the first attachments while later ones are still
being hashed. Whoever commits anything confirms every member first (``confirm_all``).
"""

import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from crypto import age
from crypto.errors import DecryptionError
from crypto.sshkeys import PublicKey
from fieldapp.errors import BundleRejectedError
from fieldapp.hashing import BackgroundSha256
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.bundle_verify import (
    RECORDS_NAME,
    read_signed_bundle,
    read_verified_bundle,
)
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.manifest import (
    VerifiedManifest,
)
from fieldapp.sync.member_checks import MemberChecks
from fieldapp.sync.payload import (
    RECORD_TYPES,
    RECORDS_FORMAT,
    BodyItem,
    PayloadHeader,
    read_payload_bodies,
)

_COPY_CHUNK = 1024 * 1024
Writer = Callable[[bytes], object]
_UNREADABLE = "its encrypted content cannot be opened with this archive's keys, or is damaged"
NOT_DESCRIBED = "an attachment is not the file its record describes"


@dataclass(frozen=True)
class OpenedBundle:
    reader: ContainerReader
    verified: VerifiedManifest
    #: The members' hashes still being checked; None once every member was checked.
    checks: MemberChecks | None = None

    def confirm(self, name: str) -> None:
        """Wait for member ``name``'s hash; refused if it is not the member the manifest signs."""
        if self.checks is not None:
            self.checks.confirm(name)

    def confirm_all(self) -> None:
        """Every member confirmed, in order (the first refusal is the one a full check gives)."""
        if self.checks is not None:
            self.checks.confirm_all()

    @property
    def device(self) -> str:
        return self.verified.manifest.fingerprint

    @property
    def sequence(self) -> int:
        return self.verified.manifest.sequence

    def has(self, name: str) -> bool:
        return name in self.reader.names


def open_bundle(
    file: BinaryIO,
    allowed_keys: Iterable[PublicKey | str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> OpenedBundle:
    """The bundle, verified as an auditor verifies it (``bundle_verify``), ready to decrypt."""
    reader, verified = read_verified_bundle(file, allowed_keys, progress=progress, cancel=cancel)
    return OpenedBundle(reader, verified)


@contextmanager
def open_bundle_checking(
    file: BinaryIO,
    allowed_keys: Iterable[PublicKey | str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    threads: int = 1,
) -> Iterator[OpenedBundle]:
    """The bundle once its shape, names and signature are checked, its members being hashed on
    ``threads`` worker threads meanwhile (stopped when the block ends). ``progress`` and
    ``cancel`` are served on the caller's thread whenever it waits for a member."""
    reader, verified = read_signed_bundle(file, allowed_keys)
    checks = MemberChecks(reader, file, verified.manifest, progress, cancel, threads=threads)
    with checks:
        yield OpenedBundle(reader, verified, checks)


def read_records(bundle: OpenedBundle, identities: list[str]) -> Iterator[BodyItem]:
    """The records of ``records.age``, decrypted with the archive's identities, in order, each
    with its canonical bytes."""
    manifest = bundle.verified.manifest
    expected = PayloadHeader(
        RECORDS_FORMAT, manifest.bundle_id, manifest.fingerprint, manifest.sequence
    )
    bundle.confirm(RECORDS_NAME)
    try:
        with bundle.reader.open(RECORDS_NAME) as member:
            yield from read_payload_bodies(
                age.DecryptingReader(member, identities), expected, RECORD_TYPES
            )
    except DecryptionError:
        raise BundleRejectedError(_UNREADABLE) from None


@dataclass(frozen=True)
class BlobDigest:
    """What a blob member decrypts to: its plaintext's size and SHA-256 (hex)."""

    size: int
    sha256: str

    def describes(self, size: int, sha256: str) -> bool:
        return self.size == size and self.sha256 == sha256


def blob_digest(
    bundle: OpenedBundle, name: str, identities: Sequence[str | age.Identity]
) -> BlobDigest:
    """Decrypt a blob member only to hash it (the caller compares it with its record)."""
    bundle.confirm(name)
    # The hash runs on a second core while this one decrypts (see fieldapp/hashing.py).
    digest = BackgroundSha256()
    try:
        with bundle.reader.open(name) as member:
            for chunk in age.DecryptingReader(member, identities).chunks():
                digest.update(chunk)
    except DecryptionError:
        raise BundleRejectedError(_UNREADABLE) from None
    finally:
        digest.close()
    return BlobDigest(digest.size, digest.hexdigest())


def parse_identities(identities: Sequence[str | age.Identity]) -> list[age.Identity]:
    """The archive's identities parsed once for a whole bundle: a post-quantum identity takes
    about a millisecond to expand from its seed, once per attachment otherwise."""
    return [age.parse_identity(i) if isinstance(i, str) else i for i in identities]


def store_blob(
    bundle: OpenedBundle,
    name: str,
    identities: Sequence[str | age.Identity],
    recipient: str | age.Recipient,
    write: Writer,
) -> BlobDigest:
    """Re-address a blob member to ``recipient`` (the archive's blob identity) into ``write``,
    hashing its plaintext in the same read of the member.

    ``write`` gets the ciphertext only (the payload is copied, not re-encrypted), and before the
    plaintext hash is known: the caller keeps what was written only if the digest is the one
    its record declares (``BlobDigest.describes``).
    """
    bundle.confirm(name)
    # Decrypted into one reused buffer and hashed a block at a time on this thread: import
    # stores two attachments at once, one a core, which beats handing blocks between threads.
    digest = _CountingSha256()
    try:
        # No CRC this time: the verification checked it, and the AEAD authenticates every byte
        # of this member (the header by its MAC, each chunk by its tag) as it is decrypted.
        with bundle.reader.open(name, check_crc=False) as member:
            source = io.BufferedReader(member, _COPY_CHUNK)
            age.readdress_decrypting_into(source, write, identities, [recipient], digest.update)
    except DecryptionError:
        raise BundleRejectedError(_UNREADABLE) from None
    return BlobDigest(digest.size, digest.hexdigest())


class _CountingSha256:
    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.size = 0

    def update(self, data: bytes | memoryview) -> None:
        self._hash.update(data)
        self.size += len(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def copy_member(bundle: OpenedBundle, name: str, write: Writer) -> None:
    bundle.confirm(name)
    with bundle.reader.open(name) as member:
        while chunk := member.read(_COPY_CHUNK):
            write(chunk)
