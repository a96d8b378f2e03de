"""The withdrawal pack's payload: withdrawals of consent received at the office, for one device.

Canonical JSON, ``{"device": <fingerprint>, "format": "fieldapp-withdrawals/1",
"withdrawals": [<ConsentWithdrawal>, ...]}``: each withdrawal as the archive recorded it
(``services.office_withdrawals``) less what a field laptop has no need of — the office's notes
(which can say why a witness is afraid) and the name of whoever took the call: ``notes`` is
absent and ``received_by`` is ``OFFICE_RECEIVER`` (``domain.consent_remains``); a payload with
anything else there is refused. The archive keeps its full record. In the order received (then
by id), each id once. The payload names the device it is for, as a receipt does: the
testimonies it names are that device's, and a payload lifted into a pack for another device
must not be taken there.
"""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from fieldapp.domain import ConsentWithdrawal
from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import canonical_bytes, parse_canonical
from fieldapp.domain.consent_remains import is_office_withdrawal_told, office_withdrawal_told
from fieldapp.domain.fields import KeyFingerprint
from fieldapp.errors import FieldappError, PackRejectedError

WITHDRAWAL_PACK_FORMAT = "fieldapp-withdrawals/1"
#: An office hears of a few withdrawals a month; the archive splits a longer backlog into
#: several packs (``services.withdrawal_packs``), so the caps only bound a hostile payload.
MAX_PACK_WITHDRAWALS = 4096
#: Checked before parsing. A withdrawal carries no notes, so it is well under 2 KiB: a pack
#: of the most withdrawals allowed always fits.
MAX_WITHDRAWAL_PAYLOAD_BYTES = 16 * 1024 * 1024
REJECTED_WITHDRAWAL_PAYLOAD = "its withdrawals are damaged or it is not a withdrawal pack."


class WithdrawalPayload(DomainModel):
    format: Literal["fieldapp-withdrawals/1"]
    #: The device this pack is for, so that it cannot be carried to another.
    device: KeyFingerprint
    withdrawals: Annotated[
        tuple[ConsentWithdrawal, ...], Field(min_length=1, max_length=MAX_PACK_WITHDRAWALS)
    ]

    @model_validator(mode="after")
    def _in_order_each_once(self) -> "WithdrawalPayload":
        # One order, so that one set of withdrawals has one payload (and one digest).
        keys = [_order_key(w) for w in self.withdrawals]
        if keys != sorted(keys) or len({w.id for w in self.withdrawals}) != len(keys):
            raise ValueError("lists withdrawals out of order or one twice")
        # Only the form a laptop keeps: an archive never sends a coordinator's name or notes.
        if not all(is_office_withdrawal_told(w) for w in self.withdrawals):
            raise ValueError("carries what a laptop is not told")
        return self


def _order_key(withdrawal: ConsentWithdrawal) -> tuple[datetime, str]:
    return withdrawal.received_at, str(withdrawal.id)


def withdrawal_payload(
    device: str, withdrawals: tuple[ConsentWithdrawal, ...]
) -> WithdrawalPayload:
    """The payload telling ``device`` of ``withdrawals``: each in the form a laptop is told it
    (``office_withdrawal_told``), put in order here."""
    ordered = tuple(sorted((office_withdrawal_told(w) for w in withdrawals), key=_order_key))
    return WithdrawalPayload(format=WITHDRAWAL_PACK_FORMAT, device=device, withdrawals=ordered)


def withdrawal_payload_bytes(payload: WithdrawalPayload) -> bytes:
    return canonical_bytes(payload)


def parse_withdrawal_payload(raw: bytes) -> WithdrawalPayload:
    """The payload from its canonical bytes; ``PackRejectedError`` for anything else."""
    if len(raw) > MAX_WITHDRAWAL_PAYLOAD_BYTES:
        raise PackRejectedError(REJECTED_WITHDRAWAL_PAYLOAD)
    try:
        return parse_canonical(WithdrawalPayload, raw)
    except FieldappError as error:
        raise PackRejectedError(REJECTED_WITHDRAWAL_PAYLOAD) from error
