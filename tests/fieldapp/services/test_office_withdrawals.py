"""Withdrawals received at the office, recorded on the archive: stored with a signed custody
event the audit matches both ways, in force at once, kept in force against a consent version a
late bundle brings unless taken after the laptop was told of it (``test_office_told`` has the
clocks); never refused for a use already not allowed; refusals change nothing; lists filter on
the consent in force.

Real workspaces throughout (import_support): an archive, two enrolled devices, device A's
bundle 1 imported; later bundles exported from the device and imported.
"""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import (
    ConsentRecord,
    ConsentScope,
    CustodyEvent,
    CustodyKind,
    RecordStatus,
    canonical_bytes,
    effective_consent,
    parse_canonical,
)
from fieldapp.errors import (
    ConsentNotHeldError,
    FieldappError,
    RecordNotFoundError,
    RecordPurgedError,
    ValidationFailedError,
    WrongRoleError,
)
from fieldapp.services import audit, custody_view, packs, records
from fieldapp.services.office_withdrawals import (
    consent_in_force,
    office_withdrawals_for,
    record_office_withdrawal,
)
from fieldapp.services.withdrawal_packs import write_withdrawal_packs
from fieldapp.workspace import TestimonyFilter, Workspace
from fieldapp.workspace.database import transaction

from .import_support import Device, Site, custody_events, sent_by, snapshot, withdraw

A = ConsentScope
USED = {A.ARCHIVE, A.UN_REPORTING, A.PUBLIC_MEDIA, A.RESEARCH}
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}


def _imported(site: Site) -> UUID:
    """Both devices' bundle 1 imported; a testimony whose consent allows the uses these tests
    withdraw (``_owner`` names its device)."""
    for device in (site.a, site.b):
        [report] = site.archive.import_(device.bundles[0].path)
        assert report.outcome == "imported", report.reason
    for device in (site.a, site.b):
        for text in sorted(sent_by(device).testimony_ids()):
            allowed = consent_in_force(site.archive.ws, UUID(text)).allowed_scopes()
            if allowed >= USED:
                return UUID(text)
    raise AssertionError("no testimony of bundle 1 allows every use the tests withdraw")


def _owner(site: Site, testimony_id: UUID) -> Device:
    return next(d for d in (site.a, site.b) if str(testimony_id) in sent_by(d).testimony_ids())


def _office(ws: Workspace, testimony_id: UUID, *scopes: A) -> Any:
    return record_office_withdrawal(ws, testimony_id, scopes, **OFFICE).withdrawal


def _tell(site: Site, device: Device) -> None:
    """The archive's withdrawal pack for ``device``, applied there."""
    for sent in write_withdrawal_packs(site.archive.ws, device.usb):
        if sent.pack.device == device.fingerprint:
            packs.apply_pack(device.ws, sent.pack.path)


def _next_version(device: Device, testimony_id: UUID, taken_at: datetime) -> ConsentRecord:
    """A new consent version on ``device``, allowing every scope, taken at ``taken_at``."""
    latest = device.ws.repository.consents_for(testimony_id)[-1]
    fields = latest.model_dump()
    fields.update(version=latest.version + 1, taken_at=taken_at)
    fields["scopes"] = dict.fromkeys((scope.value for scope in A), True)
    return records.add_consent(device.ws, ConsentRecord.model_validate(fields))


def _send(site: Site, device: Device) -> None:
    [report] = site.archive.import_(device.export())
    assert report.outcome == "imported", report.reason


# --- recorded, in force, signed -----------------------------------------------------------------


