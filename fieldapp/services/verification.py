"""Verifying bundles and packs for an auditor: read the roster, check every file, report per
device and per chain of packs.

No workspace and no passphrase: everything checked is public. The roster is either the signed
roster the archive exports (``roster.json`` with ``roster.json.sig`` beside it), checked against
the coordinator's fingerprint when the auditor gives it, or an OpenSSH allowed_signers file,
which is what ``ssh-keygen -Y verify`` reads too. Packs are checked against the roster's
coordinator key: the signed roster's ``coordinator``, or the allowed_signers lines that allow
``fieldapp-pack@v1``.

Files holding the same bundle or pack (one signed manifest) are one file listed twice, not a
replay: an auditor may well have it from two sticks, and ``pack resend`` writes a lost pack again
byte for byte.
"""

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from crypto import sshkeys, sshsig
from crypto.errors import CryptoError
from fieldapp import sequence_ranges
from fieldapp.errors import RosterRejectedError, RosterUnreadableError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sequence_ranges import SequenceRange
from fieldapp.sync import pack_verify
from fieldapp.sync import roster as signed_roster
from fieldapp.sync.bundle_verify import NOT_A_REGULAR_FILE as NOT_A_REGULAR_FILE
from fieldapp.sync.bundle_verify import PACK as PACK
from fieldapp.sync.bundle_verify import (
    BundleCheck,
    DeviceChain,
    VerificationReport,
    device_chains,
)
from fieldapp.sync.bundle_verify import SignedChain as SignedChain
from fieldapp.sync.pack_verify import PackChain as PackChain
from fieldapp.sync.pack_verify import pack_chains
from fieldapp.sync.verify_rosters import (
    AllowedSignersRoster,
    DeviceListRoster,
    EnrolledDevice,
    Roster,
)
from fieldapp.workspace.files import open_regular, write_atomically

ALLOWED_SIGNERS = "allowed_signers"
SIGNED_ROSTER = "roster"
MAX_ROSTER_FILE_BYTES = signed_roster.MAX_ROSTER_BYTES
_JSON_START = b"{"
#: Why a roster is refused when another key than the coordinator's the auditor gave signed it.
ROSTER_BY_ANOTHER_KEY = signed_roster.REJECTED_COORDINATOR
# How bundle_verify ends the reason of a file refused for a gap before it.
_GAP_REASON_END = "missing before it (a gap)."


@dataclass(frozen=True)
class LoadedRoster:
    """A roster ready for verification, and what it was read from."""

    roster: Roster
    kind: str  # SIGNED_ROSTER or ALLOWED_SIGNERS
    #: The fingerprint of the coordinator key that signed the roster; None when unsigned.
    coordinator: str | None
    devices: int
    #: Whether that key is the one the auditor gave (``--coordinator``). Otherwise a roster's
    #: signature shows only that it is whole: anyone can sign a roster with a key of their own,
    #: so its fingerprint is for a person to compare with the one they trust.
    confirmed: bool = False
    #: The keys packs are checked against (``ssh-ed25519 …``): the coordinator's; none for an
    #: allowed_signers file without a line for ``fieldapp-pack@v1``.
    pack_signers: tuple[str, ...] = ()
    #: A signed roster's device labels by fingerprint (typed on each device: a stranger's
    #: text, for a person to read beside the fingerprint); none for an allowed_signers file.
    labels: tuple[tuple[str, str], ...] = ()

    def label_of(self, fingerprint: str | None) -> str | None:
        """The label the roster gives the device ``fingerprint``, if any."""
        return dict(self.labels).get(fingerprint or "")


