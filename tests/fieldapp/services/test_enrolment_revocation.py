"""Revocation and the roster: the archive revokes, devices learn it, auditors' tools follow it."""

import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crypto import allowed_signers, sshsig
from fieldapp.errors import (
    DeviceAlreadyRevokedError,
    DeviceNotFoundError,
    DeviceRevokedError,
    NoRevocationsError,
    ValidationFailedError,
    WrongRoleError,
)
from fieldapp.services import enrolment, packs, revocation_packs
from fieldapp.sync import BUNDLE_NAMESPACE
from fieldapp.sync.roster import ROSTER_NAMESPACE, verify_roster
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state

from .test_enrolment_support import Archive, enrol, make_device
from .test_enrolment_support import state as db_state

TIME_FORMAT = "%Y%m%d%H%M%SZ"


@pytest.fixture
def devices(tmp_path: Path, coordinator: Archive, stick: Path) -> Iterator[list[Workspace]]:
    """Three enrolled devices: the first stays, the second will be revoked, the third too."""
    made = [make_device(tmp_path / f"device-{n}", f"Laptop {n}") for n in range(3)]
    for ws in made:
        enrol(coordinator, ws, stick)
    yield made
    for ws in made:
        ws.lock()


def test_revoking_marks_the_device_in_the_archive(
    coordinator: Archive, devices: list[Workspace]
) -> None:
    lost = devices[1]
    record = enrolment.revoke_device(
        coordinator.ws, lost.fingerprint, last_good_sequence=3, reason="laptop seized"
    )
    assert record.revoked
    assert record.last_good_sequence == 3
    revoked_at = datetime.fromisoformat(record.revoked_at or "")
    assert abs(revoked_at - datetime.now(revoked_at.tzinfo)) < timedelta(minutes=1)
    assert state.revocation_reasons(coordinator.ws.repository) == {
        lost.fingerprint: "laptop seized"
    }
    # Without bundles imported, the default last good sequence is 0: nothing after it counts.
    assert enrolment.revoke_device(coordinator.ws, devices[2].fingerprint).last_good_sequence == 0
    before = db_state(coordinator.ws)
    with pytest.raises(DeviceAlreadyRevokedError):
        enrolment.revoke_device(coordinator.ws, lost.fingerprint)
    with pytest.raises(DeviceNotFoundError):
        enrolment.revoke_device(coordinator.ws, "SHA256:" + "A" * 43)
    with pytest.raises(ValidationFailedError):
        enrolment.revoke_device(coordinator.ws, devices[0].fingerprint, reason="two\nlines")
    with pytest.raises(ValidationFailedError):
        enrolment.revoke_device(coordinator.ws, devices[0].fingerprint, last_good_sequence=-1)
    assert db_state(coordinator.ws) == before


def test_nothing_to_send_before_any_revocation(
    coordinator: Archive, devices: list[Workspace], stick: Path
) -> None:
    folder = stick / "out"
    folder.mkdir()
    with pytest.raises(NoRevocationsError):
        revocation_packs.write_revocation_packs(coordinator.ws, folder)
    assert list(folder.iterdir()) == []


def test_other_devices_learn_of_the_revocation_and_may_still_export(
    coordinator: Archive, devices: list[Workspace], stick: Path
) -> None:
    keeper, lost, _ = devices
    enrolment.revoke_device(coordinator.ws, lost.fingerprint)
    enrolment.revoke_device(coordinator.ws, devices[2].fingerprint)
    folder = stick / "revocations"
    folder.mkdir()
    sent = revocation_packs.write_revocation_packs(coordinator.ws, folder)
    assert [s.device for s in sent] == [keeper.fingerprint]  # revoked devices get none
    assert [p.name for p in folder.iterdir()] == [sent[0].path.name]
    applied = packs.apply_pack(keeper, sent[0].path)
    assert applied.kind == "revocation"
    assert applied.sequence == 2
    assert set(applied.details["revoked"]) == {lost.fingerprint, devices[2].fingerprint}
    notices = {n.fingerprint: n for n in state.revoked_devices(keeper.repository)}
    assert set(notices) == {lost.fingerprint, devices[2].fingerprint}
    assert notices[lost.fingerprint].last_good_sequence == 0
    assert not state.is_revoked(keeper.repository)
    state.require_not_revoked(keeper.repository)
    record = state.find_device(coordinator.ws.connection, keeper.fingerprint)
    assert record is not None
    assert record.packs_sent == 2


def test_a_revocation_pack_is_written_only_when_it_tells_something_new(
    coordinator: Archive, devices: list[Workspace], stick: Path
) -> None:
    keeper, lost, other = devices
    enrolment.revoke_device(coordinator.ws, lost.fingerprint)
    folder = stick / "revocations"
    folder.mkdir()
    first = revocation_packs.write_revocation_packs(coordinator.ws, folder)
    assert {s.device for s in first} == {keeper.fingerprint, other.fingerprint}
    # Nothing new: no pack, so the devices' chains of packs do not grow a run at a time.
    assert revocation_packs.write_revocation_packs(coordinator.ws, folder) == []
    assert (
        revocation_packs.write_revocation_packs(coordinator.ws, folder, to=keeper.fingerprint) == []
    )
    # A second revocation is news to the one device still enrolled and not revoked.
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    (second,) = revocation_packs.write_revocation_packs(coordinator.ws, folder)
    assert second.device == keeper.fingerprint
    for pack in (*[s for s in first if s.device == keeper.fingerprint], second):
        packs.apply_pack(keeper, pack.path)
    assert {n.fingerprint for n in state.revoked_devices(keeper.repository)} == {
        lost.fingerprint,
        other.fingerprint,
    }


