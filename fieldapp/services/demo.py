"""A demo: an archive and two enrolled field devices full of clearly fictional testimonies,
with one sync round done (export, import, receipt), so every role has something real to open.

Every passphrase is public (``demo``) and every label says so: a demo must never hold a real
testimony. Everything else is real — the same keys, encryption, bundles, packs and custody
logs as in the field — so what a newcomer sees is what the program does. A demo cut while it
was built is removed by the same command (``demo_marker``).
"""

import contextlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crypto import keywrap
from fieldapp.demo.corpus import DemoRecord, generate
from fieldapp.errors import OutputExistsError
from fieldapp.services import (
    archive,
    attachments,
    enrolment,
    export,
    importing,
    packs,
    receipts,
    records,
)
from fieldapp.services.demo_marker import (
    ARCHIVE_FOLDER,
    CUSTODIAN_FILE,
    DEMO_MARKER,
    INTERVIEWER_FOLDER,
    MADE,
    SECOND_INTERVIEWER_FOLDER,
    USB_FOLDER,
    DemoBefore,
    read_marker,
    remove_demo,
    remove_root_if_made,
)
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.files import write_atomically

DEMO_PASSPHRASE = "demo"  # noqa: S105 - public on purpose: the demo holds no real record
DEMO_LABEL = "DEMO (public passphrase: never for real testimonies)"
DEFAULT_COUNT = 40
ROSTER_FILE = "roster.json"
ALLOWED_SIGNERS_FILE = "allowed_signers"
# The custodian file is a key backup in kind; the demo's is weaker only to build quickly.
DEMO_CUSTODIAN_WORK_FACTOR = 14


@dataclass(frozen=True)
class Demo:
    archive: Path
    interviewers: tuple[Path, ...]
    custodian_file: Path
    usb: Path


def build_demo(
    root: Path,
    *,
    count: int = DEFAULT_COUNT,
    seed: int = 2014,
    params: keywrap.Argon2Params | None = None,
) -> Demo:
    """The archive, two devices with ``count`` testimonies each, and one round of sync.

    A demo cut while it was built (a power cut: no ``except`` runs) is removed first, as a
    failed one is, and built again: its marker says what was there before it began and the
    ids of the workspaces it makes; what does not match is never removed (R1-5)."""
    marker = root / DEMO_MARKER
    if os.path.lexists(marker):
        remove_demo(root, read_marker(marker))
    if any(os.path.lexists(root / name) for name in MADE):
        raise OutputExistsError(
            f"A demo already exists in {root}; choose another --root, or remove that folder."
            " Nothing was changed."
        )
    usb = root / USB_FOLDER
    before = DemoBefore.of(root, usb)
    try:
        # Before anything is made: from here on, whatever is new in these folders is ours.
        root.mkdir(parents=True, exist_ok=True)
        write_atomically(marker, before.to_bytes())
    except BaseException:
        remove_root_if_made(root, before)
        raise
    try:
        built = _build(root, usb, count, seed, params, before.workspaces)
        marker.unlink()
        return built
    except BaseException:
        # A demo that failed part-way (a full disk) is removed, so that the same command can
        # run again once there is room; what the folders held before is left alone. Refused
        # (not all of it the demo's), it is left: the failure said is the build's own.
        with contextlib.suppress(OutputExistsError):
            remove_demo(root, before)
        raise


def _build(
    root: Path,
    usb: Path,
    count: int,
    seed: int,
    params: keywrap.Argon2Params,
    ids: dict[str, str],
) -> Demo:
    usb.mkdir(parents=True, exist_ok=True)
    plan = archive.prepare_archive(
        custodian_out=root / CUSTODIAN_FILE,
        custodian_passphrase=DEMO_PASSPHRASE,
        work_factor=DEMO_CUSTODIAN_WORK_FACTOR,
    )
    arch, _ = Workspace.create(
        root / ARCHIVE_FOLDER,
        DEMO_PASSPHRASE,
        Role.ARCHIVE,
        label=DEMO_LABEL,
        params=params,
        workspace_id=ids[ARCHIVE_FOLDER],
    )
    devices = []
    with arch:
        archive.set_up_archive(arch, plan)
        for index, folder in enumerate((INTERVIEWER_FOLDER, SECOND_INTERVIEWER_FOLDER)):
            name = f"Demo Interviewer {index + 1}"
            device = _device(root / folder, count, seed + index, name, params, ids[folder])
            with device:
                _enrol(arch, device, usb)
                _sync(arch, device, usb)
            devices.append(root / folder)
        # What an auditor is handed: the roster of enrolled devices, signed by the coordinator.
        enrolment.export_roster(arch, usb / ROSTER_FILE, usb / ALLOWED_SIGNERS_FILE)
    return Demo(root / ARCHIVE_FOLDER, tuple(devices), root / CUSTODIAN_FILE, usb)


def build_interviewer_demo(
    root: Path,
    *,
    count: int = DEFAULT_COUNT,
    seed: int = 2014,
    params: keywrap.Argon2Params | None = None,
) -> Path:
    """A single, unenrolled interviewer's workspace at ``root/interviewer``."""
    folder = root / INTERVIEWER_FOLDER
    _device(folder, count, seed, "Demo Interviewer 1", params).lock()
    return folder


def _device(
    folder: Path,
    count: int,
    seed: int,
    interviewer: str,
    params: keywrap.Argon2Params,
    workspace_id: str | None = None,
) -> Workspace:
    ws, _ = Workspace.create(
        folder,
        DEMO_PASSPHRASE,
        Role.INTERVIEWER,
        label=DEMO_LABEL,
        params=params,
        workspace_id=workspace_id,
    )
    try:
        store_demo_records(ws, list(generate(count, seed=seed, interviewer=interviewer)))
    except BaseException:
        ws.lock()
        raise
    return ws


def store_demo_records(
    ws: Workspace,
    demo: list[DemoRecord],
    before_seal: Callable[[DemoRecord], object] | None = None,
) -> None:
    """Store demo records as an interviewer would: create, withdraw, attach, then seal those
    the corpus seals; ``before_seal`` may attach more to each record first (benchmarks)."""
    records.create_testimonies(ws, [(d.testimony, d.consents, d.identity) for d in demo])
    for item in demo:
        for withdrawal in item.withdrawals:
            records.withdraw_consent(ws, withdrawal)
        for attachment in item.attachments:
            attachments.attach_file(
                ws,
                item.testimony.id,
                io.BytesIO(attachment.data()),
                kind=attachment.kind,
                media_type=attachment.media_type,
                label=attachment.label,
            )
        if before_seal is not None:
            before_seal(item)
        if item.seal:
            records.seal_testimony(ws, item.testimony.id)


def _enrol(arch: Workspace, device: Workspace, usb: Path) -> None:
    request_file = usb / f"enrolment-request-{device.workspace_id[:8]}.json"
    enrolment.write_request(device, request_file)
    sent = enrolment.issue_enrolment(arch, enrolment.read_request(request_file), usb)
    packs.apply_pack(device, sent.path, expect_fingerprint=arch.fingerprint)


def _sync(arch: Workspace, device: Workspace, usb: Path) -> None:
    bundle = export.export_bundle(device, usb)
    if bundle.path is not None:
        # One bundle: its errors (a full disk) are raised, not reported.
        importing.import_bundle(arch, bundle.path)
    for pack in receipts.write_receipts(arch, usb, to=device.fingerprint):
        packs.apply_pack(device, pack.path)
