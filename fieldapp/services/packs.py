"""Packs: the archive writes them to a device, the device applies them.

Applying, on a device, goes: verify the pack (signature, manifest, members); decide whom to
trust (the coordinator key confirmed at enrolment, or, for the very first pack, the key that
signed it, once the user confirmed its fingerprint); check it is addressed to this device and
is the next in its chain; only then decrypt the payload and hand it to the handler of its kind,
in one transaction with the record of the pack. A pack applied twice changes nothing.

Kinds are handled by functions registered with ``register_pack_handler``: enrolment and
revocation here; receipts where imports are (they register themselves on import).

Writing, on the archive, goes through ``pack_transaction``: the device's chain (``packs_sent``,
``last_pack_digest``) advances in the same transaction in which the pack file is written, and a
pack file whose transaction failed is deleted again.
"""

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldapp.domain.canonical import canonical_bytes
from fieldapp.domain.custody import CustodyEvent, CustodyKind
from fieldapp.errors import (
    AlreadyEnrolledError,
    FingerprintMismatchError,
    FingerprintNotConfirmedError,
    FolderNotFoundError,
    NoRevocationsError,
    PackRejectedError,
    WrongRoleError,
)
from fieldapp.services.archive import find_enrolled_device, require_archive
from fieldapp.sync.bundle_writer import BUNDLE_SUFFIX
from fieldapp.sync.enrolment import parse_enrolment_payload
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import (
    PACK_SUFFIX,
    OpenedPack,
    open_pack,
    pack_file_name,
    pack_file_tag,
    pack_tag,
    write_pack_file,
)
from fieldapp.sync.roster import (
    REVOCATION_PAYLOAD_FORMAT,
    REVOCATION_PAYLOAD_FORMAT_V2,
    Reinstated,
    Revocation,
    RevocationPayload,
    RevocationPayloadV2,
    parse_revocation_payload,
)
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.database import checkpoint, transaction
from fieldapp.workspace.enrolment_state import (
    Enrolment,
    NotEnrolledError,
    read_enrolment,
    write_enrolment,
)
from fieldapp.workspace.files import require_folder
from fieldapp.workspace.workspace import DEVICE_AGE_KEY

#: ``handler(ws, pack, payload) -> details``: parse the decrypted payload, check that it names
#: this device, store what it says (inside the caller's transaction), and return a summary for
#: display (JSON-serialisable). Raise ``PackRejectedError`` to refuse; nothing is then kept.
PackHandler = Callable[[Workspace, OpenedPack, bytes], dict[str, Any]]
#: ``told(ws, payload, event)``: for a kind that keeps when its device was told, by the device's
#: own clock: called with the decrypted payload and the ``pack_apply`` event just appended, in
#: the same transaction (``withdrawal_packs``).
AppliedHook = Callable[[Workspace, bytes, CustodyEvent], None]
#: ``confirm(fingerprint) -> bool``: ask the user whether the coordinator's key is this one.
Confirm = Callable[[str], bool]

_HANDLERS: dict[ManifestKind, PackHandler] = {}
_APPLIED_HOOKS: dict[ManifestKind, AppliedHook] = {}

REJECTED_OTHER_DEVICE = "it is addressed to another device."
# The signed manifest names the device a pack is for by an age recipient, which a laptop cannot
# tie to any device but itself; the pack's file name carries a tag (``pack_file_tag``) that
# proves nothing but lets a person pick their own pack from a shared stick, so it is said as
# what the file name says.
REJECTED_OTHER_DEVICE_NAMED = (
    "it is addressed to another device: its file name is for the one whose packs are named"
    " …-{tag}-….fieldpack (this device's are named …-{own}-….fieldpack)."
)
#: A payload (signed and decrypted) that names another device's fingerprint: its tag is said.
REJECTED_PAYLOAD_OTHER_DEVICE = (
    "it is addressed to another device, the one whose packs are named …-{tag}-….fieldpack"
    " (this device's are named …-{own}-….fieldpack)."
)
REJECTED_SAME_ID = "a different pack with the same id was applied before."
REJECTED_FORK = "it does not follow the last pack applied here: the chain of packs is broken."
REJECTED_COORDINATOR = "its payload names another coordinator key than the one that signed it."
REJECTED_OLD_PACK = (
    "it is pack number {sequence}, and pack number {applied} was already applied here: an old"
    " pack, sent again."
)
REJECTED_PACK_AHEAD = (
    "it is pack number {sequence}, but number {expected} has not been applied yet; apply the"
    " packs in order."
)
REJECTED_A_BUNDLE = "it is a bundle, not a pack: bundles go to the archive (`fieldapp import`)."
REJECTED_UNKNOWN_KIND = "this version of fieldapp cannot apply {kind} packs."
REJECTED_ENROLS_ANOTHER = "it enrols another device, not this one."


