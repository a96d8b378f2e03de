"""The life of a record: transitions, sealing with consent, editing, amending and purging."""

import itertools
from datetime import timedelta

import pytest

from fieldapp.domain import (
    ALLOWED_TRANSITIONS,
    ConsentScope,
    ExplainedTopic,
    MinorConsent,
    Narrative,
    RecordStatus,
    SealItem,
    amend,
    can_transition,
    check_can_purge,
    check_can_seal,
    content_hash,
    edit,
    mark_archived,
    mark_exported,
    purge,
    seal,
    seal_checklist,
)
from fieldapp.errors import (
    ConsentRequiredError,
    IncompleteRecordError,
    InvalidTransitionError,
    RecordSealedError,
    ValidationFailedError,
)

from .factories import (
    OTHER_PSEUDONYM,
    STARTED_AT,
    make_consent,
    make_scopes,
    make_testimony,
    make_withdrawal,
)

S = RecordStatus
EXPECTED_TRANSITIONS = {
    (S.DRAFT, S.SEALED),
    (S.SEALED, S.EXPORTED),
    (S.EXPORTED, S.ARCHIVED),
    (S.ARCHIVED, S.PURGED),
    (S.SEALED, S.PURGED),
    (S.EXPORTED, S.PURGED),
}


def test_exactly_the_documented_transitions_are_allowed() -> None:
    allowed = {(a, b) for a, b in itertools.product(S, S) if can_transition(a, b)}
    assert allowed == EXPECTED_TRANSITIONS
    assert ALLOWED_TRANSITIONS[S.PURGED] == frozenset()


def test_a_draft_with_consent_to_archive_seals() -> None:
    draft = make_testimony()
    assert seal_checklist(draft, [make_consent()]) == []
    sealed = seal(draft, [make_consent()])
    assert sealed.status is S.SEALED
    # The hash fixed at sealing stays the record's hash through export and archiving.
    assert content_hash(sealed) == content_hash(draft)
    assert content_hash(mark_archived(mark_exported(sealed))) == content_hash(draft)


def test_sealing_without_any_consent_is_refused() -> None:
    with pytest.raises(ConsentRequiredError) as caught:
        seal(make_testimony(), [])
    assert caught.value.missing == (SealItem.CONSENT_RECORDED,)
    assert "No consent has been recorded" in str(caught.value)


def test_sealing_without_consent_to_archive_is_refused() -> None:
    consents = [make_consent(scopes=make_scopes(archive=False))]
    with pytest.raises(ConsentRequiredError) as caught:
        check_can_seal(make_testimony(), consents)
    assert caught.value.missing == (SealItem.ARCHIVE_ALLOWED,)


def test_sealing_after_archive_was_withdrawn_is_refused_until_consent_is_given_again() -> None:
    consents = [make_consent()]
    withdrawals = [make_withdrawal(ConsentScope.ARCHIVE)]
    with pytest.raises(ConsentRequiredError) as caught:
        seal(make_testimony(), consents, withdrawals)
    assert caught.value.missing == (SealItem.ARCHIVE_NOT_WITHDRAWN,)
    renewed = [*consents, make_consent(version=2)]
    assert seal(make_testimony(), renewed, withdrawals).status is S.SEALED


def test_withdrawing_another_scope_does_not_stop_sealing() -> None:
    withdrawals = [make_withdrawal(ConsentScope.PUBLIC_MEDIA)]
    assert seal(make_testimony(), [make_consent()], withdrawals).status is S.SEALED


def test_consent_must_be_informed() -> None:
    consents = [make_consent(explained=(ExplainedTopic.PURPOSE, ExplainedTopic.RISKS))]
    assert seal_checklist(make_testimony(), consents) == [SealItem.ESSENTIALS_EXPLAINED]


@pytest.mark.parametrize(("guardian", "assent"), [(True, False), (False, True), (False, False)])
def test_a_minor_needs_a_guardian_and_their_own_assent(guardian: bool, assent: bool) -> None:
    minor = MinorConsent(
        age_years=16,
        guardian_relationship="mother",
        guardian_consented=guardian,
        witness_assented=assent,
    )
    with pytest.raises(ConsentRequiredError) as caught:
        seal(make_testimony(), [make_consent(minor=minor)])
    assert caught.value.missing == (SealItem.GUARDIAN_AND_ASSENT,)


def test_consent_for_another_witness_does_not_count() -> None:
    consents = [make_consent(pseudonym=OTHER_PSEUDONYM)]
    missing = seal_checklist(make_testimony(), consents)
    assert missing == [SealItem.CONSENT_RECORDED, SealItem.CONSENT_MATCHES]


