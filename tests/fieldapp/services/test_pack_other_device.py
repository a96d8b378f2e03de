"""A pack refused as addressed to another device says which device it is for, as far as that can
honestly be known: the tag its file name carries (a hint, never a proof: the refusal rests on the
signed recipient), or the device its signed payload names."""

from pathlib import Path

import pytest

from fieldapp.errors import PackRejectedError
from fieldapp.services import enrolment, packs, revocation_packs
from fieldapp.services.pack_preview import preview_pack
from fieldapp.sync.packs import pack_file_tag, pack_tag
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, enrol, issue, state


def _refusal(device: Workspace, path: Path, *, apply: bool) -> PackRejectedError:
    before = state(device)
    opening = packs.apply_pack if apply else preview_pack
    with pytest.raises(PackRejectedError, match="addressed to another device") as refused:
        opening(device, path)
    assert state(device) == before
    return refused.value


@pytest.mark.parametrize("apply", [False, True], ids=["preview", "apply"])
def test_a_pack_for_another_device_names_the_tag_its_file_carries(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path, apply: bool
) -> None:
    enrol(coordinator, device, stick)
    enrol(coordinator, other, stick)
    enrolment.revoke_device(coordinator.ws, device.fingerprint)
    # Signed by the coordinator this device trusts, and not an enrolment (refused for that).
    (sent,) = revocation_packs.write_revocation_packs(coordinator.ws, stick, to=other.fingerprint)
    refusal = _refusal(device, sent.path, apply=apply)
    tag, own = pack_tag(other.fingerprint), pack_tag(device.fingerprint)
    assert pack_file_tag(sent.path.name) == tag != own
    assert refusal.reason_template == packs.REJECTED_OTHER_DEVICE_NAMED
    assert refusal.reason_args == {"tag": tag, "own": own}
    assert refusal.reason == (
        f"it is addressed to another device: its file name is for the one whose packs are named"
        f" …-{tag}-….fieldpack (this device's are named …-{own}-….fieldpack)."
    )


@pytest.mark.parametrize("name", ["pack.fieldpack", "own"])
def test_a_file_name_that_names_no_other_device_says_nothing_more(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path, name: str
) -> None:
    sent = issue(coordinator, other, stick)
    if name == "own":  # renamed to look like this device's own: the name is no proof
        name = sent.path.name.replace(pack_tag(other.fingerprint), pack_tag(device.fingerprint))
    renamed = sent.path.rename(sent.path.with_name(name))
    refusal = _refusal(device, renamed, apply=False)
    assert refusal.reason_template == packs.REJECTED_OTHER_DEVICE
    assert refusal.reason == "it is addressed to another device."
    assert refusal.reason_args == {}


def test_a_payload_naming_another_device_names_its_tag(device: Workspace, other: Workspace):
    refusal = packs.named_elsewhere(device, other.fingerprint)
    tag, own = pack_tag(other.fingerprint), pack_tag(device.fingerprint)
    assert refusal.reason_template == packs.REJECTED_PAYLOAD_OTHER_DEVICE
    assert refusal.reason == (
        f"it is addressed to another device, the one whose packs are named …-{tag}-….fieldpack"
        f" (this device's are named …-{own}-….fieldpack)."
    )


@pytest.mark.parametrize(
    "name",
    [
        "receipt-Ab3dE_9xYz-0002.fieldpack.txt",
        "receipt-Ab3dE_9xYz-0002 (1).fieldpack",
        "receipt-Ab3dE/9xYz-0002.fieldpack",
        "receipt-Ab3dE_9xY-0002.fieldpack",
        "Receipt-Ab3dE_9xYz-0002.fieldpack",
        "receipt-Ab3dE_9xYz-002.fieldpack",
    ],
)
def test_only_a_name_as_packs_are_named_gives_a_tag(name: str) -> None:
    assert pack_file_tag(name) is None
    assert pack_file_tag("receipt-Ab3dE_9xYz-0002.fieldpack") == "Ab3dE_9xYz"
