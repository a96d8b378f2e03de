"""Withdrawals of consent received at the organisation's office, recorded on the archive.

A witness often reaches the office (a phone call, a letter) rather than the interviewer who
holds the laptop. Waiting for that laptop's next bundle could take weeks, in which the archive
would still use the testimony for what the witness withdrew; so the coordinator records the
withdrawal on the archive at once. It is a ``ConsentWithdrawal`` like a device's, stored apart
from what devices sent (``office_withdrawals``), so the import's rules, which compare what a
device sends with what it sent before, see nothing new; each comes with a custody event signed
by the archive's key, and the audit matches the two both ways (``audit_records``).

How an office withdrawal counts against consent versions a bundle brings later is the domain's
rule (``fieldapp.domain.consent.consent_at_archive``): it holds against every version until the
interviewer, told of it by a withdrawal pack (``withdrawal_packs``), takes consent again: a
version whose signed ``consent`` event follows the laptop's own signed ``pack_apply`` event in
its log (``workspace.office_told``; no clock involved).

A withdrawal is never refused for naming a use the version held already does not allow: it can
only take uses away, and the archive may not hold the newest version (one taken on the laptop
before the call, in a bundle still to come, may allow that use). It is recorded, and the caller
told which of its uses were already not allowed (``OfficeWithdrawalRecorded``).
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
    parse_canonical,
    validate_model,
)
from fieldapp.domain.consent import (
    EffectiveConsent,
    OfficeWithdrawal,
    consent_at_archive,
    office_withdrawal_in_force,
)
from fieldapp.errors import ConsentNotHeldError, ValidationFailedError, WrongRoleError
from fieldapp.services.import_report import AllowedAgain
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.database import transaction


@dataclass(frozen=True)
class OfficeWithdrawalRecorded:
    """A withdrawal recorded at the office, and what it changed nothing about now."""

    withdrawal: ConsentWithdrawal
    #: The scopes named that the consent in force already did not allow (by the version the
    #: archive held): recorded all the same, against a later version that would allow them.
    already_not_allowed: tuple[ConsentScope, ...] = ()


def record_office_withdrawal(
    ws: Workspace,
    testimony_id: UUID,
    scopes: Iterable[ConsentScope],
    *,
    received_by: str,
    how_received: str,
    notes: str | None = None,
) -> OfficeWithdrawalRecorded:
    """Record on the archive that the witness withdrew ``scopes``, received at the office now.

    It names the archive's latest consent version (``applies_to_version``): that version and
    any a later bundle brings stay withdrawn until one is taken after the laptop was told of it
    (``consent_at_archive``). Every scope named is recorded, even one the consent in force
    already does not allow (said in ``already_not_allowed``): a version the archive does not
    hold yet may allow it. Refused, with nothing changed, only on a device (WrongRoleError), for
    a testimony the archive does not hold (RecordNotFoundError, RecordPurgedError), one whose
    consent it does not hold yet (ConsentNotHeldError), and for no scope at all
    (ValidationFailedError).
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
        already = _not_allowed(ws, withdrawal)
        body = canonical_bytes(withdrawal)
        ws.repository.add_office_withdrawal(withdrawal)
        ws.custody.append(
            CustodyKind.WITHDRAW, hashlib.sha256(body).hexdigest(), record_id=testimony_id
        )
    return OfficeWithdrawalRecorded(withdrawal, tuple(already))


def consent_in_force(ws: Workspace, testimony_id: UUID) -> EffectiveConsent:
    """What the witness allows now: the device's consent less the withdrawals received at the
    office (``consent_at_archive``) — on the archive those it recorded, on a device those a
    withdrawal pack told it of (``withdrawal_packs``), so that both reach the same answer.

    ValidationFailedError where the history cannot be worked out (a version is missing); lists
    filtered by ``TestimonyFilter.allowed_for`` leave such a testimony out."""
    repo = ws.repository
    consents = repo.consents_for(testimony_id)
    withdrawals = repo.withdrawals_for(testimony_id)
    office = repo.told_office_withdrawals_for(testimony_id)
    return consent_at_archive(consents, withdrawals, office)


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
        WithdrawalEntry(
            o.withdrawal, True, None if latest is None else office_withdrawal_in_force(o, latest)
        )
        for o in ws.repository.told_office_withdrawals_for(testimony_id)
    ]
    return sorted(entries, key=lambda entry: entry.withdrawal.received_at)


def told_office_withdrawals_for(ws: Workspace, testimony_id: UUID) -> list[OfficeWithdrawal]:
    """The office's withdrawals of ``testimony_id``, each with the versions taken after the
    laptop that holds the testimony was told of it (None until known here): what
    ``consent_at_archive`` weighs."""
    return ws.repository.told_office_withdrawals_for(testimony_id)


def superseded(ws: Workspace, device: str) -> set[str]:
    """On the archive: the ids of the office withdrawals sent to ``device`` that a consent
    version supersedes now (``consent_at_archive``). Only those its laptop was told of can be:
    a few rows, looked at before and after each of its bundles (``allowed_again``)."""
    rows = ws.connection.execute(
        "SELECT DISTINCT o.testimony_id FROM office_withdrawals o"
        " JOIN office_withdrawals_sent s ON s.withdrawal_id = o.id"
        " WHERE s.device = ? AND o.told_seq IS NOT NULL",
        (device,),
    )
    found: set[str] = set()
    for (testimony_id,) in rows.fetchall():
        key = UUID(str(testimony_id))
        try:
            latest = consent_in_force(ws, key).record
        except ValidationFailedError:
            continue  # the history cannot be worked out: nothing is allowed, nothing again
        if latest is None:
            continue
        found |= {
            str(o.withdrawal.id)
            for o in ws.repository.told_office_withdrawals_for(key)
            if not office_withdrawal_in_force(o, latest)
        }
    return found


def allowed_again(ws: Workspace, device: str, before: set[str]) -> list[AllowedAgain]:
    """What a bundle from ``device`` gave back: each office withdrawal superseded now that was
    not before it (``before``: ``superseded`` then), with the uses it took that the consent
    version now in force allows again (none: not said, nothing is allowed again)."""
    found: list[AllowedAgain] = []
    for key in sorted(superseded(ws, device) - before):
        row = ws.connection.execute(
            "SELECT body FROM office_withdrawals WHERE id = ?", (key,)
        ).fetchone()
        withdrawal = parse_canonical(ConsentWithdrawal, bytes(row[0]))
        in_force = consent_in_force(ws, withdrawal.testimony_id)
        scopes = [scope.value for scope in withdrawal.scopes if in_force.allows(scope)]
        if scopes and in_force.version is not None:
            found.append(
                AllowedAgain(
                    str(withdrawal.testimony_id),
                    in_force.version,
                    withdrawal.received_at.isoformat(),
                    scopes,
                )
            )
    return found


def _not_allowed(ws: Workspace, withdrawal: ConsentWithdrawal) -> list[ConsentScope]:
    """The scopes named that the consent in force already does not allow (recorded all the
    same: only a note for the coordinator)."""
    try:
        in_force = consent_in_force(ws, withdrawal.testimony_id)
    except ValidationFailedError:
        # The history cannot be worked out (a version was in a bundle lost on the way, its gap
        # accepted): what is allowed now is not known, so nothing is said of it.
        return []
    return [scope for scope in withdrawal.scopes if not in_force.allows(scope)]


def _require_archive(ws: Workspace) -> None:
    if ws.role is not Role.ARCHIVE:
        raise WrongRoleError(
            "A withdrawal received at the office is recorded on the archive; on a laptop,"
            " record it as the witness's withdrawal."
        )
