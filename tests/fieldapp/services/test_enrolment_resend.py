"""Sending packs again: a lost enrolment pack (or any later one) is written again byte for byte,
so the device applies it and later packs still chain; and the custody events of enrolment and
of applying packs. Uses the shared fixtures (conftest): coordinator, device, other, stick.
"""

from pathlib import Path

import pytest

from fieldapp.domain import CustodyEvent, CustodyKind, parse_canonical
from fieldapp.errors import DeviceAlreadyEnrolledError, OutputExistsError, ValidationFailedError
from fieldapp.services import audit, enrolment, pack_resend, packs, revocation_packs
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.custody import stored_events
from fieldapp.workspace.enrolment_state import read_enrolment

from .test_enrolment_support import Archive, enrol, issue
from .test_enrolment_support import state as db_state


def _events(ws: Workspace) -> list[CustodyEvent]:
    return [parse_canonical(CustodyEvent, body) for _, body, _ in stored_events(ws.connection)]


def _folder(stick: Path, name: str) -> Path:
    (stick / name).mkdir()
    return stick / name


def test_a_lost_enrolment_pack_is_sent_again_and_applies(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    original = sent.path.read_bytes()
    sent.path.unlink()  # the stick is lost
    [again] = pack_resend.resend_packs(coordinator.ws, device.fingerprint, _folder(stick, "again"))
    assert again.read_bytes() == original
    applied = packs.apply_pack(device, again, expect_fingerprint=coordinator.fingerprint)
    assert (applied.kind, applied.sequence, applied.already_applied) == ("enrolment", 1, False)
    assert read_enrolment(device.repository) is not None


def test_later_packs_still_chain_to_a_resent_one(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    enrol(coordinator, other, _folder(stick, "other"))
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    [revocation] = revocation_packs.write_revocation_packs(
        coordinator.ws, _folder(stick, "revocation"), to=device.fingerprint
    )
    sent.path.unlink()
    revocation.path.unlink()
    written = pack_resend.resend_packs(coordinator.ws, device.fingerprint, _folder(stick, "again"))
    assert [p.name.split("-")[0] for p in written] == ["enrolment", "revocation"]
    packs.apply_pack(device, written[0], expect_fingerprint=coordinator.fingerprint)
    assert packs.apply_pack(device, written[1]).details["revoked"] == [other.fingerprint]
    # Sent a third time, from pack 2: the device has it already and changes nothing.
    [third] = pack_resend.resend_packs(
        coordinator.ws, device.fingerprint, _folder(stick, "third"), first=2
    )
    before = db_state(device)
    assert packs.apply_pack(device, third).already_applied
    assert db_state(device) == before


@pytest.mark.parametrize("first", [0, 2])
def test_a_pack_never_sent_cannot_be_resent(
    coordinator: Archive, device: Workspace, stick: Path, first: int
) -> None:
    issue(coordinator, device, stick)
    with pytest.raises(ValidationFailedError):
        pack_resend.resend_packs(coordinator.ws, device.fingerprint, stick, first=first)


def test_a_pack_sent_before_copies_were_kept_cannot_be_resent(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    issue(coordinator, device, stick)
    coordinator.ws.connection.execute("DELETE FROM pack_copies")
    with pytest.raises(pack_resend.PackNotKeptError):
        pack_resend.resend_packs(coordinator.ws, device.fingerprint, _folder(stick, "again"))


def test_resending_never_overwrites_a_file(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    before = sent.path.read_bytes()
    with pytest.raises(OutputExistsError):
        pack_resend.resend_packs(coordinator.ws, device.fingerprint, stick)
    assert sent.path.read_bytes() == before


def test_enrolment_and_applying_packs_are_custody_events(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = enrol(coordinator, device, stick)
    [archive_event] = [e for e in _events(coordinator.ws) if e.kind is CustodyKind.ENROL]
    assert archive_event.payload_hash == sent.digest
    assert str(archive_event.bundle_id) == sent.pack_id
    [device_event] = _events(device)
    assert device_event.kind is CustodyKind.PACK_APPLY
    assert device_event.payload_hash == sent.digest
    assert device_event.actor == device.fingerprint
    assert audit.verify_custody(device).intact
    assert audit.verify_custody(coordinator.ws).intact
    [copy] = state.pack_copies(coordinator.ws.connection, device.fingerprint, 1, 1)
    assert copy.manifest_digest == sent.digest


def test_issuing_again_for_an_enrolled_device_points_to_resend(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    issue(coordinator, device, stick)
    before = db_state(coordinator.ws)
    request = stick / f"request-{device.workspace_id}.json"
    with pytest.raises(DeviceAlreadyEnrolledError) as raised:
        enrolment.issue_enrolment(
            coordinator.ws, enrolment.read_request(request), _folder(stick, "again")
        )
    assert f"fieldapp pack resend {device.fingerprint}" in raised.value.message
    assert db_state(coordinator.ws) == before