def test_an_office_withdrawal_is_in_force_at_once_with_its_signed_event(site: Site) -> None:
    testimony_id = _imported(site)
    ws = site.archive.ws
    withdrawal = _office(ws, testimony_id, A.UN_REPORTING)

    assert office_withdrawals_for(ws, testimony_id) == [withdrawal]
    assert withdrawal.applies_to_version == len(ws.repository.consents_for(testimony_id))
    assert withdrawal.pseudonym == ws.repository.get_testimony(testimony_id).pseudonym
    assert not consent_in_force(ws, testimony_id).allows(A.UN_REPORTING)
    assert consent_in_force(ws, testimony_id).allows(A.ARCHIVE)
    # The device's records are untouched: what devices sent stays as they sent it.
    assert ws.repository.withdrawals_for(testimony_id) == site.a.ws.repository.withdrawals_for(
        testimony_id
    )
    last = custody_events(ws)[-1]
    assert (last.kind, last.record_id, last.actor) == (
        CustodyKind.WITHDRAW,
        testimony_id,
        ws.fingerprint,
    )
    assert last.payload_hash == hashlib.sha256(canonical_bytes(withdrawal)).hexdigest()
    report = audit.verify_custody(ws)
    assert report.intact, report.reason
    shown = [e for e in custody_view.record_custody(ws, testimony_id) if e.kind == "withdraw"]
    assert [(e.source, e.verified, e.payload_hash) for e in shown] == [
        (custody_view.ARCHIVE, True, last.payload_hash)
    ]


def test_withdrawing_archive_at_the_office_leaves_only_recontact(site: Site) -> None:
    testimony_id = _imported(site)
    _office(site.archive.ws, testimony_id, A.ARCHIVE)
    in_force = consent_in_force(site.archive.ws, testimony_id)
    assert in_force.allowed_scopes() <= {A.RECONTACT}


# --- the late bundle ----------------------------------------------------------------------------


def test_a_version_taken_before_the_call_that_arrives_later_does_not_undo_it(site: Site) -> None:
    testimony_id = _imported(site)
    withdrawal = _office(site.archive.ws, testimony_id, A.UN_REPORTING, A.PUBLIC_MEDIA)
    # The interviewer took version 2 the day before the call; its bundle comes after.
    owner = _owner(site, testimony_id)
    earlier = _next_version(owner, testimony_id, withdrawal.received_at - timedelta(days=1))
    _send(site, owner)
    in_force = consent_in_force(site.archive.ws, testimony_id)
    assert in_force.version == earlier.version
    assert not in_force.allows(A.UN_REPORTING)
    assert not in_force.allows(A.PUBLIC_MEDIA)
    assert in_force.allows(A.RESEARCH)
    # The laptop, which never heard of the call, allows both: the archive alone knows.
    device = records.get_record(owner.ws, testimony_id)
    assert effective_consent(device.consents, device.withdrawals).allows(A.UN_REPORTING)
    assert audit.verify_custody(site.archive.ws).intact


def test_a_version_taken_after_the_call_supersedes_it_once_the_laptop_was_told(
    site: Site,
) -> None:
    testimony_id = _imported(site)
    _office(site.archive.ws, testimony_id, A.UN_REPORTING)
    owner = _owner(site, testimony_id)
    _tell(site, owner)
    later = _next_version(owner, testimony_id, datetime.now(UTC))  # the witness consented again
    _send(site, owner)
    in_force = consent_in_force(site.archive.ws, testimony_id)
    assert in_force.version == later.version
    assert in_force.allows(A.UN_REPORTING)
    # The office withdrawal is kept: superseded, not erased.
    assert len(office_withdrawals_for(site.archive.ws, testimony_id)) == 1


def test_a_laptop_clock_running_fast_cannot_undo_it(site: Site) -> None:
    """The version the archive holds when the call comes says it was taken tomorrow (the
    laptop's clock ran fast): the office withdrew from that very version, so it holds."""
    testimony_id = _imported(site)
    owner = _owner(site, testimony_id)
    ahead = _next_version(owner, testimony_id, datetime.now(UTC) + timedelta(days=1))
    _send(site, owner)
    withdrawal = _office(site.archive.ws, testimony_id, A.UN_REPORTING)
    assert withdrawal.applies_to_version == ahead.version
    assert not consent_in_force(site.archive.ws, testimony_id).allows(A.UN_REPORTING)
    un_reporting = TestimonyFilter(allowed_for=A.UN_REPORTING)
    listed = [row.id for row in records.list_testimonies(site.archive.ws, un_reporting)]
    assert testimony_id not in listed


