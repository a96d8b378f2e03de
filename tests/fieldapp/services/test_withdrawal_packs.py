"""Withdrawal packs end to end: the office records a withdrawal on the archive, the archive writes
a pack to the laptop that sent the testimony, the laptop applies it and its consent in force
refuses what was withdrawn; each pack says only what is new; every inconsistent pack is refused
with nothing changed; the laptop's next bundle carries none of them and imports cleanly; an
office withdrawal of "archive" holds back a later amendment.

Real workspaces throughout (import_support): an archive, two enrolled devices, both bundle 1
imported; packs written to a stick folder and applied from it.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import ConsentScope, ConsentWithdrawal, RecordStatus, SealItem
from fieldapp.domain.consent_remains import office_withdrawal_told
from fieldapp.errors import ConsentRequiredError, PackRejectedError
from fieldapp.services import (
    audit,
    editing,
    enrolment,
    export,
    pack_resend,
    pack_writing,
    packs,
    receipts,
    records,
    withdrawal_packs,
)
from fieldapp.services.office_withdrawals import (
    consent_in_force,
    office_withdrawals_for,
    record_office_withdrawal,
    withdrawal_history,
)
from fieldapp.services.packs import REJECTED_PAYLOAD_OTHER_DEVICE
from fieldapp.services.withdrawal_packs import (
    REJECTED_UNKNOWN_TESTIMONY,
    REJECTED_WITHDRAWAL_CHANGED,
    write_withdrawal_packs,
)
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.withdrawal_pack import withdrawal_payload, withdrawal_payload_bytes
from fieldapp.workspace import TestimonyFilter, Workspace
from tests.fieldapp.workspace.support import stored_state

from .import_support import Device, Site, held_by, make_site, sent_by, withdraw, withdraw_some

A = ConsentScope
USED = {A.ARCHIVE, A.RESEARCH, A.RECONTACT}
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """An archive and two devices with five testimonies each (enough for one of device A's to
    allow every use these tests withdraw)."""
    made = make_site(tmp_path, count=5)
    yield made
    made.close()


@pytest.fixture
def stick(site: Site) -> Path:
    folder = site.tmp / "stick"
    folder.mkdir()
    return folder


def _imported(site: Site) -> tuple[Device, Device, UUID]:
    """Both devices' bundle 1 imported; the device that sent a testimony whose consent allows
    archiving, research and recontact, the other device, and that testimony."""
    for device in (site.a, site.b):
        [report] = site.archive.import_(device.bundles[0].path)
        assert report.outcome == "imported", report.reason
    for owner, other in ((site.a, site.b), (site.b, site.a)):
        for text in sorted(sent_by(owner).testimony_ids()):
            if consent_in_force(site.archive.ws, UUID(text)).allowed_scopes() >= USED:
                return owner, other, UUID(text)
    raise AssertionError("no testimony allows archiving, research and recontact")


def _office(site: Site, testimony_id: UUID, *scopes: A) -> ConsentWithdrawal:
    return record_office_withdrawal(site.archive.ws, testimony_id, scopes, **OFFICE).withdrawal


def _only_pack(site: Site, stick: Path, device: Device) -> Path:
    [sent] = write_withdrawal_packs(site.archive.ws, stick)
    assert sent.pack.device == device.fingerprint
    assert sent.pack.kind == ManifestKind.WITHDRAWAL.value
    return sent.pack.path


def _forged(site: Site, stick: Path, to: Device, named: Device, *items: ConsentWithdrawal) -> Path:
    """A pack signed by the coordinator to ``to`` whose payload names ``named``: what the
    archive's own key could write, were its rows wrong."""
    payload = withdrawal_payload_bytes(withdrawal_payload(named.fingerprint, items))
    return pack_writing.send_pack(
        site.archive.ws, to.fingerprint, ManifestKind.WITHDRAWAL, payload, stick
    ).path


def _refused(ws: Workspace, path: Path, reason: str) -> None:
    before = stored_state(ws.connection)
    with pytest.raises(PackRejectedError) as refused:
        packs.apply_pack(ws, path)
    assert refused.value.reason_template == reason
    assert stored_state(ws.connection) == before


def _allowed_here(ws: Workspace, scope: A) -> set[UUID]:
    return {
        s.id for s in records.list_testimonies(ws, TestimonyFilter(allowed_for=scope, limit=1000))
    }


