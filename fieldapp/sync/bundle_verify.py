"""Checking bundles as an auditor does: no secret, no workspace, only a roster of device keys.

For each file, in this order (cheap refusals first, nothing decrypted ever):

1. the container's shape (``ContainerReader``: canonical ZIP, caps before allocation), then its
   member names: ``manifest.json``, ``manifest.sig``, ``records.age``, ``identities.age`` (if
   any), ``blobs/<uuid>.age`` in increasing order, ``VERIFY.txt`` — nothing else, in that order;
2. the signature over manifest.json by a key the roster lists, then the manifest itself;
3. the roster's word on that key for that sequence (a revoked device's bundles after its last
   good one are refused);
4. every member's size and SHA-256 against the manifest, streamed in constant memory.

Then, across the files given, each device's chain: sequences in order without gaps, each
bundle's ``previous`` the digest of the one before it, no sequence given twice (the same bundle
twice is a *replay*; two different bundles with one sequence are a *fork*). A file that breaks
its chain is refused, so a report is all OK exactly when every file is genuine and in order.
Packs are checked by ``pack_verify``, which tells each file for what it is and chains packs to
each device by the same rules (``check_chain``).

Each file is opened once, without blocking and only if it is a regular file
(``files.open_regular``), and every check reads that one handle: a path swapped for a named pipe
between a look and an open (a hostile FUSE stick) is refused, never waited on.

The roster is an interface (``verify_rosters.Roster``): an OpenSSH allowed_signers file serves,
and so does a list of enrolled devices.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar
from uuid import UUID

from crypto.sshkeys import PublicKey
from fieldapp.errors import BundleRejectedError, Cancelled, FieldappError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sequence_ranges import SequenceRange
from fieldapp.sync.container import MAX_CONTAINER_BYTES, MAX_MEMBERS
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.manifest import (
    BUNDLE_NAMESPACE,
    HEADER_NAMES,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_MEMBERS,
    ManifestKind,
    VerifiedManifest,
    manifest_digest,
    read_manifest,
)
from fieldapp.sync.member_checks import MemberChecks
from fieldapp.sync.verify_rosters import Roster
from fieldapp.sync.verify_text import VERIFY_NAME
from fieldapp.workspace.files import open_regular

if TYPE_CHECKING:  # pack_verify builds on this module
    from fieldapp.sync.pack_verify import PackChain

#: What a file was checked as (``BundleCheck.container``), decided by its members' names.
BUNDLE = "bundle"
PACK = "pack"
#: Why a named pipe, a device or a folder given as a bundle or pack is refused, unread.
NOT_A_REGULAR_FILE = "it is not a regular file."
RECORDS_NAME = "records.age"
IDENTITIES_NAME = "identities.age"
BLOB_NAME = re.compile(r"blobs/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.age")


def blob_name(attachment_id: UUID) -> str:
    """The member that carries an attachment: ``blobs/<id>.age``."""
    return f"blobs/{attachment_id}.age"


def blob_name_id(name: str) -> UUID | None:
    """The attachment id in a blob member's name, or None for any other name."""
    return UUID(name[len("blobs/") : -len(".age")]) if BLOB_NAME.fullmatch(name) else None


REJECTED_NAMES = "it does not hold the parts a bundle holds, in their order."
REJECTED_KIND = "it is not a bundle of records."
@dataclass(frozen=True)
class BundleCheck:
    """The verdict on one file."""

    path: str
    ok: bool
    reason: str | None = None
    device: str | None = None
    sequence: int | None = None
    bundle_id: str | None = None
    digest: str | None = None
    previous: str | None = None
    #: ``BUNDLE`` or ``PACK``: which checks the file was given, from its members' names.
    container: str = BUNDLE
    #: The manifest's kind (``records`` for a bundle); None while no manifest was verified.
    kind: str | None = None
    #: The fingerprint of the key that signed it (a bundle's ``device``; a pack's coordinator).
    signer: str | None = None
    #: A pack's one age recipient (the device addressed); None for a bundle.
    recipient: str | None = None


@dataclass(kw_only=True)
class SignedChain:
    """What the files given say of one signed chain: numbered files from one signer, each after
    the first naming the digest of the one before it (``previous``). A device's bundles
    (``DeviceChain``) and the coordinator's packs to one device (``pack_verify.PackChain``) are
    such chains, checked by the same rules (``check_chain``); each adds what names its chain."""

    sequences: list[int] = field(default_factory=list)
    #: The gaps, by their ends: a gap may span up to 2^53 numbers.
    missing: list[SequenceRange] = field(default_factory=list)
    replays: list[int] = field(default_factory=list)
    forks: list[int] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (self.missing or self.replays or self.forks or self.breaks)


