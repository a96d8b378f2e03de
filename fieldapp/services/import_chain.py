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

A bundle's custody events must be the device's own log, as a genuine device writes it: each
signed by the device key and naming that key as its actor, about no testimony the archive holds
from another device, linked to the one before by hash and numbered on from it (``seq`` + 1),
and ending at the manifest's custody head; a bundle with no events leaves the head where the
log stood. After excused sequences the first link cannot be checked, but the log still only
moves on: its first event comes after every one the archive holds from earlier bundles.

A found bundle, or one carrying a lost bundle's records sent again by the device
(``services.export_resend``), may hold an earlier version of a testimony the archive holds
amended: ``check_versions`` (``import_versions``) says when it is taken, as an earlier version.
"""

import hashlib
from uuid import UUID

from crypto import sshkeys
from crypto.errors import CryptoError
from fieldapp.domain import GENESIS_PREV_HASH, parse_canonical
from fieldapp.domain.custody import CustodyEvent, CustodyKind
from fieldapp.errors import BundleRejectedError
from fieldapp.services.event_signatures import BATCH as SIGNATURE_BATCH
from fieldapp.services.event_signatures import EventSignatures
from fieldapp.services.import_versions import REJECTED_EARLIER_MISMATCH as REJECTED_EARLIER_MISMATCH
from fieldapp.services.import_versions import check_versions as check_versions
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace import Workspace, chain_state, office_told
from fieldapp.workspace import import_state as state

REJECTED_NOT_SIGNED = "its custody log is not signed by the device"
REJECTED_NOT_CONTINUED = (
    "its custody log does not continue the device's log as the archive holds it"
)
REJECTED_HEAD = "its custody log does not end where the manifest says"
REJECTED_OTHER_ACTOR = "its custody log holds an event naming another actor than the device"
REJECTED_NUMBERING = "its custody log does not number its events on from the one before"
REJECTED_NO_EVENTS_AFTER_GAP = (
    "it follows bundles the archive lacks but carries no custody events, so its custody head"
    " cannot be checked"
)
REJECTED_OTHER_DEVICES_RECORD = (
    "its custody log holds an event about a testimony recorded by another device"
)
REJECTED_FOUND_MISMATCH = (
    "it fills an accepted gap but does not fit between the bundles around it (a forgery or"
    " another device's history)"
)
REJECTED_NOT_ENROLLED = "it comes from a device that is not enrolled here"
REJECTED_DIFFERENT_BUNDLE = (
    "the archive already holds a different bundle {sequence} from this device (a fork or a forgery)"
)
REJECTED_REVOKED = "it comes from a revoked device"
REJECTED_MISSING = "bundle {missing} from this device is missing: import it first"
REJECTED_NOT_FOLLOWING = "it does not follow the last bundle from this device"
# A bundle that stays refused for good ends with what a coordinator can tell its device: its
# records (never its custody events) go again in the device's next bundle.
REJECTED_MADE_WHILE_REVOKED = (
    "its device made it while it was revoked; it stays refused after the reinstatement"
    " (on the device, `fieldapp bundle resend {sequence}` sends its records again)"
)
REJECTED_UNACKNOWLEDGED_REVOKED = (
    "its device made it while it was revoked (its custody log does not acknowledge"
    " the reinstatement); it stays refused (on the device, `fieldapp bundle resend {sequence}`"
    " sends its records again)"
)
# After bundles the archive lacks, one of them may have carried the acknowledgement.
REJECTED_UNACKNOWLEDGED_LACKING_ONE = (
    "its custody log does not acknowledge the reinstatement, and no bundle the archive holds"
    " from this device does: either it was made while the device was revoked, or"
    " bundle {lacking}, which the archive lacks, carried the acknowledgement (find it; if it is"
    " lost, the coordinator can accept that it did: fieldapp device accept-gap"
    " {device} --through {through} --acknowledged-in-gap --reason TEXT)"
)
REJECTED_UNACKNOWLEDGED_LACKING_SOME = (
    "its custody log does not acknowledge the reinstatement, and no bundle the archive holds"
    " from this device does: either it was made while the device was revoked, or"
    " one of bundles {first} to {last}, which the archive lacks, carried the acknowledgement"
    " (find it; if it is lost, the coordinator can accept that it did: fieldapp device"
    " accept-gap {device} --through {through} --acknowledged-in-gap --reason TEXT)"
)


def already_imported(ws: Workspace, bundle: OpenedBundle) -> bool:
    """True for the same bundle again; raises for any bundle that does not fit the chain."""
    db = ws.connection
    device = state.device_entry(db, bundle.device)
    if device is None:
        raise BundleRejectedError(REJECTED_NOT_ENROLLED)
    digest = bundle.verified.digest
    known = state.received_digest(db, bundle.device, bundle.sequence)
    if known is not None:
        if known == digest:
            return True
        raise BundleRejectedError(REJECTED_DIFFERENT_BUNDLE, args={"sequence": bundle.sequence})
    if device.revoked_at is not None and bundle.sequence > (device.last_good_sequence or 0):
        raise BundleRejectedError(REJECTED_REVOKED)
    if state.refused_while_revoked(db, bundle.device, bundle.sequence):
        raise BundleRejectedError(REJECTED_MADE_WHILE_REVOKED, args={"sequence": bundle.sequence})
    last = state.last_received(db, bundle.device)
    last_sequence, last_digest = last if last else (0, None)
    if bundle.sequence <= last_sequence:
        _check_found(ws, bundle)
        return False
    # With a pending reinstatement, provisionally: CustodyCheck refuses the bundle unless it
    # acknowledges the reinstatement, and only then are those sequences refused for good.
    excused = chain_state.excused_for(db, bundle.device, bundle.sequence)
    missing = excused.first_missing(last_sequence + 1, bundle.sequence)
    if missing is not None:
        raise BundleRejectedError(REJECTED_MISSING, args={"missing": missing}, missing=missing)
    follows_directly = bundle.sequence == last_sequence + 1
    if follows_directly and bundle.verified.manifest.previous != last_digest:
        raise BundleRejectedError(REJECTED_NOT_FOLLOWING)
    return False


def _resuming(ws: Workspace, bundle: OpenedBundle) -> tuple[str, int, int] | None:
    """The device's pending reinstatement, if this bundle would be its first after it."""
    pending = state.awaiting_resumption(ws.connection, bundle.device)
    return pending if pending is not None and bundle.sequence > pending[1] else None


