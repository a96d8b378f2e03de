"""Testimonies through the services: create, edit, seal, amend, consent, list, search, resolve."""

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest

from fieldapp.domain import (
    ConfidentialityLevel,
    ConsentScope,
    CustodyKind,
    RecordStatus,
    SealItem,
    Testimony,
    canonical_bytes,
    content_hash,
    mark_exported,
    parse_canonical,
)
from fieldapp.domain.custody import CustodyEvent
from fieldapp.errors import (
    AmbiguousIdError,
    ConsentRequiredError,
    FieldappError,
    IncompleteRecordError,
    RecordNotFoundError,
    RecordSealedError,
    ValidationFailedError,
)
from fieldapp.services import records
from fieldapp.workspace import TestimonyFilter as Filter
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import transaction
from tests.fieldapp.domain.factories import (
    STARTED_AT,
    make_consent,
    make_identity,
    make_incident,
    make_narrative,
    make_scopes,
    make_withdrawal,
)
from tests.fieldapp.workspace.support import new_testimony, stored_state, uuid_with_prefix


def _events(ws: Workspace) -> list[CustodyEvent]:
    rows = ws.connection.execute("SELECT body FROM custody_events ORDER BY seq")
    return [parse_canonical(CustodyEvent, body) for (body,) in rows]


def _event_seq(ws: Workspace, testimony_id: UUID, version: int) -> int | None:
    row = ws.connection.execute(
        "SELECT event_seq FROM consents WHERE testimony_id = ? AND version = ?",
        (str(testimony_id), version),
    ).fetchone()
    return row[0]


def _row(ws: Workspace, testimony: Testimony, version: int = 1) -> tuple:
    return ws.connection.execute(
        "SELECT status, is_latest, content_hash, body FROM testimonies"
        " WHERE id = ? AND version = ?",
        (str(testimony.id), version),
    ).fetchone()


def _created(ws: Workspace, **overrides) -> Testimony:
    testimony, consent = new_testimony(**overrides)
    return records.create_testimony(ws, testimony, [consent])


def _sealed(ws: Workspace, **overrides) -> Testimony:
    return records.seal_testimony(ws, _created(ws, **overrides).id)


# -- create --------------------------------------------------------------------------------
def test_create_stores_the_draft_its_consent_identity_and_a_custody_event(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    identity = make_identity(pseudonym=testimony.pseudonym)
    records.create_testimony(ws, testimony, [consent], identity)

    record = records.get_record(ws, testimony.id)
    assert record.testimony == testimony
    assert record.consents == (consent,)
    assert record.identity == identity
    assert record.withdrawals == ()
    assert record.attachments == ()
    status, is_latest, stored_hash, _ = _row(ws, testimony)
    assert (status, is_latest, stored_hash) == ("draft", 1, None)
    event, consented = _events(ws)
    assert event.kind is CustodyKind.CREATE
    assert (event.record_id, event.record_version) == (testimony.id, 1)
    assert event.payload_hash == content_hash(testimony)
    assert event.actor == ws.fingerprint
    # The consent version has its own signed event: its version, the hash of its bytes.
    assert consented.kind is CustodyKind.CONSENT
    assert (consented.record_id, consented.record_version) == (testimony.id, consent.version)
    assert consented.payload_hash == hashlib.sha256(canonical_bytes(consent)).hexdigest()
    assert _event_seq(ws, testimony.id, consent.version) == consented.seq


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("consent-of-another", id="consent-of-another-testimony"),
        pytest.param("identity-of-another", id="identity-of-another-witness"),
        pytest.param("version-2", id="version-2"),
    ],
)
def test_create_refuses_what_does_not_belong_and_stores_nothing(ws: Workspace, bad: str) -> None:
    testimony, consent = new_testimony()
    other, other_consent = new_testimony()
    before = stored_state(ws.connection)
    consents, identity = [consent], None
    if bad == "consent-of-another":
        consents = [other_consent]
    elif bad == "identity-of-another":
        identity = make_identity(pseudonym=other.pseudonym)
    else:
        first = records.create_testimony(ws, testimony, [consent])
        before = stored_state(ws.connection)
        testimony = first.model_copy(update={"version": 2})
    with pytest.raises(ValidationFailedError):
        records.create_testimony(ws, testimony, consents, identity)
    assert stored_state(ws.connection) == before


