"""A bundle's consent versions against the device's signed ``consent`` events.

A device appends a ``consent`` custody event (the hash of the version's canonical bytes) in the
transaction that records each consent version (``records.add_consent``). The event travels in
the device's next bundle with the rest of its log; the version itself only once its testimony
has left (a draft's consent stays on the laptop), so the event may come first, never later —
except when the bundle that carried it was lost and the coordinator accepted the gap (records
travel again, events never do). So, once every event of a bundle is checked and stored:

- each consent event of the bundle whose version the archive holds (brought now or before)
  must name that version's bytes: an event naming others means the record or the event was
  altered, and the bundle is refused;
- each consent version the bundle carries must have its device's event, in this bundle or
  one before, naming its bytes. A version without one is refused while the archive has every
  bundle the device sent; after a lost bundle its event may have gone with it, and the version
  is taken unsigned (the archive's audit does the same). A version that waited for its
  testimony came so; it is released unsigned too when the found bundle completes the chain,
  rather than keep a genuine lost bundle out.

Each version then gets its event's sequence number (``consents.event_seq``): the place in the
laptop's log that orders it against the ``pack_apply`` of a withdrawal pack with no clock
(``domain.consent.office_withdrawal_in_force``). What this keeps grows with the consent versions
and events of one bundle: a key and a digest each.
"""

import hashlib
from uuid import UUID

from fieldapp.domain import ConsentRecord, CustodyEvent, CustodyKind
from fieldapp.errors import BundleRejectedError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.workspace import Workspace
from fieldapp.workspace import import_state as state

REJECTED_CONSENT_UNSIGNED = (
    "it carries a consent version that its device's custody log does not record"
)
REJECTED_CONSENT_EVENT = (
    "its custody log records a consent version other than the one the archive holds"
)

#: A consent version: its testimony's id (16 bytes) and its version number.
_Key = tuple[bytes, int]


def consent_digest(body: bytes) -> str:
    """What a ``consent`` event names: the SHA-256 of the version's canonical bytes."""
    return hashlib.sha256(body).hexdigest()


class ConsentEvents:
    """Collects the bundle's consent versions (``carried``) and consent events (``event``) as
    they are read; ``finish``, after the custody log is checked and stored, matches them."""

    def __init__(self, ws: Workspace, bundle: OpenedBundle, complete: bool) -> None:
        self._ws, self._device = ws, bundle.device
        #: The archive has every bundle the device sent before this one.
        self._complete = complete
        #: Each version carried: its digest, and whether it may lack an event.
        self._carried: dict[_Key, tuple[str, bool]] = {}
        self._events: dict[_Key, tuple[int, str]] = {}
        #: A consent event that names no version.
        self._unnamed = False

    def carried(self, record: ConsentRecord, body: bytes, *, released: bool = False) -> None:
        """A version the bundle carries that the archive now holds (or holds waiting), or one
        that waited for its testimony and is ``released`` now: it came after an accepted gap,
        and may lack its event as any version then may (its bundle was not refused for it).
        ``body`` is its canonical bytes, which the caller has already made to compare or store
        it: the event names their hash."""
        key = (record.testimony_id.bytes, record.version)
        digest = consent_digest(body)
        self._carried.setdefault(key, (digest, released))

    def event(self, event: CustodyEvent) -> None:
        if event.kind is not CustodyKind.CONSENT:
            return
        if event.record_id is None or event.record_version is None:
            # Refused at the end, once its signature was checked like every other event's.
            self._unnamed = True
            return
        key = (event.record_id.bytes, event.record_version)
        # A genuine device signs one event per version; the first is the one that counts.
        self._events.setdefault(key, (event.seq, event.payload_hash))

    def finish(self) -> None:
        """Every event and record was taken, the custody log checked and stored."""
        if self._unnamed:
            raise BundleRejectedError(REJECTED_CONSENT_EVENT)
        for key, (seq, digest) in self._events.items():
            carried = self._carried.pop(key, None)
            held = carried[0] if carried is not None else self._held_digest(key)
            if held is None:
                continue  # a draft's consent, or one waiting for its testimony
            if held != digest:
                raise BundleRejectedError(REJECTED_CONSENT_EVENT)
            self._numbered(key, seq)
        for key, (carried, released) in self._carried.items():
            found = state.device_consent_event(
                self._ws.connection, self._device, UUID(bytes=key[0]), key[1]
            )
            if found is None:
                if self._complete and not released:
                    raise BundleRejectedError(REJECTED_CONSENT_UNSIGNED)
                continue  # its event may have been in a lost bundle
            seq, digest = found
            if digest != carried:
                raise BundleRejectedError(REJECTED_CONSENT_EVENT)
            self._numbered(key, seq)

    def _held_digest(self, key: _Key) -> str | None:
        body = state.stored_body(
            self._ws.connection, "consents", "testimony_id", str(UUID(bytes=key[0])), key[1]
        )
        return None if body is None else consent_digest(body)

    def _numbered(self, key: _Key, seq: int) -> None:
        self._ws.repository.set_consent_event_seq(UUID(bytes=key[0]), key[1], seq)
