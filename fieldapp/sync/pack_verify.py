"""Checking packs as an auditor does, beside bundles: no secret, only the roster's coordinator key.

Which a file is comes from its container's member names, before any signature: a pack holds
exactly ``manifest.json``, ``manifest.sig``, ``payload.age`` and ``VERIFY.txt``; any other file
is checked as a bundle (``bundle_verify``), so a bundle's refusals stay what they were.

A pack is given every check a device makes before it decrypts one (``packs.read_verified_pack``:
caps, shape, the signature in namespace ``fieldapp-pack@v1``, the canonical manifest of a pack's
format and kind, one recipient, every member's size and SHA-256), by the roster's coordinator
key. Its payload is never decrypted: the auditor holds no device's identity.

Packs are numbered per device addressed (``sequence``, and ``previous`` the digest of the pack
before it to that device). The roster does not list devices' age recipients, so the chains are
keyed by (signer, the manifest's one recipient) and checked by the rules bundles follow:
gaps, replays (``pack resend`` writes a pack again byte for byte), forks and breaks.

A file is opened once (``bundle_verify.open_container``: regular files only, without blocking)
and that handle is what tells a pack from a bundle and what either is checked from.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from fieldapp.errors import BundleRejectedError, Cancelled, FieldappError, PackRejectedError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.bundle_verify import (
    NOT_A_REGULAR_FILE,
    PACK,
    BundleCheck,
    ChainWords,
    SignedChain,
    VerificationReport,
    bundle_verdict_of,
    check_chain,
    device_chains,
    open_container,
    unreadable,
)
from fieldapp.sync.container import MAX_CONTAINER_BYTES, MAX_MEMBERS
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.manifest import VerifiedManifest
from fieldapp.sync.packs import is_pack_shaped, read_verified_pack
from fieldapp.sync.verify_rosters import Roster

#: An allowed_signers file may list device keys only (the archive's always has the coordinator's),
#: or a coordinator line that has expired or is not valid yet, as ssh-keygen would read it.
REJECTED_NO_COORDINATOR = (
    "the roster names no coordinator key valid now for packs, so no pack can be checked"
    " against it."
)
PACK_WORDS = ChainWords("pack", "packs", "to its device")


@dataclass
class PackChain(SignedChain):
    """What the files given say of the chain of packs one key signed to one device."""

    #: The fingerprint of the key that signed the packs (the coordinator's).
    signer: str
    #: The device's age recipient, as the packs' manifests name it.
    recipient: str


def is_pack_file(file: BinaryIO) -> bool:
    """Whether the container in ``file`` has a pack's member names. Nothing is verified: a file
    that is no container at all is left to the bundle's checks, which refuse it as they did."""
    try:
        reader = ContainerReader(
            file,
            max_members=MAX_MEMBERS,
            max_member_size=MAX_CONTAINER_BYTES,
            max_total=MAX_CONTAINER_BYTES,
        )
    except FieldappError:
        return False
    return is_pack_shaped(reader.names)


def check_pack(
    path: Path,
    coordinator_keys: Sequence[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedManifest:
    """Verify one pack against the coordinator keys; ``PackRejectedError`` if it fails (a
    named pipe or a device among them), ``OSError`` if it cannot be opened."""
    try:
        opened = open_container(path)
    except BundleRejectedError as refusal:
        raise PackRejectedError(NOT_A_REGULAR_FILE) from refusal
    with opened as file:
        return check_pack_file(file, coordinator_keys, progress=progress, cancel=cancel)


def check_pack_file(
    file: BinaryIO,
    coordinator_keys: Sequence[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedManifest:
    """Verify the pack read from a seekable binary file; ``PackRejectedError`` if it fails."""
    if not coordinator_keys:
        raise PackRejectedError(REJECTED_NO_COORDINATOR)
    return read_verified_pack(file, coordinator_keys, progress=progress, cancel=cancel)


def pack_verdict_of(
    file: BinaryIO,
    path: Path,
    coordinator_keys: Sequence[str],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> BundleCheck:
    """The verdict on the file ``path`` already open as ``file``, checked as a pack from its
    start; ``Cancelled`` is the only error raised."""
    try:
        file.seek(0)
        verified = check_pack_file(file, coordinator_keys, progress=progress, cancel=cancel)
    except Cancelled:
        raise
    except PackRejectedError as refusal:
        return BundleCheck(str(path), False, refusal.reason or str(refusal), container=PACK)
    except FieldappError as error:
        return BundleCheck(str(path), False, str(error), container=PACK)
    except OSError as error:
        return replace(unreadable(path, error), container=PACK)
    manifest = verified.manifest
    return BundleCheck(
        str(path),
        True,
        sequence=manifest.sequence,
        bundle_id=str(manifest.bundle_id),
        digest=verified.digest,
        previous=manifest.previous,
        container=PACK,
        kind=manifest.kind.value,
        signer=manifest.fingerprint,
        recipient=manifest.recipients[0],
    )


def verdict(
    path: Path,
    roster: Roster,
    coordinator_keys: Sequence[str],
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> BundleCheck:
    """The verdict on one file, checked as whichever it is: a pack, or else a bundle. The file
    is opened once, and only if it is a regular file: a named pipe or a device is refused
    unread (``NOT_A_REGULAR_FILE``), whatever the path was when it was looked at before."""
    try:
        file = open_container(path)
    except BundleRejectedError as refusal:
        return BundleCheck(str(path), False, refusal.reason)
    except OSError as error:
        return unreadable(path, error)
    with file:
        try:
            pack = is_pack_file(file)
        except OSError:
            pack = False  # the bundle's check says the file cannot be read, as it did
        if pack:
            return pack_verdict_of(file, path, coordinator_keys, progress, cancel)
        return bundle_verdict_of(file, path, roster, progress, cancel)


def pack_chains(files: list[BundleCheck]) -> list[PackChain]:
    """Each chain of packs among ``files`` (by signer and recipient), refusing those that
    break it."""
    by_chain: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, check in enumerate(files):
        if check.ok and check.container == PACK and check.signer and check.recipient:
            by_chain[(check.signer, check.recipient)].append(index)
    return [
        check_chain(PackChain(signer, recipient), indexes, files, PACK_WORDS)
        for (signer, recipient), indexes in sorted(by_chain.items())
    ]


def verify_containers(
    paths: Iterable[Path],
    roster: Roster,
    coordinator_keys: Sequence[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerificationReport:
    """Verify every file as a bundle or a pack, then each device's chain of bundles and each
    chain of packs across them."""
    files = [verdict(path, roster, coordinator_keys, progress, cancel) for path in paths]
    return VerificationReport(files, device_chains(files), pack_chains(files))