def test_create_many_in_one_transaction(ws: Workspace) -> None:
    pairs = [new_testimony() for _ in range(3)]
    count = records.create_testimonies(ws, [(t, [c], None) for t, c in pairs])
    assert count == 3
    assert sorted(_ids(records.list_testimonies(ws))) == sorted(t.id for t, _ in pairs)
    assert [e.kind for e in _events(ws)] == [CustodyKind.CREATE, CustodyKind.CONSENT] * 3


def test_create_many_is_all_or_nothing(ws: Workspace) -> None:
    good, good_consent = new_testimony()
    bad, _ = new_testimony()
    before = stored_state(ws.connection)
    items = [(good, [good_consent], None), (bad, [good_consent], None)]
    with pytest.raises(ValidationFailedError):
        records.create_testimonies(ws, items)
    assert stored_state(ws.connection) == before


def test_create_refuses_an_id_that_is_already_stored(ws: Workspace) -> None:
    first = _created(ws)
    before = stored_state(ws.connection)
    with pytest.raises(FieldappError):
        records.create_testimony(ws, first.model_copy(update={"title": "Another record"}))
    assert stored_state(ws.connection) == before


# -- sealing ---------------------------------------------------------------------------------
def test_seal_fixes_the_content_hash_in_a_signed_event(ws: Workspace) -> None:
    testimony = _created(ws)
    sealed = records.seal_testimony(ws, testimony.id)
    assert sealed.status is RecordStatus.SEALED
    assert ws.repository.get_testimony(testimony.id) == sealed
    status, _, stored_hash, _ = _row(ws, testimony)
    assert status == "sealed"
    assert stored_hash == content_hash(sealed) == content_hash(testimony)
    create, _, seal = _events(ws)
    assert seal.kind is CustodyKind.SEAL
    assert seal.payload_hash == stored_hash
    assert seal.prev_hash != create.prev_hash


def test_seal_without_consent_is_refused_and_changes_nothing(ws: Workspace) -> None:
    testimony, _ = new_testimony()
    records.create_testimony(ws, testimony)
    before = stored_state(ws.connection)
    with pytest.raises(ConsentRequiredError) as raised:
        records.seal_testimony(ws, testimony.id)
    assert SealItem.CONSENT_RECORDED in raised.value.missing
    assert stored_state(ws.connection) == before
    assert records.checklist(ws, testimony.id) == [SealItem.CONSENT_RECORDED]


