"""Consent: explicit scopes, append-only versions, withdrawals, and the consent in force."""

from uuid import uuid4

import pytest

from fieldapp.domain import (
    NO_CONSENT,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    ExplainedTopic,
    MinorConsent,
    ScopeDecisions,
    effective_consent,
    validate_model,
)
from fieldapp.errors import ValidationFailedError

from .factories import (
    OTHER_PSEUDONYM,
    as_fields,
    make_consent,
    make_scopes,
    make_withdrawal,
)

A = ConsentScope


def test_every_scope_must_be_answered_and_none_defaults_to_yes() -> None:
    answers = dict.fromkeys((scope.value for scope in A), True)
    del answers["public_media"]
    with pytest.raises(ValidationFailedError, match="public_media"):
        validate_model(ScopeDecisions, answers)
    with pytest.raises(ValidationFailedError, match="wrong type"):
        validate_model(ScopeDecisions, {**answers, "public_media": "yes"})
    with pytest.raises(ValidationFailedError, match="wrong type"):
        validate_model(ScopeDecisions, {**answers, "public_media": 1})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("method", "telepathic"),
        ("version", 0),
        ("anonymity", "maybe"),
        ("explained", ("purpose", "jokes")),
        ("taken_at", "yesterday"),
        ("minor", MinorConsent.model_construct(age_years=18)),
    ],
)
def test_invalid_consent_records_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationFailedError):
        validate_model(ConsentRecord, {**as_fields(make_consent()), field: value})


def test_minors_are_under_eighteen() -> None:
    fields = {
        "guardian_relationship": "mother",
        "guardian_consented": True,
        "witness_assented": True,
    }
    assert MinorConsent(age_years=17, **fields)
    with pytest.raises(ValidationFailedError, match="too large"):
        validate_model(MinorConsent, {"age_years": 18, **fields})


def test_explained_topics_are_kept_in_one_order() -> None:
    consent = make_consent(explained=("risks", "purpose", "risks"))
    assert consent.explained == (ExplainedTopic.PURPOSE, ExplainedTopic.RISKS)


def test_a_withdrawal_names_at_least_one_scope() -> None:
    with pytest.raises(ValidationFailedError, match="scopes"):
        validate_model(ConsentWithdrawal, {**as_fields(make_withdrawal()), "scopes": ()})
    assert make_withdrawal(A.RESEARCH, A.ARCHIVE, A.RESEARCH).scopes == (A.ARCHIVE, A.RESEARCH)


def test_no_consent_allows_nothing() -> None:
    assert effective_consent([]) is NO_CONSENT
    assert NO_CONSENT.allowed_scopes() == frozenset()
    assert NO_CONSENT.version is None


def test_the_latest_version_is_in_force() -> None:
    first = make_consent(scopes=make_scopes(public_media=True))
    second = make_consent(version=2, scopes=make_scopes(public_media=False))
    consent = effective_consent([second, first])
    assert consent.version == 2
    assert not consent.allows(A.PUBLIC_MEDIA)
    assert consent.allows(A.UN_REPORTING)


def test_a_withdrawal_removes_its_scopes() -> None:
    consent = effective_consent([make_consent()], [make_withdrawal(A.PUBLIC_MEDIA)])
    assert not consent.allows(A.PUBLIC_MEDIA)
    assert consent.decided(A.PUBLIC_MEDIA)
    assert consent.allows(A.ACCOUNTABILITY)


def test_withdrawing_archive_withdraws_every_use_but_recontact() -> None:
    consent = effective_consent([make_consent()], [make_withdrawal(A.ARCHIVE)])
    assert consent.allowed_scopes() == {A.RECONTACT}


def test_denying_archive_denies_the_uses_that_depend_on_it() -> None:
    consent = effective_consent([make_consent(scopes=make_scopes(archive=False))])
    assert consent.allowed_scopes() == {A.RECONTACT}


def test_a_new_version_after_a_withdrawal_supersedes_it() -> None:
    versions = [make_consent(), make_consent(version=2)]
    consent = effective_consent(versions, [make_withdrawal(A.ARCHIVE, applies_to_version=1)])
    assert consent.allows(A.ARCHIVE)


@pytest.mark.parametrize(
    ("consents", "withdrawals", "match"),
    [
        ([make_consent(version=1), make_consent(version=3)], [], "incomplete"),
        ([make_consent(version=2)], [], "incomplete"),
        ([make_consent(), make_consent()], [], "repeated"),
        ([make_consent()], [make_withdrawal(applies_to_version=2)], "missing"),
        ([make_consent(), make_consent(version=2, testimony_id=uuid4())], [], "more than one"),
        ([make_consent()], [make_withdrawal(pseudonym=OTHER_PSEUDONYM)], "more than one"),
        ([], [make_withdrawal()], "without the consent"),
    ],
)
def test_inconsistent_consent_histories_are_refused(
    consents: list[ConsentRecord], withdrawals: list[ConsentWithdrawal], match: str
) -> None:
    with pytest.raises(ValidationFailedError, match=match):
        effective_consent(consents, withdrawals)


def test_effective_consent_holds_the_latest_record_for_its_conditions() -> None:
    latest = make_consent(version=2, restrictions="Not to be shared with any government.")
    consent = effective_consent([make_consent(), latest])
    assert consent.record == latest