# --- the whole way -------------------------------------------------------------------------------


def test_the_laptop_learns_of_withdrawals_received_at_the_office(site: Site, stick: Path) -> None:
    owner, _other, testimony_id = _imported(site)
    first = _office(site, testimony_id, A.RECONTACT)
    second = _office(site, testimony_id, A.RESEARCH)
    laptop = owner.ws
    assert consent_in_force(laptop, testimony_id).allows(A.RECONTACT)  # not told yet

    [sent] = write_withdrawal_packs(site.archive.ws, stick)
    assert (sent.pack.device, sent.withdrawals, sent.testimonies) == (owner.fingerprint, 2, 1)
    assert [p.name for p in stick.iterdir()] == [sent.pack.path.name]  # none for device B

    applied = packs.apply_pack(laptop, sent.pack.path)
    assert (applied.kind, applied.already_applied) == ("withdrawal", False)
    assert (applied.details["withdrawals"], applied.details["testimonies"]) == (2, 1)
    # As the laptop is told them: without the office's notes or who took the call.
    assert office_withdrawals_for(laptop, testimony_id) == [
        office_withdrawal_told(first),
        office_withdrawal_told(second),
    ]

    in_force = consent_in_force(laptop, testimony_id)
    assert not in_force.allows(A.RECONTACT)
    assert not in_force.allows(A.RESEARCH)
    assert in_force.allows(A.ARCHIVE)
    assert (
        in_force.allowed_scopes()
        == consent_in_force(site.archive.ws, testimony_id).allowed_scopes()
    )
    # The laptop's lists filter on it too, and its history says where each came from.
    assert testimony_id not in _allowed_here(laptop, A.RECONTACT)
    assert testimony_id in _allowed_here(laptop, A.ARCHIVE)
    assert [(e.at_office, e.in_force) for e in withdrawal_history(laptop, testimony_id)][-2:] == [
        (True, True),
        (True, True),
    ]
    for ws in (laptop, site.archive.ws):
        report = audit.verify_custody(ws)
        assert report.intact, report.reason


def test_a_second_run_sends_only_what_is_new(site: Site, stick: Path) -> None:
    owner, _other, testimony_id = _imported(site)
    _office(site, testimony_id, A.RECONTACT)
    packs.apply_pack(owner.ws, _only_pack(site, stick, owner))
    before = stored_state(site.archive.ws.connection)
    assert write_withdrawal_packs(site.archive.ws, stick) == []
    assert stored_state(site.archive.ws.connection) == before

    later = _office(site, testimony_id, A.RESEARCH)
    path = _only_pack(site, stick, owner)
    applied = packs.apply_pack(owner.ws, path)
    assert applied.details["received"] == [
        {"id": str(later.id), "testimony_id": str(testimony_id), "scopes": ["research"]}
    ]


def test_device_b_is_told_of_its_own_testimonies_only(site: Site, stick: Path) -> None:
    owner, other, _ = _imported(site)
    theirs = next(
        UUID(t)
        for t in sorted(sent_by(other).testimony_ids())
        if consent_in_force(site.archive.ws, UUID(t)).allows(A.RECONTACT)
    )
    _office(site, theirs, A.RECONTACT)
    path = _only_pack(site, stick, other)
    packs.apply_pack(other.ws, path)
    assert not consent_in_force(other.ws, theirs).allows(A.RECONTACT)
    told = owner.ws.connection.execute("SELECT count(*) FROM office_withdrawals").fetchone()
    assert told == (0,)


