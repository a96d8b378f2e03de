"""Use cases of the testimony editor: a blank draft, consent and withdrawal from a form, the
witness's identity from a form, and a record's custody history.

The editor builds records field by field; these functions add what the program sets (ids,
versions, pseudonym, times) and hand the result to ``records``, so the editor and the CLI store
through the same rules.
"""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from fieldapp.domain import (
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    CustodyEvent,
    Testimony,
    WitnessIdentity,
    consent_at_archive,
    new_pseudonym,
    parse_canonical,
    validate_model,
)
from fieldapp.services import records
from fieldapp.services.records import TestimonyRecord
from fieldapp.workspace import Workspace

#: What a blank draft says until the interviewer fills the form in. The checklist does not
#: block on these (they are valid values), so the editor warns about them before sealing.
PLACEHOLDER_TITLE = "Untitled testimony"
PLACEHOLDER_PLACE = "not recorded"
DEFAULT_INTERVIEWER = "interviewer"
#: Most witnesses this program was made for speak Korean.
DEFAULT_LANGUAGE = "ko"
DEFAULT_RECORDING_MODE = "notes"


def new_draft(ws: Workspace, interviewer: str | None = None) -> Testimony:
    """Store and return a blank draft with a fresh pseudonym code, started now."""
    records.require_device(ws)  # said before any field is weighed
    testimony = validate_model(
        Testimony,
        {
            "id": uuid4(),
            "pseudonym": new_pseudonym(avoid=ws.repository.pseudonyms()),
            "interviewer": interviewer or _last_interviewer(ws) or DEFAULT_INTERVIEWER,
            # Whole seconds: the editor's time fields hold no more, and a draft that changed
            # by a fraction of a second on its first save would look edited.
            "started_at": datetime.now(UTC).replace(microsecond=0),
            "interview_place": PLACEHOLDER_PLACE,
            "language": DEFAULT_LANGUAGE,
            "recording_mode": DEFAULT_RECORDING_MODE,
            "title": PLACEHOLDER_TITLE,
        },
    )
    return records.create_testimony(ws, testimony)


def _last_interviewer(ws: Workspace) -> str | None:
    # The person at this laptop is usually the one who recorded the last testimony on it.
    # (From the summary: the latest record may have been purged, its body gone.)
    latest = ws.repository.list_testimonies(records.TestimonyFilter(limit=1))
    return (latest[0].interviewer or None) if latest else None


def placeholders_left(testimony: Testimony) -> list[str]:
    """The fields of ``testimony`` that still hold a blank draft's placeholder."""
    left = []
    if testimony.title == PLACEHOLDER_TITLE:
        left.append("title")
    if testimony.interview_place == PLACEHOLDER_PLACE:
        left.append("interview_place")
    return left


def content_allowed(record: TestimonyRecord) -> bool:
    """Whether the consent in force lets the testimony's content be recorded (archiving),
    counting withdrawals received at the office (a device hears of them in a pack)."""
    consent = consent_at_archive(record.consents, record.withdrawals, record.office_withdrawals)
    return consent.allows(ConsentScope.ARCHIVE)


def record_consent(ws: Workspace, testimony_id: UUID, fields: Mapping[str, Any]) -> ConsentRecord:
    """The next consent version from a form's ``fields`` (everything but the ids and version)."""
    records.require_device(ws)  # said before any field is weighed
    testimony = ws.repository.get_testimony(testimony_id)
    version = len(ws.repository.consents_for(testimony_id)) + 1
    consent = validate_model(
        ConsentRecord,
        {
            "taken_at": datetime.now(UTC),
            **fields,
            "testimony_id": testimony_id,
            "pseudonym": testimony.pseudonym,
            "version": version,
        },
    )
    return records.add_consent(ws, consent)


def record_withdrawal(
    ws: Workspace,
    testimony_id: UUID,
    scopes: Iterable[ConsentScope],
    *,
    received_by: str,
    how_received: str,
    notes: str | None = None,
) -> ConsentWithdrawal:
    """A withdrawal of ``scopes`` from the consent version in force, received now."""
    records.require_device(ws)  # said before any field is weighed
    testimony = ws.repository.get_testimony(testimony_id)
    withdrawal = validate_model(
        ConsentWithdrawal,
        {
            "id": uuid4(),
            "testimony_id": testimony_id,
            "pseudonym": testimony.pseudonym,
            "applies_to_version": len(ws.repository.consents_for(testimony_id)),
            "received_at": datetime.now(UTC),
            "received_by": received_by,
            "how_received": how_received,
            "scopes": tuple(scopes),
            "notes": notes or None,
        },
    )
    return records.withdraw_consent(ws, withdrawal)


def save_witness_identity(
    ws: Workspace, testimony_id: UUID, fields: Mapping[str, Any]
) -> WitnessIdentity:
    """The witness's identity from a form's ``fields``; stored as a new version if it changed."""
    records.require_device(ws)  # said before any field is weighed
    testimony = ws.repository.get_testimony(testimony_id)
    identity = validate_model(
        WitnessIdentity,
        {
            "recorded_by": testimony.interviewer,
            "recorded_at": datetime.now(UTC),
            **fields,
            "pseudonym": testimony.pseudonym,
        },
    )
    current = ws.repository.identity(testimony.pseudonym)
    if current is not None and _same_details(current, identity):
        return current  # only the time would differ: not worth a version
    return records.save_identity(ws, identity)


def _same_details(one: WitnessIdentity, other: WitnessIdentity) -> bool:
    ignored = {"version": 1, "recorded_at": one.recorded_at, "recorded_by": one.recorded_by}
    return one.model_copy(update=ignored) == other.model_copy(update=ignored)


def custody_history(ws: Workspace, testimony_id: UUID) -> list[CustodyEvent]:
    """The custody events that name ``testimony_id``, in the order of the chain."""
    rows = ws.connection.execute(
        "SELECT body FROM custody_events WHERE record_id = ? ORDER BY seq", (str(testimony_id),)
    )
    return [parse_canonical(CustodyEvent, body) for (body,) in rows]