def test_a_later_device_withdrawal_of_the_same_scope_still_imports(site: Site) -> None:
    testimony_id = _imported(site)
    _office(site.archive.ws, testimony_id, A.UN_REPORTING)
    # The interviewer hears of it too and records it on the laptop.
    owner = _owner(site, testimony_id)
    sent = withdraw(owner, testimony_id, A.UN_REPORTING)
    _send(site, owner)
    assert sent in site.archive.ws.repository.withdrawals_for(testimony_id)
    assert not consent_in_force(site.archive.ws, testimony_id).allows(A.UN_REPORTING)
    assert audit.verify_custody(site.archive.ws).intact


# --- refusals change nothing --------------------------------------------------------------------


def _delete_consents(ws: Workspace, testimony_id: UUID) -> None:
    # No bundle brings a testimony without its consent; what the refusal guards is an archive
    # whose rows say otherwise (a consent still waiting, or an edit), so make them say so.
    ws.connection.execute("DELETE FROM consents WHERE testimony_id = ?", (str(testimony_id),))


def _purge(ws: Workspace, testimony_id: UUID) -> None:
    with transaction(ws.connection):
        ws.repository.purge_testimony(testimony_id, RecordStatus.PURGED)


Refusal = tuple[Callable[[Workspace, UUID], None], Callable[[Workspace, UUID], object], type]

