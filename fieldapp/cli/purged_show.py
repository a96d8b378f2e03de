"""``testimony show`` of a testimony whose content this laptop purged: what remains of it.

Not the refusal alone: the id and pseudonym, each version's content hash and the bundle that
carried it, the receipt that confirmed each bundle, when the content was removed, the consent
in force, and the signed custody events with the export and the receipt among them
(``services.purged_view``). Nothing of the content is kept, so none is printed.
"""

from dataclasses import asdict
from typing import Any
from uuid import UUID

from fieldapp.cli import consent_view
from fieldapp.cli.output import print_json
from fieldapp.errors import RecordPurgedError
from fieldapp.services import purged_view
from fieldapp.services.purged_view import Delivery, KeptVersion, PurgedRemains
from fieldapp.workspace import Workspace

#: The JSON status of such a testimony, and its text.
STATUS = "purged"
CONTENT = "removed from this laptop; the archive holds it"


def show_remains(ws: Workspace, testimony_id: UUID, *, as_json: bool) -> int:
    """Print what remains of a purged testimony (JSON or text); RecordPurgedError if nothing
    of it can be read here after all."""
    remains = purged_view.purged_remains(ws, testimony_id)
    if remains is None:
        raise RecordPurgedError()
    consent = consent_view.consent_document(ws, testimony_id)
    if as_json:
        print_json(_document(remains, consent))
        return 0
    print(f"id: {remains.testimony_id}")
    print(f"status: {STATUS}")
    print(f"pseudonym: {remains.pseudonym}")
    when = "" if remains.purged_at is None else f" at {remains.purged_at[:19]} (as claimed)"
    print(f"content: removed from this laptop{when}; the archive holds it")
    for version in remains.versions:
        print(_version_line(version))
    for delivery in remains.deliveries:
        print(_delivery_line(delivery))
    print(f"consent versions: {len(remains.consents)}")
    consent_view.print_consent(consent)
    print("custody:")
    for entry in remains.custody:
        version_text = "" if entry.record_version is None else f" version {entry.record_version}"
        signed = "signature good" if entry.verified else "SIGNATURE NOT VALID"
        print(
            f"  {entry.source} {entry.actor} event {entry.seq}: {entry.kind}{version_text},"
            f" at {entry.claimed_at[:19]} (as claimed), {signed}"
        )
    return 0


def _document(remains: PurgedRemains, consent: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(remains.testimony_id),
        "status": STATUS,
        "pseudonym": remains.pseudonym,
        "content": CONTENT,
        "purged_at": remains.purged_at,
        "versions": [asdict(version) for version in remains.versions],
        "deliveries": [asdict(delivery) for delivery in remains.deliveries],
        "consent_versions": len(remains.consents),
        "consent_in_force": consent,
        "custody": [asdict(entry) for entry in remains.custody],
    }


def _version_line(version: KeptVersion) -> str:
    carried = (
        "carried by no bundle"
        if version.bundle_sequence is None
        else f"carried by bundle {version.bundle_sequence}"
    )
    return f"version {version.version}: content hash {version.content_hash or '-'}, {carried}"


def _delivery_line(delivery: Delivery) -> str:
    bundle = (
        f"bundle {delivery.bundle_sequence} ({delivery.bundle_id}),"
        f" made {delivery.bundle_made_at[:19]}"
    )
    if delivery.receipt_applied_at is None:
        return f"{bundle}: no receipt applied here names it yet"
    return (
        f"{bundle}: confirmed by the archive's receipt (pack {delivery.receipt_sequence}),"
        f" applied {delivery.receipt_applied_at[:19]}"
    )