def register_pack_handler(
    kind: ManifestKind | str, handler: PackHandler, told: AppliedHook | None = None
) -> None:
    """Let ``apply_pack`` apply packs of ``kind`` with ``handler`` (the last registration wins),
    then, once its ``pack_apply`` event is appended, call ``told`` if given."""
    _HANDLERS[ManifestKind(kind)] = handler
    if told is None:
        _APPLIED_HOOKS.pop(ManifestKind(kind), None)
    else:
        _APPLIED_HOOKS[ManifestKind(kind)] = told


def addressed_elsewhere(ws: Workspace, path: Path) -> PackRejectedError:
    """The refusal of the pack at ``path``, whose signed manifest names another recipient: the
    device it is for, as far as its file name says (nothing else here can say it)."""
    tag, own = pack_file_tag(path.name), pack_tag(ws.fingerprint)
    if tag is None or tag == own:
        return PackRejectedError(REJECTED_OTHER_DEVICE)
    return PackRejectedError(REJECTED_OTHER_DEVICE_NAMED, args={"tag": tag, "own": own})


def named_elsewhere(ws: Workspace, device: str) -> PackRejectedError:
    """The refusal of a pack whose payload names ``device``, not this one."""
    return PackRejectedError(
        REJECTED_PAYLOAD_OTHER_DEVICE,
        args={"tag": pack_tag(device), "own": pack_tag(ws.fingerprint)},
    )


@dataclass(frozen=True)
class PackApplied:
    kind: str
    pack_id: str
    sequence: int
    coordinator_fingerprint: str
    #: True when this very pack was applied before; nothing was changed this time.
    already_applied: bool
    details: dict[str, Any] = field(default_factory=dict)


def _check_sequence(ws: Workspace, pack: OpenedPack) -> None:
    last = state.last_applied_pack(ws.connection)
    expected = 1 if last is None else last.sequence + 1
    if pack.sequence < expected:
        raise PackRejectedError(
            REJECTED_OLD_PACK, args={"sequence": pack.sequence, "applied": expected - 1}
        )
    if pack.sequence > expected:
        raise PackRejectedError(
            REJECTED_PACK_AHEAD, args={"sequence": pack.sequence, "expected": expected}
        )
    if pack.manifest.previous != (None if last is None else last.manifest_digest):
        raise PackRejectedError(REJECTED_FORK)


def confirm_fingerprint(
    fingerprint: str, *, expected: str | None, confirm: Confirm | None, whose: str
) -> None:
    """Refuse unless ``fingerprint`` is exactly ``expected`` or, when nothing is expected, the
    user said yes to it through ``confirm``. ``whose`` names the key in the message."""
    if expected is not None:
        if fingerprint != expected:
            raise FingerprintMismatchError(
                f"The {whose} key's fingerprint is {fingerprint}, not the one expected;"
                " nothing was changed."
            )
        return
    if confirm is None or not confirm(fingerprint):
        raise FingerprintNotConfirmedError()