def test_seal_when_archiving_was_not_allowed_is_refused(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    denied = consent.model_copy(update={"scopes": make_scopes(archive=False)})
    records.create_testimony(ws, testimony, [denied])
    before = stored_state(ws.connection)
    with pytest.raises(ConsentRequiredError) as raised:
        records.seal_testimony(ws, testimony.id)
    assert raised.value.missing == (SealItem.ARCHIVE_ALLOWED,)
    assert stored_state(ws.connection) == before


def test_seal_after_archiving_was_withdrawn_is_refused(ws: Workspace) -> None:
    testimony = _created(ws)
    withdrawal = make_withdrawal(
        ConsentScope.ARCHIVE, testimony_id=testimony.id, pseudonym=testimony.pseudonym
    )
    records.withdraw_consent(ws, withdrawal)
    assert records.get_record(ws, testimony.id).withdrawals == (withdrawal,)
    before = stored_state(ws.connection)
    with pytest.raises(ConsentRequiredError) as raised:
        records.seal_testimony(ws, testimony.id)
    assert SealItem.ARCHIVE_NOT_WITHDRAWN in raised.value.missing
    assert stored_state(ws.connection) == before
    kinds = [CustodyKind.CREATE, CustodyKind.CONSENT, CustodyKind.WITHDRAW]
    assert [e.kind for e in _events(ws)] == kinds


def test_seal_of_an_incomplete_record_is_refused(ws: Workspace) -> None:
    testimony = _created(ws, ended_at=None)
    before = stored_state(ws.connection)
    with pytest.raises(IncompleteRecordError):
        records.seal_testimony(ws, testimony.id)
    assert stored_state(ws.connection) == before


def test_a_new_consent_version_makes_sealing_possible(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    denied = consent.model_copy(update={"scopes": make_scopes(archive=False)})
    records.create_testimony(ws, testimony, [denied])
    with pytest.raises(ValidationFailedError):
        records.add_consent(ws, consent)  # version 1 again: versions only append
    records.add_consent(ws, consent.model_copy(update={"version": 2}))
    assert [c.version for c in records.get_record(ws, testimony.id).consents] == [1, 2]
    assert records.seal_testimony(ws, testimony.id).status is RecordStatus.SEALED


def test_sealing_twice_is_refused(ws: Workspace) -> None:
    sealed = _sealed(ws)
    before = stored_state(ws.connection)
    with pytest.raises(RecordSealedError):
        records.seal_testimony(ws, sealed.id)
    assert stored_state(ws.connection) == before


# -- editing -----------------------------------------------------------------------------------
def test_edit_draft_changes_it_in_place(ws: Workspace) -> None:
    testimony = _created(ws)
    edited = records.edit_draft(ws, testimony.id, {"title": "Corrected title"})
    assert edited.title == "Corrected title"
    assert edited.version == 1
    assert ws.repository.get_testimony(testimony.id) == edited
    assert [t.title for t in ws.repository.testimony_versions(testimony.id)] == ["Corrected title"]
    assert records.search_testimonies(ws, "Corrected")[0].id == testimony.id


def test_edit_of_a_sealed_record_is_refused(ws: Workspace) -> None:
    sealed = _sealed(ws)
    before = stored_state(ws.connection)
    with pytest.raises(RecordSealedError):
        records.edit_draft(ws, sealed.id, {"title": "Quietly changed"})
    assert stored_state(ws.connection) == before


def test_the_repository_refuses_new_content_for_a_sealed_version(ws: Workspace) -> None:
    sealed = _sealed(ws)
    before = stored_state(ws.connection)
    for changed in (
        sealed.model_copy(update={"title": "Quietly changed"}),
        sealed.model_copy(update={"title": "Quietly changed", "status": RecordStatus.DRAFT}),
        sealed.model_copy(update={"narrative": make_narrative("Another account.")}),
    ):
        with pytest.raises(RecordSealedError), transaction(ws.connection):
            ws.repository.save_testimony(changed)
    assert stored_state(ws.connection) == before


def test_the_repository_lets_the_status_move_on(ws: Workspace) -> None:
    sealed = _sealed(ws)
    with transaction(ws.connection):
        ws.repository.save_testimony(mark_exported(sealed))
    status, _, stored_hash, _ = _row(ws, sealed)
    assert status == "exported"
    assert stored_hash == content_hash(sealed)


def test_the_repository_refuses_to_move_a_sealed_version_back_to_draft(ws: Workspace) -> None:
    sealed = _sealed(ws)
    before = stored_state(ws.connection)
    with pytest.raises(FieldappError), transaction(ws.connection):
        ws.repository.save_testimony(sealed.model_copy(update={"status": RecordStatus.DRAFT}))
    assert stored_state(ws.connection) == before


# -- amending ----------------------------------------------------------------------------------
def test_amend_keeps_the_sealed_version_and_adds_a_draft_pointing_at_it(ws: Workspace) -> None:
    sealed = _sealed(ws)
    v1_row = _row(ws, sealed, 1)

    amended = records.amend_testimony(ws, sealed.id, {"title": "Corrected after review"})

    assert amended.version == 2
    assert amended.status is RecordStatus.DRAFT
    assert amended.amends is not None
    assert (amended.amends.id, amended.amends.version) == (sealed.id, 1)
    assert amended.amends.content_hash == content_hash(sealed)
    status, is_latest, stored_hash, body = _row(ws, sealed, 1)
    assert (status, stored_hash, body) == (v1_row[0], v1_row[2], v1_row[3])
    assert is_latest == 0
    assert ws.repository.get_testimony(sealed.id, 1) == sealed
    assert ws.repository.get_testimony(sealed.id) == amended
    assert ws.repository.testimony_versions(sealed.id) == [sealed, amended]
    event = _events(ws)[-1]
    assert event.kind is CustodyKind.AMEND
    assert (event.record_version, event.payload_hash) == (2, content_hash(amended))
    # The amendment is a draft: edited in place, then sealed in its turn.
    records.edit_draft(ws, sealed.id, {"summary": "A short summary."})
    resealed = records.seal_testimony(ws, sealed.id)
    assert (resealed.version, resealed.status) == (2, RecordStatus.SEALED)
    assert ws.repository.get_testimony(sealed.id, 1) == sealed


def test_a_draft_is_edited_not_amended(ws: Workspace) -> None:
    testimony = _created(ws)
    before = stored_state(ws.connection)
    with pytest.raises(FieldappError):
        records.amend_testimony(ws, testimony.id, {"title": "x"})
    assert stored_state(ws.connection) == before


# -- lists and filters -------------------------------------------------------------------------
@pytest.fixture
def several(ws: Workspace) -> dict[str, Testimony]:
    # Confidential: a strictly confidential testimony is not found by category (migration 18).
    level = ConfidentialityLevel.CONFIDENTIAL
    made = {
        "old": _created(
            ws,
            started_at=STARTED_AT - timedelta(days=400),
            interviewer="Iv 01",
            confidentiality=level,
        ),
        "mid": _created(ws, started_at=STARTED_AT, interviewer="Iv 02", confidentiality=level),
        "new": _created(
            ws,
            started_at=STARTED_AT + timedelta(days=10),
            interviewer="Iv 01",
            incidents=(make_incident(act_type="surveillance", coi_category="A"),),
            confidentiality=level,
        ),
        "newest": _created(
            ws,
            started_at=STARTED_AT + timedelta(days=20),
            interviewer="Iv 03",
            confidentiality=level,
        ),
    }
    records.seal_testimony(ws, made["mid"].id)
    records.seal_testimony(ws, made["newest"].id)
    return made


def _ids(summaries) -> list[UUID]:
    return [s.id for s in summaries]


def test_list_shows_newest_first(ws: Workspace, several: dict[str, Testimony]) -> None:
    listed = records.list_testimonies(ws)
    assert _ids(listed) == [several[k].id for k in ("newest", "new", "mid", "old")]
    newest = listed[0]
    assert (newest.status, newest.version) == (RecordStatus.SEALED, 1)
    assert newest.pseudonym == several["newest"].pseudonym
    assert newest.title == several["newest"].title
    assert ws.repository.count_testimonies() == 4


@pytest.mark.parametrize(
    ("order", "keys"),
    [
        (records.TestimonyOrder.NEWEST, ("newest", "new", "mid", "old")),
        (records.TestimonyOrder.OLDEST, ("old", "mid", "new", "newest")),
    ],
)
def test_list_in_date_order(
    ws: Workspace, several: dict[str, Testimony], order: records.TestimonyOrder, keys: tuple
) -> None:
    assert _ids(records.list_testimonies(ws, Filter(order=order))) == [several[k].id for k in keys]


def test_list_by_witness_both_ways(ws: Workspace, several: dict[str, Testimony]) -> None:
    by_witness = records.list_testimonies(ws, Filter(order=records.TestimonyOrder.WITNESS))
    codes = [s.pseudonym for s in by_witness]
    assert codes == sorted(codes)
    assert len(set(codes)) > 1  # the order is visible
    backwards = records.list_testimonies(
        ws, Filter(order=records.TestimonyOrder.WITNESS_DESCENDING)
    )
    assert [s.pseudonym for s in backwards] == sorted(codes, reverse=True)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filter(status=RecordStatus.SEALED), ["newest", "mid"]),
        (Filter(status=RecordStatus.DRAFT), ["new", "old"]),
        (Filter(interviewer="Iv 01"), ["new", "old"]),
        (Filter(category="A"), ["new"]),
        (Filter(category="E"), ["newest", "mid", "old"]),
        (Filter(category="F"), []),
        (Filter(started_from=STARTED_AT), ["newest", "new", "mid"]),
        (Filter(started_before=STARTED_AT), ["old"]),
        (
            Filter(started_from=STARTED_AT, started_before=STARTED_AT + timedelta(days=11)),
            ["new", "mid"],
        ),
        (Filter(status=RecordStatus.DRAFT, interviewer="Iv 01", category="A"), ["new"]),
        (Filter(limit=2), ["newest", "new"]),
        (Filter(limit=2, offset=2), ["mid", "old"]),
    ],
)
def test_filters(
    ws: Workspace, several: dict[str, Testimony], filters: Filter, expected: list[str]
) -> None:
    assert _ids(records.list_testimonies(ws, filters)) == [several[k].id for k in expected]
    # A count ignores the page: it is the number of all matches.
    paged = filters.limit != Filter().limit or filters.offset
    assert ws.repository.count_testimonies(filters) == (4 if paged else len(expected))