def test_a_revoked_device_is_told_and_refuses_to_export(
    coordinator: Archive, devices: list[Workspace], stick: Path
) -> None:
    lost = devices[1]
    enrolment.revoke_device(coordinator.ws, lost.fingerprint, last_good_sequence=7)
    [sent] = revocation_packs.write_revocation_packs(coordinator.ws, stick, to=lost.fingerprint)
    assert packs.apply_pack(lost, sent.path).details["this_device_revoked"] is True
    own = state.own_revocation(lost.repository)
    assert own is not None
    assert own.last_good_sequence == 7
    with pytest.raises(DeviceRevokedError):
        state.require_not_revoked(lost.repository)
    assert enrolment.enrolment_status(lost)["this_device_revoked"] is True


def test_revocation_packs_are_written_on_the_archive_only(
    devices: list[Workspace], stick: Path
) -> None:
    with pytest.raises(WrongRoleError):
        revocation_packs.write_revocation_packs(devices[0], stick)
    with pytest.raises(WrongRoleError):
        enrolment.export_roster(devices[0], stick / "roster.json")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_the_roster_and_its_allowed_signers_work_with_ssh_keygen(
    coordinator: Archive, devices: list[Workspace], tmp_path: Path
) -> None:
    keeper, lost, _ = devices
    revoked = enrolment.revoke_device(coordinator.ws, lost.fingerprint)
    out = tmp_path / "audit"
    out.mkdir()
    exported = enrolment.export_roster(coordinator.ws, out / "roster.json", out / "allowed_signers")
    raw = (out / "roster.json").read_bytes()
    roster = verify_roster(raw, (out / "roster.json.sig").read_text(), coordinator.fingerprint)
    assert roster == exported.roster
    listed = roster.device(lost.fingerprint)
    assert listed is not None
    assert listed.revoked_at == datetime.fromisoformat(revoked.revoked_at or "")
    assert len(roster.devices) == 3
    entries = {
        e.principals[0]: e for e in allowed_signers.parse((out / "allowed_signers").read_text())
    }
    valid_before = entries[lost.fingerprint].valid_before
    assert valid_before is not None
    assert entries[keeper.fingerprint].valid_before is None

    def verify(principal: str, namespace: str, signature: str, data: bytes, *options: str) -> int:
        (out / "signature").write_text(signature)
        command = ["ssh-keygen", "-Y", "verify", "-f", "allowed_signers", "-I", principal]
        command += ["-n", namespace, "-s", "signature", *options]
        return subprocess.run(
            command, input=data, cwd=out, capture_output=True, check=False
        ).returncode

    manifest = b'{"a bundle manifest":1}'
    # A device not revoked signs bundles; ssh-keygen accepts it for its fingerprint.
    good = sshsig.sign(manifest, keeper.signing_key, BUNDLE_NAMESPACE)
    assert verify(keeper.fingerprint, BUNDLE_NAMESPACE, good, manifest) == 0
    assert verify(lost.fingerprint, BUNDLE_NAMESPACE, good, manifest) != 0
    assert verify(keeper.fingerprint, BUNDLE_NAMESPACE, good, manifest + b" ") != 0
    # The revoked device's signatures pass until its revocation, and not after.
    late = sshsig.sign(manifest, lost.signing_key, BUNDLE_NAMESPACE)
    after = (valid_before + timedelta(seconds=2)).strftime(TIME_FORMAT)
    before = (valid_before - timedelta(seconds=2)).strftime(TIME_FORMAT)
    assert verify(lost.fingerprint, BUNDLE_NAMESPACE, late, manifest, f"-Overify-time={after}") != 0
    assert (
        verify(lost.fingerprint, BUNDLE_NAMESPACE, late, manifest, f"-Overify-time={before}") == 0
    )
    # The roster and the allowed_signers file themselves verify as the coordinator's.
    roster_signature = (out / "roster.json.sig").read_text()
    assert verify(coordinator.fingerprint, ROSTER_NAMESPACE, roster_signature, raw) == 0
    signers_signature = (out / "allowed_signers.sig").read_text()
    signers = (out / "allowed_signers").read_bytes()
    assert verify(coordinator.fingerprint, ROSTER_NAMESPACE, signers_signature, signers) == 0
    # A device key cannot pass for the coordinator.
    forged = sshsig.sign(raw, keeper.signing_key, ROSTER_NAMESPACE)
    assert verify(keeper.fingerprint, ROSTER_NAMESPACE, forged, raw) != 0
