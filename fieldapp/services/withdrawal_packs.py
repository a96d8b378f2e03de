"""Withdrawal packs: the interviewer's laptop learns of a withdrawal received at the office.

A witness who calls the office to withdraw "recontact" must not be contacted again by the
interviewer whose laptop still holds the old consent. So the archive tells that laptop, in a
pack signed by the coordinator it trusts, as it does receipts.

On the archive, ``write_withdrawal_packs`` finds, for each enrolled device not revoked, the
office withdrawals of testimonies that device sent (``record_sources``) which it has not been
sent yet (``office_withdrawals_sent``), and writes them — without the office's notes or the
name of who took the call (``sync.withdrawal_pack``) — in one pack per device (several for a
backlog beyond a pack's caps), all in one transaction. A lost pack goes again, byte for byte,
with `pack resend` (``pack_copies``).

On a device, the handler checks that each withdrawal names a testimony this laptop holds or
held (a purged one keeps its row and consents) with the same witness, and a consent version it
has, and stores it in ``office_withdrawals`` in the transaction that records the pack; one
already there is nothing new; anything else refuses the whole pack. The laptop's consent in
force then counts them as the archive does (``office_withdrawals.consent_in_force``,
``consent_at_archive``); they never travel back in a bundle (they are the archive's records).
Each is marked told at the time of the pack's own ``pack_apply`` event (``_told``, the earliest
if several packs carried it); the archive reads the same time off that event in the laptop's
next bundle (``import_chain``), matched by the digest it kept with each withdrawal sent.

Importing this module registers the handler (the CLI and the desktop app import it).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldapp.domain import ConsentWithdrawal, CustodyEvent, canonical_bytes, parse_canonical
from fieldapp.domain.consent_remains import office_withdrawal_told
from fieldapp.errors import FolderNotFoundError, PackRejectedError
from fieldapp.services.archive import require_archive
from fieldapp.services.pack_writing import PackSent, pack_transaction
from fieldapp.services.packs import named_elsewhere, register_pack_handler
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import OpenedPack
from fieldapp.sync.withdrawal_pack import (
    MAX_PACK_WITHDRAWALS,
    MAX_WITHDRAWAL_PAYLOAD_BYTES,
    parse_withdrawal_payload,
    withdrawal_payload,
    withdrawal_payload_bytes,
)
from fieldapp.workspace import Workspace, office_told
from fieldapp.workspace import archive_state as state

REJECTED_UNKNOWN_TESTIMONY = (
    "it names a testimony this laptop never held, or not with the witness and consent this"
    " laptop holds."
)
REJECTED_WITHDRAWAL_CHANGED = (
    "it gives a withdrawal under the id of one this laptop holds, but not the same withdrawal."
)
# Room left in a payload for its format, device and brackets.
_PAYLOAD_OVERHEAD = 256


@dataclass(frozen=True)
class WithdrawalPackSent:
    """One withdrawal pack written, and what it tells its device."""

    pack: PackSent
    withdrawals: int
    testimonies: int


# --- the archive ---------------------------------------------------------------------------------


def write_withdrawal_packs(ws: Workspace, out_folder: Path) -> list[WithdrawalPackSent]:
    """Tell each enrolled device not revoked of the office withdrawals of testimonies it sent
    that it has not been told of: all the packs are written, or none."""
    require_archive(ws)
    if not out_folder.is_dir():
        raise FolderNotFoundError(f"The folder {out_folder} does not exist; nothing was written.")
    devices = [d.fingerprint for d in state.list_devices(ws.connection) if not d.revoked]
    written: list[WithdrawalPackSent] = []
    with pack_transaction(ws, out_folder) as batch:
        for device in devices:
            for chunk in _chunks(_not_sent(ws, device)):
                payload = withdrawal_payload_bytes(withdrawal_payload(device, chunk))
                sent = batch.write(device, ManifestKind.WITHDRAWAL, payload, out_folder)
                # With the pack's digest: the device's pack_apply event names it, which tells
                # the archive when the device was told of each (``office_told``).
                office_told.record_sent(
                    ws.connection, device, [str(w.id) for w in chunk], sent.digest
                )
                testimonies = len({w.testimony_id for w in chunk})
                written.append(WithdrawalPackSent(sent, len(chunk), testimonies))
    return written


def _not_sent(ws: Workspace, device: str) -> list[ConsentWithdrawal]:
    """The office withdrawals of testimonies ``device`` sent that it was not sent yet."""
    # Driven from the office's few withdrawals: record_sources, a row per testimony version
    # received, is only looked up by its key (id first), never scanned.
    rows = ws.connection.execute(
        "SELECT o.body FROM office_withdrawals o"
        " WHERE EXISTS (SELECT 1 FROM record_sources s WHERE s.id = o.testimony_id"
        " AND s.device = ?)"
        " AND NOT EXISTS (SELECT 1 FROM office_withdrawals_sent t"
        " WHERE t.device = ? AND t.withdrawal_id = o.id)"
        " ORDER BY o.rowid",
        (device, device),
    )
    # As a laptop is told them (no notes, no coordinator's name): what the payload carries,
    # so that the runs are cut at its real size.
    return [office_withdrawal_told(parse_canonical(ConsentWithdrawal, bytes(b))) for (b,) in rows]


def _chunks(withdrawals: list[ConsentWithdrawal]) -> Iterator[tuple[ConsentWithdrawal, ...]]:
    """``withdrawals`` in runs that each fit one payload's caps (in practice one run)."""
    run: list[ConsentWithdrawal] = []
    size = _PAYLOAD_OVERHEAD
    for withdrawal in withdrawals:
        length = len(canonical_bytes(withdrawal)) + 1
        full = len(run) == MAX_PACK_WITHDRAWALS or size + length > MAX_WITHDRAWAL_PAYLOAD_BYTES
        if run and full:
            yield tuple(run)
            run, size = [], _PAYLOAD_OVERHEAD
        run.append(withdrawal)
        size += length
    if run:
        yield tuple(run)


