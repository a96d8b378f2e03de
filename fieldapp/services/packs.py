"""Applying packs, on a device (the archive writes them: ``pack_writing``).

Applying, on a device, goes: verify the pack (signature, manifest, members); decide whom to
trust (the coordinator key confirmed at enrolment, or, for the very first pack, the key that
signed it, once the user confirmed its fingerprint); check it is addressed to this device and
is the next in its chain; only then decrypt the payload and hand it to the handler of its kind,
in one transaction with the record of the pack. A pack applied twice changes nothing.

Kinds are handled by functions registered with ``register_pack_handler``: enrolment and
revocation here; receipts, vocabularies and withdrawals where they are written (each module
registers itself when imported).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.domain.custody import CustodyEvent, CustodyKind
from fieldapp.errors import (
    AlreadyEnrolledError,
    FingerprintMismatchError,
    FingerprintNotConfirmedError,
    PackRejectedError,
    WrongRoleError,
)
from fieldapp.sync.bundle_writer import BUNDLE_SUFFIX
from fieldapp.sync.enrolment import parse_enrolment_payload
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import (
    OpenedPack,
    open_pack,
    pack_file_tag,
    pack_tag,
)
from fieldapp.sync.roster import (
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
