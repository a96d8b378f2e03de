"""Where a bundle must fit in its device's chain before the archive imports it.

Normally a bundle comes next: sequence one more than the last imported, ``previous`` that
bundle's manifest digest, and its custody events continuing the device's log where that bundle
left it. Two deliberate, recorded acts of the coordinator excuse sequences the archive will
never have:

- an **accepted gap** (a stick lost after export: ``accept_gap``), and
- the **refused window** a reinstatement leaves (bundles after the device's last good one,
  up to the sequence the coordinator read off the recovered device: made while revoked).

A bundle after excused sequences cannot be checked against the one before it, which the archive
never saw: its ``previous`` and the first link of its custody events are taken as they are.
That is safe because the bundle is still verified against the enrolled device key (signature
over the manifest, and over every custody event), so only that device can have made it, and the
coordinator, not the bundle, decided that the sequences before it are missing for good.

A lost bundle that turns up later (a found stick) is imported if it is exactly a missing one:
inside an accepted gap, signed by the device, and consistent with both neighbours the archive
holds (its ``previous`` is the digest of the one before; the next one's ``previous`` is its
digest; its custody events join the two). Anything else is refused.

A found bundle, or one carrying a lost bundle's records sent again by the device
(``services.export_resend``), may hold an earlier version of a testimony the archive holds
amended: ``check_versions`` says when it is taken, as an earlier version.
"""

import hashlib

from crypto import sshkeys, sshsig
from crypto.errors import CryptoError
from fieldapp.domain import (
    GENESIS_PREV_HASH,
    Testimony,
    content_hash,
    parse_canonical,
)
from fieldapp.domain.custody import CustodyEvent, CustodyKind
from fieldapp.errors import BundleRejectedError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace import Workspace
from fieldapp.workspace import import_state as state
from fieldapp.workspace.custody import CUSTODY_NAMESPACE

REJECTED_EARLIER_MISMATCH = (
    "it carries an earlier version of a testimony that is not the version the archive's later"
    " one amends (a forgery or another history)"
)
REJECTED_FOUND_MISMATCH = (
    "it fills an accepted gap but does not fit between the bundles around it (a forgery or"
    " another device's history)"
)


def already_imported(ws: Workspace, bundle: OpenedBundle) -> bool:
    """True for the same bundle again; raises for any bundle that does not fit the chain."""
    db = ws.connection
    device = state.device_entry(db, bundle.device)
    if device is None:
        raise BundleRejectedError("it comes from a device that is not enrolled here")
    digest = bundle.verified.digest
    known = state.received_digest(db, bundle.device, bundle.sequence)
    if known is not None:
        if known == digest:
            return True
        raise BundleRejectedError(
            f"the archive already holds a different bundle {bundle.sequence} from this device"
            " (a fork or a forgery)"
        )
    if device.revoked_at is not None and bundle.sequence > (device.last_good_sequence or 0):
        raise BundleRejectedError("it comes from a revoked device")
    if state.refused_while_revoked(db, bundle.device, bundle.sequence):
        raise BundleRejectedError(
            "its device made it while it was revoked; it stays refused after the reinstatement"
        )
    last = state.last_received(db, bundle.device)
    last_sequence, last_digest = last if last else (0, None)
    if bundle.sequence <= last_sequence:
        _check_found(ws, bundle)
        return False
    excused = state.excused_sequences(db, bundle.device)
    pending = _resuming(ws, bundle)
    if pending is not None:
        # Provisionally: check_custody refuses the bundle unless it acknowledges the
        # reinstatement, and only then are these sequences refused for good.
        excused.update(range(pending[1] + 1, bundle.sequence))
    missing = [s for s in range(last_sequence + 1, bundle.sequence) if s not in excused]
    if missing:
        raise BundleRejectedError(
            f"bundle {missing[0]} from this device is missing: import it first"
        )
    follows_directly = bundle.sequence == last_sequence + 1
    if follows_directly and bundle.verified.manifest.previous != last_digest:
        raise BundleRejectedError("it does not follow the last bundle from this device")
    return False


def _resuming(ws: Workspace, bundle: OpenedBundle) -> tuple[str, int, int] | None:
    """The device's pending reinstatement, if this bundle would be its first after it."""
    pending = state.awaiting_resumption(ws.connection, bundle.device)
    return pending if pending is not None and bundle.sequence > pending[1] else None


def _check_acknowledged(ws: Workspace, bundle: OpenedBundle, events: list[SignedEvent]) -> None:
    pending = _resuming(ws, bundle)
    if pending is None:
        return
    digests = state.acknowledging_digests(ws.connection, bundle.device, pending[2])
    if not any(
        s.event.kind is CustodyKind.PACK_APPLY and s.event.payload_hash in digests for s in events
    ):
        raise BundleRejectedError(
            "its device made it while it was revoked (its custody log does not acknowledge the"
            " reinstatement); it stays refused"
        )