def test_an_incomplete_record_is_refused_with_what_is_missing() -> None:
    draft = make_testimony(ended_at=None, narrative=Narrative(text="  \n"))
    with pytest.raises(IncompleteRecordError) as caught:
        seal(draft, [make_consent()])
    assert caught.value.missing == (SealItem.INTERVIEW_ENDED, SealItem.NARRATIVE_WRITTEN)


def test_consent_problems_are_reported_before_and_with_the_others() -> None:
    draft = make_testimony(ended_at=None)
    with pytest.raises(ConsentRequiredError) as caught:
        seal(draft, [])
    assert set(caught.value.missing) == {SealItem.INTERVIEW_ENDED, SealItem.CONSENT_RECORDED}
    assert all(item.sentence for item in SealItem)


@pytest.mark.parametrize("status", [S.SEALED, S.EXPORTED, S.ARCHIVED])
def test_a_sealed_record_cannot_be_sealed_or_edited_again(status: RecordStatus) -> None:
    record = make_testimony(status=status)
    with pytest.raises(RecordSealedError):
        seal(record, [make_consent()])
    with pytest.raises(RecordSealedError):
        edit(record, {"title": "Another title"})


def test_a_purged_record_cannot_be_touched() -> None:
    purged = make_testimony(status=S.PURGED)
    for action in (
        lambda: seal(purged, [make_consent()]),
        lambda: edit(purged, {"title": "x"}),
        lambda: amend(purged, {"title": "x"}),
        lambda: mark_exported(purged),
    ):
        with pytest.raises(InvalidTransitionError):
            action()


def test_a_draft_is_edited_and_validated() -> None:
    edited = edit(make_testimony(), {"title": "Corrected title"})
    assert edited.title == "Corrected title"
    assert edited.version == 1
    with pytest.raises(ValidationFailedError, match="it ends before it starts"):
        edit(make_testimony(), {"ended_at": STARTED_AT - timedelta(hours=1)})
    with pytest.raises(ValidationFailedError, match="extra"):
        edit(make_testimony(), {"extra": 1})


@pytest.mark.parametrize("field", ["id", "version", "amends", "status"])
def test_neither_edit_nor_amendment_may_set_identity_or_status(field: str) -> None:
    with pytest.raises(ValidationFailedError, match=field):
        edit(make_testimony(), {field: None})
    with pytest.raises(ValidationFailedError, match=field):
        amend(make_testimony(status=S.SEALED), {field: None})


def test_an_amendment_is_a_new_draft_version_pointing_at_what_it_corrects() -> None:
    original = seal(make_testimony(), [make_consent()])
    correction = amend(original, {"title": "Detention after forced repatriation, 2008"})
    assert correction.status is S.DRAFT
    assert correction.version == 2
    assert correction.id == original.id
    assert correction.amends is not None
    assert correction.amends.version == 1
    assert correction.amends.content_hash == content_hash(original)
    assert correction.title.endswith("2008")
    assert original.title.endswith("2009")  # the original is untouched

    second = amend(seal(correction, [make_consent()]), {"tags": ("corrected",)})
    assert second.version == 3
    assert second.amends is not None
    assert second.amends.content_hash == content_hash(correction)


def test_an_amendment_is_validated_like_any_record() -> None:
    with pytest.raises(ValidationFailedError):
        amend(make_testimony(status=S.SEALED), {"recording_mode": "telepathy"})


def test_a_draft_is_not_amended() -> None:
    with pytest.raises(InvalidTransitionError):
        amend(make_testimony(), {"title": "x"})


def test_steps_out_of_order_are_refused() -> None:
    with pytest.raises(InvalidTransitionError):
        mark_exported(make_testimony())
    with pytest.raises(InvalidTransitionError):
        mark_archived(make_testimony(status=S.SEALED))
    assert mark_archived(make_testimony(status=S.EXPORTED)).status is S.ARCHIVED


def test_an_archived_record_may_be_purged() -> None:
    assert purge(make_testimony(status=S.ARCHIVED), [make_consent()]).status is S.PURGED


@pytest.mark.parametrize("status", [S.SEALED, S.EXPORTED])
def test_an_unarchived_record_is_purged_only_after_consent_to_archive_is_withdrawn(
    status: RecordStatus,
) -> None:
    record = make_testimony(status=status)
    with pytest.raises(InvalidTransitionError, match="not been archived"):
        check_can_purge(record, [make_consent()])
    withdrawn = [make_withdrawal(ConsentScope.ARCHIVE)]
    assert purge(record, [make_consent()], withdrawn).status is S.PURGED


def test_a_draft_is_not_purged() -> None:
    with pytest.raises(InvalidTransitionError):
        purge(make_testimony(), [make_consent()], [make_withdrawal()])
