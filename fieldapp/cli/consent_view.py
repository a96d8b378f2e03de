"""The consent in force as ``testimony show`` prints it, and ``consent withdraw`` on either role.

On a laptop a withdrawal is the witness's record, carried in the next bundle; on the archive it
is one received at the office (``services.office_withdrawals``), in force at once.
"""

import argparse
from typing import Any
from uuid import UUID

from fieldapp.domain import ConsentScope, ConsentWithdrawal
from fieldapp.errors import ValidationFailedError
from fieldapp.services import editing, office_withdrawals, records
from fieldapp.workspace import Role, Workspace

LAPTOP = "laptop"
OFFICE = "office"


def scopes_of(text: str) -> list[ConsentScope]:
    """The scopes of a comma-separated list; ValidationFailedError naming the valid ones."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    valid = {scope.value: scope for scope in ConsentScope}
    unknown = [name for name in names if name not in valid]
    if unknown or not names:
        raise ValidationFailedError(
            "Name the scopes withdrawn, from: " + ", ".join(valid) + ".", fields=("scopes",)
        )
    return [valid[name] for name in names]


def record_withdrawal(
    ws: Workspace, testimony_id: UUID, args: argparse.Namespace
) -> tuple[ConsentWithdrawal, bool, tuple[ConsentScope, ...]]:
    """The withdrawal ``consent withdraw`` asks for, recorded; whether at the office; and, at
    the office, the scopes it names that were already not allowed (recorded all the same).
    The two services take the same fields: only where the withdrawal was heard differs."""
    fields: dict[str, Any] = {
        "received_by": args.by,
        "how_received": args.how,
        "notes": args.notes,
    }
    scopes = scopes_of(args.scopes)
    if ws.role is Role.ARCHIVE:
        recorded = office_withdrawals.record_office_withdrawal(ws, testimony_id, scopes, **fields)
        return recorded.withdrawal, True, recorded.already_not_allowed
    records.require_device(ws)  # said before the scopes are weighed, as it always was
    return editing.record_withdrawal(ws, testimony_id, scopes, **fields), False, ()


def already_not_allowed_note(
    withdrawal: ConsentWithdrawal, scopes: tuple[ConsentScope, ...]
) -> str:
    """What ``consent withdraw`` adds when the office withdrew uses already not allowed."""
    names = ", ".join(scope.value for scope in scopes)
    return (
        f"Already not allowed by consent version {withdrawal.applies_to_version}: {names}."
        " Withdrawn all the same: a later version the laptop took before it was told of this"
        " withdrawal does not allow them either."
    )


def withdrawal_document(withdrawal: ConsentWithdrawal, *, at_office: bool) -> dict[str, Any]:
    return {
        "id": str(withdrawal.id),
        "source": OFFICE if at_office else LAPTOP,
        "applies_to_version": withdrawal.applies_to_version,
        "received_at": withdrawal.received_at.isoformat(),
        "received_by": withdrawal.received_by,
        "how_received": withdrawal.how_received.value,
        "scopes": [scope.value for scope in withdrawal.scopes],
        "notes": withdrawal.notes,
    }


def consent_document(ws: Workspace, testimony_id: UUID) -> dict[str, Any]:
    """The consent in force: its version, the scopes allowed now, and every withdrawal with
    whether it still holds. Where the history cannot be worked out, ``problem`` says why and
    nothing is allowed."""
    try:
        in_force = office_withdrawals.consent_in_force(ws, testimony_id)
        version, allowed, problem = in_force.version, in_force.allowed_scopes(), None
    except ValidationFailedError as error:
        version, allowed, problem = None, frozenset(), error.message
    history = office_withdrawals.withdrawal_history(ws, testimony_id)
    return {
        "version": version,
        "allowed": sorted(scope.value for scope in allowed),
        "problem": problem,
        "withdrawals": [
            {
                **withdrawal_document(entry.withdrawal, at_office=entry.at_office),
                "in_force": entry.in_force,
            }
            for entry in history
        ],
    }


def print_consent(document: dict[str, Any]) -> None:
    if document["problem"]:
        print(f"consent in force: cannot be worked out ({document['problem']})")
    elif document["version"] is None:
        print("consent in force: none recorded")
    else:
        allowed = ", ".join(document["allowed"]) or "nothing"
        print(f"consent in force: version {document['version']}, allows {allowed}")
    if document["withdrawals"]:
        print("withdrawals:")
    for item in document["withdrawals"]:
        where = "at the office" if item["source"] == OFFICE else "on the laptop"
        holds = {True: "in force", False: "superseded by a later version", None: "unknown"}
        print(
            f"  {', '.join(item['scopes'])}: received {item['received_at'][:10]}"
            f" {where} ({item['how_received']}), {holds[item['in_force']]}"
        )
