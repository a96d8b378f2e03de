"""Purge erases the words of a testimony's consent records: who took the consent, the
interpreter, what was explained, the witness's own conditions, a minor's guardian, who received
a withdrawal and what they noted — once those records have reached the archive. What the
laptop's consent in force, export and purged page need stays. Withdrawal packs bring a laptop
no office notes and no coordinator's name.

Real workspaces throughout (import_support): an archive and an enrolled laptop; bundles,
receipts and packs through a stick folder.
"""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import (
    AnonymityWish,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    MinorConsent,
    canonical_bytes,
)
from fieldapp.domain.consent_remains import (
    OFFICE_RECEIVER,
    REMOVED_HERE,
    consent_remains,
    office_withdrawal_told,
    withdrawal_remains,
)
from fieldapp.errors import BundleAcknowledgedError
from fieldapp.services import (
    audit,
    editing,
    export_resend,
    pack_writing,
    packs,
    purged_view,
    receipts,
    records,
    standing,
    withdrawal_packs,
)
from fieldapp.services.office_withdrawals import (
    consent_in_force,
    office_withdrawals_for,
    record_office_withdrawal,
)
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.withdrawal_pack import withdrawal_payload, withdrawal_payload_bytes
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_consent, make_testimony
from tests.fieldapp.workspace.support import stored_state

from .import_support import Archive, Device

TAKER = "Taker-marker-P7Z"
INTERPRETER = "Interpreter-marker-P7Z"
EXPLAINED = "explained-marker-P7Z"
RESTRICTION = "restriction-marker-P7Z"
GUARDIAN = "guardian-marker-P7Z"
RECEIVER = "Receiver-marker-P7Z"
NOTES = "notes-marker-P7Z"
OFFICE_NAME = "Office, caseworker 02"
OFFICE_NOTES = "office-notes-marker-P7Z: afraid for her brother"
WORDS = (TAKER, INTERPRETER, EXPLAINED, RESTRICTION, GUARDIAN, RECEIVER, NOTES, OFFICE_NOTES)


def _worded_consent(testimony_id: UUID, pseudonym: str, version: int = 1) -> ConsentRecord:
    return make_consent(
        testimony_id=testimony_id,
        pseudonym=pseudonym,
        version=version,
        taken_by=TAKER,
        taken_at=datetime.now(UTC) - timedelta(days=2) + timedelta(hours=version),
        interpreter=INTERPRETER,
        explanation_notes=f"Explained in Korean: {EXPLAINED}",
        restrictions=f"Not to be shared with the South Korean government. {RESTRICTION}",
        minor=MinorConsent(
            age_years=16,
            guardian_relationship=GUARDIAN,
            guardian_consented=True,
            witness_assented=True,
        ),
        anonymity=AnonymityWish.NAMED_CONFIDENTIALLY,
    )


def _sealed(laptop: Device) -> UUID:
    testimony = make_testimony(id=uuid4())
    consent = _worded_consent(testimony.id, testimony.pseudonym)
    records.create_testimony(laptop.ws, testimony, [consent])
    records.seal_testimony(laptop.ws, testimony.id)
    return testimony.id


def _withdraw(laptop: Device, testimony_id: UUID, scope: ConsentScope) -> ConsentWithdrawal:
    return editing.record_withdrawal(
        laptop.ws,
        testimony_id,
        [scope],
        received_by=RECEIVER,
        how_received="phone",
        notes=f"She called from a borrowed phone. {NOTES}",
    )


def _delivered(hq: Archive, laptop: Device) -> None:
    """The laptop's next bundle imported, and the archive's receipt for it applied."""
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    for sent in receipts.write_receipts(hq.ws, laptop.usb, to=laptop.fingerprint):
        packs.apply_pack(laptop.ws, sent.path)


def _held(ws: Workspace) -> str:
    return repr(stored_state(ws.connection))


def _words_left(ws: Workspace) -> list[str]:
    held = _held(ws)
    return [word for word in WORDS if word in held]


def _body(ws: Workspace, table: str, key: str, value: str) -> bytes:
    row = ws.connection.execute(
        f"SELECT body FROM {table} WHERE {key} = ?",  # noqa: S608
        (value,),
    ).fetchone()
    return bytes(row[0])


# --- what purge erases, and what it keeps ---------------------------------------------------