# --- the device ----------------------------------------------------------------------------------


def _apply_withdrawals(ws: Workspace, _pack: OpenedPack, raw: bytes) -> dict[str, Any]:
    payload = parse_withdrawal_payload(raw)
    if payload.device != ws.fingerprint:
        raise named_elsewhere(ws, payload.device)
    received: list[ConsentWithdrawal] = []
    for withdrawal in payload.withdrawals:
        _check_held(ws, withdrawal)
        if _already_held(ws, withdrawal):
            continue  # told before (the archive's record of what it sent was lost): nothing new
        ws.repository.add_office_withdrawal(withdrawal)
        received.append(withdrawal)
    return {
        "withdrawals": len(received),
        "testimonies": len({w.testimony_id for w in received}),
        "unchanged": len(payload.withdrawals) - len(received),
        "received": [
            {
                "id": str(w.id),
                "testimony_id": str(w.testimony_id),
                "scopes": [scope.value for scope in w.scopes],
            }
            for w in received
        ],
    }


def _check_held(ws: Workspace, withdrawal: ConsentWithdrawal) -> None:
    """The testimony is here (its row stays after a purge), of the same witness, and has the
    consent version the withdrawal names: the archive only knows what this laptop sent it."""
    key = str(withdrawal.testimony_id)
    row = ws.connection.execute(
        "SELECT pseudonym FROM testimonies WHERE id = ? AND +is_latest = 1", (key,)
    ).fetchone()
    latest = ws.connection.execute(
        "SELECT max(version) FROM consents WHERE testimony_id = ?", (key,)
    ).fetchone()[0]
    if row is None or row[0] != withdrawal.pseudonym or latest is None:
        raise PackRejectedError(REJECTED_UNKNOWN_TESTIMONY)
    if withdrawal.applies_to_version > int(latest):
        raise PackRejectedError(REJECTED_UNKNOWN_TESTIMONY)


def _already_held(ws: Workspace, withdrawal: ConsentWithdrawal) -> bool:
    """Whether this very withdrawal is here; refused if its id is taken by another."""
    key = str(withdrawal.id)
    office = ws.connection.execute(
        "SELECT body FROM office_withdrawals WHERE id = ?", (key,)
    ).fetchone()
    own = ws.connection.execute("SELECT 1 FROM withdrawals WHERE id = ?", (key,)).fetchone()
    if own is not None or (office is not None and bytes(office[0]) != canonical_bytes(withdrawal)):
        raise PackRejectedError(REJECTED_WITHDRAWAL_CHANGED)
    return office is not None


def _told(ws: Workspace, raw: bytes, event: CustodyEvent) -> None:
    """Every withdrawal the pack carried, new or held before, was told to this laptop by its
    ``pack_apply`` event (its place in the log and its time; the earliest is kept): the consent
    versions it takes after have signed events later in the same log (``consent_at_archive``).
    Run in the pack's transaction."""
    payload = parse_withdrawal_payload(raw)
    told = [str(w.id) for w in payload.withdrawals]
    office_told.mark_told(ws.connection, told, event.claimed_at, event.seq)


register_pack_handler(ManifestKind.WITHDRAWAL, _apply_withdrawals, _told)