def test_date_filters_compare_instants_not_text(
    ws: Workspace, several: dict[str, Testimony]
) -> None:
    kst = timezone(timedelta(hours=9))
    same_instant = STARTED_AT.astimezone(kst)
    assert same_instant == STARTED_AT
    from_kst = records.list_testimonies(ws, Filter(started_from=same_instant))
    assert _ids(from_kst) == [several[k].id for k in ("newest", "new", "mid")]


def test_list_and_count_see_only_the_latest_version(ws: Workspace) -> None:
    sealed = _sealed(ws)
    records.amend_testimony(ws, sealed.id, {"title": "Amended"})
    [summary] = records.list_testimonies(ws)
    assert (summary.id, summary.version, summary.title) == (sealed.id, 2, "Amended")
    assert summary.status is RecordStatus.DRAFT
    assert ws.repository.count_testimonies() == 1
    assert ws.repository.count_testimonies(Filter(status=RecordStatus.SEALED)) == 0


# -- search ------------------------------------------------------------------------------------
def _searchable(ws: Workspace, **overrides) -> Testimony:
    """A draft found by its words: the factory's, strictly confidential, is found by its
    title and interviewer only (tests/fieldapp/workspace/test_search_confidential.py)."""
    return _created(ws, confidentiality=ConfidentialityLevel.CONFIDENTIAL, **overrides)


