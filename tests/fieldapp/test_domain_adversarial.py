"""Adversarial review of the domain rules and record services on the interviewer's laptop:
what consent lets leave in a bundle (read back with the test archive's keys), sealed records
staying fixed, and the full-text search taking any text a user types."""

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from fieldapp.domain import (
    AnonymityWish,
    AttachmentKind,
    ConsentScope,
    CustodyKind,
    RecordStatus,
    content_hash,
    effective_consent,
)
from fieldapp.domain.consent import MinorConsent
from fieldapp.errors import ExportConflictError, FieldappError, ValidationFailedError
from fieldapp.services import (
    attachments,
    editing,
    export_resend,
    importing,
    packs,
    receipts,
    records,
    standing,
)
from fieldapp.services.export import export_bundle
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import (
    STARTED_AT,
    make_consent,
    make_identity,
    make_narrative,
    make_scopes,
    make_withdrawal,
)
from tests.fieldapp.services import import_support
from tests.fieldapp.services.import_support import Site, add_demo, make_site
from tests.fieldapp.services.test_export_support import (
    FieldDevice,
    add_testimony,
    attach,
    bundle_identities,
    bundle_records,
    enrolled_device,
    kinds,
    withdraw,
)
from tests.fieldapp.services.test_receipts import Pair
from tests.fieldapp.services.test_receipts import pair as receipted_pair  # noqa: F401 - a fixture
from tests.fieldapp.workspace.support import new_testimony


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FieldDevice]:
    made = enrolled_device(tmp_path)
    yield made
    made.ws.lock()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """An archive and two enrolled devices, bundle 1 each exported (import_support)."""
    made = make_site(tmp_path, count=2)
    yield made
    made.close()


def _next_consent(ws: Workspace, testimony_id: Any, pseudonym: str, **overrides: Any) -> Any:
    version = len(ws.repository.consents_for(testimony_id)) + 1
    fields = {
        "testimony_id": testimony_id,
        "pseudonym": pseudonym,
        "version": version,
        "taken_at": STARTED_AT + timedelta(days=version),
        "anonymity": AnonymityWish.NAMED_CONFIDENTIALLY,
        **overrides,
    }
    return records.add_consent(ws, make_consent(**fields))


def _testimony_ids(path: Path | None, device: FieldDevice) -> set[Any]:
    if path is None:
        return set()
    return {t.id for t in kinds(bundle_records(path, device.keys)).get("testimony", [])}


def _identity_pseudonyms(path: Path | None, device: FieldDevice) -> set[str]:
    if path is None:
        return set()
    return {p.pseudonym for _, p in bundle_identities(path, device.keys)}


# -- consent: what leaves ------------------------------------------------------------------------
def test_a_minor_without_guardian_consent_in_force_does_not_leave(device: FieldDevice) -> None:
    ws = device.ws
    sealed = add_testimony(ws)
    # Learned after sealing: the witness is 16 and the guardian has not consented.
    minor = MinorConsent(
        age_years=16,
        guardian_relationship="mother",
        guardian_consented=False,
        witness_assented=True,
    )
    _next_consent(ws, sealed.id, sealed.pseudonym, minor=minor)
    result = export_bundle(ws, device.out)
    assert sealed.id not in _testimony_ids(result.path, device)
    assert sealed.pseudonym not in _identity_pseudonyms(result.path, device)


def test_an_identity_correction_after_withdrawing_archive_does_not_leave(
    device: FieldDevice,
) -> None:
    ws = device.ws
    sent = add_testimony(ws)
    first = export_bundle(ws, device.out)
    assert sent.pseudonym in _identity_pseudonyms(first.path, device)
    withdraw(ws, sent, ConsentScope.ARCHIVE)
    # The caseworker adds an alias afterwards.
    records.save_identity(ws, make_identity(pseudonym=sent.pseudonym, aliases=("Cheol-i", "Chol")))
    second = export_bundle(ws, device.out)
    assert second.path is not None  # the withdrawal itself must travel
    assert kinds(bundle_records(second.path, device.keys)).get("withdrawal")
    assert sent.pseudonym not in _identity_pseudonyms(second.path, device)


_LATER_CONSENTS = {
    "archive_denied": {"scopes": make_scopes(archive=False)},
    "anonymity_asked": {"anonymity": AnonymityWish.ANONYMOUS},
}


