"""A device's standing with the archive, repaired by the coordinator on the record.

Two deliberate acts, each kept in the archive, signed into its custody log, and carried to
auditors by the roster:

- **accepting a gap**: a bundle was exported (its sequence is committed on the device) but the
  stick was lost before import, so the archive would refuse every later bundle of that device.
  The coordinator accepts that bundles ``first`` to ``through`` are lost; the next one imports
  (``services.import_chain`` says exactly what is then checked, and why it is safe).
- **reinstating a revoked device** (found again, or revoked by mistake): it may export again.
  Bundles it made while revoked stay refused: the archive resumes the device's chain only at
  the first bundle whose signed custody log acknowledges the reinstatement (a ``pack_apply``
  event naming the reinstatement pack, or a later pack), which no bundle signed before the
  device applied that pack can hold. Device clocks are not trusted, so signing time cannot
  decide; the hash-chained log can.

When the bundle that carried that acknowledgement is lost, the archive cannot see it, and a
device sends its custody events once only: no later bundle will carry it. The coordinator may
then vouch, on the record, that the lost bundles did (``accept_gap(...,
acknowledged_in_gap=True)``). What that vouches for, exactly: the device had applied the
reinstatement pack before it made the first bundle after the gap. So that bundle resumes the
device's chain (the reinstatement's ``resumed_at`` is set to it at once) and later ones follow;
every bundle from the last good one to the end of the gap stays refused as made while revoked,
even if found, since nobody can say which of them came before the acknowledgement. The archive
cannot check that word: it is signed into the gap's ``gap_accept`` event (its fact names the
reinstatement) and reaches auditors as the reinstatement's ``resumed_at`` in the roster.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from fieldapp.domain import CustodyKind, canonical_bytes
from fieldapp.domain.canonical import MAX_SAFE_INTEGER
from fieldapp.domain.fields import SHORT_TEXT_MAX, no_control_characters
from fieldapp.errors import FieldappError, ValidationFailedError
from fieldapp.services.archive import find_enrolled_device, require_archive
from fieldapp.services.pack_writing import PackSent, pack_transaction
from fieldapp.services.revocation_packs import revocation_payload
from fieldapp.sync.manifest import ManifestKind
from fieldapp.workspace import Workspace, import_state, waiting_state
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.database import transaction

#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
REASON_LENGTH = "The reason is 1 to {most} characters."
REASON_ONE_LINE = "The reason must be one plain line."
GAP_ENDS_BEFORE = (
    "No bundle is numbered above {most}: the gap must end before it; nothing was changed."
)
GAP_ENDS_AT_OR_BEFORE = (
    "No bundle is numbered above {most}: the gap must end at or before it; nothing was changed."
)


class NoGapError(FieldappError):
    """There is no gap to accept there: those bundles were imported or already excused."""

    hint = "A gap starts right after the device's last bundle that the archive imported."


class DeviceNotRevokedError(FieldappError):
    """This device is not revoked; there is nothing to reinstate."""


class NoAcknowledgementInGapError(FieldappError):
    """No reinstatement of this device waits for an acknowledgement the gap could have
    carried; nothing was changed."""

    hint = "Accept the gap without --acknowledged-in-gap."


def check_reason(reason: str) -> str:
    """A coordinator's reason: one plain line of 1 to SHORT_TEXT_MAX characters, kept in the
    archive only (it may name a place or a person)."""
    if not reason.strip() or len(reason) > SHORT_TEXT_MAX:
        raise ValidationFailedError(REASON_LENGTH, args={"most": SHORT_TEXT_MAX})
    try:
        no_control_characters(reason)
    except ValueError:
        raise ValidationFailedError(REASON_ONE_LINE) from None
    return reason.strip()


def fact_hash(fact: dict[str, object]) -> str:
    """SHA-256 of a fact's canonical JSON (sorted keys, no spaces, UTF-8): the ``payload_hash``
    of the custody event that records it, so the stored fact can be checked against the log."""
    text = json.dumps(fact, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def gap_fact(gap: state.AcceptedGap, acknowledged: str | None = None) -> dict[str, object]:
    """The gap's signed fact; with ``acknowledged`` (a reinstatement's ``reinstated_at``), the
    coordinator's word that the lost bundles carried the device's acknowledgement of it. A gap
    accepted without that word keeps the fact it always had."""
    fact = asdict(gap)
    if acknowledged is not None:
        fact["acknowledged_reinstatement"] = acknowledged
    return fact


def vouching_gap(
    gaps: list[state.AcceptedGap], item: state.Reinstatement, recorded: set[str]
) -> state.AcceptedGap | None:
    """The accepted gap by which the coordinator vouched for ``item``'s acknowledgement: ending
    right before ``item.resumed_at``, with a signed ``gap_accept`` fact (its hash in
    ``recorded``) naming the reinstatement."""
    for gap in gaps:
        if gap.device != item.device or item.resumed_at != gap.through_sequence + 1:
            continue
        if fact_hash(gap_fact(gap, item.reinstated_at)) in recorded:
            return gap
    return None


def reinstatement_fact(item: state.Reinstatement) -> dict[str, object]:
    fact = asdict(item)
    # Known only later, when the device's first acknowledging bundle arrives.
    fact.pop("resumed_at")
    return fact


def first_open_sequence(ws: Workspace, fingerprint: str) -> int:
    """The first of the device's sequences that is neither imported nor excused."""
    last = import_state.last_received(ws.connection, fingerprint)
    excused = import_state.excused_sequences(ws.connection, fingerprint)
    # By the ranges' ends: an accepted gap may be as wide as a device's numbers go.
    return excused.first_open((last[0] if last else 0) + 1)


