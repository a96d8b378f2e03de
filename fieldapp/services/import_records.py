"""A bundle's records checked and stored one at a time, as they are read, inside the import's
transaction: what an import holds does not grow with the number of records.

Each record is checked on its own as it comes (a testimony sealed; a testimony of the bundle's
own device; a consent, withdrawal or attachment of a testimony the archive holds or the bundle
brought, else waiting for it; an attachment the bundle carries the file of, captured by the
device) and stored at once. What needs several records is checked against the database, which
holds them by then, uncommitted: a testimony's records when the next testimony's begin
(``import_rules.TestimonyRecords``), the custody log as it goes and at its end
(``import_chain.CustodyCheck``), the consent versions against their signed events at its end
(``import_consents``), the versions once every record is stored (``import_versions``). Any
refusal rolls the whole transaction back.

The device writes a testimony's records together, its versions first, and its custody events
after every record (``export._records``): a genuine bundle keeps that order, and the checks
rely on it. A bundle whose testimony's records are apart, or whose versions come after its
other records, is refused (``REJECTED_ORDER``). To tell, the ids of the testimonies already
passed are kept, and those still lacking a consent or with a consent in force to check at the
end: sets of 16-byte ids, about 100 bytes a testimony with Python's overhead — what grows here
with the bundle.

A record that differs from the archive's copy is not stored, and the bundle is refused for it
only after every other check, as when every check came before storing anything: the checks
meanwhile see the archive's copy.
"""

import contextlib
from uuid import UUID

from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_hash,
)
from fieldapp.domain.base import DomainModel
from fieldapp.domain.lifecycle import archived_encoded
from fieldapp.errors import BundleRejectedError, RecordNotFoundError
from fieldapp.services import import_waiting
from fieldapp.services.import_blobs import REJECTED_UNMATCHED, BlobStoring
from fieldapp.services.import_chain import CustodyCheck
from fieldapp.services.import_consents import ConsentEvents
from fieldapp.services.import_report import ImportReport
from fieldapp.services.import_rules import (
    REJECTED_NO_CONSENT,
    TestimonyRecords,
    check_attachment,
    check_in_force,
)
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace import Workspace, chain_state, waiting_state
from fieldapp.workspace import import_state as state

REJECTED_CONFLICT = "a record it carries conflicts with the archive's copy"
REJECTED_NEVER_SEALED = "it carries a record that was never sealed"
REJECTED_ORDER = "its records are not in the order its device writes them"
REJECTED_TESTIMONY_CONFLICT = "a testimony it carries conflicts with the archive's copy"
REJECTED_CONSENT_CONFLICT = "a consent it carries conflicts with the archive's copy"


