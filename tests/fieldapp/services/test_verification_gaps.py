"""Auditors and accepted gaps: a roster version 2 carries the gaps the coordinator accepted and
the reinstatements, signed like the rest, so ``verify`` reports an accepted gap as accepted, and
bundles a device made while revoked as refused; an altered roster is refused whole.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from crypto import sshkeys
from fieldapp.errors import RosterRejectedError
from fieldapp.sequence_ranges import SequenceRange
from fieldapp.services import enrolment, packs, standing, verification
from fieldapp.sync import roster as signed_roster
from tests.fieldapp.services.import_support import Site, add_demo
from tests.fieldapp.sync.builders import make_key
from tests.fieldapp.sync.test_bundle_support import Device as BundleDevice

REASON = "Stick lost in transit"


def _roster(site: Site, name: str) -> verification.LoadedRoster:
    path = site.tmp / name
    enrolment.export_roster(site.archive.ws, path)
    return verification.load_roster(path, coordinator=site.archive.ws.fingerprint)


def _bundles(site: Site) -> list[Path]:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    add_demo(site.a, 2, seed=71)
    lost = site.a.export()
    add_demo(site.a, 2, seed=72)
    return [first, lost, site.a.export()]


def test_before_acceptance_the_gap_is_an_error_and_after_it_is_reported_accepted(
    site: Site,
) -> None:
    first, lost, third = _bundles(site)
    old = _roster(site, "old.json")
    report = verification.verify_files([first, third], old)
    assert not report.ok
    assert "(a gap)" in (report.files[1].reason or "")
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    new = _roster(site, "new.json")
    assert (site.tmp / "new.json").read_bytes().count(b'"format":"fieldapp-roster/2"') == 1
    assert REASON.encode() not in (site.tmp / "new.json").read_bytes()
    report = verification.verify_files([first, third], new)
    assert report.ok, report.files
    [chain] = report.devices
    assert isinstance(chain, verification.AcceptedChain)
    assert (chain.missing, chain.accepted, chain.intact) == ([], [SequenceRange(2, 2)], True)
    document = verification.report_document(report, new)
    assert document["ok"]
    assert document["devices"][0]["accepted"] == [{"first": 2, "through": 2}]
    # The lost bundle, found, fits too.
    assert verification.verify_files([first, lost, third], new).ok


def test_a_roster_with_an_altered_gap_is_refused(site: Site) -> None:
    _bundles(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    path = site.tmp / "roster.json"
    enrolment.export_roster(site.archive.ws, path)
    raw = path.read_bytes()
    assert b'"through":2' in raw
    path.write_bytes(raw.replace(b'"through":2', b'"through":3'))
    with pytest.raises(RosterRejectedError):
        verification.load_roster(path, coordinator=site.archive.ws.fingerprint)
    with pytest.raises(RosterRejectedError):
        verification.load_roster(path)


def test_the_roster_versions_are_strict(site: Site) -> None:
    _bundles(site)
    plain = site.tmp / "v1.json"
    enrolment.export_roster(site.archive.ws, plain)
    v1 = plain.read_bytes()
    assert b'"format":"fieldapp-roster/1"' in v1
    assert isinstance(signed_roster.parse_roster(v1), signed_roster.Roster)
    # A version 1 roster that claims version 2 lacks its fields; and the other way round.
    with pytest.raises(RosterRejectedError):
        signed_roster.parse_roster(v1.replace(b"fieldapp-roster/1", b"fieldapp-roster/2"))
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    enrolment.export_roster(site.archive.ws, site.tmp / "v2.json")
    v2 = (site.tmp / "v2.json").read_bytes()
    assert isinstance(signed_roster.parse_roster(v2), signed_roster.RosterV2)
    with pytest.raises(RosterRejectedError):
        signed_roster.parse_roster(v2.replace(b"fieldapp-roster/2", b"fieldapp-roster/1"))


def test_bundles_made_while_revoked_stay_refused_for_auditors(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    enrolment.revoke_device(site.archive.ws, site.a.fingerprint)
    add_demo(site.a, 3, seed=73)
    while_revoked = site.a.export()
    folder = site.tmp / "packs"
    folder.mkdir()
    pack = standing.reinstate_device(site.archive.ws, site.a.fingerprint, REASON, folder)
    pending = _roster(site, "pending.json")
    packs.apply_pack(site.a.ws, pack.path)
    add_demo(site.a, 3, seed=74)
    after = site.a.export()
    # Until the archive saw the device acknowledge it, the roster refuses all after bundle 1.
    assert not verification.verify_files([after], pending).ok
    assert site.archive.import_(after)[0].outcome == "imported"
    resumed = _roster(site, "resumed.json")
    report = verification.verify_files([first, while_revoked, after], resumed)
    assert [f.ok for f in report.files] == [True, False, True]
    [chain] = report.devices
    assert chain.accepted == [SequenceRange(2, 2)]  # type: ignore[attr-defined]


# --- gaps by their ends (no workspace: a device's bundles and a roster made here) ---------------

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _standing(
    device: BundleDevice,
    gaps: Sequence[tuple[int, int]],
    reinstatements: Sequence[tuple[int, int | None]] = (),
) -> verification.LoadedRoster:
    """A roster version 2 for ``device`` with these accepted gaps (first, through) and
    reinstatements (last good sequence, resumed at), as verify reads it once its signature is
    checked."""
    line = device.public_key
    coordinator = sshkeys.public_key_to_openssh(make_key(9).public_key())
    roster = signed_roster.RosterV2.model_validate(
        {
            "format": signed_roster.ROSTER_FORMAT_V2,
            "archive_id": uuid4(),
            "coordinator": {"fingerprint": sshkeys.fingerprint(coordinator),
                            "public_key": coordinator},
            "created_at": NOW,
            "devices": ({
                "fingerprint": sshkeys.fingerprint(line), "public_key": line,
                "label": "laptop 7", "enrolled_at": NOW, "revoked_at": None,
                "last_good_sequence": None,
                "accepted_gaps": tuple({"first": f, "through": t, "accepted_at": NOW}
                                       for f, t in gaps),
                "reinstatements": tuple(
                    {"revoked_at": NOW, "last_good_sequence": g, "reinstated_at": NOW,
                     "resumed_at": r}
                    for g, r in reinstatements
                ),
            },),
        }
    )  # fmt: skip
    standing_roster = verification.StandingRoster(roster)
    return verification.LoadedRoster(standing_roster, verification.SIGNED_ROSTER, None, 1)


def test_excused_sequences_are_ranges_merged_in_order(tmp_path: Path) -> None:
    device = BundleDevice(tmp_path)
    reinstatements = [(5, 7), (6, 7), (7, 8), (7, None)]
    roster = _standing(device, [(2, 3), (4, 4), (9, 2**53 - 1)], reinstatements)
    standing_roster = roster.roster
    assert isinstance(standing_roster, verification.StandingRoster)
    fingerprint = sshkeys.fingerprint(device.public_key)
    # A reinstatement excuses the bundles between the last good one and the first after it:
    # bundle 6 here; none when the device resumed right after, or has not resumed yet.
    assert standing_roster.excused(fingerprint) == [
        SequenceRange(2, 4),
        SequenceRange(6, 6),
        SequenceRange(9, 2**53 - 1),
    ]
    assert standing_roster.excused("SHA256:" + "A" * 43) == []


def test_a_gap_partly_accepted_keeps_the_rest_missing_and_refuses_the_bundle_after(
    tmp_path: Path,
) -> None:
    device = BundleDevice(tmp_path)
    one = device.write(blobs=())
    seven = device.write(blobs=(), sequence=7, previous=one.digest)
    paths = [one.partial_path, seven.partial_path]

    report = verification.verify_files(paths, _standing(device, [(2, 3), (5, 5)]))
    assert [f.ok for f in report.files] == [True, False]
    [chain] = report.devices
    assert isinstance(chain, verification.AcceptedChain)
    assert chain.missing == [SequenceRange(4, 4), SequenceRange(6, 6)]
    assert chain.accepted == [SequenceRange(2, 3), SequenceRange(5, 5)]
    document = verification.report_document(report, _standing(device, [(2, 3), (5, 5)]))
    assert document["devices"][0]["missing"] == [
        {"first": 4, "through": 4},
        {"first": 6, "through": 6},
    ]
    assert document["devices"][0]["accepted"] == [
        {"first": 2, "through": 3},
        {"first": 5, "through": 5},
    ]

    # Two gaps that touch cover it together, and a wider one too.
    for gaps in ([(2, 3), (4, 6)], [(2, 1_000_000)]):
        report = verification.verify_files(paths, _standing(device, gaps))
        assert report.ok, report.files
        [chain] = report.devices
        assert chain.missing == []
        assert chain.accepted == [SequenceRange(2, 6)]  # type: ignore[attr-defined]
