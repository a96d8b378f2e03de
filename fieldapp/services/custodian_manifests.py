"""The signed manifest the archive keeps beside each kept identities file (``custodian``).

A kept ``<bundle-id>.age`` is encrypted to the custodian's public recipient and signed by no
one: anyone could write one whose inner header copies a real bundle's. So the import keeps the
bundle's ``manifest.json`` and ``manifest.sig``, byte for byte, beside it; the custodian's check
trusts a kept file's bundle and device only when that signature holds and the manifest's
``identities.age`` entry is that very file. Public data: member names, sizes and hashes.
"""

import hashlib
from pathlib import Path
from typing import BinaryIO

from crypto import sshsig
from crypto.errors import CryptoError
from fieldapp.errors import BundleRejectedError, IdentitiesFileDamagedError
from fieldapp.sync.bundle_verify import IDENTITIES_NAME
from fieldapp.sync.manifest import (
    BUNDLE_NAMESPACE,
    MAX_MANIFEST_BYTES,
    Manifest,
    ManifestKind,
    verify_manifest,
)
from fieldapp.sync.payload import MAX_LINE_BYTES
from fieldapp.workspace.files import open_regular

#: An identities file holds one line per named witness of one bundle, each a few KiB (export
#: plans on 16 KiB at most). Twice the longest line the payload reader accepts (MAX_LINE_BYTES,
#: 16 MiB) admits anything a device writes, and bounds what is decrypted into memory.
MAX_IDENTITIES_FILE_BYTES = 2 * MAX_LINE_BYTES
KEPT_SUFFIX = ".age"
#: Beside ``<bundle-id>.age``, the import keeps the bundle's manifest and its signature as is.
MANIFEST_SUFFIX = ".manifest.json"
SIGNATURE_SUFFIX = ".manifest.sig"

_MANIFEST_DAMAGED = (
    "The signed manifest kept beside this identities file is damaged or not validly signed;"
    " nothing of it was shown."
)
_NOT_SIGNED_FILE = (
    "This identities file is not the one its signed manifest lists (another size or SHA-256);"
    " nothing of it was shown."
)


def manifest_paths(kept: Path) -> tuple[Path, Path] | None:
    """Where the import keeps the signed manifest of a kept ``<name>.age``: ``<name>.manifest.json``
    and ``<name>.manifest.sig``; None for a name not ending ``.age``."""
    if not kept.name.lower().endswith(KEPT_SUFFIX) or len(kept.name) == len(KEPT_SUFFIX):
        return None
    stem = kept.name[: -len(KEPT_SUFFIX)]
    return kept.with_name(stem + MANIFEST_SUFFIX), kept.with_name(stem + SIGNATURE_SUFFIX)


def manifest_beside(path: Path) -> Manifest | None:
    """The manifest kept beside ``path``, its signature checked by the key it names; None if
    neither of its two files is there."""
    paths = manifest_paths(path)
    if paths is None:
        return None
    raw, signature = (
        _read_capped(paths[0], MAX_MANIFEST_BYTES),
        _read_capped(paths[1], sshsig.MAX_ARMORED_BYTES),
    )
    if raw is None and signature is None:
        return None
    if raw is None or signature is None:
        raise IdentitiesFileDamagedError(
            "Only one of the two files of the signed manifest is beside this identities file;"
            " nothing of it was shown."
        )
    try:
        signer = sshsig.parse_signature(signature).public_key
        # As ``fieldapp verify`` checks a bundle's manifest, with its own signer as the only key
        # allowed: the custodian holds no roster.
        manifest = verify_manifest(raw, signature.decode("ascii"), BUNDLE_NAMESPACE, [signer])
    except (CryptoError, BundleRejectedError, UnicodeDecodeError):
        raise IdentitiesFileDamagedError(_MANIFEST_DAMAGED) from None
    if manifest.kind != ManifestKind.RECORDS:
        raise IdentitiesFileDamagedError(_MANIFEST_DAMAGED)
    return manifest


def signed_bytes(handle: BinaryIO, manifest: Manifest) -> bytes:
    """The file's bytes, if they are exactly the manifest's ``identities.age``."""
    listed = next((m for m in manifest.members if m.name == IDENTITIES_NAME), None)
    if listed is None or listed.size > MAX_IDENTITIES_FILE_BYTES:
        raise IdentitiesFileDamagedError(_NOT_SIGNED_FILE)
    handle.seek(0)
    data = handle.read(listed.size + 1)
    if len(data) != listed.size or hashlib.sha256(data).hexdigest() != listed.sha256:
        raise IdentitiesFileDamagedError(_NOT_SIGNED_FILE)
    return data


def _read_capped(path: Path, cap: int) -> bytes | None:
    """A small file's bytes; None if it is not there. Anything else but a regular file no
    larger than ``cap`` is damage."""
    try:
        handle = open_regular(path)
    except FileNotFoundError:
        return None
    if handle is None:
        raise IdentitiesFileDamagedError(_MANIFEST_DAMAGED)
    with handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise IdentitiesFileDamagedError(_MANIFEST_DAMAGED)
    return data