def after_gap(ws: Workspace, bundle: OpenedBundle) -> bool:
    """Whether the bundle before this one is excused (so cannot be checked against)."""
    before = bundle.sequence - 1
    return before > 0 and state.received_digest(ws.connection, bundle.device, before) is None


def _check_found(ws: Workspace, bundle: OpenedBundle) -> None:
    db = ws.connection
    if not state.in_accepted_gap(db, bundle.device, bundle.sequence):
        raise BundleRejectedError("it does not follow the last bundle from this device")
    before = state.received_previous(db, bundle.device, bundle.sequence - 1)
    previous = bundle.verified.manifest.previous
    if bundle.sequence == 1 and previous is not None:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)
    if before is not None and previous != before[0]:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)
    after = state.received_previous(db, bundle.device, bundle.sequence + 1)
    if after is not None and after[1] != bundle.verified.digest:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)


def check_custody(ws: Workspace, bundle: OpenedBundle, events: list[SignedEvent]) -> None:
    """The device's events in this bundle: signed by it, each linked to the one before, joined
    to where the bundle before left the log (unless that one is excused), and ending at the head
    the manifest declares; a found bundle must also lead into the bundle after it."""
    db = ws.connection
    manifest = bundle.verified.manifest
    if bundle.sequence == 1:
        start: str | None = GENESIS_PREV_HASH
    elif after_gap(ws, bundle):
        start = None
    else:
        start = state.custody_head_of(db, bundle.device, bundle.sequence - 1) or GENESIS_PREV_HASH
    previous_hash = start
    try:  # once per bundle, not per event (the manifest's key line was checked when verified)
        device_key = [sshkeys.parse_openssh_public_key(manifest.public_key)[0]]
    except CryptoError:
        raise BundleRejectedError("its custody log is not signed by the device") from None
    for signed in events:
        try:
            sshsig.verify(signed.body, signed.signature, CUSTODY_NAMESPACE, device_key)
        except CryptoError:
            raise BundleRejectedError("its custody log is not signed by the device") from None
        if previous_hash is not None and signed.event.prev_hash != previous_hash:
            raise BundleRejectedError(
                "its custody log does not continue the device's log as the archive holds it"
            )
        previous_hash = hashlib.sha256(signed.body).hexdigest()  # the event's event_hash()
    if events and previous_hash != manifest.custody_head:
        raise BundleRejectedError("its custody log does not end where the manifest says")
    _check_found_custody(ws, bundle)
    _check_acknowledged(ws, bundle, events)


def _check_found_custody(ws: Workspace, bundle: OpenedBundle) -> None:
    head = bundle.verified.manifest.custody_head or GENESIS_PREV_HASH
    following = state.first_device_event(ws.connection, bundle.device, bundle.sequence + 1)
    if following is not None and parse_canonical(CustodyEvent, following).prev_hash != head:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)


def check_versions(ws: Workspace, bundle: OpenedBundle, testimonies: list[Testimony]) -> None:
    """An earlier version than the latest the archive holds (a lost bundle's, found or sent
    again by its device) must fit between its neighbours, held or in this bundle: the version
    after it names it by content hash, and it names the version before it. A version is
    evidence; only the one the later version amends can stand in its place. It is stored as an
    earlier version, never as the latest. A neighbour that is missing too cannot be checked;
    the version is then taken on the device's signature, as a later version after a gap is."""
    carried = {(t.id, t.version): t for t in testimonies}
    for testimony in testimonies:
        latest = state.latest_version(ws.connection, testimony.id)
        if latest is None or testimony.version >= latest:
            continue  # a new testimony or version; the same version again is compared when stored
        held = {t.version: t for t in ws.repository.testimony_versions(testimony.id)}
        if testimony.version in held:
            continue
        following = held.get(testimony.version + 1) or carried.get(
            (testimony.id, testimony.version + 1)
        )
        before = held.get(testimony.version - 1) or carried.get(
            (testimony.id, testimony.version - 1)
        )
        if following is not None and _amended_hash(following) != content_hash(testimony):
            raise BundleRejectedError(REJECTED_EARLIER_MISMATCH)
        if before is not None and _amended_hash(testimony) != content_hash(before):
            raise BundleRejectedError(REJECTED_EARLIER_MISMATCH)


def _amended_hash(testimony: Testimony) -> str | None:
    return testimony.amends.content_hash if testimony.amends is not None else None


def store_custody(ws: Workspace, bundle: OpenedBundle, events: list[SignedEvent]) -> None:
    """Keep the device's events as received, and the bundle's ``previous`` (inside the import's
    transaction, after the bundle's row)."""
    for signed in events:
        state.store_device_event(
            ws.connection,
            bundle.device,
            bundle.sequence,
            signed.event,
            signed.body,
            signed.signature,
        )
    state.record_previous(
        ws.connection, bundle.device, bundle.sequence, bundle.verified.manifest.previous
    )
    pending = _resuming(ws, bundle)
    if pending is not None:
        state.mark_resumed(ws.connection, bundle.device, pending[0], bundle.sequence)
