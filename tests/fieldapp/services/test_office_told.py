"""An office withdrawal gives way only to consent taken after the laptop was told of it: a
version whose signed ``consent`` event follows, in the laptop's one log, its signed
``pack_apply`` event for the withdrawal pack (``told_seq``): a clock fast or slow, a laptop not
told yet, a resent pack, a withdrawal whose place is not known; the archive and the laptop reach
the same consent in force on the same records, and the import report names a version that
allows a use again.

Real workspaces (import_support): an archive and one enrolled laptop; the laptop's clock is made
to run fast or slow only for the custody event it signs as it applies a pack (``_laptop_clock``),
the consent versions being stamped by the test as that clock would.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import ConsentRecord, CustodyKind, EffectiveConsent
from fieldapp.domain.consent import ConsentScope
from fieldapp.services import packs, records
from fieldapp.services.import_report import ImportReport
from fieldapp.services.office_withdrawals import consent_in_force, record_office_withdrawal
from fieldapp.services.pack_resend import resend_packs
from fieldapp.services.withdrawal_packs import write_withdrawal_packs
from fieldapp.workspace import TestimonyFilter, Workspace, office_told
from fieldapp.workspace import custody as custody_module
from tests.fieldapp.domain.factories import make_consent, make_scopes, make_testimony

from .import_support import Archive, Device, custody_events, make_device

A = ConsentScope
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}
HOUR = timedelta(hours=1)


@contextmanager
def _laptop_clock(monkeypatch: pytest.MonkeyPatch, skew: timedelta) -> Iterator[None]:
    """The laptop's clock runs ``skew`` off while the block signs custody events."""

    class Skewed(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
            return datetime.now(tz) + skew

    with monkeypatch.context() as patch:
        patch.setattr(custody_module, "datetime", Skewed)
        yield


def _carry(hq: Archive, laptop: Device) -> ImportReport:
    """A bundle with the laptop's latest custody events: events alone make none, so another
    testimony is sealed to carry them (as the interviewer's next work would)."""
    testimony = make_testimony(id=uuid4())
    consent = make_consent(testimony_id=testimony.id, pseudonym=testimony.pseudonym)
    records.create_testimony(laptop.ws, testimony, [consent])
    records.seal_testimony(laptop.ws, testimony.id)
    return _import(hq, laptop)


def _sealed(hq: Archive, laptop: Device) -> tuple[UUID, ConsentRecord]:
    """A testimony sealed on the laptop two days ago, allowing every use, imported."""
    taken = datetime.now(UTC) - timedelta(days=2)
    testimony = make_testimony(started_at=taken, ended_at=taken + HOUR)
    consent = make_consent(
        testimony_id=testimony.id,
        pseudonym=testimony.pseudonym,
        taken_at=taken,
        scopes=make_scopes(),
    )
    records.create_testimony(laptop.ws, testimony, [consent])
    records.seal_testimony(laptop.ws, testimony.id)
    _import(hq, laptop)
    return testimony.id, consent


def _import(hq: Archive, laptop: Device) -> ImportReport:
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    return report


def _version(laptop: Device, first: ConsentRecord, version: int, taken_at: datetime) -> None:
    """Consent taken again on the laptop (every use allowed), stamped ``taken_at``."""
    records.add_consent(
        laptop.ws, first.model_copy(update={"version": version, "taken_at": taken_at})
    )


def _withdraw_research(hq: Archive, testimony_id: UUID) -> str:
    recorded = record_office_withdrawal(hq.ws, testimony_id, [A.RESEARCH], **OFFICE)
    return str(recorded.withdrawal.id)


def _tell(hq: Archive, laptop: Device) -> Path:
    """The withdrawal pack written and applied on the laptop; its path."""
    [sent] = write_withdrawal_packs(hq.ws, laptop.usb)
    packs.apply_pack(laptop.ws, sent.pack.path)
    return sent.pack.path


def _told_at(ws: Workspace, withdrawal_id: str) -> str | None:
    """The laptop's time of telling, kept beside ``told_seq`` as information only."""
    row = ws.connection.execute(
        "SELECT told_at FROM office_withdrawals WHERE id = ?", (withdrawal_id,)
    ).fetchone()
    return None if row[0] is None else str(row[0])


def _told_seq(ws: Workspace, withdrawal_id: str) -> int | None:
    row = ws.connection.execute(
        "SELECT told_seq FROM office_withdrawals WHERE id = ?", (withdrawal_id,)
    ).fetchone()
    return None if row[0] is None else int(row[0])


def _pack_apply_times(ws: Workspace) -> list[datetime]:
    """When the laptop applied each pack after its enrolment pack (its first)."""
    applied = [e.claimed_at for e in custody_events(ws) if e.kind is CustodyKind.PACK_APPLY]
    return applied[1:]


def _pack_apply_seqs(ws: Workspace) -> list[int]:
    """The places in the laptop's log of its pack_apply events after its enrolment pack's."""
    applied = [e.seq for e in custody_events(ws) if e.kind is CustodyKind.PACK_APPLY]
    return applied[1:]


def _agreeing(hq: Archive, laptop: Device, testimony_id: UUID) -> EffectiveConsent:
    """The consent in force, the same on the archive and the laptop, and in their lists."""
    archive = consent_in_force(hq.ws, testimony_id)
    assert consent_in_force(laptop.ws, testimony_id) == archive
    for scope in A:
        for ws in (hq.ws, laptop.ws):
            listed = records.list_testimonies(ws, TestimonyFilter(allowed_for=scope))
            assert (testimony_id in [row.id for row in listed]) is archive.allows(scope), scope
    return archive


# --- one clock ----------------------------------------------------------------------------------


@pytest.mark.parametrize("skew", [HOUR, -HOUR], ids=["fast", "slow"])
def test_a_laptop_clock_off_either_way_keeps_the_withdrawal_until_consent_after_it_was_told(
    hq: Archive, laptop: Device, monkeypatch: pytest.MonkeyPatch, skew: timedelta
) -> None:
    testimony_id, first = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    # After the call, before the pack reaches it, the interviewer takes a fresh form: the
    # laptop's clock (off by ``skew``) stamps it. Fast, it reads after the call.
    _version(laptop, first, 2, datetime.now(UTC) + skew)
    with _laptop_clock(monkeypatch, skew):
        _tell(hq, laptop)
    [applied] = _pack_apply_seqs(laptop.ws)
    report = _import(hq, laptop)
    assert report.allowed_again == []
    assert _told_seq(laptop.ws, withdrawal_id) == applied
    assert _told_seq(hq.ws, withdrawal_id) == applied  # read off the laptop's signed event
    in_force = _agreeing(hq, laptop, testimony_id)
    assert (in_force.version, in_force.allows(A.RESEARCH)) == (2, False)

    # Told, the interviewer takes consent again, the same clock stamping it after the event.
    _version(laptop, first, 3, datetime.now(UTC) + skew)
    report = _import(hq, laptop)
    in_force = _agreeing(hq, laptop, testimony_id)
    assert (in_force.version, in_force.allows(A.RESEARCH)) == (3, True)
    [again] = report.allowed_again
    assert (again.testimony_id, again.version, again.scopes) == (str(testimony_id), 3, ["research"])
    withdrawn = hq.ws.repository.office_withdrawals_for(testimony_id)[0]
    assert again.received_at == withdrawn.received_at.isoformat()


def test_a_laptop_not_told_yet_never_supersedes_it(hq: Archive, laptop: Device) -> None:
    testimony_id, first = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    [sent] = write_withdrawal_packs(hq.ws, laptop.usb)  # written, not yet on the laptop
    # Taken after the call, but the interviewer did not know of it.
    _version(laptop, first, 2, datetime.now(UTC))
    report = _import(hq, laptop)
    assert report.allowed_again == []
    assert _told_seq(hq.ws, withdrawal_id) is None
    in_force = consent_in_force(hq.ws, testimony_id)
    assert (in_force.version, in_force.allows(A.RESEARCH)) == (2, False)
    # The pack arrives: the laptop agrees, version 2 having been taken before it was told
    # (its pack_apply event alone makes no bundle: it travels with the next records).
    packs.apply_pack(laptop.ws, sent.pack.path)
    assert not _agreeing(hq, laptop, testimony_id).allows(A.RESEARCH)
    _version(laptop, first, 3, datetime.now(UTC) + timedelta(minutes=1))
    assert [again.version for again in _import(hq, laptop).allowed_again] == [3]
    assert _told_seq(hq.ws, withdrawal_id) == _told_seq(laptop.ws, withdrawal_id) is not None
    assert _agreeing(hq, laptop, testimony_id).allows(A.RESEARCH)


def test_a_version_the_archive_held_at_the_call_stays_withdrawn(
    hq: Archive, laptop: Device
) -> None:
    testimony_id, _ = _sealed(hq, laptop)
    _withdraw_research(hq, testimony_id)
    _tell(hq, laptop)
    _carry(hq, laptop)
    # Nothing new taken: version 1, the one withdrawn from, whatever time it bears.
    in_force = _agreeing(hq, laptop, testimony_id)
    assert (in_force.version, in_force.allows(A.RESEARCH)) == (1, False)


# --- a pack sent again, a withdrawal whose place is not known ------------------------------------


def test_a_resent_pack_tells_it_once_and_the_first_in_the_log_is_kept(
    hq: Archive, laptop: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    testimony_id, _ = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    [sent] = write_withdrawal_packs(hq.ws, laptop.usb)
    sent.pack.path.unlink()  # lost on the way
    [again] = resend_packs(hq.ws, laptop.fingerprint, laptop.usb, first=sent.pack.sequence)
    packs.apply_pack(laptop.ws, again)
    assert packs.apply_pack(laptop.ws, again).already_applied  # no second event
    [applied] = _pack_apply_times(laptop.ws)
    _carry(hq, laptop)
    assert _told_at(hq.ws, withdrawal_id) == _told_at(laptop.ws, withdrawal_id)
    assert datetime.fromisoformat(_told_at(hq.ws, withdrawal_id) or "") == applied

    [told_seq] = _pack_apply_seqs(laptop.ws)
    assert _told_seq(laptop.ws, withdrawal_id) == told_seq
    assert _told_seq(hq.ws, withdrawal_id) == told_seq

    # The archive lost its note of what it sent, and the same withdrawal goes in a new pack,
    # applied by a laptop whose clock was set back a day meanwhile: both keep the first
    # pack_apply in the laptop's log (its place and its time), not the earliest time.
    hq.ws.connection.execute("DELETE FROM office_withdrawals_sent")
    with _laptop_clock(monkeypatch, -timedelta(days=1)):
        result = packs.apply_pack(laptop.ws, _only_pack(hq, laptop))
    assert result.details["unchanged"] == 1
    assert min(_pack_apply_times(laptop.ws)) < applied
    _carry(hq, laptop)
    assert datetime.fromisoformat(_told_at(laptop.ws, withdrawal_id) or "") == applied
    assert _told_at(hq.ws, withdrawal_id) == _told_at(laptop.ws, withdrawal_id)
    assert _told_seq(hq.ws, withdrawal_id) == _told_seq(laptop.ws, withdrawal_id) == told_seq
    _agreeing(hq, laptop, testimony_id)


def test_the_first_place_in_the_log_is_kept_whatever_order_they_come_in_and_its_time(
    hq: Archive, laptop: Device
) -> None:
    """``office_told`` keeps the pack_apply event first in the laptop's log, its time going with
    it: a later event (a bundle found late brings an earlier one) never wins by its time."""
    testimony_id, _ = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    db, now = hq.ws.connection, datetime.now(UTC)
    office_told.mark_told(db, [withdrawal_id], now, 9)
    office_told.mark_told(db, [withdrawal_id], now - timedelta(days=1), 12)  # earlier time
    assert _told_seq(hq.ws, withdrawal_id) == 9
    assert datetime.fromisoformat(_told_at(hq.ws, withdrawal_id) or "") == now
    office_told.mark_told(db, [withdrawal_id], now + timedelta(days=1), 4)  # later time
    assert _told_seq(hq.ws, withdrawal_id) == 4
    assert datetime.fromisoformat(_told_at(hq.ws, withdrawal_id) or "") == now + timedelta(days=1)


def _only_pack(hq: Archive, laptop: Device) -> Path:
    [sent] = write_withdrawal_packs(hq.ws, laptop.usb)
    return sent.pack.path


def test_a_withdrawal_whose_place_is_not_known_is_never_superseded_whatever_its_time(
    hq: Archive, laptop: Device
) -> None:
    """Without the place of the pack_apply event in the laptop's log (``told_seq``) nothing can
    follow it: the safe side, whatever time ``told_at`` holds, and the two still agree."""
    testimony_id, first = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    _tell(hq, laptop)
    _carry(hq, laptop)
    for ws in (hq.ws, laptop.ws):
        ws.connection.execute("UPDATE office_withdrawals SET told_seq = NULL")
    _version(laptop, first, 2, datetime.now(UTC) + timedelta(minutes=1))
    report = _import(hq, laptop)
    assert report.allowed_again == []
    assert _told_seq(hq.ws, withdrawal_id) is None
    assert _told_at(hq.ws, withdrawal_id) is not None  # a time before version 2's: not asked
    in_force = _agreeing(hq, laptop, testimony_id)
    assert (in_force.version, in_force.allows(A.RESEARCH)) == (2, False)


def test_only_the_digest_of_a_withdrawal_pack_sent_to_that_device_tells(
    hq: Archive, laptop: Device, tmp_path: Path
) -> None:
    """The match the import makes for each pack_apply event (``office_told.told_by_pack``): the
    same digest from another device, or another digest from this one, names nothing."""
    other = make_device(tmp_path / "other", hq, "Laptop B")
    other.ws.lock()
    testimony_id, _ = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    [sent] = write_withdrawal_packs(hq.ws, laptop.usb)
    db, now = hq.ws.connection, datetime.now(UTC)
    # Its enrolment pack's digest, which its first pack_apply event names.
    enrolment = next(
        e.payload_hash for e in custody_events(laptop.ws) if e.kind is CustodyKind.PACK_APPLY
    )
    assert office_told.told_by_pack(db, other.fingerprint, sent.pack.digest, now, 7) == 0
    assert office_told.told_by_pack(db, laptop.fingerprint, enrolment, now, 7) == 0
    assert _told_seq(hq.ws, withdrawal_id) is None
    assert office_told.told_by_pack(db, laptop.fingerprint, sent.pack.digest, now, 7) == 1
    assert _told_seq(hq.ws, withdrawal_id) == 7
