"""Withdrawals of consent received at the organisation's office, recorded on the archive.

A witness often reaches the office (a phone call, a letter) rather than the interviewer who
holds the laptop. Waiting for that laptop's next bundle could take weeks, in which the archive
would still use the testimony for what the witness withdrew; so the coordinator records the
withdrawal on the archive at once. It is a ``ConsentWithdrawal`` like a device's, stored apart
from what devices sent (``office_withdrawals``), so the import's rules, which compare what a
device sends with what it sent before, see nothing new; each comes with a custody event signed
by the archive's key, and the audit matches the two both ways (``audit_records``).

How an office withdrawal counts against consent versions a bundle brings later is the domain's
rule (``fieldapp.domain.consent.consent_at_archive``): it holds against every version taken
before it was received, and gives way to one taken after.

The interviewer's laptop is told of them in a withdrawal pack (``withdrawal_packs``).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from fieldapp.domain import (
    ConsentScope,
    ConsentWithdrawal,
    CustodyKind,
    canonical_bytes,
    validate_model,
)
from fieldapp.domain.consent import (
    EffectiveConsent,
    consent_at_archive,
    office_withdrawal_in_force,
)
from fieldapp.errors import (
    ConsentNotHeldError,
    ScopesNotAllowedError,
    ValidationFailedError,
    WrongRoleError,
)
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.database import transaction


def record_office_withdrawal(
    ws: Workspace,
    testimony_id: UUID,
    scopes: Iterable[ConsentScope],
    *,
    received_by: str,
    how_received: str,
    notes: str | None = None,
) -> ConsentWithdrawal:
    """Record on the archive that the witness withdrew ``scopes``, received at the office now.

    It names the archive's latest consent version (``applies_to_version``): that version and
    any a later bundle brings that was taken before now stay withdrawn (``consent_at_archive``).
    Refused, with nothing changed, on a
    device (WrongRoleError), for a testimony the archive does not hold (RecordNotFoundError,
    RecordPurgedError), one whose consent it does not hold yet (ConsentNotHeldError), and for a
    scope the consent in force already does not allow (ScopesNotAllowedError). Where the consent
    in force cannot be worked out (a version lost with a bundle), it is recorded unchecked.
    """
    _require_archive(ws)
    with transaction(ws.connection):
        testimony = ws.repository.get_testimony(testimony_id)
        consents = ws.repository.consents_for(testimony_id)
        if not consents:
            raise ConsentNotHeldError()
        withdrawal = validate_model(
            ConsentWithdrawal,
            {
                "id": uuid4(),
                "testimony_id": testimony_id,
                "pseudonym": testimony.pseudonym,
                "applies_to_version": max(consent.version for consent in consents),
                "received_at": datetime.now(UTC),
                "received_by": received_by,
                "how_received": how_received,
                "scopes": tuple(scopes),
                "notes": notes or None,
            },
        )
        refused = _not_allowed(ws, withdrawal)
        if refused:
            raise ScopesNotAllowedError(scopes=[scope.value for scope in refused])
        body = canonical_bytes(withdrawal)
        ws.repository.add_office_withdrawal(withdrawal)
        ws.custody.append(
            CustodyKind.WITHDRAW, hashlib.sha256(body).hexdigest(), record_id=testimony_id
        )
    return withdrawal


def consent_in_force(ws: Workspace, testimony_id: UUID) -> EffectiveConsent:
    """What the witness allows now: the device's consent less the withdrawals received at the
    office (``consent_at_archive``) — on the archive those it recorded, on a device those a
    withdrawal pack told it of (``withdrawal_packs``), so that both reach the same answer.

    ValidationFailedError where the history cannot be worked out (a version is missing); lists
    filtered by ``TestimonyFilter.allowed_for`` leave such a testimony out."""
    repo = ws.repository
    consents = repo.consents_for(testimony_id)
    withdrawals = repo.withdrawals_for(testimony_id)
    return consent_at_archive(consents, withdrawals, repo.office_withdrawals_for(testimony_id))


def office_withdrawals_for(ws: Workspace, testimony_id: UUID) -> list[ConsentWithdrawal]:
    """The withdrawals of ``testimony_id`` received at the office, in the order recorded (on a
    device, in the order its withdrawal packs brought them)."""
    return ws.repository.office_withdrawals_for(testimony_id)


@dataclass(frozen=True)
class WithdrawalEntry:
    """One withdrawal as a reader of the testimony sees it."""

    withdrawal: ConsentWithdrawal
    #: Received at the office and recorded on the archive; else the laptop's own record.
    at_office: bool
    #: Whether it still takes its scopes away: False once a later consent version superseded
    #: it; None where the consent in force cannot be worked out (a version is missing).
    in_force: bool | None


def withdrawal_history(ws: Workspace, testimony_id: UUID) -> list[WithdrawalEntry]:
    """Every withdrawal of the testimony, the device's and the office's, oldest received first."""
    try:
        latest = consent_in_force(ws, testimony_id).record
    except ValidationFailedError:
        latest = None  # the history cannot be worked out: whether each holds is not known
    version = None if latest is None else latest.version
    entries = [
        WithdrawalEntry(w, False, None if version is None else w.applies_to_version == version)
        for w in ws.repository.withdrawals_for(testimony_id)
    ]
    entries += [
        WithdrawalEntry(w, True, None if latest is None else office_withdrawal_in_force(w, latest))
        for w in office_withdrawals_for(ws, testimony_id)
    ]
    return sorted(entries, key=lambda entry: entry.withdrawal.received_at)


def _not_allowed(ws: Workspace, withdrawal: ConsentWithdrawal) -> list[ConsentScope]:
    """The scopes named that the consent in force already does not allow."""
    try:
        in_force = consent_in_force(ws, withdrawal.testimony_id)
    except ValidationFailedError:
        # The history cannot be worked out (a version was in a bundle lost on the way, its gap
        # accepted): the withdrawal is recorded all the same, since it can only take uses away
        # and must never wait for the lost version.
        return []
    return [scope for scope in withdrawal.scopes if not in_force.allows(scope)]


def _require_archive(ws: Workspace) -> None:
    if ws.role is not Role.ARCHIVE:
        raise WrongRoleError(
            "A withdrawal received at the office is recorded on the archive; on a laptop,"
            " record it as the witness's withdrawal."
        )