def test_search_finds_an_english_word_and_a_prefix(ws: Workspace) -> None:
    target = _searchable(ws)  # the factory's narrative: "... beaten during interrogation."
    _searchable(ws, narrative=make_narrative("Nothing relevant here."), title="Another")
    assert _ids(records.search_testimonies(ws, "interrogation")) == [target.id]
    assert _ids(records.search_testimonies(ws, "INTERROG")) == [target.id]
    assert _ids(records.search_testimonies(ws, "beaten interrogation")) == [target.id]
    assert records.search_testimonies(ws, "interrogation starvation") == []
    assert records.search_testimonies(ws, "starvation") == []


def test_search_finds_a_korean_word_followed_by_a_particle(ws: Workspace) -> None:
    target = _searchable(
        ws, narrative=make_narrative("그는 2009년 회령에서 보위부에서 두 달 동안 조사를 받았다.")
    )
    _searchable(ws, narrative=make_narrative("그는 안전부에 끌려갔다."), title="Other")
    assert _ids(records.search_testimonies(ws, "보위부")) == [target.id]
    assert _ids(records.search_testimonies(ws, "회령")) == [target.id]
    assert records.search_testimonies(ws, "보위원") == []


def test_search_ranks_the_title_above_the_narrative(ws: Workspace) -> None:
    in_narrative = _searchable(
        ws,
        title="Detention in 2009",
        narrative=make_narrative("There was famine in the county that year, famine everywhere."),
    )
    in_title = _searchable(
        ws, title="Famine in North Hamgyong", narrative=make_narrative("Food ran out in spring.")
    )
    assert _ids(records.search_testimonies(ws, "famine")) == [in_title.id, in_narrative.id]