@dataclass
class DeviceChain(SignedChain):
    """What the files given say of one device's chain of bundles."""

    device: str


#: A chain of either kind: ``check_chain`` fills in the one it is given.
Chain = TypeVar("Chain", bound=SignedChain)


@dataclass
class VerificationReport:
    files: list[BundleCheck]
    devices: list[DeviceChain]
    #: The chains of packs among the files, by signer and device addressed (``pack_verify``).
    packs: list["PackChain"] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.files) and all(f.ok for f in self.files)


def _check_names(names: Sequence[str]) -> None:
    if len(names) < len(HEADER_NAMES) + 2:
        raise BundleRejectedError(REJECTED_NAMES)
    body = list(names[len(HEADER_NAMES) : -1])
    if body[:1] == [RECORDS_NAME]:
        body = body[1:]
    else:
        raise BundleRejectedError(REJECTED_NAMES)
    if body[:1] == [IDENTITIES_NAME]:
        body = body[1:]
    in_order = all(a < b for a, b in pairwise(body))
    if (
        tuple(names[: len(HEADER_NAMES)]) != HEADER_NAMES
        or names[-1] != VERIFY_NAME
        or not all(BLOB_NAME.fullmatch(name) for name in body)
        or not in_order
    ):
        raise BundleRejectedError(REJECTED_NAMES)