@pytest.mark.parametrize("change", sorted(_LATER_CONSENTS))
def test_a_consent_stored_during_the_write_is_a_conflict(device: FieldDevice, change: str) -> None:
    ws = device.ws
    sealed = add_testimony(ws)
    stored: list[bool] = []

    def meanwhile(*_: object) -> None:
        # Another window records the witness's new consent while the bundle is being written.
        if not stored:
            stored.append(True)
            _next_consent(ws, sealed.id, sealed.pseudonym, **_LATER_CONSENTS[change])

    try:
        result = export_bundle(ws, device.out, progress=meanwhile)
    except ExportConflictError:
        return  # the right answer, as for a withdrawal stored meanwhile
    assert stored
    if change == "archive_denied":
        assert sealed.id not in _testimony_ids(result.path, device)
    else:
        assert sealed.pseudonym not in _identity_pseudonyms(result.path, device)


def test_a_withdrawal_during_the_write_is_a_conflict(device: FieldDevice) -> None:
    """The behaviour the test above expects of a new consent version: a withdrawal appends a
    custody event, so a bundle written before it is never recorded as sent."""
    ws = device.ws
    sealed = add_testimony(ws)
    done: list[bool] = []

    def meanwhile(*_: object) -> None:
        if not done:
            done.append(True)
            withdraw(ws, sealed, ConsentScope.ARCHIVE)

    with pytest.raises(ExportConflictError):
        export_bundle(ws, device.out, progress=meanwhile)
    assert ws.repository.get_testimony(sealed.id).status is RecordStatus.SEALED
    assert export_bundle(ws, device.out).testimonies == 0


def test_a_withdrawal_naming_a_superseded_version_is_refused_or_applied(
    device: FieldDevice,
) -> None:
    ws = device.ws
    sealed = add_testimony(ws)
    _next_consent(ws, sealed.id, sealed.pseudonym)  # version 2, day 2: anonymity wish changed
    late = make_withdrawal(
        ConsentScope.ARCHIVE,
        testimony_id=sealed.id,
        pseudonym=sealed.pseudonym,
        applies_to_version=1,
        received_at=STARTED_AT + timedelta(days=30),
    )
    try:
        records.withdraw_consent(ws, late)
    except ValidationFailedError:
        return  # refused: the caseworker records it against the version in force
    result = export_bundle(ws, device.out)
    assert sealed.id not in _testimony_ids(result.path, device)


def test_a_withdrawal_naming_a_missing_version_does_not_stop_every_export(
    device: FieldDevice,
) -> None:
    ws = device.ws
    sent = add_testimony(ws)
    export_bundle(ws, device.out)
    other = add_testimony(ws)
    bad = make_withdrawal(
        ConsentScope.ARCHIVE, testimony_id=sent.id, pseudonym=sent.pseudonym, applies_to_version=2
    )
    try:
        records.withdraw_consent(ws, bad)
    except ValidationFailedError:
        return  # refused at once: the right answer
    result = export_bundle(ws, device.out)  # raises today
    assert other.id in _testimony_ids(result.path, device)


def test_an_attachment_added_before_a_withdrawal_of_a_sent_testimony_stays(
    device: FieldDevice,
) -> None:
    """A testimony that left, then had archive withdrawn: its amendment's files never leave."""
    ws = device.ws
    sent = add_testimony(ws)
    export_bundle(ws, device.out)
    records.amend_testimony(ws, sent.id, {"title": "Corrected title"})
    attach(ws, sent, b"RIFF later recording")
    withdraw(ws, sent, ConsentScope.ARCHIVE)
    result = export_bundle(ws, device.out)
    assert result.path is not None
    carried = kinds(bundle_records(result.path, device.keys))
    assert carried.get("attachment", []) == []
    assert carried.get("testimony", []) == []
    assert len(carried["withdrawal"]) == 1