def _unacknowledged(bundle: OpenedBundle, last_good: int) -> BundleRejectedError:
    """Why a bundle that would resume a pending reinstatement is refused without its custody
    log acknowledging it. Right after the last good bundle, it was made while revoked. After
    bundles the archive lacks, one of those may have carried the acknowledgement (custody events
    go once): only finding it, or the coordinator's word, can help, not a resend."""
    sequence = bundle.sequence
    if sequence == last_good + 1:
        return BundleRejectedError(REJECTED_UNACKNOWLEDGED_REVOKED, args={"sequence": sequence})
    accept = {"device": bundle.device, "through": sequence - 1}
    if sequence == last_good + 2:
        return BundleRejectedError(
            REJECTED_UNACKNOWLEDGED_LACKING_ONE, args={"lacking": last_good + 1, **accept}
        )
    return BundleRejectedError(
        REJECTED_UNACKNOWLEDGED_LACKING_SOME,
        args={"first": last_good + 1, "last": sequence - 1, **accept},
    )


def after_gap(ws: Workspace, bundle: OpenedBundle) -> bool:
    """Whether the bundle before this one is excused (so cannot be checked against)."""
    before = bundle.sequence - 1
    return before > 0 and state.received_digest(ws.connection, bundle.device, before) is None


def _check_found(ws: Workspace, bundle: OpenedBundle) -> None:
    db = ws.connection
    if not state.in_accepted_gap(db, bundle.device, bundle.sequence):
        raise BundleRejectedError(REJECTED_NOT_FOLLOWING)
    before = state.received_previous(db, bundle.device, bundle.sequence - 1)
    previous = bundle.verified.manifest.previous
    if bundle.sequence == 1 and previous is not None:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)
    if before is not None and previous != before[0]:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)
    after = state.received_previous(db, bundle.device, bundle.sequence + 1)
    if after is not None and after[1] != bundle.verified.digest:
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)


#: Where a bundle's custody events must join the device's log: (the event hash its first event
#: links to, that event's seq when known); None after excused sequences, where it cannot be known.
_Link = tuple[str, int | None]