def test_a_backlog_beyond_a_pack_s_caps_goes_in_several_packs(
    site: Site, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, _other, testimony_id = _imported(site)
    _office(site, testimony_id, A.RECONTACT)
    _office(site, testimony_id, A.RESEARCH)
    monkeypatch.setattr(withdrawal_packs, "MAX_PACK_WITHDRAWALS", 1)
    sent = write_withdrawal_packs(site.archive.ws, stick)
    assert [(s.pack.device, s.withdrawals) for s in sent] == [(owner.fingerprint, 1)] * 2
    for item in sent:
        packs.apply_pack(owner.ws, item.pack.path)
    assert not consent_in_force(owner.ws, testimony_id).allowed_scopes() & {A.RECONTACT, A.RESEARCH}


def test_a_lost_pack_is_sent_again_byte_for_byte(site: Site, stick: Path) -> None:
    owner, _other, testimony_id = _imported(site)
    _office(site, testimony_id, A.RECONTACT)
    path = _only_pack(site, stick, owner)
    original = path.read_bytes()
    path.unlink()
    sequence = int(path.stem.rsplit("-", 1)[1])
    [again] = pack_resend.resend_packs(site.archive.ws, owner.fingerprint, stick, first=sequence)
    assert again.read_bytes() == original
    assert packs.apply_pack(owner.ws, again).details["withdrawals"] == 1


def test_a_purged_testimony_still_learns_of_them(site: Site, stick: Path) -> None:
    owner, _other, testimony_id = _imported(site)
    for sent in receipts.write_receipts(site.archive.ws, stick, to=owner.fingerprint):
        packs.apply_pack(owner.ws, sent.path)
    receipts.purge_archived(owner.ws)
    assert owner.ws.connection.execute(
        "SELECT DISTINCT status FROM testimonies WHERE id = ?", (str(testimony_id),)
    ).fetchall() == [("purged",)]
    _office(site, testimony_id, A.RECONTACT)
    packs.apply_pack(owner.ws, _only_pack(site, stick, owner))
    # The interviewer, who may still know how to reach the witness, is told.
    assert not consent_in_force(owner.ws, testimony_id).allows(A.RECONTACT)


def test_a_revoked_device_is_sent_nothing(site: Site, stick: Path) -> None:
    owner, _other, testimony_id = _imported(site)
    enrolment.revoke_device(site.archive.ws, owner.fingerprint, reason="Laptop lost")
    _office(site, testimony_id, A.RECONTACT)
    assert write_withdrawal_packs(site.archive.ws, stick) == []
    assert list(stick.iterdir()) == []


# --- refusals ------------------------------------------------------------------------------------


def test_a_pack_for_another_device_is_refused(site: Site, stick: Path) -> None:
    owner, other, testimony_id = _imported(site)
    _office(site, testimony_id, A.RECONTACT)
    path = _only_pack(site, stick, owner)
    before = stored_state(other.ws.connection)
    with pytest.raises(PackRejectedError):
        packs.apply_pack(other.ws, path)
    assert stored_state(other.ws.connection) == before
    # Addressed to B, but its payload names A: lifted from A's pack, it is refused too.
    [withdrawal] = office_withdrawals_for(site.archive.ws, testimony_id)
    forged = _forged(site, stick, other, owner, withdrawal)
    _refused(other.ws, forged, REJECTED_PAYLOAD_OTHER_DEVICE)


STRANGERS = {
    "another device's testimony": lambda held, theirs, pseudonym: {
        "testimony_id": theirs,
        "pseudonym": pseudonym,
    },
    "a testimony nobody sent": lambda held, theirs, pseudonym: {"testimony_id": uuid4()},
    "another witness": lambda held, theirs, pseudonym: {"pseudonym": pseudonym},
    "a consent version not here": lambda held, theirs, pseudonym: {
        "applies_to_version": held.applies_to_version + 1
    },
}


@pytest.mark.parametrize("change", STRANGERS.values(), ids=STRANGERS.keys())
def test_a_testimony_the_laptop_never_held_refuses_the_whole_pack(
    site: Site, stick: Path, change: Callable[[ConsentWithdrawal, UUID, str], dict[str, object]]
) -> None:
    owner, other, testimony_id = _imported(site)
    held = _office(site, testimony_id, A.RECONTACT)
    theirs = next(UUID(t) for t in sorted(sent_by(other).testimony_ids()))
    pseudonym = site.archive.ws.repository.get_testimony(theirs).pseudonym
    stranger = held.model_copy(update={"id": uuid4(), **change(held, theirs, pseudonym)})
    path = _forged(site, stick, owner, owner, held, stranger)
    _refused(owner.ws, path, REJECTED_UNKNOWN_TESTIMONY)
    assert consent_in_force(owner.ws, testimony_id).allows(A.RECONTACT)


def test_applying_twice_changes_nothing_and_a_repeat_is_nothing_new(
    site: Site, stick: Path
) -> None:
    owner, _other, testimony_id = _imported(site)
    withdrawal = _office(site, testimony_id, A.RECONTACT)
    path = _only_pack(site, stick, owner)
    packs.apply_pack(owner.ws, path)
    before = stored_state(owner.ws.connection)
    assert packs.apply_pack(owner.ws, path).already_applied
    assert stored_state(owner.ws.connection) == before
    # The same withdrawal in a later pack: the pack is taken, the withdrawal is not new.
    again = packs.apply_pack(owner.ws, _forged(site, stick, owner, owner, withdrawal))
    assert (again.details["withdrawals"], again.details["unchanged"]) == (0, 1)
    assert office_withdrawals_for(owner.ws, testimony_id) == [office_withdrawal_told(withdrawal)]
    # Another withdrawal under its id is refused.
    altered = withdrawal.model_copy(update={"scopes": (A.RESEARCH,)})
    _refused(owner.ws, _forged(site, stick, owner, owner, altered), REJECTED_WITHDRAWAL_CHANGED)


def test_a_laptop_withdrawal_id_is_never_taken_for_an_office_one(site: Site, stick: Path) -> None:
    owner, _other, _ = _imported(site)
    own = withdraw_some(owner)
    forged = own.model_copy(update={"received_by": "Office"})
    _refused(owner.ws, _forged(site, stick, owner, owner, forged), REJECTED_WITHDRAWAL_CHANGED)


# --- what the laptop sends afterwards ------------------------------------------------------------


def test_the_next_bundle_carries_none_of_them_and_imports_cleanly(site: Site, stick: Path) -> None:
    owner, _other, testimony_id = _imported(site)
    office = _office(site, testimony_id, A.RECONTACT)
    packs.apply_pack(owner.ws, _only_pack(site, stick, owner))
    own = withdraw(owner, testimony_id, A.RESEARCH)  # something of the laptop's own to send
    [report] = site.archive.import_(owner.export())
    assert report.outcome == "imported", report.reason
    held = held_by(site.archive.ws)
    assert str(own.id) in held.withdrawals
    assert str(office.id) not in held.withdrawals  # still only the office's record of it
    assert office_withdrawals_for(site.archive.ws, testimony_id) == [office]
    in_force = consent_in_force(site.archive.ws, testimony_id)
    assert not in_force.allows(A.RECONTACT)
    assert not in_force.allows(A.RESEARCH)
    for ws in (owner.ws, site.archive.ws):
        report_ = audit.verify_custody(ws)
        assert report_.intact, report_.reason


def test_archive_withdrawn_at_the_office_holds_back_a_later_amendment(
    site: Site, stick: Path
) -> None:
    owner, _other, testimony_id = _imported(site)
    _office(site, testimony_id, A.ARCHIVE)
    # Sealed on the laptop before the pack arrived, then told.
    amended = records.amend_testimony(owner.ws, testimony_id, {"title": "Corrected on the laptop"})
    records.seal_testimony(owner.ws, testimony_id)
    packs.apply_pack(owner.ws, _only_pack(site, stick, owner))
    result = export.export_bundle(owner.ws, owner.usb)
    assert result.held_back == 1
    assert result.testimonies == 0
    # The amendment stays on the laptop, sealed and not exported.
    version = owner.ws.repository.get_testimony(testimony_id, amended.version)
    assert version.status is RecordStatus.SEALED
    row = owner.ws.connection.execute(
        "SELECT exported_in FROM testimonies WHERE id = ? AND version = ?",
        (str(testimony_id), amended.version),
    ).fetchone()
    assert row == (None,)


def test_archive_withdrawn_at_the_office_stops_sealing_on_the_laptop(
    site: Site, stick: Path
) -> None:
    """As a withdrawal recorded on the laptop does: nothing more is sealed for the archive."""
    owner, _other, testimony_id = _imported(site)
    _office(site, testimony_id, A.ARCHIVE)
    packs.apply_pack(owner.ws, _only_pack(site, stick, owner))
    records.amend_testimony(owner.ws, testimony_id, {"title": "Corrected on the laptop"})
    assert SealItem.ARCHIVE_NOT_WITHDRAWN in records.checklist(owner.ws, testimony_id)
    with pytest.raises(ConsentRequiredError):
        records.seal_testimony(owner.ws, testimony_id)
    assert not editing.content_allowed(records.get_record(owner.ws, testimony_id))