def test_a_held_back_version_and_its_amendment_leave_together_once_consent_returns(
    device: FieldDevice,
) -> None:
    """Nothing of a testimony that never left travels while archiving is withdrawn (not even
    its consent records); once the witness consents again, the withheld version leaves with
    the amendment that corrects it, so the archive never holds a version without its parent."""
    ws = device.ws
    sealed = add_testimony(ws)
    withdraw(ws, sealed, ConsentScope.ARCHIVE)
    held = export_bundle(ws, device.out)
    assert held.held_back == 1
    assert held.path is None
    _next_consent(ws, sealed.id, sealed.pseudonym)
    records.amend_testimony(ws, sealed.id, {"title": "Corrected title"})
    records.seal_testimony(ws, sealed.id)
    result = export_bundle(ws, device.out)
    assert result.path is not None
    carried = kinds(bundle_records(result.path, device.keys))
    versions = {t.version: t for t in carried["testimony"]}
    assert sorted(versions) == [1, 2]
    assert versions[2].amends is not None
    assert versions[2].amends.content_hash == content_hash(versions[1])
    assert sorted(c.version for c in carried["consent"]) == [1, 2]
    assert len(carried["withdrawal"]) == 1


def test_an_anonymous_wish_in_a_second_testimony_withholds_the_name(device: FieldDevice) -> None:
    """One witness, two testimonies: anonymity asked in the later one keeps the name home even
    though the first testimony (named) has left and a corrected identity waits."""
    ws = device.ws
    first = add_testimony(ws)
    export_bundle(ws, device.out)
    second = add_testimony(ws, pseudonym=first.pseudonym, anonymity=AnonymityWish.ANONYMOUS)
    records.save_identity(ws, make_identity(pseudonym=first.pseudonym, aliases=("Cheol-i", "Chol")))
    result = export_bundle(ws, device.out)
    assert second.id in _testimony_ids(result.path, device)
    assert first.pseudonym not in _identity_pseudonyms(result.path, device)


def test_an_anonymous_witness_signed_consent_form_does_not_reach_the_archive(
    device: FieldDevice,
) -> None:
    ws = device.ws
    draft = add_testimony(ws, seal=False, anonymity=AnonymityWish.ANONYMOUS)
    form = _signed_form(ws, draft.id)
    _next_consent(
        ws,
        draft.id,
        draft.pseudonym,
        anonymity=AnonymityWish.ANONYMOUS,
        evidence_attachment_id=form.id,
    )
    records.seal_testimony(ws, draft.id)
    result = export_bundle(ws, device.out)
    assert draft.id in _testimony_ids(result.path, device)
    assert result.path is not None
    sent = kinds(bundle_records(result.path, device.keys)).get("attachment", [])
    assert form.id not in {a.id for a in sent}


def _attachment_ids(path: Path | None, device: FieldDevice) -> set[Any]:
    if path is None:
        return set()
    return {a.id for a in kinds(bundle_records(path, device.keys)).get("attachment", [])}


@pytest.mark.parametrize("anonymity", list(AnonymityWish), ids=lambda w: w.value)
def test_a_consent_form_stays_only_while_the_consent_in_force_asks_for_anonymity(
    device: FieldDevice, anonymity: AnonymityWish
) -> None:
    """The testimony and its other files leave either way; the form only for a named witness.
    Once the witness drops anonymity (a new consent version), the form leaves next time."""
    ws = device.ws
    draft = add_testimony(ws, seal=False, anonymity=anonymity)
    form = _signed_form(ws, draft.id)
    photo = attachments.attach_file(
        ws,
        draft.id,
        io.BytesIO(b"a photo"),
        kind=AttachmentKind.PHOTO,
        media_type="image/jpeg",
        label="map drawn by the witness",
    )
    _next_consent(
        ws, draft.id, draft.pseudonym, anonymity=anonymity, evidence_attachment_id=form.id
    )
    records.seal_testimony(ws, draft.id)
    first = export_bundle(ws, device.out)
    assert draft.id in _testimony_ids(first.path, device)
    sent = _attachment_ids(first.path, device)
    assert photo.id in sent
    assert (form.id in sent) is (anonymity is not AnonymityWish.ANONYMOUS)
    if anonymity is AnonymityWish.ANONYMOUS:
        _next_consent(ws, draft.id, draft.pseudonym, anonymity=AnonymityWish.NAMED_CONFIDENTIALLY)
        assert form.id in _attachment_ids(export_bundle(ws, device.out).path, device)


def _signed_form(ws: Workspace, testimony_id: Any) -> Any:
    return attachments.attach_file(
        ws,
        testimony_id,
        io.BytesIO(b"%PDF signed: Kim Chol-su"),
        kind=AttachmentKind.SCAN,
        media_type="application/pdf",
        label="consent form",
    )


