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
- where the archive has every bundle the device sent, the consents and withdrawals it holds and
  those the bundle brings still give a consent in force (versions 1, 2, … without a gap, each
  withdrawal of a version that exists). After a lost bundle (an accepted gap, a reinstatement)
  the missing versions may be in the lost bundle, so only the witness is checked: a withdrawal
  is never blocked for a version the archive cannot see yet.

Records that wait for their testimony (``import_waiting``) are checked when it arrives.
"""

from collections.abc import Sequence
from uuid import UUID

from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    Testimony,
    effective_consent,
)
from fieldapp.errors import BundleRejectedError, ValidationFailedError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.workspace import Workspace
from fieldapp.workspace import import_state as state

REJECTED_CAPTURED_ELSEWHERE = "an attachment it carries claims to come from another device"
REJECTED_NO_CONSENT = "it carries a testimony without the witness's consent"
REJECTED_OTHER_WITNESS = "a consent or withdrawal it carries names another witness"
REJECTED_CONSENT_RULES = (
    "its consents and withdrawals do not follow on from those the archive holds"
)

_ConsentRecords = tuple[list[ConsentRecord], list[ConsentWithdrawal]]


def check_attachments(bundle: OpenedBundle, attachments: Sequence[Attachment]) -> None:
    """Every attachment claims capture by the bundle's own device."""
    if any(attachment.device != bundle.device for attachment in attachments):
        raise BundleRejectedError(REJECTED_CAPTURED_ELSEWHERE)


def check_first_consents(
    ws: Workspace,
    bundle: OpenedBundle,
    testimonies: Sequence[Testimony],
    consents: Sequence[ConsentRecord],
) -> None:
    """A testimony's first version, new to the archive, comes with a consent (in the bundle, or
    waiting for it from the same device)."""
    with_consent = {consent.testimony_id for consent in consents}
    for testimony in testimonies:
        if testimony.version != 1 or testimony.id in with_consent:
            continue
        if ws.repository.testimony_exists(testimony.id):
            continue
        if not state.consent_waits(ws.connection, testimony.id, bundle.device):
            raise BundleRejectedError(REJECTED_NO_CONSENT)


def check_consents(
    ws: Workspace,
    bundle: OpenedBundle,
    testimonies: Sequence[Testimony],
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal],
    waiting: set[UUID],
) -> None:
    """The bundle's consents and withdrawals keep the consent rules (see the module)."""
    carried = _by_testimony(consents, withdrawals)
    witnesses = {t.id: t.pseudonym for t in sorted(testimonies, key=lambda t: t.version)}
    complete = not state.has_excused_sequences(ws.connection, bundle.device)
    for testimony_id, (new_consents, new_withdrawals) in carried.items():
        if testimony_id in waiting:
            continue
        witness = witnesses.get(testimony_id) or state.testimony_pseudonym(
            ws.connection, testimony_id
        )
        if any(r.pseudonym != witness for r in [*new_consents, *new_withdrawals]):
            raise BundleRejectedError(REJECTED_OTHER_WITNESS)
        if complete:
            _check_in_force(ws, testimony_id, new_consents, new_withdrawals)


def _by_testimony(
    consents: Sequence[ConsentRecord], withdrawals: Sequence[ConsentWithdrawal]
) -> dict[UUID, _ConsentRecords]:
    grouped: dict[UUID, _ConsentRecords] = {}
    for consent in consents:
        grouped.setdefault(consent.testimony_id, ([], []))[0].append(consent)
    for withdrawal in withdrawals:
        grouped.setdefault(withdrawal.testimony_id, ([], []))[1].append(withdrawal)
    return grouped


def _check_in_force(
    ws: Workspace,
    testimony_id: UUID,
    new_consents: list[ConsentRecord],
    new_withdrawals: list[ConsentWithdrawal],
) -> None:
    """The consent in force can still be worked out once the bundle's records are added. (A
    version or withdrawal the archive already holds, sent again, is compared with its copy
    when stored.)"""
    by_version = {c.version: c for c in ws.repository.consents_for(testimony_id)}
    by_version.update((c.version, c) for c in new_consents)
    by_id = {w.id: w for w in ws.repository.withdrawals_for(testimony_id)}
    by_id.update((w.id, w) for w in new_withdrawals)
    try:
        effective_consent(list(by_version.values()), list(by_id.values()))
    except ValidationFailedError:
        raise BundleRejectedError(REJECTED_CONSENT_RULES) from None