def accept_gap(
    ws: Workspace,
    fingerprint: str,
    through: int,
    reason: str,
    *,
    acknowledged_in_gap: bool = False,
) -> state.AcceptedGap:
    """Accept that the device's bundles from the first one missing through ``through`` are
    lost; recorded with the reason and a signed custody event (``gap_accept``).

    With ``acknowledged_in_gap``, for a device whose reinstatement waits for its acknowledgement,
    the coordinator also vouches that the lost bundles carried it: bundle ``through`` + 1 then
    resumes the device's chain (module docstring). Given for a gap already accepted that ends at
    ``through``, it adds only that word (a second signed ``gap_accept`` event)."""
    find_enrolled_device(ws, fingerprint)
    reason = check_reason(reason)
    # Bundle numbers stop at 2**53 - 1 (the roster, every JSON reader); a vouch names the
    # bundle after the gap, which must be one.
    if through > MAX_SAFE_INTEGER - int(acknowledged_in_gap):
        raise ValidationFailedError(
            GAP_ENDS_BEFORE if acknowledged_in_gap else GAP_ENDS_AT_OR_BEFORE,
            args={"most": MAX_SAFE_INTEGER},
        )
    with transaction(ws.connection):
        pending = _vouched_reinstatement(ws, fingerprint, through, acknowledged_in_gap)
        first = first_open_sequence(ws, fingerprint)
        gap = _gap_ending(ws, fingerprint, through) if pending and through < first else None
        if gap is None:
            if through < first:
                raise NoGapError(
                    f"There is no gap to accept through bundle {through}: the first bundle the"
                    f" archive lacks from this device is {first}; nothing was changed."
                )
            gap = state.AcceptedGap(
                fingerprint, first, through, datetime.now(UTC).isoformat(), reason
            )
            state.add_accepted_gap(ws.connection, gap)
        if pending is not None:
            import_state.mark_resumed(ws.connection, fingerprint, pending, through + 1)
        ws.custody.append(CustodyKind.GAP_ACCEPT, fact_hash(gap_fact(gap, pending)))
    return gap


def _vouched_reinstatement(
    ws: Workspace, fingerprint: str, through: int, acknowledged_in_gap: bool
) -> str | None:
    """The ``reinstated_at`` of the reinstatement the coordinator vouches for (None without the
    word): one still waiting, whose acknowledgement bundles after its last good one could hold."""
    if not acknowledged_in_gap:
        return None
    pending = import_state.awaiting_resumption(ws.connection, fingerprint)
    if pending is None or through <= pending[1]:
        raise NoAcknowledgementInGapError()
    return pending[0]


def _gap_ending(ws: Workspace, fingerprint: str, through: int) -> state.AcceptedGap | None:
    gaps = state.accepted_gaps(ws.connection, fingerprint)
    return next((g for g in gaps if g.through_sequence == through), None)


def awaiting_acknowledgement(ws: Workspace, fingerprint: str, through: int) -> bool:
    """Whether the device's bundle ``through`` + 1 imports only if its own custody log
    acknowledges a reinstatement still waiting for it (so, if a lost bundle carried that
    acknowledgement, it stays refused until that bundle is found or vouched for)."""
    pending = import_state.awaiting_resumption(ws.connection, fingerprint)
    return pending is not None and through > pending[1]


def reinstate_device(ws: Workspace, fingerprint: str, reason: str, out: Path) -> PackSent:
    """Undo the device's revocation and write the pack that tells it (to ``out``, a file or a
    folder). Its bundles after its last good one stay refused until one acknowledges this pack
    in its custody log; other devices learn of it from the next revocation packs."""
    device = find_enrolled_device(ws, fingerprint)
    reason = check_reason(reason)
    if device.revoked_at is None or device.last_good_sequence is None:
        raise DeviceNotRevokedError()
    with pack_transaction(ws) as batch:
        item = state.Reinstatement(
            device=fingerprint,
            revoked_at=device.revoked_at,
            last_good_sequence=device.last_good_sequence,
            reinstated_at=datetime.now(UTC).isoformat(),
            reason=reason,
            pack_sequence=device.packs_sent + 1,
            resumed_at=None,
        )
        state.mark_reinstated(ws.connection, item)
        ws.custody.append(CustodyKind.REINSTATE, fact_hash(reinstatement_fact(item)))
        payload = revocation_payload(ws, fingerprint)
        return batch.write(fingerprint, ManifestKind.REVOCATION, canonical_bytes(payload), out)


@dataclass(frozen=True)
class DeviceStanding:
    """What the coordinator needs to see of one device: its record, the last bundle imported,
    the gaps accepted and the reinstatements, oldest first."""

    device: state.DeviceRecord
    last_bundle: int
    accepted_gaps: tuple[state.AcceptedGap, ...]
    reinstatements: tuple[state.Reinstatement, ...]
    #: Consents and withdrawals received after a gap, waiting for their testimony to arrive.
    waiting_records: int = 0


def device_standings(ws: Workspace) -> list[DeviceStanding]:
    """Every enrolled device's standing (archive only)."""
    require_archive(ws)
    gaps = state.accepted_gaps(ws.connection)
    reinstated = state.reinstatements(ws.connection)
    waiting = waiting_state.waiting_counts(ws.connection)
    return [
        DeviceStanding(
            device,
            state.last_bundle_sequence(ws.connection, device.fingerprint),
            tuple(g for g in gaps if g.device == device.fingerprint),
            tuple(r for r in reinstated if r.device == device.fingerprint),
            waiting.get(device.fingerprint, 0),
        )
        for device in state.list_devices(ws.connection)
    ]