class RecordStream:
    """Takes the records of one bundle in the order read (``take``), then ``finish``."""

    def __init__(
        self,
        ws: Workspace,
        bundle: OpenedBundle,
        report: ImportReport,
        storing: BlobStoring,
        custody: CustodyCheck,
        after: int,
    ) -> None:
        self._ws, self._bundle, self._report = ws, bundle, report
        self._storing, self._custody = storing, custody
        self._may_wait = import_waiting.may_wait(ws, bundle)
        db, device, sequence = ws.connection, bundle.device, bundle.sequence
        self._excused = chain_state.excused_for(db, device, sequence)
        #: The archive has every bundle the device sent before this one (nothing lost for good).
        self._complete = not chain_state.lost_from(db, device, self._excused, 1, sequence)
        self._consents = ConsentEvents(ws, bundle, self._complete)
        self._after = after  # where ``record_sources`` stood before this bundle
        self._current: TestimonyRecords | None = None
        self._versions_done = False  # the current testimony's versions are over
        self._present = False  # the archive holds the current testimony (once versions end)
        self._held = False  # the archive held the current testimony before its records came
        self._stored_version = False  # a version of the current testimony was stored here
        # Nothing waits in the archive (as nearly always): no testimony's arrival need look.
        self._waiting_rows = waiting_state.any_waiting(ws.connection)
        self._passed: set[bytes] = set()
        #: Testimonies whose first version arrived, new to the archive, without a consent yet.
        self._without_consent: set[bytes] = set()
        #: Testimonies whose consent in force is checked at the end (``check_in_force``).
        self._in_force: set[bytes] = set()
        #: The first record found to differ from the archive's copy: refused at the end.
        self.conflict: BundleRejectedError | None = None

    def take(self, kind: str, item: DomainModel | SignedEvent, body: bytes) -> None:
        """One item, with its canonical bytes (as read: stored and hashed without encoding it
        again)."""
        if isinstance(item, SignedEvent):
            self._close()
            self._custody.event(item)
            self._consents.event(item.event)
            return
        self._custody.flush()  # events before this record are checked before it
        if isinstance(item, Testimony):
            self._follow(item.id)
            self._testimony(item, body)
        elif isinstance(item, Attachment):
            self._follow(item.testimony_id)
            self._attachment(item, body)
        elif isinstance(item, ConsentRecord | ConsentWithdrawal):
            self._follow(item.testimony_id)
            self._consent_record(item, body)

    def finish(self) -> None:
        """Every record was taken: the last testimony's checks, and the custody log's end."""
        self._custody.flush()
        self._close()
        for key in self._in_force:
            testimony_id = UUID(bytes=key)
            if self._history_whole(testimony_id):
                check_in_force(self._ws, testimony_id)
        self._storing.records_done()
        # A testimony new to the archive arrives with the witness's consent.
        if self._without_consent:
            raise BundleRejectedError(REJECTED_NO_CONSENT)
        if not self._storing.every_member_described():
            raise BundleRejectedError(REJECTED_UNMATCHED)
        self._custody.finish()
        self._consents.finish()  # the versions against their events, now all stored

    # -- one testimony's records at a time ------------------------------------------------

    def _follow(self, testimony_id: UUID) -> None:
        current = self._current
        if current is not None and current.testimony_id == testimony_id:
            return
        self._close()
        key = testimony_id.bytes
        # A testimony's records again, after others' (records added after the custody log):
        # taken, but none of its versions may come now (they would change what its consents
        # and withdrawals were checked against).
        self._versions_done = key in self._passed
        self._passed.add(key)
        # A testimony belongs to the device that recorded it: another device may neither amend
        # it nor withdraw, add or attach anything to it.
        owner = state.testimony_owner(self._ws.connection, testimony_id)
        if owner is not None and owner != self._bundle.device:
            raise BundleRejectedError(import_waiting.REJECTED_OTHER_DEVICE)
        self._custody.mark_not_anothers(testimony_id)  # its events need not ask again
        self._current = TestimonyRecords(testimony_id)
        self._held = self._ws.repository.testimony_exists(testimony_id)
        self._stored_version = False
        if self._versions_done:
            self._present = self._held
            self._current.latest = chain_state.carried_latest(
                self._ws.connection, testimony_id, self._after
            )

    def _close(self) -> None:
        if self._current is not None:
            if self._current.check(self._ws):
                self._in_force.add(self._current.testimony_id.bytes)
            self._current = None

    def _history_whole(self, testimony_id: UUID) -> bool:
        """Whether the archive holds every consent and withdrawal the device sent of a
        testimony (so its consent in force must work out), once this bundle's custody events
        are stored.

        True where the archive has every bundle the device sent. Otherwise, true when the
        archive holds the device's custody event sealing the testimony's version 1 and no
        bundle from the one that brought it on is lost for good: a device sends a testimony's
        records only once it is sealed, and sends each custody event once (a resend or an
        interrupted export sends records again, never events), so every bundle that could
        carry them is at or after that one. Otherwise a missing version may be in a lost
        bundle: only the witness is checked, so a withdrawal is never blocked for a version the
        archive cannot see yet."""
        if self._complete:
            return True
        db, device = self._ws.connection, self._bundle.device
        first = chain_state.first_seal_sequence(db, testimony_id, device)
        if first is None:
            return False
        return not chain_state.lost_from(db, device, self._excused, first, self._bundle.sequence)

    def _end_versions(self) -> TestimonyRecords:
        """The current testimony, whose versions are over: whether the archive now has it."""
        assert self._current is not None
        if not self._versions_done:
            self._versions_done = True
            # Held before, or a version stored just now: no need to ask the database.
            self._present = (
                self._held
                or self._stored_version
                or self._ws.repository.testimony_exists(self._current.testimony_id)
            )
        return self._current

    # -- each kind of record ----------------------------------------------------------------

    def _testimony(self, testimony: Testimony, body: bytes) -> None:
        current = self._current
        assert current is not None
        if testimony.status not in (RecordStatus.SEALED, RecordStatus.EXPORTED):
            raise BundleRejectedError(REJECTED_NEVER_SEALED)
        if self._versions_done:
            raise BundleRejectedError(REJECTED_ORDER)  # a version after its other records
        current.testimony(testimony)
        # The first version stored of a testimony the archive did not hold: it arrives.
        arrives = not self._held and not self._stored_version
        if testimony.version == 1 and not self._held:
            self._without_consent.add(testimony.id.bytes)
        if not self._store_testimony(testimony, arrives, body):
            return
        self._stored_version = True
        state.record_source(
            self._ws.connection,
            testimony.id,
            testimony.version,
            self._bundle.device,
            self._bundle.sequence,
        )
        if arrives and self._waiting_rows:
            # In this transaction: the testimony is never held without what waited for it.
            self._report.discarded_waiting += import_waiting.release(
                self._ws, testimony.id, self._bundle.device, self._released
            )

    def _released(self, record: ConsentRecord | ConsentWithdrawal) -> None:
        """A record that waited for its testimony, now stored in place."""
        self._report.released += 1
        self._count(record)
        assert self._current is not None
        # Its testimony's consent in force is then checked as for the bundle's own records.
        self._current.consent_record(record)
        if isinstance(record, ConsentRecord):
            self._without_consent.discard(record.testimony_id.bytes)
            self._consents.carried(record, canonical_bytes(record), released=True)

    def _store_testimony(self, testimony: Testimony, arrives: bool, received: bytes) -> bool:
        """Store a version new to the archive; False for one it holds (compared with it).
        ``arrives``: the archive holds no version of it (nothing to compare, or to update)."""
        if not arrives:
            with contextlib.suppress(RecordNotFoundError):
                existing = self._ws.repository.get_testimony(testimony.id, testimony.version)
                if content_hash(existing) != content_hash(testimony):
                    self._conflicting(BundleRejectedError(REJECTED_TESTIMONY_CONFLICT))
                return False
        archived, body, digest = archived_encoded(testimony, received)
        self._ws.repository.save_testimony(
            archived, first_of_its_id=arrives, encoded=(body, digest)
        )
        if testimony.version == 1:
            self._report.testimonies += 1
        else:
            self._report.amendments += 1
        return True

    def _consent_record(self, record: ConsentRecord | ConsentWithdrawal, encoded: bytes) -> None:
        current = self._end_versions()
        if not self._present:
            # A consent or withdrawal may come before its testimony only after an accepted gap.
            if not self._may_wait:
                raise BundleRejectedError(import_waiting.REJECTED_LACKING)
            try:
                self._report.waiting += import_waiting.hold(self._ws, self._bundle, record)
                self._waiting_rows = True
            except BundleRejectedError as conflict:
                self._conflicting(conflict)
                return
            self._signed(record)
            return
        current.consent_record(record)
        if isinstance(record, ConsentRecord):
            table, key, version = "consents", "testimony_id", record.version
            stored = str(record.testimony_id)
        else:
            table, key, version, stored = "withdrawals", "id", None, str(record.id)
        body = state.stored_body(self._ws.connection, table, key, stored, version)
        if isinstance(record, ConsentRecord):
            self._without_consent.discard(record.testimony_id.bytes)
        if body is None:
            if isinstance(record, ConsentRecord):
                self._ws.repository.add_consent(record, encoded)
            else:
                self._ws.repository.add_withdrawal(record, encoded)
            self._count(record)
        elif body != encoded:
            consent = isinstance(record, ConsentRecord)
            self._conflicting(
                BundleRejectedError(REJECTED_CONSENT_CONFLICT if consent else REJECTED_CONFLICT)
            )
            return  # refused for the conflict: its event is matched with the archive's copy
        self._signed(record, encoded)

    def _signed(self, record: ConsentRecord | ConsentWithdrawal, body: bytes | None = None) -> None:
        """A consent version held now: matched with its signed event at the end."""
        if isinstance(record, ConsentRecord):
            self._consents.carried(record, canonical_bytes(record) if body is None else body)

    def _attachment(self, attachment: Attachment, body: bytes) -> None:
        self._end_versions()
        if not self._present:
            raise BundleRejectedError(import_waiting.REJECTED_LACKING)
        if not self._storing.is_member(attachment.id):
            raise BundleRejectedError(REJECTED_UNMATCHED)
        check_attachment(self._bundle, attachment)
        self._storing.expect(attachment)
        name = self._storing.new_name(attachment.id)
        if name is not None:
            self._ws.repository.add_attachment(attachment, name, body)
            self._report.attachments += 1

    def _count(self, record: ConsentRecord | ConsentWithdrawal) -> None:
        if isinstance(record, ConsentRecord):
            self._report.consents += 1
            return
        self._report.withdrawals += 1
        for scope in record.scopes:
            if scope.value not in self._report.withdrawn_scopes:
                self._report.withdrawn_scopes.append(scope.value)

    def _conflicting(self, refusal: BundleRejectedError) -> None:
        if self.conflict is None:
            self.conflict = refusal