def test_purge_erases_the_words_and_keeps_the_consent_in_force(hq: Archive, laptop: Device) -> None:
    testimony_id = _sealed(laptop)
    withdrawal = _withdraw(laptop, testimony_id, ConsentScope.PUBLIC_MEDIA)
    _delivered(hq, laptop)
    before = consent_in_force(laptop.ws, testimony_id)
    [consent] = laptop.ws.repository.consents_for(testimony_id)
    assert _words_left(laptop.ws) == [
        TAKER, INTERPRETER, EXPLAINED, RESTRICTION, GUARDIAN, RECEIVER, NOTES,
    ]  # fmt: skip

    assert receipts.purge_archived(laptop.ws).testimonies == 1

    assert _words_left(laptop.ws) == []
    [kept] = laptop.ws.repository.consents_for(testimony_id)
    assert kept == consent_remains(consent)
    assert kept.taken_by == REMOVED_HERE
    assert (kept.interpreter, kept.explanation_notes, kept.restrictions) == (None, None, None)
    assert kept.explained == ()
    # What the laptop still weighs is as it was: versions, times, scopes, anonymity, method,
    # language, and a minor's guardian's consent and assent (export reads them).
    for name in ("version", "taken_at", "scopes", "anonymity", "method", "language"):
        assert getattr(kept, name) == getattr(consent, name), name
    assert kept.minor is not None
    assert (kept.minor.age_years, kept.minor.guardian_consented, kept.minor.witness_assented) == (
        16,
        True,
        True,
    )
    assert kept.minor.guardian_relationship == REMOVED_HERE
    [left] = laptop.ws.repository.withdrawals_for(testimony_id)
    assert left == withdrawal_remains(withdrawal)
    assert (left.received_by, left.notes) == (REMOVED_HERE, None)
    assert (left.id, left.received_at, left.scopes, left.applies_to_version) == (
        withdrawal.id,
        withdrawal.received_at,
        withdrawal.scopes,
        withdrawal.applies_to_version,
    )
    after = consent_in_force(laptop.ws, testimony_id)
    assert after.version == before.version
    assert after.allowed_scopes() == before.allowed_scopes()
    assert ConsentScope.PUBLIC_MEDIA not in after.allowed_scopes()

    # The purged page reads them; the archive keeps every word.
    remains = purged_view.purged_remains(laptop.ws, testimony_id)
    assert remains is not None
    assert (remains.consents, remains.withdrawals) == ((kept,), (left,))
    assert hq.ws.repository.consents_for(testimony_id) == [consent]
    assert hq.ws.repository.withdrawals_for(testimony_id) == [withdrawal]
    # The chain of custody events is intact on both sides.
    for ws in (laptop.ws, hq.ws):
        report = audit.verify_custody(ws)
        assert report.intact, report.reason


def test_records_not_yet_sent_travel_whole_and_are_erased_once_a_receipt_names_their_bundle(
    hq: Archive, laptop: Device
) -> None:
    """A consent version and a withdrawal recorded after the testimony's bundle: purged before
    they leave, they would reach the archive without the witness's words (or the lost stick's
    records would go again without them)."""
    testimony_id = _sealed(laptop)
    _delivered(hq, laptop)
    second = _worded_consent(testimony_id, make_testimony().pseudonym, version=2)
    second = second.model_copy(update={"restrictions": f"Only for the UN. {RESTRICTION}-2"})
    records.add_consent(laptop.ws, second)
    withdrawal = _withdraw(laptop, testimony_id, ConsentScope.RESEARCH)
    waiting = {
        "consents": _body(laptop.ws, "consents", "version", "2"),
        "withdrawals": _body(laptop.ws, "withdrawals", "id", str(withdrawal.id)),
    }

    assert receipts.purge_archived(laptop.ws).testimonies == 1
    # The version that left is erased; the two waiting are whole, byte for byte.
    [first, kept] = laptop.ws.repository.consents_for(testimony_id)
    assert first.taken_by == REMOVED_HERE
    assert canonical_bytes(kept) == waiting["consents"]
    assert _body(laptop.ws, "withdrawals", "id", str(withdrawal.id)) == waiting["withdrawals"]

    # They go whole in the next bundle; until a receipt names it, they stay whole here.
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    assert hq.ws.repository.consents_for(testimony_id)[1] == second
    assert hq.ws.repository.withdrawals_for(testimony_id) == [withdrawal]
    assert receipts.purge_archived(laptop.ws).testimonies == 0
    assert (
        canonical_bytes(laptop.ws.repository.consents_for(testimony_id)[1]) == (waiting["consents"])
    )

    # The receipt naming that bundle erases them (and a purge after it changes nothing more).
    for sent in receipts.write_receipts(hq.ws, laptop.usb, to=laptop.fingerprint):
        packs.apply_pack(laptop.ws, sent.path)
    assert _words_left(laptop.ws) == []
    assert laptop.ws.repository.consents_for(testimony_id) == [
        consent_remains(c) for c in hq.ws.repository.consents_for(testimony_id)
    ]
    assert laptop.ws.repository.withdrawals_for(testimony_id) == [withdrawal_remains(withdrawal)]
    erased = stored_state(laptop.ws.connection)
    receipts.purge_archived(laptop.ws)
    assert stored_state(laptop.ws.connection) == erased
    assert ConsentScope.RESEARCH not in consent_in_force(laptop.ws, testimony_id).allowed_scopes()

    # An acknowledged bundle is never sent again: nothing would carry the erased records.
    for sequence in (1, 2):
        with pytest.raises(BundleAcknowledgedError):
            export_resend.resend_bundle(laptop.ws, sequence, reason="Stick lost")
    assert laptop.ws.repository.consents_for(testimony_id)[1].taken_by == REMOVED_HERE
    for ws in (laptop.ws, hq.ws):
        report_ = audit.verify_custody(ws)
        assert report_.intact, report_.reason


