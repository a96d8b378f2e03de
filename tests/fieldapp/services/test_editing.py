import hashlib
from datetime import UTC, datetime

import pytest

from fieldapp.domain import (
    ConsentScope,
    CustodyKind,
    RecordStatus,
    canonical_bytes,
    is_pseudonym,
)
from fieldapp.errors import ValidationFailedError
from fieldapp.services import editing, records
from tests.fieldapp.workspace.support import new_testimony

ALL_YES = {scope.value: True for scope in ConsentScope}
ESSENTIALS = ("purpose", "risks", "right_to_withdraw")


def _consent_fields(**overrides):
    fields = {
        "taken_by": "interviewer 7",
        "language": "ko",
        "method": "oral_noted",
        "explained": ESSENTIALS,
        "scopes": ALL_YES,
        "anonymity": "anonymous",
    }
    return {**fields, **overrides}


def test_a_new_draft_is_stored_blank_with_a_fresh_pseudonym(ws):
    draft = editing.new_draft(ws)

    stored = records.get_record(ws, draft.id)
    assert stored.testimony == draft
    assert draft.status is RecordStatus.DRAFT
    assert is_pseudonym(draft.pseudonym)
    assert draft.started_at.microsecond == 0
    assert draft.narrative.text == ""
    assert editing.placeholders_left(draft) == ["title", "interview_place"]
    assert [e.kind for e in editing.custody_history(ws, draft.id)] == [CustodyKind.CREATE]
    assert not editing.content_allowed(stored)


def test_a_new_draft_takes_the_last_interviewer_on_this_laptop(ws):
    testimony, consent = new_testimony(interviewer="staff 42")
    records.create_testimony(ws, testimony, [consent])
    assert editing.new_draft(ws).interviewer == "staff 42"
    assert editing.new_draft(ws, "someone else").interviewer == "someone else"


def test_consent_versions_follow_each_other_and_open_the_content(ws):
    draft = editing.new_draft(ws)
    first = editing.record_consent(
        ws, draft.id, _consent_fields(scopes={**ALL_YES, "archive": False})
    )
    assert first.version == 1
    assert not editing.content_allowed(records.get_record(ws, draft.id))

    second = editing.record_consent(ws, draft.id, _consent_fields())
    record = records.get_record(ws, draft.id)
    assert second.version == 2
    assert [c.version for c in record.consents] == [1, 2]
    assert record.consents[1].pseudonym == draft.pseudonym
    assert editing.content_allowed(record)


def test_a_consent_form_with_a_missing_answer_is_refused(ws):
    draft = editing.new_draft(ws)
    scopes = {k: v for k, v in ALL_YES.items() if k != "research"}
    with pytest.raises(ValidationFailedError):
        editing.record_consent(ws, draft.id, _consent_fields(scopes=scopes))
    assert records.get_record(ws, draft.id).consents == ()


def test_a_withdrawal_applies_to_the_version_in_force_and_is_logged(ws):
    draft = editing.new_draft(ws)
    editing.record_consent(ws, draft.id, _consent_fields())
    editing.record_consent(ws, draft.id, _consent_fields())

    withdrawal = editing.record_withdrawal(
        ws, draft.id, [ConsentScope.ARCHIVE], received_by="caseworker", how_received="phone"
    )

    record = records.get_record(ws, draft.id)
    assert record.withdrawals == (withdrawal,)
    assert withdrawal.applies_to_version == 2
    assert not editing.content_allowed(record)
    history = editing.custody_history(ws, draft.id)
    kinds = [e.kind for e in history]
    assert kinds == [
        CustodyKind.CREATE,
        CustodyKind.CONSENT,
        CustodyKind.CONSENT,
        CustodyKind.WITHDRAW,
    ]
    # Each consent version's event names its version and the hash of its canonical bytes.
    consents = records.get_record(ws, draft.id).consents
    assert [(e.record_version, e.payload_hash) for e in history[1:3]] == [
        (c.version, hashlib.sha256(canonical_bytes(c)).hexdigest()) for c in consents
    ]


def test_the_identity_gets_a_version_only_when_its_details_change(ws):
    draft = editing.new_draft(ws)
    fields = {"names": ("김철수", "Kim Chol-su"), "aliases": ("Chol",)}
    first = editing.save_witness_identity(ws, draft.id, fields)
    again = editing.save_witness_identity(ws, draft.id, fields)
    changed = editing.save_witness_identity(ws, draft.id, {**fields, "gender": "male"})

    assert first.version == again.version == 1
    assert changed.version == 2
    stored = records.get_record(ws, draft.id).identity
    assert stored is not None
    assert stored.names == ("김철수", "Kim Chol-su")
    assert stored.gender == "male"
    assert stored.pseudonym == draft.pseudonym


def test_custody_history_names_only_this_record_in_chain_order(ws):
    one = editing.new_draft(ws)
    other = editing.new_draft(ws)
    editing.record_consent(ws, one.id, _consent_fields())
    records.edit_draft(ws, one.id, {"narrative": {"text": "words"}, "ended_at": datetime.now(UTC)})
    records.seal_testimony(ws, one.id)

    events = editing.custody_history(ws, one.id)
    kinds = [CustodyKind.CREATE, CustodyKind.CONSENT, CustodyKind.SEAL]
    assert [e.kind for e in events] == kinds
    assert all(e.record_id == one.id for e in events)
    assert events[0].seq < events[1].seq < events[2].seq
    assert [e.record_id for e in editing.custody_history(ws, other.id)] == [other.id]
