"""The custodian's check: open identities files with the custodian file, in memory only.

Bundles carry witness identities in ``identities.age``, encrypted to the custodian alone; the
archive keeps each one, unopened, as ``custodian/<bundle-id>.age``. The custodian opens them on
their own machine with the custodian file (an age passphrase file holding the custodian's age
identity, written at ``fieldapp init --role archive --custodian-out FILE``).

Nothing decrypted touches the disk: the custodian file and every identities file are decrypted
into memory and parsed by the payload reader the import uses, with its inner-header check. A
bundle given whole is checked first as far as it can be without a roster: its manifest signed by
the key it names, the ``identities.age`` member the one the manifest lists, the inner header the
manifest's. Whether that device was enrolled is the import's question, not this one's.

A kept file is encrypted to the custodian's public recipient and signed by no one: anyone could
write one whose inner header copies a real bundle's. So the import keeps the bundle's signed
manifest beside it (``<bundle-id>.manifest.json`` and ``.manifest.sig``), and a kept file is
shown as signed only when that signature holds and the manifest's ``identities.age`` entry is
this file, byte for byte; a kept file with no manifest beside it (kept before the archive did
this, or copied without it) is shown marked as not verified.
"""

import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from uuid import UUID

from crypto import age, sshsig
from crypto.age.armor import armored_source, starts_armored
from crypto.age.format import MAX_HEADER_BYTES, read_header
from crypto.age.scrypt import STANZA_TYPE as SCRYPT_STANZA
from crypto.age.source import Source
from crypto.errors import CryptoError, DecryptionError, HeaderError, NoIdentityMatchError
from crypto.sshkeys import PublicKey
from fieldapp.domain import WitnessIdentity
from fieldapp.errors import (
    BundleRejectedError,
    CustodianError,
    IdentitiesFileDamagedError,
    IdentitiesForAnotherCustodianError,
    NotACustodianFileError,
    NotAnIdentitiesFileError,
    WrongCustodianPassphraseError,
)
from fieldapp.services.custodian_manifests import (
    KEPT_SUFFIX,
    MAX_IDENTITIES_FILE_BYTES,
    manifest_beside,
    signed_bytes,
)
from fieldapp.sync.bundle_reader import open_bundle_checking
from fieldapp.sync.bundle_verify import IDENTITIES_NAME, REJECTED_KIND, REJECTED_NAMES
from fieldapp.sync.container import MAX_CONTAINER_BYTES
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.manifest import (
    HEADER_NAMES,
    MAX_MANIFEST_MEMBERS,
    SIGNATURE_NAME,
)
from fieldapp.sync.payload import (
    IDENTITIES_FORMAT,
    IDENTITY_TYPES,
    Item,
    PayloadHeader,
    read_payload,
    read_stated_payload,
)
from fieldapp.sync.verify_rosters import Roster
from fieldapp.workspace.files import open_regular

#: A custodian file is a few lines (comments and one identity or a few): anything larger is
#: refused before it is decrypted into memory.
MAX_CUSTODIAN_FILE_BYTES = 64 * 1024
#: One identity per named witness of the bundle's testimonies: far more than any bundle carries,
#: and a bound on the objects held when the lines are small.
MAX_IDENTITIES = 20_000
_ZIP_MAGIC = b"PK\x03\x04"


class CustodianKey:
    """The custodian's age identities, opened from the custodian file; held in memory only."""

    def __init__(self, identities: Sequence[age.Identity]) -> None:
        self._identities = list(identities)

    @property
    def identities(self) -> list[age.Identity]:
        return list(self._identities)

    def __repr__(self) -> str:
        return f"CustodianKey(<{len(self._identities)} identities>)"


@dataclass(frozen=True)
class IdentitiesFile:
    """What one file held: the bundle it came with, as its inner header states it, and the
    witness identities, in the order the device wrote them."""

    path: Path
    bundle_id: UUID
    device: str
    sequence: int
    identities: tuple[WitnessIdentity, ...]
    #: True for a bundle given whole (its manifest checked), False for a kept identities file.
    from_bundle: bool
    #: The fingerprint of the device whose signed manifest lists this file (a bundle's, or the
    #: one kept beside a kept file); None for a kept file with no manifest beside it, which
    #: anyone holding the custodian's public recipient could have written. No roster was asked.
    signed_by: str | None = None

    @property
    def verified(self) -> bool:
        return self.signed_by is not None