def apply_pack(
    ws: Workspace,
    path: Path,
    *,
    expect_fingerprint: str | None = None,
    confirm: Confirm | None = None,
) -> PackApplied:
    """Apply the pack at ``path`` on this device, or refuse it and change nothing.

    On a device not yet enrolled, only an enrolment pack is taken, and only once the signer's
    fingerprint equals ``expect_fingerprint`` or ``confirm`` said yes to it.
    """
    if ws.role is not Role.INTERVIEWER:
        raise WrongRoleError("Packs are applied on a field device.")
    if path.suffix == BUNDLE_SUFFIX:
        raise PackRejectedError(REJECTED_A_BUNDLE)
    enrolment = read_enrolment(ws.repository)
    identity, own_recipient = ws.repository.device_key(DEVICE_AGE_KEY)
    with path.open("rb") as file:
        pack = open_pack(file, None if enrolment is None else enrolment.coordinator_key)
        if enrolment is None:
            if pack.kind is not ManifestKind.ENROLMENT:
                raise NotEnrolledError(
                    "This device is not enrolled yet: apply its enrolment pack first."
                )
            confirm_fingerprint(
                pack.signer_fingerprint,
                expected=expect_fingerprint,
                confirm=confirm,
                whose="coordinator's",
            )
        else:
            if expect_fingerprint is not None:
                # Already trusted; a script that names a key still gets it checked.
                confirm_fingerprint(
                    pack.signer_fingerprint,
                    expected=expect_fingerprint,
                    confirm=None,
                    whose="coordinator's",
                )
            applied = state.find_applied_pack(ws.connection, str(pack.pack_id))
            if applied is not None:
                if applied.manifest_digest != pack.digest:
                    raise PackRejectedError(REJECTED_SAME_ID)
                return PackApplied(
                    pack.kind.value, str(pack.pack_id), pack.sequence, pack.signer_fingerprint, True
                )
            if pack.kind is ManifestKind.ENROLMENT:
                raise AlreadyEnrolledError()
        # Checked on the signed manifest, before any decryption is tried.
        if pack.recipient != own_recipient:
            raise addressed_elsewhere(ws, path)
        _check_sequence(ws, pack)
        handler = _HANDLERS.get(pack.kind)
        if handler is None:
            raise PackRejectedError(REJECTED_UNKNOWN_KIND, args={"kind": pack.kind.value})
        payload = pack.payload(identity)
        with transaction(ws.connection):
            details = handler(ws, pack, payload)
            state.record_applied_pack(
                ws.connection, str(pack.pack_id), pack.kind.value, pack.sequence, pack.digest
            )
            # Signed into the device's log, which travels in its next bundle: the archive
            # sees which packs the device holds (a reinstated device's next bundle must show it).
            event = ws.custody.append(CustodyKind.PACK_APPLY, pack.digest, bundle_id=pack.pack_id)
            told = _APPLIED_HOOKS.get(pack.kind)
            if told is not None:
                told(ws, payload, event)
    if pack.kind is ManifestKind.RECEIPT:
        # Applying a receipt may erase a purged testimony's consent words (consent_words):
        # secure_delete overwrites the row, but its old page stays in the WAL (and the old
        # database page) until a checkpoint folds the WAL in, as purge does.
        checkpoint(ws.connection)
    if pack.kind is ManifestKind.VOCABULARY:
        ws.refresh_vocabularies()  # committed: only now may records use the new codes
    return PackApplied(
        pack.kind.value, str(pack.pack_id), pack.sequence, pack.signer_fingerprint, False, details
    )


# --- the kinds handled here ----------------------------------------------------------------------


def _apply_enrolment(ws: Workspace, pack: OpenedPack, raw: bytes) -> dict[str, Any]:
    payload = parse_enrolment_payload(raw)
    _, own_recipient = ws.repository.device_key(DEVICE_AGE_KEY)
    device = payload.device
    if (device.fingerprint, device.signing_key, device.age_recipient) != (
        ws.fingerprint,
        ws.public_key,
        own_recipient,
    ):
        raise PackRejectedError(REJECTED_ENROLS_ANOTHER)
    # The pack's signer is the key the user confirmed; the payload must agree, or a payload
    # lifted from a genuine pack could travel under an attacker's signature.
    if payload.coordinator.public_key != pack.signer_key:
        raise PackRejectedError(REJECTED_COORDINATOR)
    enrolment = Enrolment(
        coordinator_key=payload.coordinator.public_key,
        archive_id=str(payload.archive_id),
        archive_recipients=payload.archive_recipients,
        custodian_recipients=payload.custodian_recipients,
        enrolled_at=payload.enrolled_at.isoformat(),
    )
    write_enrolment(ws.repository, enrolment)
    return {
        "archive_id": enrolment.archive_id,
        "archive_recipients": list(enrolment.archive_recipients),
        "custodian_recipients": list(enrolment.custodian_recipients),
    }


