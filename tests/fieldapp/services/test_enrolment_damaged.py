"""Damaged packs on a device: every flipped byte and every cut refused, the device unchanged."""

import zipfile
from pathlib import Path

import pytest

from fieldapp.errors import PackRejectedError
from fieldapp.services import enrolment, packs, revocation_packs
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.workspace import Workspace

from .test_enrolment_support import Archive, enrol, issue
from .test_enrolment_support import state as db_state

# Every 61st length, and the ends: a pack cut anywhere (a stick pulled out mid-copy) is refused.
TRUNCATION_STRIDE = 61


def _revocation_pack(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> Path:
    """Pack number 2 to ``device``, once both are enrolled and ``other`` is revoked."""
    enrol(coordinator, device, stick)
    enrol(coordinator, other, stick)
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    [sent] = revocation_packs.write_revocation_packs(coordinator.ws, stick, to=device.fingerprint)
    return sent.path


def _members(path: Path) -> list[tuple[str, bytes]]:
    archive = zipfile.ZipFile(path)
    return [(name, archive.read(name)) for name in archive.namelist()]


def _rebuilt(members: list[tuple[str, bytes]], path: Path) -> Path:
    with path.open("wb") as handle, ContainerWriter(handle) as writer:
        for name, data in members:
            writer.add(name, data)
    return path


@pytest.mark.parametrize("enrolled", [False, True], ids=["first-pack", "later-pack"])
def test_every_flipped_byte_of_manifest_and_signature_is_refused(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path, enrolled: bool
) -> None:
    if enrolled:
        genuine = _revocation_pack(coordinator, device, other, stick)
    else:
        genuine = issue(coordinator, device, stick).path
    members = _members(genuine)
    before = db_state(device)
    target = stick / "altered.fieldpack"
    for index in (0, 1):  # manifest.json, manifest.sig
        name, data = members[index]
        for position in range(len(data)):
            altered = bytearray(data)
            altered[position] ^= 0x01
            target.unlink(missing_ok=True)
            changed = [*members[:index], (name, bytes(altered)), *members[index + 1 :]]
            with pytest.raises(PackRejectedError):
                packs.apply_pack(
                    device,
                    _rebuilt(changed, target),
                    expect_fingerprint=coordinator.fingerprint,
                )
    assert db_state(device) == before
    # The genuine pack still applies: the refusals were about the flips.
    packs.apply_pack(device, genuine, expect_fingerprint=coordinator.fingerprint)


@pytest.mark.parametrize("enrolled", [False, True], ids=["first-pack", "later-pack"])
def test_a_truncated_pack_is_refused(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path, enrolled: bool
) -> None:
    if enrolled:
        genuine = _revocation_pack(coordinator, device, other, stick)
    else:
        genuine = issue(coordinator, device, stick).path
    data = genuine.read_bytes()
    before = db_state(device)
    target = stick / "short.fieldpack"
    for length in [*range(0, len(data), TRUNCATION_STRIDE), len(data) - 22, len(data) - 1]:
        target.write_bytes(data[:length])
        with pytest.raises(PackRejectedError):
            packs.apply_pack(device, target, expect_fingerprint=coordinator.fingerprint)
    assert db_state(device) == before
