"""Looking at a pack before applying it: what it is, and who signed it.

The desktop app asks its user to confirm the coordinator's fingerprint *before* the pack is
applied, on the GUI thread, rather than from inside ``apply_pack`` (whose ``confirm`` callback
would run on the worker thread that applies it). So the pack is opened and verified here
exactly as ``apply_pack`` opens it, nothing is decrypted and nothing is stored; the app then
applies it with ``expect_fingerprint`` set to the fingerprint the user confirmed, so a file
swapped in between is refused by the apply itself.
"""

from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import WrongRoleError
from fieldapp.services.packs import addressed_elsewhere
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import open_pack
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.enrolment_state import NotEnrolledError, read_enrolment
from fieldapp.workspace.workspace import DEVICE_AGE_KEY


@dataclass(frozen=True)
class PackPreview:
    """A verified pack, not applied. ``needs_confirmation``: this device is not enrolled yet,
    so the pack's signer is trusted only once the user confirmed ``coordinator_fingerprint``."""

    kind: str
    coordinator_fingerprint: str
    sequence: int
    needs_confirmation: bool


def preview_pack(ws: Workspace, path: Path) -> PackPreview:
    """Open and verify the pack at ``path`` as ``apply_pack`` would, without applying it.

    Refuses what ``apply_pack`` would refuse before decrypting: the wrong kind of workspace,
    a pack not signed by the trusted coordinator, a pack other than an enrolment on a device
    not yet enrolled, a pack addressed to another device.
    """
    if ws.role is not Role.INTERVIEWER:
        raise WrongRoleError("Packs are applied on a field device.")
    enrolment = read_enrolment(ws.repository)
    _, own_recipient = ws.repository.device_key(DEVICE_AGE_KEY)
    with path.open("rb") as file:
        pack = open_pack(file, None if enrolment is None else enrolment.coordinator_key)
        if enrolment is None and pack.kind is not ManifestKind.ENROLMENT:
            raise NotEnrolledError(
                "This device is not enrolled yet: apply its enrolment pack first."
            )
        if pack.recipient != own_recipient:
            raise addressed_elsewhere(ws, path)
        return PackPreview(
            kind=pack.kind.value,
            coordinator_fingerprint=pack.signer_fingerprint,
            sequence=pack.sequence,
            needs_confirmation=enrolment is None,
        )
