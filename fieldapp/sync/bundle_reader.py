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
from crypto.age.source import Readable
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
from fieldapp.sync.payload import RECORD_TYPES, RECORDS_FORMAT, Item, PayloadHeader, read_payload

_COPY_CHUNK = 1024 * 1024
Writer = Callable[[bytes], object]
#: Gives a buffer of at least the size asked, for a member read whole.
Buffers = Callable[[int], bytearray]
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

    def reads_whole(self, name: str) -> bool:
        """Whether member ``name`` is confirmed by its reader (``open_confirmed``), not by the
        hasher."""
        return self.checks is not None and self.checks.reads_whole(name)

    @contextmanager
    def open_confirmed(self, name: str, buffer: Buffers | None = None) -> Iterator[Readable]:
        """Member ``name``'s bytes once they are confirmed. One the checks read whole is read
        into ``buffer(size)``, confirmed and read from there; any other is confirmed by the
        hasher, then read from the file (no second CRC: it was checked, and the AEAD
        authenticates every byte of a member as it is decrypted)."""
        member = self.reader.member(name)
        if self.checks is not None and buffer is not None and self.reads_whole(name):
            yield _InMemory(self.checks.read_whole(name, buffer(member.size)))
            return
        self.confirm(name)
        with self.reader.open(name, check_crc=False) as opened:
            yield io.BufferedReader(opened, _COPY_CHUNK)

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
    read_whole: Callable[[str, int], bool] | None = None,
) -> Iterator[OpenedBundle]:
    """The bundle once its shape, names and signature are checked, its members being hashed on
    ``threads`` worker threads meanwhile (stopped when the block ends), but for those
    ``read_whole(name, size)`` picks: their readers hash them (``OpenedBundle.open_confirmed``).
    ``progress`` and ``cancel`` are served on the threads that wait for a member."""
    reader, verified = read_signed_bundle(file, allowed_keys)
    checks = MemberChecks(
        reader, file, verified.manifest, progress, cancel, threads=threads, read_whole=read_whole
    )
    with checks:
        yield OpenedBundle(reader, verified, checks)


def read_records(bundle: OpenedBundle, identities: list[str]) -> Iterator[Item]:
    """The records of ``records.age``, decrypted with the archive's identities, in order."""
    manifest = bundle.verified.manifest
    expected = PayloadHeader(
        RECORDS_FORMAT, manifest.bundle_id, manifest.fingerprint, manifest.sequence
    )
    bundle.confirm(RECORDS_NAME)
    try:
        with bundle.reader.open(RECORDS_NAME) as member:
            yield from read_payload(
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
    bundle: OpenedBundle,
    name: str,
    identities: Sequence[str | age.Identity],
    buffer: Buffers | None = None,
) -> BlobDigest:
    """Decrypt a blob member only to hash it (the caller compares it with its record)."""
    # The hash runs on a second core while this one decrypts (see fieldapp/hashing.py).
    digest = BackgroundSha256()
    try:
        with bundle.open_confirmed(name, buffer) as member:
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
    buffer: Buffers | None = None,
) -> BlobDigest:
    """Re-address a blob member to ``recipient`` (the archive's blob identity) into ``write``,
    hashing its plaintext in the same read of the member.

    ``write`` gets the ciphertext only (the payload is copied, not re-encrypted), and before the
    plaintext hash is known: the caller keeps what was written only if the digest is the one
    its record declares (``BlobDigest.describes``).
    """
    # Decrypted into one reused buffer and hashed a block at a time on this thread: import
    # stores two attachments at once, one a core, which beats handing blocks between threads.
    digest = _CountingSha256()
    try:
        with bundle.open_confirmed(name, buffer) as member:
            age.readdress_decrypting_into(member, write, identities, [recipient], digest.update)
    except DecryptionError:
        raise BundleRejectedError(_UNREADABLE) from None
    return BlobDigest(digest.size, digest.hexdigest())


class _InMemory:
    """A member read whole into memory, read like a file: copied only into the reader's own
    buffer."""

    def __init__(self, view: memoryview) -> None:
        self._view, self._at = view, 0

    def read(self, size: int = -1, /) -> bytes:
        end = len(self._view) if size < 0 else min(len(self._view), self._at + size)
        data = bytes(self._view[self._at : end])
        self._at = end
        return data

    def readinto(self, buffer: bytearray | memoryview, /) -> int:
        count = min(len(buffer), len(self._view) - self._at)
        memoryview(buffer).cast("B")[:count] = self._view[self._at : self._at + count]
        self._at += count
        return count


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