def test_a_form_of_a_witness_anonymous_in_another_testimony_stays(device: FieldDevice) -> None:
    ws = device.ws
    named = add_testimony(ws, seal=False)
    form = _signed_form(ws, named.id)
    _next_consent(ws, named.id, named.pseudonym, evidence_attachment_id=form.id)
    records.seal_testimony(ws, named.id)
    anonymous = add_testimony(ws, pseudonym=named.pseudonym, anonymity=AnonymityWish.ANONYMOUS)
    result = export_bundle(ws, device.out)
    assert {named.id, anonymous.id} <= _testimony_ids(result.path, device)
    # The identity (the name) stays home, as the module promises for the form too ...
    assert form.id not in _attachment_ids(result.path, device)


def test_a_consent_s_form_must_be_a_file_of_its_own_testimony(device: FieldDevice) -> None:
    """Export keeps a form back by its own testimony's witness: a form filed under another
    testimony would leave with that one, so a consent cannot name one."""
    ws = device.ws
    other = add_testimony(ws, seal=False)
    form = _signed_form(ws, other.id)
    records.seal_testimony(ws, other.id)
    anonymous = add_testimony(ws, seal=False, anonymity=AnonymityWish.ANONYMOUS)
    before = ws.repository.consents_for(anonymous.id)
    with pytest.raises(ValidationFailedError, match="evidence"):
        _next_consent(
            ws,
            anonymous.id,
            anonymous.pseudonym,
            anonymity=AnonymityWish.ANONYMOUS,
            evidence_attachment_id=form.id,
        )
    assert ws.repository.consents_for(anonymous.id) == before
    own = _signed_form(ws, anonymous.id)
    _next_consent(
        ws,
        anonymous.id,
        anonymous.pseudonym,
        anonymity=AnonymityWish.ANONYMOUS,
        evidence_attachment_id=own.id,
    )
    records.seal_testimony(ws, anonymous.id)
    result = export_bundle(ws, device.out)
    assert anonymous.id in _testimony_ids(result.path, device)
    assert {form.id} <= _attachment_ids(result.path, device)
    assert own.id not in _attachment_ids(result.path, device)


# -- immutability -------------------------------------------------------------------------------
def test_no_service_changes_a_sealed_version(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    identity = make_identity(pseudonym=testimony.pseudonym)
    records.create_testimony(ws, testimony, [consent], identity)
    # The narrative names the witness unmarked, so redaction suggestions exist to be marked.
    records.edit_draft(ws, testimony.id, {"narrative": make_narrative("Kim Chol-su spoke.")})
    sealed = records.seal_testimony(ws, testimony.id)
    assert records.redaction_suggestions(ws, sealed.id)
    query = "SELECT version, status, body, content_hash FROM testimonies WHERE id = ?"
    before = ws.connection.execute(query, (str(sealed.id),)).fetchall()
    events = len(editing.custody_history(ws, sealed.id))
    attempts = (
        lambda: records.edit_draft(ws, sealed.id, {"title": "changed"}),
        lambda: records.edit_draft(ws, sealed.id, {"status": "draft"}),
        lambda: records.seal_testimony(ws, sealed.id),
        lambda: records.mark_suggested_redactions(ws, sealed.id),
        lambda: records.amend_testimony(ws, sealed.id, {"version": 1}),
        lambda: records.amend_testimony(ws, sealed.id, {"status": "sealed"}),
        lambda: attach(ws, sealed, b"RIFF added after sealing"),
    )
    for attempt in attempts:
        with pytest.raises(FieldappError):
            attempt()
    assert ws.connection.execute(query, (str(sealed.id),)).fetchall() == before
    assert len(editing.custody_history(ws, sealed.id)) == events
    assert ws.repository.attachments_for(sealed.id) == []


def test_an_amendment_after_export_points_at_the_hash_its_seal_fixed(
    device: FieldDevice,
) -> None:
    """Export moves the status on; the amendment must still name the content hash the signed
    SEAL event fixed, or the chain from v2 back to v1 breaks at the archive."""
    ws = device.ws
    sealed = add_testimony(ws)
    export_bundle(ws, device.out)
    amended = records.amend_testimony(ws, sealed.id, {"title": "Corrected title"})
    seals = [
        e
        for e in editing.custody_history(ws, sealed.id)
        if e.kind is CustodyKind.SEAL and e.record_version == 1
    ]
    assert amended.amends is not None
    assert [e.payload_hash for e in seals] == [amended.amends.content_hash]
    stored = ws.connection.execute(
        "SELECT content_hash FROM testimonies WHERE id = ? AND version = 1", (str(sealed.id),)
    ).fetchone()[0]
    assert stored == amended.amends.content_hash


# -- search -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "_",
        "__init__",
        "a\x00b",
        "\x00",
        "word " * 5000,
        "(" * 2000,
        "title:guards",
        "NEAR(guards used, 2)",
        "guards*",
        "-guards",
        '"guards',
        "%",
        "\u200b",
        "guards\u0301",
    ],
)
def test_search_takes_any_text(ws: Workspace, text: str) -> None:
    testimony, consent = new_testimony(narrative=make_narrative("The guards used the word."))
    records.create_testimony(ws, testimony, [consent])
    assert isinstance(records.search_testimonies(ws, text), list)


