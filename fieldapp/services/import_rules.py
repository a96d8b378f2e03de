"""What a bundle's records must keep beyond their signatures, before the archive takes them.

A bundle's device signs whatever it sends: the signatures say who sent a record, not that the
record keeps the rules a genuine device keeps when it makes one. An enrolled device that is
lost, seized or badly built can sign records our exporter never writes; these checks refuse
them, so that the archive never holds a state the domain forbids (and that would make every
later use of the testimony fail):

- an attachment is captured by the device that sends it (``Attachment.device``);
- a testimony new to the archive arrives with the witness's consent: a device seals nothing
  without one, and a testimony's consents leave with its first version;
- a consent or withdrawal names its testimony's witness;
- where the archive has every record the device sent of a testimony, the consents and
  withdrawals it holds and those the bundle brings still give a consent in force (versions 1,
  2, … without a gap, each withdrawal of a version that exists). That is every testimony of a
  device whose bundles the archive all has, and, after a lost bundle (an accepted gap, a
  reinstatement), each testimony whose version 1 came in a bundle after every lost one
  (``RecordStream._history_whole``). For the others a missing version may be in the lost
  bundle, so only the witness is checked: a withdrawal is never blocked for a version the
  archive cannot see yet.

Records that wait for their testimony (``import_waiting``) are checked when it arrives.

A bundle's records are checked as they are read, a testimony at a time: its device writes each
testimony's records together (its versions, then its consents, withdrawals and attachments),
so a ``TestimonyRecords`` follows one testimony's and checks their witness when the next begins,
against the archive, which by then holds what the bundle brought of it (uncommitted); the
consent in force of each testimony that got consents or withdrawals is checked once, after every
record (``check_in_force``).
"""

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fieldapp.domain import Attachment, ConsentRecord, ConsentWithdrawal, Testimony
from fieldapp.errors import BundleRejectedError, WorkspaceDamagedError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.workspace import Workspace, chain_state
from fieldapp.workspace import import_state as state

REJECTED_CAPTURED_ELSEWHERE = "an attachment it carries claims to come from another device"
REJECTED_NO_CONSENT = "it carries a testimony without the witness's consent"
REJECTED_OTHER_WITNESS = "a consent or withdrawal it carries names another witness"
REJECTED_CONSENT_RULES = (
    "its consents and withdrawals do not follow on from those the archive holds"
)


def check_attachment(bundle: OpenedBundle, attachment: Attachment) -> None:
    """An attachment claims capture by the bundle's own device."""
    if attachment.device != bundle.device:
        raise BundleRejectedError(REJECTED_CAPTURED_ELSEWHERE)


@dataclass
class TestimonyRecords:
    """What the rules need of one testimony's records in a bundle, as they are read: a few
    values, whatever their number."""

    testimony_id: UUID
    #: (version, witness) of the latest version the bundle carries of it.
    latest: tuple[int, str] | None = None
    #: Consents or withdrawals came that do not wait: their witness, and whether they differ.
    carried_witness: str | None = None
    witnesses_differ: bool = False

    def testimony(self, testimony: Testimony) -> None:
        if self.latest is None or testimony.version >= self.latest[0]:
            self.latest = (testimony.version, testimony.pseudonym)

    def consent_record(self, record: ConsentRecord | ConsentWithdrawal) -> None:
        """A consent or withdrawal stored (or found already held), not waiting."""
        if self.carried_witness is None:
            self.carried_witness = record.pseudonym
        elif record.pseudonym != self.carried_witness:
            self.witnesses_differ = True

    def check(self, ws: Workspace) -> bool:
        """Once the testimony's records are read and stored (see the module): the witness they
        name. True if consents or withdrawals came, whose consent in force is then to be
        checked (``check_in_force``) — once per testimony, after every record: a testimony's
        records may come back after another's, and checking the consent in force at each
        return would read all of its records again each time."""
        db = ws.connection
        if self.carried_witness is None:
            return False
        witness = (
            self.latest[1]
            if self.latest is not None
            else state.testimony_pseudonym(db, self.testimony_id)
        )
        if self.witnesses_differ or self.carried_witness != witness:
            raise BundleRejectedError(REJECTED_OTHER_WITNESS)
        return True


def check_in_force(ws: Workspace, testimony_id: UUID) -> None:
    """The consent in force can still be worked out with the bundle's records added (they are
    stored; a version or withdrawal the archive already held, sent again, is compared with its
    copy when stored): ``effective_consent``'s conditions — one witness, consent versions 1, 2,
    … without a gap, each withdrawal of a version that exists — asked of the database one record
    at a time, so that a testimony's records, however many, are never held together."""
    db = ws.connection
    count, lowest, latest = chain_state.consent_versions(db, testimony_id)
    if count and (lowest != 1 or latest != count):  # the versions are unique (primary key)
        raise BundleRejectedError(REJECTED_CONSENT_RULES)
    witnesses: set[str] = set()
    for body in chain_state.consent_bodies(db, "consents", testimony_id):
        (witness,) = _stored_values(body, "pseudonym")
        witnesses.add(witness)
        _one_witness(witnesses)
    for body in chain_state.consent_bodies(db, "withdrawals", testimony_id):
        witness, version = _stored_values(body, "pseudonym", "applies_to_version")
        if latest is None or version > latest:
            raise BundleRejectedError(REJECTED_CONSENT_RULES)
        witnesses.add(witness)
        _one_witness(witnesses)


def _stored_values(body: bytes, *names: str) -> list[Any]:
    """Fields of a stored consent or withdrawal. Each was stored as the canonical bytes of a
    record validated first (``parse_canonical``: by this import as it was read, or by the one
    that brought it), so the values the rule needs, required fields and so always written, are
    read back without validating the whole record again (that took as long as reading it from
    the bundle, once more for every consent a bundle brings)."""
    try:
        fields = json.loads(body)
        return [fields[name] for name in names]
    except (ValueError, TypeError, KeyError, RecursionError):
        raise WorkspaceDamagedError() from None


def _one_witness(witnesses: set[str]) -> None:
    if len(witnesses) > 1:
        raise BundleRejectedError(REJECTED_CONSENT_RULES)
