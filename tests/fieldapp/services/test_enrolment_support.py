"""Helpers for the enrolment tests (no tests here): archives and devices made fast, and enrolled.

Every workspace is real (SQLCipher, keys.json) with the fast Argon2id parameters; the custodian
is a recipient string, so no scrypt work is paid unless a test asks for a custodian file.
"""

from dataclasses import dataclass
from pathlib import Path

from crypto import age
from fieldapp.services import archive, enrolment, packs
from fieldapp.services.pack_writing import PackSent
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, stored_state

#: The fast scrypt work factor for custodian files in tests (the real one is 2^20).
WORK_FACTOR = 10


@dataclass
class Archive:
    ws: Workspace
    custodian_identity: str

    @property
    def fingerprint(self) -> str:
        return self.ws.fingerprint


def make_archive(root: Path, *, classic: bool = False) -> Archive:
    custodian_identity, custodian_recipient = (
        age.generate_x25519() if classic else age.generate_hybrid()
    )
    plan = archive.prepare_archive(classic=classic, custodian_recipients=[custodian_recipient])
    ws, _ = Workspace.create(root, PASSPHRASE, Role.ARCHIVE, label="HQ", params=PARAMS)
    archive.set_up_archive(ws, plan)
    return Archive(ws, custodian_identity)


def make_device(root: Path, label: str = "Laptop") -> Workspace:
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, label=label, params=PARAMS)
    return ws


def issue(coordinator: Archive, device: Workspace, folder: Path) -> PackSent:
    """The device's request, read by the archive, and its enrolment pack written to ``folder``."""
    request_path = folder / f"request-{device.workspace_id}.json"
    enrolment.write_request(device, request_path)
    request = enrolment.read_request(request_path)
    return enrolment.issue_enrolment(coordinator.ws, request, folder)


def enrol(coordinator: Archive, device: Workspace, folder: Path) -> PackSent:
    sent = issue(coordinator, device, folder)
    packs.apply_pack(device, sent.path, expect_fingerprint=coordinator.fingerprint)
    return sent


def state(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Everything the workspace's database holds, to show that a refusal changed nothing."""
    return stored_state(ws.connection)