class CustodyCheck:
    """The device's events in this bundle, checked and stored as they are read, a batch at a
    time (inside the import's transaction): signed by it (``signatures``, on both cores), made
    by it, about its own records, each linked to the one before and numbered on from it, joined
    to where the bundle before left the log (unless that one is excused); ``finish`` then checks
    the end: the head the manifest declares, the bundle after a found one, a reinstatement
    acknowledged. What it keeps does not grow with the events: one batch, the last link, and a
    bounded cache of the records found to be the device's."""

    def __init__(self, ws: Workspace, bundle: OpenedBundle, signatures: EventSignatures) -> None:
        self._ws, self._bundle, self._signatures = ws, bundle, signatures
        self._link = _custody_start(ws, bundle)
        self._floor = _seq_floor(ws, bundle) if self._link is None else None
        self._checked: set[str] = set()
        self._signed = device_key(bundle) is not None
        self._batch: list[SignedEvent] = []
        self._pending = _resuming(ws, bundle)
        self._acknowledging = (
            state.acknowledging_digests(ws.connection, bundle.device, self._pending[2])
            if self._pending is not None
            else set()
        )
        self._acknowledged = False

    def event(self, signed: SignedEvent) -> None:
        """Take one event; it is checked and stored with its batch."""
        if not self._signed:
            raise BundleRejectedError(REJECTED_NOT_SIGNED)
        self._batch.append(signed)
        if len(self._batch) >= SIGNATURE_BATCH:
            self.flush()

    def mark_not_anothers(self, record_id: UUID) -> None:
        """A testimony the import found to be held from no other device (``RecordStream``):
        its events need not ask again, as no other device's copy can arrive meanwhile (this
        import stores only its own device's)."""
        self._remember(str(record_id))

    def finish(self) -> None:
        """The log ends where the manifest says, and fits the bundles around this one."""
        self.flush()
        end = _check_head(self._bundle, self._link, len(self._signatures) > 0)
        _check_found_custody(self._ws, self._bundle, end)
        if self._pending is not None and not self._acknowledged:
            raise _unacknowledged(self._bundle, self._pending[1])

    def flush(self) -> None:
        """The events taken so far: the batch's signatures, then each event checked and kept as
        received, in order. Called before anything else is checked (a record after the events,
        the records' end), so that which fault refuses a bundle never depends on where a batch
        happens to end."""
        batch, self._batch = self._batch, []
        if not batch:
            return
        for signed, valid in zip(batch, self._signatures.check(batch), strict=True):
            if not valid:
                raise BundleRejectedError(REJECTED_NOT_SIGNED)
            self._take(signed)

    def _take(self, signed: SignedEvent) -> None:
        if _check_event(self._ws, self._bundle, signed, self._checked):
            self._remember(str(signed.event.record_id))
        _check_link(signed.event, self._link, self._floor)
        self._link = (hashlib.sha256(signed.body).hexdigest(), signed.event.seq)  # event_hash()
        event = signed.event
        if event.kind is CustodyKind.PACK_APPLY:
            if event.payload_hash in self._acknowledging:
                self._acknowledged = True
            # A withdrawal pack sent to this device: when, and where in its log, it was told of
            # what the pack carried (the rule of ``consent_at_archive``). Kept only if the
            # import commits, as everything else it stores.
            office_told.told_by_pack(
                self._ws.connection,
                self._bundle.device,
                event.payload_hash,
                event.claimed_at,
                event.seq,
            )
        state.store_device_event(
            self._ws.connection,
            self._bundle.device,
            self._bundle.sequence,
            event,
            signed.body,
            signed.signature,
        )

    def _remember(self, record_id: str) -> None:
        if len(self._checked) >= _CHECKED_CACHE:
            self._checked.clear()
        self._checked.add(record_id)


#: Record ids of events known to be the device's, kept at most (then forgotten and asked again).
_CHECKED_CACHE = 4096


def confirm_signed(signatures: EventSignatures) -> None:
    """Every event is signed by the device key (``signatures`` was given them in order).

    Asked last, inside the import's transaction, before the commit: each batch was checked
    before its events were stored (``CustodyCheck``); this says so once more for all of them."""
    for index in range(len(signatures)):
        if not signatures.valid(index):
            raise BundleRejectedError(REJECTED_NOT_SIGNED)