def _read(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``: a named pipe or a device (a
    stranger's stick may hold one under a roster's name) is refused unread, never waited on."""
    try:
        file = open_regular(path)
        if file is None:
            raise RosterUnreadableError()
        with file:
            data = file.read(limit + 1)
    except OSError as error:
        raise RosterUnreadableError(
            f"The roster {path} cannot be read ({error.strerror or error})."
        ) from error
    if len(data) > limit:
        raise RosterUnreadableError()
    return data


def load_roster(path: Path, *, coordinator: str | None = None) -> LoadedRoster:
    """The roster at ``path``; with ``coordinator`` (a key fingerprint the auditor trusts), its
    signature must be that key's (for an allowed_signers file, in ``<file>.sig`` beside it)."""
    raw = _read(path, MAX_ROSTER_FILE_BYTES)
    signature_file = signed_roster.signature_path(path)
    if raw.lstrip().startswith(_JSON_START):
        signature = _read(signature_file, sshsig.MAX_ARMORED_BYTES)
        verified = signed_roster.verify_roster(raw, signature, coordinator)
        signer = verified.coordinator.fingerprint
        packs = (verified.coordinator.public_key,)
        labels = tuple((d.fingerprint, d.label) for d in verified.devices)
        if isinstance(verified, signed_roster.RosterV2):
            standing = StandingRoster(verified)
            confirmed = coordinator is not None
            return LoadedRoster(
                standing, SIGNED_ROSTER, signer, len(verified.devices), confirmed, packs, labels
            )
        devices = [
            EnrolledDevice(
                d.fingerprint, d.public_key, d.last_good_sequence, d.revoked_at is not None
            )
            for d in verified.devices
        ]
        confirmed = coordinator is not None
        return LoadedRoster(
            DeviceListRoster(devices), SIGNED_ROSTER, signer, len(devices), confirmed, packs, labels
        )
    signer = None
    if coordinator is not None:
        signer = _check_detached(raw, _read(signature_file, sshsig.MAX_ARMORED_BYTES), coordinator)
    try:
        roster = AllowedSignersRoster.parse(raw)
    except CryptoError as error:
        raise RosterUnreadableError() from error
    return LoadedRoster(
        roster,
        ALLOWED_SIGNERS,
        signer,
        len(roster.keys()),
        signer is not None,
        tuple(roster.pack_keys()),
    )


def _check_detached(raw: bytes, signature: bytes, coordinator: str) -> str:
    try:
        key = sshsig.parse_signature(signature).public_key
        if sshkeys.fingerprint(key) != coordinator:
            raise RosterRejectedError(signed_roster.REJECTED_COORDINATOR)
        sshsig.verify(raw, signature, signed_roster.ROSTER_NAMESPACE, [key])
    except CryptoError as error:
        raise RosterRejectedError(signed_roster.REJECTED_SIGNATURE) from error
    return coordinator


def verify_files(
    paths: Iterable[Path],
    roster: LoadedRoster,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> VerificationReport:
    """Every file checked as a bundle or a pack, then each device's chain of bundles and each
    chain of packs; a gap the roster says the coordinator accepted (or a reinstatement left
    refused) is reported as accepted, not as an error (for bundles: accepted gaps are bundles')."""
    # Each file opened once, regular files only: a named pipe would hold the check in open()
    # for ever, a device would never end (pack_verify.verdict).
    files = [
        pack_verify.verdict(path, roster.roster, roster.pack_signers, progress, cancel)
        for path in paths
    ]
    report = _merge_repeats(VerificationReport(files, device_chains(files), pack_chains(files)))
    if not isinstance(roster.roster, StandingRoster):
        return report
    chains = [_accept_gaps(chain, report.files, roster.roster) for chain in report.devices]
    return VerificationReport(report.files, list(chains), report.packs)


@dataclass(frozen=True)
class RepeatedCheck(BundleCheck):
    """A file that holds the same bundle as one given before it: one bundle listed twice."""

    #: The path of the first file given with that bundle, whose verdict this one shares.
    same_as: str = ""


def _merge_repeats(report: VerificationReport) -> VerificationReport:
    """Files with the same signed manifest (the same digest) hold one bundle: an auditor given
    it twice (the same path, or a copy on another stick) is shown one bundle listed twice, with
    one verdict, not a replay. Each file was checked whole, so the digest speaks for every member.
    Two *different* bundles with one sequence stay a fork, refused."""
    first: dict[str, BundleCheck] = {}
    files = list(report.files)
    for index, check in enumerate(files):
        if check.digest is None:  # refused before its signature was checked
            continue
        earlier = first.setdefault(check.digest, check)
        if earlier is not check:
            verdict = asdict(replace(earlier, path=check.path))
            files[index] = RepeatedCheck(**verdict, same_as=earlier.path)
    # bundle_verify counts a sequence as replayed only when a digest repeats: none remain.
    return VerificationReport(
        files,
        [replace(chain, replays=[]) for chain in report.devices],
        [replace(chain, replays=[]) for chain in report.packs],
    )


@dataclass
class AcceptedChain(DeviceChain):
    """A device's chain where some missing bundles are excused by the roster."""

    #: Missing sequences the coordinator accepted as lost, or left refused by a reinstatement.
    accepted: list[SequenceRange] = field(default_factory=list)


def _accept_gaps(
    chain: DeviceChain, files: list[BundleCheck], roster: "StandingRoster"
) -> DeviceChain:
    excused = roster.excused(chain.device)
    accepted = sequence_ranges.intersect(chain.missing, excused)
    if not accepted:
        return chain
    for index, check in enumerate(files):
        if check.device != chain.device or check.ok or check.sequence is None:
            continue
        if not (check.reason or "").endswith(_GAP_REASON_END):
            continue
        before = max((n for n in chain.sequences if n < check.sequence), default=None)
        # A file refused for a gap has a sequence before it, so the gap is not empty.
        if before is not None and sequence_ranges.covers(
            excused, SequenceRange(before + 1, check.sequence - 1)
        ):
            files[index] = replace(check, ok=True, reason=None)
    return AcceptedChain(
        chain.device,
        accepted,
        sequences=chain.sequences,
        missing=sequence_ranges.subtract(chain.missing, excused),
        replays=chain.replays,
        forks=chain.forks,
        breaks=chain.breaks,
    )


class StandingRoster(DeviceListRoster):
    """A roster version 2: enrolled devices, with the gaps the coordinator accepted and the
    bundles reinstatements left refused (those a device made while it was revoked)."""

    def __init__(self, roster: signed_roster.RosterV2) -> None:
        super().__init__(
            EnrolledDevice(
                d.fingerprint, d.public_key, d.last_good_sequence, d.revoked_at is not None
            )
            for d in roster.devices
        )
        self._standing = {d.fingerprint: d for d in roster.devices}

    def key_allowed(self, fingerprint: str, sequence: int) -> bool:
        if not super().key_allowed(fingerprint, sequence):
            return False
        device = self._standing[fingerprint]
        for item in device.reinstatements:
            resumed = item.resumed_at
            if sequence > item.last_good_sequence and (resumed is None or sequence < resumed):
                return False
        return True

    def excused(self, fingerprint: str) -> list[SequenceRange]:
        """The device's sequences a missing bundle may have without refusing the next one, as
        disjoint ranges in order: held by their ends, since a gap may be of any width."""
        device = self._standing.get(fingerprint)
        if device is None:
            return []
        excused = [SequenceRange(gap.first, gap.through) for gap in device.accepted_gaps]
        for item in device.reinstatements:
            if item.resumed_at is not None and item.resumed_at > item.last_good_sequence + 1:
                excused.append(SequenceRange(item.last_good_sequence + 1, item.resumed_at - 1))
        return sequence_ranges.merged(excused)


def report_document(report: VerificationReport, roster: LoadedRoster) -> dict[str, Any]:
    """The report as JSON-ready data (``verify --json``)."""
    return {
        "ok": report.ok,
        "roster": {
            "kind": roster.kind,
            "coordinator": roster.coordinator,
            "coordinator_confirmed": roster.confirmed,
            "devices": roster.devices,
        },
        "files": [
            {"same_as": None, **asdict(check), "status": "OK" if check.ok else "REFUSED"}
            for check in report.files
        ],
        "devices": [
            {"accepted": [], **asdict(chain), "intact": chain.intact} for chain in report.devices
        ],
        "pack_chains": [{**asdict(chain), "intact": chain.intact} for chain in report.packs],
    }


def ranges(numbers: Iterable[int]) -> str:
    """``1-3, 5, 7-8``: a device's sequences, short."""
    return sequence_ranges.text(sequence_ranges.runs(numbers))


def spans_text(spans: Iterable[SequenceRange]) -> str:
    """``2, 4-1000000``: a device's gaps (``DeviceChain.missing``, ``accepted``), short."""
    return sequence_ranges.text(spans)


# --- for the desktop app: the files of a folder, and the report saved -----------------------------

BUNDLE_SUFFIX = ".fieldbundle"
PACK_SUFFIX = ".fieldpack"
#: How many files a folder (a stick) may give one check: more is not a stick of bundles.
MAX_FOLDER_FILES = 10_000


def container_files(
    folder: Path, *, limit: int = MAX_FOLDER_FILES, cancel: CancelToken | None = None
) -> list[Path]:
    """The bundles and packs in ``folder`` and the folders under it, by path; links to folders
    are not followed (a stick's loop would never end). ``OSError`` if ``folder`` cannot be
    listed; a folder under it that cannot be is passed over. At most ``limit`` files (ask for
    one more to learn that a folder holds more); ``Cancelled`` once ``cancel`` is set, checked
    at every name (a stick may hold a folder of a million other files)."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        if Path(error.filename or "") == folder:
            raise error

    stop = cancel or CancelToken()
    for parent, folders, names in os.walk(folder, onerror=unreadable):
        stop.raise_if_cancelled()
        folders.sort()
        for name in sorted(names):
            stop.raise_if_cancelled()
            if name.endswith((BUNDLE_SUFFIX, PACK_SUFFIX)):
                found.append(Path(parent) / name)
                if len(found) >= limit:
                    return found
    return found


def report_json(report: VerificationReport, roster: LoadedRoster) -> bytes:
    """``report_document`` as the JSON ``verify --json`` prints (UTF-8, ending in a newline)."""
    text = json.dumps(
        report_document(report, roster), ensure_ascii=False, indent=2, sort_keys=True, default=str
    )
    return f"{text}\n".encode()


def save_report(path: Path, report: VerificationReport, roster: LoadedRoster) -> None:
    """Write the report as JSON to ``path``, atomically: a file already there is replaced only
    once the new one is whole."""
    write_atomically(path, report_json(report, roster))


# How much of an age recipient a report line shows, either side of the ellipsis.
_RECIPIENT_HEAD = 12
_RECIPIENT_TAIL = 6


def short_recipient(recipient: str) -> str:
    """``age1qyqszqgp…k3fzq9``: enough of a device's age recipient to tell it from another (in
    full in the JSON report); a post-quantum recipient is some 2,000 characters long."""
    if len(recipient) <= _RECIPIENT_HEAD + _RECIPIENT_TAIL + 1:
        return recipient
    return f"{recipient[:_RECIPIENT_HEAD]}…{recipient[-_RECIPIENT_TAIL:]}"