def open_custodian_file(path: Path, passphrase: str) -> CustodianKey:
    """The custodian's identities from the custodian file and its passphrase.

    Takes about a second: the file's scrypt work factor is 2^20 (``archive.CUSTODIAN_WORK_FACTOR``).
    """
    where = str(path)
    handle = open_regular(path)
    if handle is None:
        raise NotACustodianFileError(path=where)
    with handle:
        data = handle.read(MAX_CUSTODIAN_FILE_BYTES + 1)
    if len(data) > MAX_CUSTODIAN_FILE_BYTES:
        raise NotACustodianFileError(path=where)
    try:
        text = age.DecryptingReader(io.BytesIO(data), passphrase=passphrase).read()
    except NoIdentityMatchError:
        # Only a passphrase file has a passphrase to get wrong: any other age file (an
        # identities file given in its place) is not a custodian file.
        if _stanza_types(data) == {SCRYPT_STANZA}:
            raise WrongCustodianPassphraseError(path=where) from None
        raise NotACustodianFileError(path=where) from None
    except DecryptionError:
        raise NotACustodianFileError(path=where) from None
    try:
        return CustodianKey(age.parse_identities_file(text.decode("ascii")))
    except (CryptoError, UnicodeDecodeError):
        raise NotACustodianFileError(path=where) from None


def read_identities_files(paths: Sequence[Path], key: CustodianKey) -> list[IdentitiesFile]:
    """Every file's identities, in the order given; the first file that fails stops them all."""
    return [read_identities_file(path, key) for path in paths]


def read_identities_file(path: Path, key: CustodianKey) -> IdentitiesFile:
    """One file's identities: a kept ``<bundle-id>.age``, or a bundle whose identities.age it
    opens (none for a bundle that carries none)."""
    try:
        handle = open_regular(path)
        if handle is None:
            raise NotAnIdentitiesFileError()
        with handle:
            if handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC:
                handle.seek(0)
                return _from_bundle(path, handle, key)
            handle.seek(0)
            return _from_kept_file(path, handle, key)
    except CustodianError as failure:
        failure.path = str(path)
        raise
    except BundleRejectedError as refused:
        if refused.reason in (REJECTED_NAMES, REJECTED_KIND):  # a pack, or another ZIP file
            raise NotAnIdentitiesFileError(path=str(path)) from None
        # The bundle's own checks (its signature, the member's hash): its reason is the sentence.
        raise IdentitiesFileDamagedError(
            f"This bundle cannot be trusted: {refused.reason.rstrip('.')}.", path=str(path)
        ) from None


class NotEnrolledDeviceError(CustodianError):
    """This file's device is not enrolled in the roster (or was revoked); nothing was shown."""


def check_enrolled(opened: Sequence[IdentitiesFile], roster: Roster) -> None:
    """Refuse all unless each file was signed by a device the roster allowed to sign its
    bundle, as ``fieldapp verify`` asks it (``services.verification.load_roster``): a kept file
    with no manifest beside it cannot be checked, so it is refused too."""
    for found in opened:
        if found.signed_by is None:
            raise NotEnrolledDeviceError(
                "This identities file has no signed manifest beside it, so its device cannot be"
                " checked against the roster; nothing was shown.",
                path=str(found.path),
            )
        if not roster.key_allowed(found.signed_by, found.sequence):
            raise NotEnrolledDeviceError(path=str(found.path))


def _from_kept_file(path: Path, handle: BinaryIO, key: CustodianKey) -> IdentitiesFile:
    size = os.fstat(handle.fileno()).st_size
    if size > MAX_IDENTITIES_FILE_BYTES:
        raise NotAnIdentitiesFileError(_TOO_LARGE)
    signed = manifest_beside(path)
    source: BinaryIO = handle
    if signed is not None:
        # Read whole (it is capped) and hashed before it is decrypted: the bytes decrypted are
        # the bytes the device signed, whatever happens to the file meanwhile.
        source = io.BytesIO(signed_bytes(handle, signed))
    try:
        reader = _decrypting(source, key)
    except IdentitiesForAnotherCustodianError:
        handle.seek(0)
        # A passphrase file (the custodian file itself, given in the wrong place) is not an
        # identities file of another custodian.
        if SCRYPT_STANZA in _stanza_types(handle.read(MAX_HEADER_BYTES)):
            raise NotAnIdentitiesFileError() from None
        raise
    try:
        header, items = read_stated_payload(reader, IDENTITIES_FORMAT, IDENTITY_TYPES)
    except BundleRejectedError:
        raise NotAnIdentitiesFileError() from None
    except DecryptionError:  # the first chunk, read for the header, was altered or cut short
        raise IdentitiesFileDamagedError() from None
    named = _bundle_id_of_name(path)
    # A kept file is named for the bundle it came with: a payload that names another bundle
    # was moved, or put there, and is not shown as that bundle's.
    if named is not None and named != header.bundle_id:
        raise IdentitiesFileDamagedError(
            "This identities file's inner header names another bundle than its file name does;"
            " nothing of it was shown."
        )
    stated = (header.bundle_id, header.device, header.sequence)
    if signed is not None and stated != (signed.bundle_id, signed.fingerprint, signed.sequence):
        raise IdentitiesFileDamagedError(
            "This identities file's inner header is not the bundle its signed manifest describes;"
            " nothing of it was shown."
        )
    return IdentitiesFile(
        path,
        header.bundle_id,
        header.device,
        header.sequence,
        _identities(items),
        False,
        None if signed is None else signed.fingerprint,
    )