def check_bundle(
    path: Path,
    roster: Roster,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedManifest:
    """Verify one file; ``BundleRejectedError`` (or ``OSError`` reading it) if it fails."""
    with open_container(path) as file:
        return check_bundle_file(file, roster, progress=progress, cancel=cancel)


def open_container(path: Path) -> BinaryIO:
    """``path`` open for reading, once, if it is a regular file (checked on the handle, so a
    path swapped for a named pipe is not waited on): ``BundleRejectedError`` otherwise, and
    ``OSError`` if it cannot be opened."""
    file = open_regular(path)
    if file is None:
        raise BundleRejectedError(NOT_A_REGULAR_FILE)
    return file


def read_verified_bundle(
    file: BinaryIO,
    allowed_keys: Iterable[PublicKey | str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[ContainerReader, VerifiedManifest]:
    """The container of a bundle and its manifest, after every check that needs no secret:
    shape and member names in their order, the signature by one of ``allowed_keys``, the kind,
    and every member's size and SHA-256."""
    reader, verified = read_signed_bundle(file, allowed_keys)
    with MemberChecks(reader, file, verified.manifest, progress, cancel) as checks:
        checks.confirm_all()
    return reader, verified


def read_signed_bundle(
    file: BinaryIO, allowed_keys: Iterable[PublicKey | str]
) -> tuple[ContainerReader, VerifiedManifest]:
    """Every check of ``read_verified_bundle`` but the members' hashes (``MemberChecks``):
    shape, names in their order, the signature by one of ``allowed_keys``, the kind."""
    reader = ContainerReader(
        file,
        max_members=MAX_MANIFEST_MEMBERS + len(HEADER_NAMES),
        max_member_size=MAX_CONTAINER_BYTES,
        max_total=MAX_CONTAINER_BYTES,
    )
    _check_names(reader.names)
    verified = read_manifest(reader, BUNDLE_NAMESPACE, allowed_keys)
    if verified.manifest.kind != ManifestKind.RECORDS:
        raise BundleRejectedError(REJECTED_KIND)
    return reader, verified


def check_bundle_file(
    file: BinaryIO,
    roster: Roster,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedManifest:
    """Verify a bundle read from a seekable binary file; ``progress`` counts member bytes."""
    _, verified = read_verified_bundle(file, roster.keys(), progress=progress, cancel=cancel)
    manifest = verified.manifest
    if not roster.key_allowed(manifest.fingerprint, manifest.sequence):
        raise BundleRejectedError(roster.refusal)
    return verified


def unreadable(path: Path, error: OSError) -> BundleCheck:
    """The refusal of a file that cannot be opened or read."""
    return BundleCheck(str(path), False, f"it cannot be read ({error.strerror or error}).")


def bundle_verdict(
    path: Path, roster: Roster, progress: ProgressCallback | None, cancel: CancelToken | None
) -> BundleCheck:
    """The verdict on one file checked as a bundle; ``Cancelled`` is the only error raised."""
    try:
        file = open_container(path)
    except BundleRejectedError as refusal:
        return BundleCheck(str(path), False, refusal.reason)
    except OSError as error:
        return unreadable(path, error)
    with file:
        return bundle_verdict_of(file, path, roster, progress, cancel)


def bundle_verdict_of(
    file: BinaryIO,
    path: Path,
    roster: Roster,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> BundleCheck:
    """The verdict on the file ``path`` already open as ``file``, checked as a bundle from its
    start; ``Cancelled`` is the only error raised."""
    try:
        file.seek(0)
        verified = check_bundle_file(file, roster, progress=progress, cancel=cancel)
    except Cancelled:
        raise
    except BundleRejectedError as refusal:
        return BundleCheck(str(path), False, refusal.reason)
    except FieldappError as error:
        return BundleCheck(str(path), False, str(error))
    except OSError as error:
        return unreadable(path, error)
    manifest = verified.manifest
    return BundleCheck(
        str(path),
        True,
        device=manifest.fingerprint,
        sequence=manifest.sequence,
        bundle_id=str(manifest.bundle_id),
        digest=verified.digest,
        previous=manifest.previous,
        kind=manifest.kind.value,
        signer=manifest.fingerprint,
    )


def verify_bundles(
    paths: Iterable[Path],
    roster: Roster,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerificationReport:
    """Verify every file, then each device's chain across them."""
    files = [bundle_verdict(path, roster, progress, cancel) for path in paths]
    return VerificationReport(files, device_chains(files))


def device_chains(files: list[BundleCheck]) -> list[DeviceChain]:
    """Each device's chain across the bundles among ``files``, refusing those that break it."""
    by_device: dict[str, list[int]] = defaultdict(list)
    for index, check in enumerate(files):
        if check.ok and check.container == BUNDLE and check.device is not None:
            by_device[check.device].append(index)
    return [
        check_chain(DeviceChain(device), indexes, files)
        for device, indexes in sorted(by_device.items())
    ]


def _refuse(files: list[BundleCheck], index: int, reason: str) -> None:
    if files[index].ok:
        files[index] = replace(files[index], ok=False, reason=reason)


@dataclass(frozen=True)
class ChainWords:
    """How refusals name a chain's files: bundles *of* their device, packs *to* theirs."""

    one: str
    many: str
    whose: str


BUNDLE_WORDS = ChainWords("bundle", "bundles", "of its device")


def check_chain(
    chain: Chain, indexes: list[int], files: list[BundleCheck], words: ChainWords = BUNDLE_WORDS
) -> Chain:
    """Order one chain's files by sequence and refuse those that break it; ``chain``, new, is
    filled in with what they say of it."""
    by_sequence: dict[int, list[int]] = defaultdict(list)
    for index in indexes:
        by_sequence[files[index].sequence or 0].append(index)
    chain.sequences = sorted(by_sequence)
    for sequence, same in sorted(by_sequence.items()):
        first = files[same[0]]
        for index in same[1:]:
            if files[index].digest == first.digest:
                chain.replays.append(sequence)
                _refuse(
                    files, index, f"it repeats {words.one} {sequence} {words.whose} (a replay)."
                )
            else:
                chain.forks.append(sequence)
                for each in same:
                    _refuse(
                        files,
                        each,
                        f"two different {words.many} claim sequence {sequence} (a fork).",
                    )
    for before, after in pairwise(chain.sequences):
        if after != before + 1:
            chain.missing.append(SequenceRange(before + 1, after - 1))
            gap = (
                f"{words.one} {before + 1} {words.whose} is"
                if after == before + 2
                else (f"{words.many} {before + 1} to {after - 1} {words.whose} are")
            )
            for index in by_sequence[after]:
                _refuse(files, index, f"{gap} missing before it (a gap).")
        elif not {files[i].digest for i in by_sequence[before]} & {
            files[i].previous for i in by_sequence[after]
        }:
            chain.breaks.append(after)
            for index in by_sequence[after]:
                _refuse(
                    files, index, f"it does not follow {words.one} {before} (its previous differs)."
                )
    chain.replays = sorted(set(chain.replays))
    chain.forks = sorted(set(chain.forks))
    return chain


def manifest_digest_of(path: Path) -> str | None:
    """The digest of the manifest.json a container file starts with; None if it has none.

    For a device recognising its own bundle by the digest it recorded: nothing is verified
    beyond that comparison.
    """
    try:
        with open_container(path) as file:  # a pipe on a stick is not waited on
            reader = ContainerReader(
                file,
                max_members=MAX_MEMBERS,
                max_member_size=MAX_CONTAINER_BYTES,
                max_total=MAX_CONTAINER_BYTES,
            )
            if reader.names[:1] != [MANIFEST_NAME]:
                return None
            return manifest_digest(reader.read(MANIFEST_NAME, MAX_MANIFEST_BYTES))
    except (OSError, FieldappError):
        return None