def _apply_revocation(ws: Workspace, pack: OpenedPack, raw: bytes) -> dict[str, Any]:
    payload = parse_revocation_payload(raw)
    if payload.device != ws.fingerprint:
        raise named_elsewhere(ws, payload.device)
    notices = [
        state.RevocationNotice(r.fingerprint, r.revoked_at.isoformat(), r.last_good_sequence)
        for r in payload.revoked
    ]
    reinstated = (
        sorted({r.fingerprint for r in payload.reinstated})
        if isinstance(payload, RevocationPayloadV2)
        else []
    )
    state.store_revocations(ws.repository, notices, ws.fingerprint)
    if ws.fingerprint in reinstated and all(n.fingerprint != ws.fingerprint for n in notices):
        state.clear_own_revocation(ws.connection)
    return {
        "revoked": [notice.fingerprint for notice in notices],
        "reinstated": reinstated,
        "this_device_revoked": state.is_revoked(ws.repository),
    }


register_pack_handler(ManifestKind.ENROLMENT, _apply_enrolment)
register_pack_handler(ManifestKind.REVOCATION, _apply_revocation)


# --- writing packs (archive) ---------------------------------------------------------------------


@dataclass(frozen=True)
class PackSent:
    path: Path
    kind: str
    device: str
    sequence: int
    pack_id: str
    coordinator_fingerprint: str
    #: SHA-256 of the pack's manifest.json.
    digest: str = ""


def _pack_path(out: Path, name: str) -> Path:
    """``out`` itself if it names a ``.fieldpack`` file in a folder that exists, else ``name``
    in the folder ``out``. A folder that is not there (a stick not mounted) is said so, never
    taken for a file to write: the pack would land as a file named like the folder."""
    if out.is_dir():
        return out / name
    if out.suffix == PACK_SUFFIX:
        require_folder(out)
        return out
    raise FolderNotFoundError(f"The folder {out} does not exist; nothing was written.")


