"""Sending a lost bundle's records again: the device's side of the coordinator's gap repair.

A bundle was exported (committed here, its records marked as carried by it) and the stick was
lost before the archive imported it. The coordinator accepts the gap so later bundles import
(``services.standing``), but the lost bundle's records would stay "exported" here for ever: no
receipt names them, so they are never archived or purged, and the archive never holds them.

``resend_bundle`` marks them waiting again, so the next export carries them, as the export
rules allow *now* (a testimony whose consent no longer allows archiving is held back; an
identity goes only as the rules say). A held-back testimony still counts as having left (its
versions stay ``exported``): the lost stick may yet be found and imported, so its consent
versions and withdrawals go in the next bundle all the same, and the archive keeps them
waiting for it (``export``, ``import_waiting``).

The resend is recorded as a signed custody event (``resend``, naming the lost bundle's id; its
``payload_hash`` is the SHA-256 of the fact, whose reason stays on this device: it may name a
place or a person).

What is not sent again: the lost bundle's custody events. They have a fixed place in the
device's chain, between the bundles around them; the next bundle continues the chain from the
last one sent, so a found copy of the lost bundle still fits in the archive. The archive keeps
one copy of each record either way (docs/format.md, "A lost bundle's records sent again").
The openings among them (``access`` events, ``services.access``) are logged again instead, as
new events after the ``resend`` one, so the archive learns of them without the lost file.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from fieldapp.domain import (
    ConsentScope,
    CustodyEvent,
    CustodyKind,
    RecordStatus,
    consent_at_archive,
    parse_canonical,
)
from fieldapp.errors import (
    BundleAcknowledgedError,
    BundleAlreadyResentError,
    BundleNeverSentError,
    BundleUnfinishedError,
    NotADeviceError,
)
from fieldapp.services.standing import check_reason, fact_hash
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import export_state as state
from fieldapp.workspace.database import transaction

#: A version the archive has acknowledged (by a receipt), here on the device.
_ACKNOWLEDGED = (RecordStatus.ARCHIVED, RecordStatus.PURGED)


@dataclass(frozen=True)
class ResendResult:
    """What was marked to travel again, by kind, and how many testimony versions the consent
    in force now holds back (they wait here until the witness allows archiving again)."""

    sequence: int
    bundle_id: str
    resent_at: str
    testimonies: int
    consents: int
    withdrawals: int
    attachments: int
    identities: int
    held_back: int
    #: Openings the lost bundle carried, logged again to go with the next export.
    openings: int


def resend_bundle(ws: Workspace, sequence: int, *, reason: str) -> ResendResult:
    """Mark the records that bundle ``sequence`` carried to go again in the next export.

    Refused, with nothing changed, for a bundle never exported, one a receipt acknowledged,
    one already sent again (or whose records already went again after an interruption), and
    one whose export was interrupted and is not finished.
    """
    if ws.role is not Role.INTERVIEWER:
        raise NotADeviceError()
    reason = check_reason(reason)
    db = ws.connection
    with transaction(db):
        bundle = _resendable(ws, sequence)
        counts = state.carried_counts(db, sequence)
        held = _held_back(ws, sequence)
        resent_at = datetime.now(UTC).isoformat()
        fact = resend_fact(
            sequence, str(bundle.bundle_id), bundle.manifest_digest, resent_at, reason
        )
        state.unmark(db, sequence)
        state.record_resend(db, sequence, _fact_bytes(fact))
        ws.custody.append(CustodyKind.RESEND, fact_hash(fact), bundle_id=bundle.bundle_id)
        openings = restate_openings(ws, sequence)
    return ResendResult(
        sequence=sequence,
        bundle_id=str(bundle.bundle_id),
        resent_at=resent_at,
        testimonies=counts["testimonies"],
        consents=counts["consents"],
        withdrawals=counts["withdrawals"],
        attachments=counts["attachments"],
        identities=counts["identities"],
        held_back=held,
        openings=openings,
    )


def resend_fact(
    sequence: int, bundle_id: str, manifest_digest: str, resent_at: str, reason: str
) -> dict[str, object]:
    """The fact a ``resend`` custody event stands for (its ``payload_hash`` is ``fact_hash``)."""
    return {
        "sequence": sequence,
        "bundle_id": bundle_id,
        "manifest_digest": manifest_digest,
        "resent_at": resent_at,
        "reason": reason,
    }


def _fact_bytes(fact: dict[str, object]) -> bytes:
    """The fact as ``fact_hash`` hashes it (canonical JSON), kept on this device only."""
    return json.dumps(fact, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _resendable(ws: Workspace, sequence: int) -> state.SentBundle:
    db = ws.connection
    bundle = state.sent_bundle(db, sequence)
    if bundle is None:
        raise BundleNeverSentError(
            f"This device never exported a bundle {sequence}; nothing was changed."
        )
    if bundle.state == state.COMMITTED:
        raise BundleUnfinishedError(
            f"The export of bundle {sequence} was interrupted and is not finished yet; nothing"
            " was changed."
        )
    if bundle.state in (state.RESENT, state.LOST):
        raise BundleAlreadyResentError(
            f"The records of bundle {sequence} were already sent again; nothing was changed."
        )
    # A receipt names every bundle the archive holds; one applied before receipts were
    # remembered shows in the records it marked archived.
    if state.acknowledged(db, sequence) or any(
        status in _ACKNOWLEDGED for _, _, status in state.carried_testimonies(db, sequence)
    ):
        raise BundleAcknowledgedError(
            f"A receipt from the archive says it holds bundle {sequence}; nothing was changed."
        )
    return bundle


def restate_openings(ws: Workspace, sequence: int) -> int:
    """Log again each opening bundle ``sequence`` carried; how many.

    The lost bundle's own events stay where they are in the chain (``state.custody_start``), so
    an opening it carried would reach the archive only if its file were found. Each is restated
    as an ordinary ``access`` event naming the same record, version and payload (so the
    archive's custody view names the same testimony or identity), claimed now, right after the
    ``resend`` event that says why; the next export carries them. If the lost file turns up
    and imports, the archive lists such an opening twice, the original and its restatement:
    overcounting openings is the safe direction for an access log, and the originals keep
    their place, so the found file still fits. A bundle is sent again once only
    (``_resendable``), so its openings are restated once.
    """
    carried = state.custody_carried(ws.connection, sequence)
    if carried is None:
        return 0
    after, through = carried
    bodies = state.custody_bodies_of_kind(ws.connection, after, through, CustodyKind.ACCESS.value)
    for body in bodies:
        opened = parse_canonical(CustodyEvent, body)
        ws.custody.append(
            CustodyKind.ACCESS,
            opened.payload_hash,
            record_id=opened.record_id,
            record_version=opened.record_version,
        )
    return len(bodies)


def _held_back(ws: Workspace, sequence: int) -> int:
    """Testimony versions of the bundle whose consent in force no longer allows archiving."""
    repo = ws.repository
    held = 0
    for testimony_id, _, _ in state.carried_testimonies(ws.connection, sequence):
        consent = consent_at_archive(
            repo.consents_for(testimony_id),
            repo.withdrawals_for(testimony_id),
            repo.told_office_withdrawals_for(testimony_id),
        )
        held += not consent.allows(ConsentScope.ARCHIVE)
    return held
