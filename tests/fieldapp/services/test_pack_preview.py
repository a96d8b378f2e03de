"""Previewing a pack: verified like apply_pack does, nothing applied, refusals the same."""

from pathlib import Path

import pytest

from fieldapp.errors import PackRejectedError, WrongRoleError
from fieldapp.services import enrolment, packs, revocation_packs
from fieldapp.services.pack_preview import preview_pack
from fieldapp.workspace import Workspace
from fieldapp.workspace.enrolment_state import NotEnrolledError
from tests.fieldapp.services.test_enrolment_support import (
    Archive,
    enrol,
    issue,
    make_archive,
    state,
)


def test_an_enrolment_pack_is_previewed_and_nothing_changes(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    before = state(device)
    preview = preview_pack(device, sent.path)
    assert preview.kind == "enrolment"
    assert preview.coordinator_fingerprint == coordinator.fingerprint
    assert preview.sequence == 1
    assert preview.needs_confirmation
    assert state(device) == before
    assert enrolment.enrolment_status(device)["enrolled"] is False
    # What the user confirmed is what apply_pack is then told to expect.
    packs.apply_pack(device, sent.path, expect_fingerprint=preview.coordinator_fingerprint)
    assert enrolment.enrolment_status(device)["coordinator_fingerprint"] == coordinator.fingerprint


def test_a_pack_on_an_enrolled_device_needs_no_confirmation(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    enrol(coordinator, device, stick)
    enrol(coordinator, other, stick)
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    (sent,) = revocation_packs.write_revocation_packs(coordinator.ws, stick, to=device.fingerprint)
    before = state(device)
    preview = preview_pack(device, sent.path)
    assert (preview.kind, preview.sequence, preview.needs_confirmation) == ("revocation", 2, False)
    assert preview.coordinator_fingerprint == coordinator.fingerprint
    assert state(device) == before


def test_a_pack_for_another_device_is_refused(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, other, stick)
    before = state(device)
    with pytest.raises(PackRejectedError, match="another device"):
        preview_pack(device, sent.path)
    assert state(device) == before


def test_only_an_enrolment_pack_is_taken_before_enrolment(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    issue(coordinator, device, stick)  # enrolled at the archive, the pack not applied here
    enrol(coordinator, other, stick)
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    (sent,) = revocation_packs.write_revocation_packs(coordinator.ws, stick, to=device.fingerprint)
    with pytest.raises(NotEnrolledError):
        preview_pack(device, sent.path)


def test_a_pack_signed_by_another_coordinator_is_refused(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    enrol(coordinator, device, stick)
    stranger = make_archive(tmp_path / "stranger")
    try:
        # The device's genuine request (a public file), enrolled by someone else's archive.
        request = enrolment.read_request(stick / f"request-{device.workspace_id}.json")
        (stick / "stranger").mkdir()
        sent = enrolment.issue_enrolment(stranger.ws, request, stick / "stranger")
        before = state(device)
        with pytest.raises(PackRejectedError, match="signature"):
            preview_pack(device, sent.path)
        assert state(device) == before
        # The same refusal from apply_pack, even told to expect the stranger's key.
        with pytest.raises(PackRejectedError, match="signature"):
            packs.apply_pack(device, sent.path, expect_fingerprint=stranger.fingerprint)
        assert state(device) == before
    finally:
        stranger.ws.lock()


def test_an_archive_previews_no_packs(coordinator: Archive, device: Workspace, stick: Path) -> None:
    sent = issue(coordinator, device, stick)
    with pytest.raises(WrongRoleError):
        preview_pack(coordinator.ws, sent.path)