REFUSALS: dict[str, Refusal] = {
    "an unknown testimony": (
        lambda ws, tid: None,
        lambda ws, tid: _office(ws, uuid4(), A.RESEARCH),
        RecordNotFoundError,
    ),
    "a purged testimony": (_purge, lambda ws, tid: _office(ws, tid, A.RESEARCH), RecordPurgedError),
    "a testimony whose consent the archive lacks": (
        _delete_consents,
        lambda ws, tid: _office(ws, tid, A.RESEARCH),
        ConsentNotHeldError,
    ),
    "no scope": (lambda ws, tid: None, lambda ws, tid: _office(ws, tid), ValidationFailedError),
    "an unknown channel": (
        lambda ws, tid: None,
        lambda ws, tid: record_office_withdrawal(
            ws, tid, [A.RESEARCH], received_by="Office", how_received="pigeon"
        ),
        ValidationFailedError,
    ),
    "no one received it": (
        lambda ws, tid: None,
        lambda ws, tid: record_office_withdrawal(
            ws, tid, [A.RESEARCH], received_by="", how_received="phone"
        ),
        ValidationFailedError,
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refusals_change_nothing(site: Site, name: str) -> None:
    prepare, attempt, error = REFUSALS[name]
    testimony_id = _imported(site)
    ws = site.archive.ws
    prepare(ws, testimony_id)
    before = snapshot(ws)
    with pytest.raises(error) as refused:
        attempt(ws, testimony_id)
    assert type(refused.value) is error
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    ("first", "then", "already"),
    [
        ((A.UN_REPORTING,), (A.RESEARCH, A.UN_REPORTING), (A.UN_REPORTING,)),
        # Withdrawn with archiving: every use drawing on the archived record.
        ((A.ARCHIVE,), (A.RESEARCH,), (A.RESEARCH,)),
    ],
    ids=["withdrawn already", "after archive"],
)
def test_a_use_already_not_allowed_is_withdrawn_all_the_same_and_named(
    site: Site, first: tuple[A, ...], then: tuple[A, ...], already: tuple[A, ...]
) -> None:
    """Never refused: the laptop may hold a newer version allowing it (R1's finding)."""
    testimony_id = _imported(site)
    ws = site.archive.ws
    _office(ws, testimony_id, *first)
    recorded = record_office_withdrawal(ws, testimony_id, then, **OFFICE)
    assert recorded.already_not_allowed == already
    assert office_withdrawals_for(ws, testimony_id)[-1] == recorded.withdrawal
    assert recorded.withdrawal.scopes == tuple(sorted(then))
    assert custody_events(ws)[-1].payload_hash == (
        hashlib.sha256(canonical_bytes(recorded.withdrawal)).hexdigest()
    )
    assert audit.verify_custody(ws).intact
    # A use still allowed, withdrawn now, is not named.
    fresh = record_office_withdrawal(ws, testimony_id, [A.RECONTACT], **OFFICE)
    assert fresh.already_not_allowed == ()


def test_a_device_is_told_to_record_the_witness_s_withdrawal_instead(site: Site) -> None:
    testimony_id = _imported(site)
    laptop = _owner(site, testimony_id).ws
    before = snapshot(laptop)
    with pytest.raises(WrongRoleError, match="on a laptop"):
        _office(laptop, testimony_id, A.RESEARCH)
    assert snapshot(laptop) == before
    # On a device the consent in force is its own, and it holds no office withdrawals.
    record = records.get_record(laptop, testimony_id)
    assert consent_in_force(laptop, testimony_id) == effective_consent(
        record.consents, record.withdrawals
    )
    assert office_withdrawals_for(laptop, testimony_id) == []


# --- the audit matches office withdrawals and their events both ways ----------------------------


def _alter(ws: Workspace, testimony_id: UUID) -> None:
    row = ws.connection.execute("SELECT rowid, body FROM office_withdrawals").fetchone()
    body = bytes(row[1]).replace(b"caseworker 02", b"caseworker 03")
    ws.connection.execute("UPDATE office_withdrawals SET body = ? WHERE rowid = ?", (body, row[0]))


def _add_unsigned(ws: Workspace, testimony_id: UUID) -> None:
    withdrawal = office_withdrawals_for(ws, testimony_id)[0]
    forged = withdrawal.model_copy(update={"id": uuid4(), "scopes": (A.ACCOUNTABILITY,)})
    ws.repository.add_office_withdrawal(forged)


def _move(ws: Workspace, testimony_id: UUID) -> None:
    other = next(t.id for t in records.list_testimonies(ws) if t.id != testimony_id)
    ws.connection.execute("UPDATE office_withdrawals SET testimony_id = ?", (str(other),))


TAMPERING: dict[str, Callable[[Workspace, UUID], None]] = {
    "removed": lambda ws, _: ws.connection.execute("DELETE FROM office_withdrawals") and None,
    "altered": _alter,
    "added without an event": _add_unsigned,
    "filed under another testimony": _move,
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_the_audit_finds_an_office_withdrawal_tampered_with(site: Site, name: str) -> None:
    testimony_id = _imported(site)
    _office(site.archive.ws, testimony_id, A.UN_REPORTING)
    assert audit.verify_custody(site.archive.ws).intact
    TAMPERING[name](site.archive.ws, testimony_id)
    report = audit.verify_custody(site.archive.ws)
    assert not report.intact
    assert "office" in (report.reason or "")


def test_the_archive_s_withdraw_events_are_only_its_office_s(site: Site) -> None:
    testimony_id = _imported(site)
    first = _office(site.archive.ws, testimony_id, A.UN_REPORTING)
    second = _office(site.archive.ws, testimony_id, A.PUBLIC_MEDIA)
    assert office_withdrawals_for(site.archive.ws, testimony_id) == [first, second]
    rows = site.archive.ws.connection.execute(
        "SELECT body FROM custody_events WHERE kind = 'withdraw'"
    ).fetchall()
    signed = [parse_canonical(CustodyEvent, body).payload_hash for (body,) in rows]
    assert signed == [hashlib.sha256(canonical_bytes(w)).hexdigest() for w in (first, second)]


# --- lists -------------------------------------------------------------------------------------


def test_lists_keep_only_what_the_consent_in_force_allows_page_by_page(site: Site) -> None:
    testimony_id = _imported(site)
    ws = site.archive.ws
    _office(ws, testimony_id, A.UN_REPORTING)
    everything = [row.id for row in records.list_testimonies(ws)]
    for scope in A:
        expected = [tid for tid in everything if _allows(ws, tid, scope)]
        paged: list[UUID] = []
        for offset in range(0, len(everything) + 2, 2):
            page = TestimonyFilter(allowed_for=scope, limit=2, offset=offset)
            paged += [row.id for row in records.list_testimonies(ws, page)]
        assert paged == expected, scope
    un_reporting = TestimonyFilter(allowed_for=A.UN_REPORTING)
    assert testimony_id not in [row.id for row in records.list_testimonies(ws, un_reporting)]
    research = TestimonyFilter(allowed_for=A.RESEARCH)
    found = records.search_testimonies(ws, "", research)
    assert found == []  # no words, no search: the filter does not turn it into a list


def _allows(ws: Workspace, testimony_id: UUID, scope: A) -> bool:
    try:
        return consent_in_force(ws, testimony_id).allows(scope)
    except FieldappError:
        return False