def test_search_sees_only_the_latest_version(ws: Workspace) -> None:
    draft = _searchable(ws, narrative=make_narrative("The guards used the word alphaword."))
    sealed = records.seal_testimony(ws, draft.id)
    records.amend_testimony(
        ws, sealed.id, {"narrative": make_narrative("The guards used the word betaword.")}
    )
    assert records.search_testimonies(ws, "alphaword") == []
    [found] = records.search_testimonies(ws, "betaword")
    assert (found.id, found.version) == (sealed.id, 2)


def test_search_text_is_never_query_syntax(ws: Workspace, several: dict[str, Testimony]) -> None:
    for text in ('"', "NEAR(", "a OR b", "* ^ -", "title:x", "", "   ", "'); DROP TABLE x; --"):
        assert isinstance(records.search_testimonies(ws, text), list)
    assert ws.repository.count_testimonies() == 4


def test_search_applies_filters(ws: Workspace, several: dict[str, Testimony]) -> None:
    # A word of the factory's title: each of them is strictly confidential.
    found = records.search_testimonies(ws, "repatriation", Filter(status=RecordStatus.SEALED))
    assert sorted(_ids(found)) == sorted([several["mid"].id, several["newest"].id])


# -- short ids ---------------------------------------------------------------------------------
def test_resolve_id_by_full_id_and_by_prefix(ws: Workspace) -> None:
    testimony = _created(ws, id=uuid_with_prefix("abcdef12"))
    _created(ws, id=uuid_with_prefix("abcdff12"))
    text = str(testimony.id)
    assert records.resolve_id(ws, text) == testimony.id
    assert records.resolve_id(ws, text.upper()) == testimony.id
    assert records.resolve_id(ws, "abcdef") == testimony.id
    assert records.resolve_id(ws, "ABCDEF1") == testimony.id
    assert records.resolve_id(ws, text[:13]) == testimony.id  # across the first dash


def test_resolve_id_ambiguous_and_not_found(ws: Workspace) -> None:
    _created(ws, id=uuid_with_prefix("abcdef12"))
    _created(ws, id=uuid_with_prefix("abcdff12"))
    with pytest.raises(AmbiguousIdError):
        records.resolve_id(ws, "abcd")
    with pytest.raises(RecordNotFoundError):
        records.resolve_id(ws, "abce")
    with pytest.raises(RecordNotFoundError):
        records.resolve_id(ws, "abc")  # too short to mean anything
    with pytest.raises(RecordNotFoundError):
        records.get_record(ws, uuid_with_prefix("0000"))


@pytest.mark.parametrize("text", ["%%%%", "____", "%_%_"])
def test_resolve_id_refuses_wildcards(ws: Workspace, text: str) -> None:
    _created(ws)
    with pytest.raises(RecordNotFoundError):
        records.resolve_id(ws, text)


def test_consent_and_withdrawal_must_belong_to_the_testimony(ws: Workspace) -> None:
    testimony = _created(ws)
    other, _ = new_testimony()
    before = stored_state(ws.connection)
    with pytest.raises(ValidationFailedError):
        records.add_consent(
            ws, make_consent(testimony_id=testimony.id, pseudonym=other.pseudonym, version=2)
        )
    with pytest.raises(ValidationFailedError):
        records.withdraw_consent(
            ws, make_withdrawal(testimony_id=testimony.id, pseudonym=other.pseudonym)
        )
    with pytest.raises(RecordNotFoundError):
        records.withdraw_consent(
            ws, make_withdrawal(testimony_id=other.id, pseudonym=other.pseudonym)
        )
    assert stored_state(ws.connection) == before


def test_dates_are_stored_in_utc(ws: Workspace) -> None:
    kst = timezone(timedelta(hours=9))
    testimony = _created(ws, started_at=datetime(2024, 3, 1, 18, 30, tzinfo=kst), ended_at=None)
    [summary] = records.list_testimonies(ws)
    assert summary.started_at == datetime(2024, 3, 1, 9, 30, tzinfo=UTC).isoformat()
    assert ws.repository.get_testimony(testimony.id).started_at.utcoffset() == timedelta(0)