def _custody_start(ws: Workspace, bundle: OpenedBundle) -> _Link | None:
    """Where the bundle before this one left the device's log, as the archive holds it."""
    if bundle.sequence == 1:
        return GENESIS_PREV_HASH, 0
    if after_gap(ws, bundle):
        return None
    db = ws.connection
    head = state.custody_head_of(db, bundle.device, bundle.sequence - 1) or GENESIS_PREV_HASH
    if head == GENESIS_PREV_HASH:
        return head, 0
    last = chain_state.last_event_before(db, bundle.device, bundle.sequence)
    # Unknown only where the archive keeps no copy of the event at the head (imported before
    # it kept device events): the first event's seq cannot be checked then, its link still is.
    seq = last[0] if last is not None and hashlib.sha256(last[1]).hexdigest() == head else None
    return head, seq


def _seq_floor(ws: Workspace, bundle: OpenedBundle) -> int | None:
    """After excused sequences, the seq the bundle's first event must be above: the last one
    the archive holds from the device's bundles before it (its log only moves on)."""
    last = chain_state.last_event_before(ws.connection, bundle.device, bundle.sequence)
    return None if last is None else last[0]


def device_key(bundle: OpenedBundle) -> sshkeys.PublicKey | None:
    """The key the bundle's events must be signed with; None if its line does not parse (the
    manifest's key line was checked when verified: parsed once per bundle, not per event)."""
    try:
        return sshkeys.parse_openssh_public_key(bundle.verified.manifest.public_key)[0]
    except CryptoError:
        return None


def _check_event(
    ws: Workspace, bundle: OpenedBundle, signed: SignedEvent, checked: set[str]
) -> bool:
    """One event (its signature already checked): naming the device's key as its actor, and
    about no testimony the archive holds from another device (``checked``: the record ids
    known so far to be no other device's). True if its record was asked of the archive."""
    event = signed.event
    if event.actor != bundle.device:
        raise BundleRejectedError(REJECTED_OTHER_ACTOR)
    # A record the archive lacks is the device's own (a draft, one held back, one a lost bundle
    # carried): only one the archive holds can be another device's.
    if event.record_id is None or str(event.record_id) in checked:
        return False
    owner = state.testimony_owner(ws.connection, event.record_id)
    if owner is not None and owner != bundle.device:
        raise BundleRejectedError(REJECTED_OTHER_DEVICES_RECORD)
    return True


def _check_link(event: CustodyEvent, link: _Link | None, floor: int | None) -> None:
    """The event comes next after ``link``; after excused sequences (no link), above ``floor``."""
    if link is None:
        if floor is not None and event.seq <= floor:
            raise BundleRejectedError(REJECTED_NUMBERING)
        return
    if event.prev_hash != link[0]:
        raise BundleRejectedError(REJECTED_NOT_CONTINUED)
    if link[1] is not None and event.seq != link[1] + 1:
        raise BundleRejectedError(REJECTED_NUMBERING)


def _check_head(bundle: OpenedBundle, end: _Link | None, has_events: bool) -> _Link:
    """The log must end at the manifest's custody head: at the last event, or with no events
    where the log stood before (a bundle leaving out all it should carry is refused)."""
    head = bundle.verified.manifest.custody_head
    if end is None:
        # A genuine bundle after a lost one always carries events (at least the lost one's
        # export event): without any, its head could be anything and the next bundle join it.
        raise BundleRejectedError(REJECTED_NO_EVENTS_AFTER_GAP)
    if end[0] != (head if has_events else head or GENESIS_PREV_HASH):
        raise BundleRejectedError(REJECTED_HEAD)
    return end


def _check_found_custody(ws: Workspace, bundle: OpenedBundle, end: _Link) -> None:
    """The device's events of the bundle after this one (a found bundle's) continue its log."""
    following = state.first_device_event(ws.connection, bundle.device, bundle.sequence + 1)
    if following is None:
        return
    event = parse_canonical(CustodyEvent, following)
    if event.prev_hash != end[0] or (end[1] is not None and event.seq != end[1] + 1):
        raise BundleRejectedError(REJECTED_FOUND_MISMATCH)


def finish_custody(ws: Workspace, bundle: OpenedBundle) -> None:
    """The bundle's ``previous``, and the reinstatement it resumes (inside the import's
    transaction, after the bundle's row; its events were kept as they were read)."""
    state.record_previous(
        ws.connection, bundle.device, bundle.sequence, bundle.verified.manifest.previous
    )
    pending = _resuming(ws, bundle)
    if pending is not None:
        state.mark_resumed(ws.connection, bundle.device, pending[0], bundle.sequence)