_TOO_LARGE = (
    "This file is larger than any identities file a device writes; nothing of it was shown."
)


def _from_bundle(path: Path, handle: BinaryIO, key: CustodianKey) -> IdentitiesFile:
    signer = _signer_of(handle)
    # The bundle's own signer is the only key allowed: the custodian holds no roster, so this
    # checks that the bundle is whole and as its device signed it, not that it was enrolled.
    with open_bundle_checking(handle, [signer], threads=1) as bundle:
        manifest = bundle.verified.manifest
        found: tuple[WitnessIdentity, ...] = ()
        if bundle.has(IDENTITIES_NAME):
            listed = next(m for m in manifest.members if m.name == IDENTITIES_NAME)
            if listed.size > MAX_IDENTITIES_FILE_BYTES:
                raise IdentitiesFileDamagedError(
                    "This bundle's identities file is larger than any a device writes;"
                    " nothing of it was shown."
                )
            bundle.confirm(IDENTITIES_NAME)
            expected = PayloadHeader(
                IDENTITIES_FORMAT, manifest.bundle_id, manifest.fingerprint, manifest.sequence
            )
            with bundle.reader.open(IDENTITIES_NAME) as member:
                payload = read_payload(_decrypting(member, key), expected, IDENTITY_TYPES)
                found = _identities(payload)
    return IdentitiesFile(
        path,
        manifest.bundle_id,
        manifest.fingerprint,
        manifest.sequence,
        found,
        True,
        manifest.fingerprint,
    )


def _signer_of(handle: BinaryIO) -> PublicKey:
    """The key in the bundle's signature (the verification then checks that the signature is
    good and that the manifest names that key)."""
    try:
        reader = ContainerReader(
            handle,
            max_members=MAX_MANIFEST_MEMBERS + len(HEADER_NAMES),
            max_member_size=MAX_CONTAINER_BYTES,
            max_total=MAX_CONTAINER_BYTES,
        )
        raw = reader.read(SIGNATURE_NAME, sshsig.MAX_ARMORED_BYTES)
        return sshsig.parse_signature(raw).public_key
    except (CryptoError, BundleRejectedError):
        raise NotAnIdentitiesFileError() from None
    finally:
        handle.seek(0)


def _decrypting(source: BinaryIO, key: CustodianKey) -> age.DecryptingReader:
    try:
        return age.DecryptingReader(source, key.identities)
    except NoIdentityMatchError:
        raise IdentitiesForAnotherCustodianError() from None
    except HeaderError:
        raise NotAnIdentitiesFileError() from None
    except DecryptionError:  # a stanza opened but the header's MAC is wrong; armor damaged
        raise IdentitiesFileDamagedError() from None


def _identities(items: Iterator[Item]) -> tuple[WitnessIdentity, ...]:
    """Every item, all read before any is returned: a file damaged after its first identities
    shows none of them."""
    found: list[WitnessIdentity] = []
    try:
        for _, item in items:
            if not isinstance(item, WitnessIdentity):  # IDENTITY_TYPES allows nothing else
                raise IdentitiesFileDamagedError()
            if len(found) == MAX_IDENTITIES:
                raise IdentitiesFileDamagedError(
                    "This identities file holds more identities than any bundle carries;"
                    " nothing of it was shown."
                )
            found.append(item)
    except BundleRejectedError:
        raise IdentitiesFileDamagedError() from None
    except DecryptionError:  # a chunk of the payload was altered or cut short
        raise IdentitiesFileDamagedError() from None
    return tuple(found)


def _bundle_id_of_name(path: Path) -> UUID | None:
    """The bundle a kept file's name claims: ``<bundle-id>.age``, the suffix in any case (the
    custodian's stick may be a FAT file system that shows ``.AGE``). Any other name (a copy
    renamed for a court) claims none, and its inner header and manifest say which it is."""
    if path.suffix.lower() != KEPT_SUFFIX:
        return None
    try:
        return UUID(path.stem)
    except ValueError:
        return None


def _stanza_types(data: bytes) -> set[str]:
    """The recipient types in an age file's header (empty if it has none to read)."""
    source = Source(io.BytesIO(data))
    try:
        if starts_armored(source):
            source = armored_source(source)
        header, _ = read_header(source)
    except DecryptionError:
        return set()
    return {stanza.type for stanza in header.stanzas}