class PackBatch:
    """Packs written inside one archive transaction (see ``pack_transaction``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.sent: list[PackSent] = []

    def write(self, fingerprint: str, kind: ManifestKind, payload: bytes, out: Path) -> PackSent:
        """The next pack to the device, to the file ``out`` or, if a folder, a file in it."""
        device = state.find_device(self._ws.connection, fingerprint)
        if device is None:
            raise ValueError("the device is added before a pack is written to it")
        sequence = device.packs_sent + 1
        path = _pack_path(out, pack_file_name(kind, fingerprint, sequence))
        verified = write_pack_file(
            path,
            kind,
            payload,
            self._ws.signing_key,
            recipient=device.age_recipient,
            sequence=sequence,
            previous=device.last_pack_digest,
        )
        self.sent.append(
            PackSent(
                path,
                kind.value,
                fingerprint,
                sequence,
                str(verified.manifest.bundle_id),
                self._ws.fingerprint,
                verified.digest,
            )
        )
        state.record_pack_sent(self._ws.connection, fingerprint, sequence, verified.digest)
        if kind is ManifestKind.REVOCATION:  # what the device was told, for write_revocation_packs
            self._ws.connection.execute(
                "UPDATE devices SET revocations_sent = ? WHERE fingerprint = ?",
                (hashlib.sha256(payload).hexdigest(), fingerprint),
            )
        state.keep_pack_copy(
            self._ws.connection,
            fingerprint,
            sequence,
            str(verified.manifest.bundle_id),
            kind.value,
            verified.digest,
            path.read_bytes(),
        )
        return self.sent[-1]


@contextlib.contextmanager
def pack_transaction(ws: Workspace) -> Iterator[PackBatch]:
    """A transaction for packs: all of them are recorded and on disk, or none is."""
    batch = PackBatch(ws)
    try:
        with transaction(ws.connection):
            yield batch
    except BaseException:
        # Not recorded, so not part of the device's chain: a device must never apply it.
        for sent in batch.sent:
            sent.path.unlink(missing_ok=True)
        raise


def send_pack(
    ws: Workspace, fingerprint: str, kind: ManifestKind, payload: bytes, out: Path
) -> PackSent:
    """Write one pack of ``kind`` to an enrolled device (for receipts and other kinds): the
    next in its chain, to the file ``out`` or, if ``out`` is a folder, to a file named for it."""
    find_enrolled_device(ws, fingerprint)
    with pack_transaction(ws) as batch:
        return batch.write(fingerprint, kind, payload, out)


def _reinstatements(ws: Workspace) -> tuple[Reinstated, ...]:
    return tuple(
        Reinstated(
            fingerprint=r.device,
            revoked_at=datetime.fromisoformat(r.revoked_at),
            last_good_sequence=r.last_good_sequence,
            reinstated_at=datetime.fromisoformat(r.reinstated_at),
            resumed_at=r.resumed_at,
        )
        for r in state.reinstatements(ws.connection)
    )


def revocation_payload(ws: Workspace, fingerprint: str) -> RevocationPayload | RevocationPayloadV2:
    """What a revocation pack to the device says: every revocation in force and, once there
    are any, every reinstatement (then in version 2; version 1 otherwise, as before)."""
    revoked, reinstated = _revocations(ws), _reinstatements(ws)
    if not reinstated:
        if not revoked:
            raise NoRevocationsError()
        return RevocationPayload(
            format=REVOCATION_PAYLOAD_FORMAT, device=fingerprint, revoked=revoked
        )
    return RevocationPayloadV2(
        format=REVOCATION_PAYLOAD_FORMAT_V2,
        device=fingerprint,
        revoked=revoked,
        reinstated=reinstated,
    )


def _revocations(ws: Workspace) -> tuple[Revocation, ...]:
    return tuple(
        Revocation(
            fingerprint=d.fingerprint,
            revoked_at=datetime.fromisoformat(d.revoked_at),
            last_good_sequence=d.last_good_sequence,
        )
        for d in state.list_devices(ws.connection)
        if d.revoked_at is not None and d.last_good_sequence is not None
    )


def write_revocation_packs(
    ws: Workspace, out_folder: Path, *, to: str | None = None
) -> list[PackSent]:
    """Tell devices every revocation: ``to`` one device (revoked or not), or, with ``None``,
    every device not revoked. One pack per device, all in one transaction."""
    require_archive(ws)
    if not out_folder.is_dir():
        raise FolderNotFoundError(f"The folder {out_folder} does not exist; nothing was written.")
    if to is not None:
        devices = [find_enrolled_device(ws, to)]
    else:
        devices = [d for d in state.list_devices(ws.connection) if not d.revoked]
    if not _revocations(ws) and not _reinstatements(ws):
        raise NoRevocationsError()
    with pack_transaction(ws) as batch:
        for device in devices:
            payload = canonical_bytes(revocation_payload(ws, device.fingerprint))
            if _told_before(ws, device.fingerprint) == hashlib.sha256(payload).hexdigest():
                continue  # nothing new for it; a lost pack goes again with `pack resend`
            batch.write(device.fingerprint, ManifestKind.REVOCATION, payload, out_folder)
    return batch.sent


def _told_before(ws: Workspace, fingerprint: str) -> str | None:
    """The SHA-256 of the last revocation payload sent to the device, if any."""
    row = ws.connection.execute(
        "SELECT revocations_sent FROM devices WHERE fingerprint = ?", (fingerprint,)
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])