def test_a_word_found_only_in_the_id_column_does_not_match(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    assert records.search_testimonies(ws, str(testimony.id).split("-")[0]) == []


# -- purge --------------------------------------------------------------------------------------
def test_a_withdrawal_recorded_before_purge_still_travels_and_nothing_else(
    receipted_pair: Pair,  # noqa: F811 - the fixture imported above
) -> None:
    """Purge right after a receipt must not swallow a withdrawal that has not left yet: it
    reaches the archive in the next bundle, alone (no content of the purged record)."""
    (pack,) = receipts.write_receipts(receipted_pair.archive, receipted_pair.usb)
    packs.apply_pack(receipted_pair.device, pack.path)
    target = receipted_pair.device.repository.list_testimonies()[0].id
    withdrawal = editing.record_withdrawal(
        receipted_pair.device,
        target,
        [ConsentScope.ARCHIVE],
        received_by="Caseworker 02",
        how_received="phone",
    )
    assert receipts.purge_archived(receipted_pair.device).testimonies > 0
    assert ws_status(receipted_pair.device, target) is RecordStatus.PURGED
    out = receipted_pair.usb / "next"
    out.mkdir()
    result = export_bundle(receipted_pair.device, out)
    assert result.path is not None
    assert (result.testimonies, result.consents, result.attachments) == (0, 0, 0)
    assert result.withdrawals == 1
    assert importing.import_bundles(receipted_pair.archive, [result.path])[0].outcome == "imported"
    held = receipted_pair.archive.repository.withdrawals_for(target)
    assert [w.id for w in held] == [withdrawal.id]


def ws_status(ws: Workspace, testimony_id: Any) -> RecordStatus:
    row = ws.connection.execute(
        "SELECT status FROM testimonies WHERE id = ? AND is_latest = 1", (str(testimony_id),)
    ).fetchone()
    return RecordStatus(row[0])


# -- a lost bundle sent again, then found -------------------------------------------------------
def test_a_withdrawal_after_a_resend_reaches_the_archive_that_imports_the_found_stick(
    site: Site,
) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    add_demo(site.a, 2, seed=61)
    lost = site.a.export()  # bundle 2: the stick is lost
    row = site.a.ws.connection.execute(
        "SELECT id FROM testimonies WHERE exported_in = 2 ORDER BY id LIMIT 1"
    ).fetchone()
    testimony_id = UUID(row[0])
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, "Device A's bundle 2 lost")
    export_resend.resend_bundle(site.a.ws, 2, reason="Stick lost on the bus, reported by phone")
    # The witness withdraws before the re-sent records leave: they are held back (right).
    import_support.withdraw(site.a, testimony_id, ConsentScope.ARCHIVE)
    add_demo(site.a, 1, seed=62)
    third = site.a.export()
    assert site.archive.import_(third)[0].outcome == "imported"
    # The stick is found after all, and the archive imports it, as the design allows.
    [found] = site.archive.import_(lost)
    assert found.outcome == "imported", found.reason
    # The withdrawal left in bundle 3 and waited for its testimony; it is not sent again.
    add_testimony(site.a.ws)
    assert site.archive.import_(site.a.export())[0].outcome == "imported"
    repo = site.archive.ws.repository
    assert repo.testimony_exists(testimony_id)
    consent = effective_consent(repo.consents_for(testimony_id), repo.withdrawals_for(testimony_id))
    assert not consent.allows(ConsentScope.ARCHIVE)