def test_a_bundle_no_receipt_named_keeps_its_records_whole_for_a_resend(
    hq: Archive, laptop: Device
) -> None:
    testimony_id = _sealed(laptop)
    _delivered(hq, laptop)
    withdrawal = _withdraw(laptop, testimony_id, ConsentScope.RESEARCH)
    receipts.purge_archived(laptop.ws)
    lost = laptop.export()  # the stick is lost before the archive sees it
    lost.unlink()
    receipts.purge_archived(laptop.ws)
    export_resend.resend_bundle(laptop.ws, 2, reason="Stick lost")
    standing.accept_gap(hq.ws, laptop.fingerprint, 2, "Stick lost on the way")
    _delivered(hq, laptop)
    assert hq.ws.repository.withdrawals_for(testimony_id) == [withdrawal]  # every word arrived
    assert laptop.ws.repository.withdrawals_for(testimony_id) == [withdrawal_remains(withdrawal)]


# --- withdrawals received at the office -----------------------------------------------------


def _office_withdrawal(hq: Archive, laptop: Device, testimony_id: UUID) -> ConsentWithdrawal:
    """A withdrawal of recontact received at the office, told to the laptop by pack; the
    archive's own record of it."""
    record_office_withdrawal(
        hq.ws,
        testimony_id,
        [ConsentScope.RECONTACT],
        received_by=OFFICE_NAME,
        how_received="phone",
        notes=OFFICE_NOTES,
    )
    [full] = office_withdrawals_for(hq.ws, testimony_id)
    [sent] = withdrawal_packs.write_withdrawal_packs(hq.ws, laptop.usb)
    packs.apply_pack(laptop.ws, sent.pack.path)
    return full


def test_a_withdrawal_pack_brings_no_office_notes_and_no_coordinator_s_name(
    hq: Archive, laptop: Device
) -> None:
    testimony_id = _sealed(laptop)
    _delivered(hq, laptop)
    full = _office_withdrawal(hq, laptop, testimony_id)
    assert (full.received_by, full.notes) == (OFFICE_NAME, OFFICE_NOTES)  # the archive's record

    [told] = office_withdrawals_for(laptop.ws, testimony_id)
    assert told == office_withdrawal_told(full)
    assert (told.received_by, told.notes) == (OFFICE_RECEIVER, None)
    assert (told.id, told.scopes, told.received_at) == (full.id, full.scopes, full.received_at)
    assert OFFICE_NAME not in _held(laptop.ws)
    assert OFFICE_NOTES not in _held(laptop.ws)
    assert not consent_in_force(laptop.ws, testimony_id).allows(ConsentScope.RECONTACT)
    assert office_withdrawals_for(hq.ws, testimony_id) == [full]  # the archive keeps it whole

    # Purge keeps it as told: a pack repeating it is still nothing new.
    receipts.purge_archived(laptop.ws)
    assert office_withdrawals_for(laptop.ws, testimony_id) == [told]
    payload = withdrawal_payload_bytes(withdrawal_payload(laptop.fingerprint, (full,)))
    again = pack_writing.send_pack(
        hq.ws, laptop.fingerprint, ManifestKind.WITHDRAWAL, payload, laptop.usb
    )
    applied = packs.apply_pack(laptop.ws, again.path)
    assert (applied.details["withdrawals"], applied.details["unchanged"]) == (0, 1)
    assert not consent_in_force(laptop.ws, testimony_id).allows(ConsentScope.RECONTACT)


def test_purge_erases_an_office_withdrawal_an_earlier_pack_brought_whole(
    hq: Archive, laptop: Device
) -> None:
    """Packs written before this change carried the office's notes and names: the row such a
    pack left is rewritten by the purge to the form packs now bring."""
    testimony_id = _sealed(laptop)
    _delivered(hq, laptop)
    full = _office_withdrawal(hq, laptop, testimony_id)
    laptop.ws.connection.execute(
        "UPDATE office_withdrawals SET body = ? WHERE id = ?",
        (canonical_bytes(full), str(full.id)),
    )
    assert OFFICE_NOTES in _held(laptop.ws)  # as an earlier pack left it

    receipts.purge_archived(laptop.ws)
    assert office_withdrawals_for(laptop.ws, testimony_id) == [office_withdrawal_told(full)]
    assert OFFICE_NOTES not in _held(laptop.ws)
    assert OFFICE_NAME not in _held(laptop.ws)


def test_a_testimony_not_purged_keeps_every_word(hq: Archive, laptop: Device) -> None:
    kept_id = _sealed(laptop)
    withdrawal = _withdraw(laptop, kept_id, ConsentScope.RESEARCH)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    # Exported, no receipt applied: nothing is archived, nothing erased.
    before = stored_state(laptop.ws.connection)
    assert receipts.purge_archived(laptop.ws).testimonies == 0
    assert stored_state(laptop.ws.connection) == before
    assert laptop.ws.repository.withdrawals_for(kept_id) == [withdrawal]
