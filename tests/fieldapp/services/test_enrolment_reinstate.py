"""Undoing a revocation: the device may export again, its bundles from the revoked period stay
refused, and devices, the roster and the custody log all learn of it.

Real archive and devices (import_support); packs are real files applied on the devices.
"""

from pathlib import Path

import pytest

from fieldapp.domain import CustodyKind
from fieldapp.errors import DeviceRevokedError, NoRevocationsError
from fieldapp.services import audit, enrolment, packs, revocation_packs, standing
from fieldapp.sync.roster import ROSTER_FORMAT_V2, RosterV2, verify_roster
from fieldapp.workspace import archive_state
from tests.fieldapp.services.import_support import (
    Site,
    add_demo,
    custody_events,
    snapshot,
)

REASON = "Laptop found in the office safe; seals intact"


def _revoked_after_one(site: Site) -> Path:
    """Device A's bundle 1 imported, then A revoked; returns A's bundle 2, made while revoked
    (A had not applied the revocation: it was lost)."""
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint, reason="lost")
    add_demo(site.a, 3, seed=61)
    return site.a.export()


def _reinstate(site: Site) -> Path:
    folder = site.tmp / "reinstate"
    folder.mkdir()
    sent = standing.reinstate_device(site.archive.ws, site.a.fingerprint, REASON, folder)
    return sent.path


def test_bundles_after_the_reinstatement_import_and_those_made_while_revoked_stay_refused(
    site: Site,
) -> None:
    while_revoked = _revoked_after_one(site)
    assert site.archive.import_(while_revoked)[0].reason == "it comes from a revoked device"
    pack = _reinstate(site)
    # Still refused: nothing shows the device had the reinstatement when it signed this.
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(while_revoked)
    assert report.outcome == "refused"
    assert "while it was revoked" in (report.reason or "")
    assert snapshot(site.archive.ws) == before
    applied = packs.apply_pack(site.a.ws, pack)
    assert applied.details["reinstated"] == [site.a.fingerprint]
    add_demo(site.a, 3, seed=62)
    after = site.a.export()
    [report] = site.archive.import_(after)
    assert report.outcome == "imported", report.reason
    assert report.sequence == 3
    # Bundle 2 is now refused for good, named as made while revoked, with the way out.
    [report] = site.archive.import_(while_revoked)
    assert "while it was revoked" in (report.reason or "")
    assert "`fieldapp bundle resend 2` sends its records again" in (report.reason or "")
    [item] = archive_state.reinstatements(site.archive.ws.connection)
    assert (item.last_good_sequence, item.resumed_at) == (1, 3)
    assert audit.verify_custody(site.archive.ws).intact
    (mine,) = [
        s
        for s in standing.device_standings(site.archive.ws)
        if s.device.fingerprint == site.a.fingerprint
    ]
    assert (mine.last_bundle, mine.reinstatements, mine.device.revoked) == (3, (item,), False)


def test_a_bundle_signed_before_the_device_applied_the_reinstatement_is_refused(
    site: Site,
) -> None:
    _revoked_after_one(site)
    pack = _reinstate(site)
    add_demo(site.a, 3, seed=63)
    early = site.a.export()  # bundle 3, before the pack reached the device
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(early)
    assert "does not acknowledge the reinstatement" in (report.reason or "")
    assert snapshot(site.archive.ws) == before
    packs.apply_pack(site.a.ws, pack)
    add_demo(site.a, 3, seed=64)
    [report] = site.archive.import_(site.a.export())
    assert report.outcome == "imported", report.reason
    assert site.archive.import_(early)[0].outcome == "refused"


def test_a_device_that_applied_its_revocation_exports_again_once_reinstated(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint)
    folder = site.tmp / "revocation"
    folder.mkdir()
    [sent] = revocation_packs.write_revocation_packs(site.archive.ws, folder, to=site.a.fingerprint)
    packs.apply_pack(site.a.ws, sent.path)
    add_demo(site.a, 3, seed=65)
    with pytest.raises(DeviceRevokedError):
        site.a.export()
    packs.apply_pack(site.a.ws, _reinstate(site))
    assert not archive_state.is_revoked(site.a.ws.repository)
    [report] = site.archive.import_(site.a.export())
    assert report.outcome == "imported", report.reason
    assert report.sequence == 2


def test_reinstatement_is_recorded_and_reaches_other_devices_and_the_roster(site: Site) -> None:
    _revoked_after_one(site)
    _reinstate(site)
    events = custody_events(site.archive.ws)
    assert [e.kind for e in events[-2:]] == [CustodyKind.REVOKE, CustodyKind.REINSTATE]
    folder = site.tmp / "all"
    folder.mkdir()
    # A already holds this news (its reinstatement pack said it): only B is told.
    [to_b] = revocation_packs.write_revocation_packs(site.archive.ws, folder)
    assert to_b.device == site.b.fingerprint
    applied = packs.apply_pack(site.b.ws, to_b.path)
    assert applied.details == {
        "revoked": [],
        "reinstated": [site.a.fingerprint],
        "this_device_revoked": False,
    }
    raw_path = site.tmp / "roster.json"
    exported = enrolment.export_roster(site.archive.ws, raw_path)
    roster = verify_roster(
        raw_path.read_bytes(), exported.signature_path.read_bytes(), site.archive.ws.fingerprint
    )
    assert isinstance(roster, RosterV2)
    assert roster.format == ROSTER_FORMAT_V2
    device = roster.device(site.a.fingerprint)
    assert device is not None
    assert device.revoked_at is None
    [entry] = device.reinstatements  # type: ignore[attr-defined]
    assert (entry.last_good_sequence, entry.resumed_at) == (1, None)
    assert REASON.encode() not in raw_path.read_bytes()


def test_only_a_revoked_device_is_reinstated(site: Site) -> None:
    before = snapshot(site.archive.ws)
    with pytest.raises(standing.DeviceNotRevokedError):
        standing.reinstate_device(site.archive.ws, site.a.fingerprint, REASON, site.tmp)
    assert snapshot(site.archive.ws) == before
    with pytest.raises(NoRevocationsError):
        revocation_packs.write_revocation_packs(site.archive.ws, site.tmp)


def test_audit_finds_a_reinstatement_without_its_event(site: Site) -> None:
    _revoked_after_one(site)
    _reinstate(site)
    site.archive.ws.connection.execute("UPDATE reinstatements SET last_good_sequence = 0")
    report = audit.verify_custody(site.archive.ws)
    assert "reinstatement" in (report.reason or "")
