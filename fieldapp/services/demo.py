"""A demo: an archive and two enrolled field devices full of clearly fictional testimonies,
with one sync round done (export, import, receipt), so every role has something real to open.

Every passphrase is public (``demo``) and every label says so: a demo must never hold a real
testimony. Everything else is real — the same keys, encryption, bundles, packs and custody
logs as in the field — so what a newcomer sees is what the program does.
"""

import contextlib
import io
import json
import shutil
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
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.files import TEMP_PREFIX, write_atomically

DEMO_PASSPHRASE = "demo"  # noqa: S105 - public on purpose: the demo holds no real record
DEMO_LABEL = "DEMO (public passphrase: never for real testimonies)"
DEFAULT_COUNT = 40
INTERVIEWER_FOLDER = "interviewer"
SECOND_INTERVIEWER_FOLDER = "interviewer-2"
ARCHIVE_FOLDER = "archive"
CUSTODIAN_FILE = "custodian-identity.age"
USB_FOLDER = "usb-stick"
ROSTER_FILE = "roster.json"
ALLOWED_SIGNERS_FILE = "allowed_signers"
#: What a demo makes in its root folder (beside the USB folder, which may be a link to a stick).
MADE = (ARCHIVE_FOLDER, INTERVIEWER_FOLDER, SECOND_INTERVIEWER_FOLDER, CUSTODIAN_FILE)
#: Written before a demo makes anything, removed when it is whole: holds what the folders held
#: before (names only), so that a demo cut by a power cut is removed by the same command.
DEMO_MARKER = "demo-in-progress"
DEMO_MARKER_FORMAT = "fieldapp-demo-in-progress/1"
MAX_MARKER_BYTES = 1024 * 1024
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
    params: keywrap.Argon2Params = keywrap.DEFAULT_PARAMS,
) -> Demo:
    """The archive, two devices with ``count`` testimonies each, and one round of sync.

    A demo cut while it was built (a power cut: no ``except`` runs) is removed first, as a
    failed one is, and built again: its marker says what was there before it began."""
    marker = root / DEMO_MARKER
    if marker.exists():
        _remove_demo(root, _read_marker(marker))
    if any((root / name).exists() for name in MADE):
        raise OutputExistsError(
            f"A demo already exists in {root}; choose another --root, or remove that folder."
            " Nothing was changed."
        )
    usb = root / USB_FOLDER
    before = _Before.of(root, usb)
    try:
        # Before anything is made: from here on, whatever is new in these folders is ours.
        root.mkdir(parents=True, exist_ok=True)
        write_atomically(marker, before.to_bytes())
        built = _build(root, usb, count, seed, params)
        marker.unlink()
        return built
    except BaseException:
        # A demo that failed part-way (a full disk) is removed, so that the same command can
        # run again once there is room; what the folders held before is left alone.
        _remove_demo(root, before)
        raise


@dataclass(frozen=True)
class _Before:
    """What the demo's folders held before it began (in its marker while it is built)."""

    root_existed: bool
    #: Whether there was no USB folder (nor anything else of that name): the demo makes it.
    usb_made: bool
    #: The names in a plain USB folder; None if there was none, or it is a link to a stick (or
    #: not a folder at all), whose contents are never touched.
    usb_entries: set[str] | None

    @classmethod
    def of(cls, root: Path, usb: Path) -> "_Before":
        made = not usb.exists() and not usb.is_symlink()
        plain = usb.is_dir() and not usb.is_symlink()
        return cls(root.is_dir(), made, _entries(usb) if plain else None)

    def to_bytes(self) -> bytes:
        document = {
            "format": DEMO_MARKER_FORMAT,
            "root_existed": self.root_existed,
            "usb_made": self.usb_made,
            "usb": None if self.usb_entries is None else sorted(self.usb_entries),
        }
        return json.dumps(document).encode("utf-8")


def _read_marker(marker: Path) -> _Before:
    try:
        document = json.loads(marker.read_bytes()[:MAX_MARKER_BYTES])
        usb = document["usb"]
        flags = document["root_existed"], document["usb_made"]
        if document["format"] != DEMO_MARKER_FORMAT or not all(isinstance(f, bool) for f in flags):
            raise ValueError
        if usb is not None and not (
            isinstance(usb, list) and all(isinstance(name, str) for name in usb)
        ):
            raise ValueError
    except (ValueError, KeyError, TypeError, RecursionError):
        # Written atomically by this module, so only a hand can have made it so: nothing is
        # removed on a guess.
        raise OutputExistsError(
            f"A demo in {marker.parent} was cut while it was built, and what it made cannot be"
            " told apart; remove that folder. Nothing was changed."
        ) from None
    return _Before(*flags, None if usb is None else set(usb))


def _remove_demo(root: Path, before: _Before) -> None:
    """Remove what the demo made (``MADE``, and what is new in its USB folder unless that is
    a link to a real stick: what is new there may not be ours), its marker last."""
    usb = root / USB_FOLDER
    _remove_new(root, set(), only=set(MADE))
    if not usb.is_symlink():
        if before.usb_made:
            _remove_new(root, set(), only={USB_FOLDER})
        elif before.usb_entries is not None:
            _remove_new(usb, before.usb_entries)
    (root / DEMO_MARKER).unlink(missing_ok=True)
    for stale in root.glob(f"{TEMP_PREFIX}*-{DEMO_MARKER}"):  # a marker's write cut midway
        stale.unlink(missing_ok=True)
    if not before.root_existed:
        with contextlib.suppress(OSError):
            root.rmdir()  # only if empty: nothing of anyone else's is removed


def _entries(folder: Path) -> set[str] | None:
    """The names in ``folder``, or None if it does not exist."""
    return {entry.name for entry in folder.iterdir()} if folder.is_dir() else None


def _remove_new(folder: Path, kept: set[str] | None, only: set[str] | None = None) -> None:
    """Remove what is in ``folder`` (of the names ``only``) but not in ``kept``, and the folder
    itself if it is new and then empty."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if kept is not None and entry.name in kept:
            continue
        if only is not None and entry.name not in only:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    if kept is None:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _build(root: Path, usb: Path, count: int, seed: int, params: keywrap.Argon2Params) -> Demo:
    usb.mkdir(parents=True, exist_ok=True)
    plan = archive.prepare_archive(
        custodian_out=root / CUSTODIAN_FILE,
        custodian_passphrase=DEMO_PASSPHRASE,
        work_factor=DEMO_CUSTODIAN_WORK_FACTOR,
    )
    arch, _ = Workspace.create(
        root / ARCHIVE_FOLDER, DEMO_PASSPHRASE, Role.ARCHIVE, label=DEMO_LABEL, params=params
    )
    devices = []
    with arch:
        archive.set_up_archive(arch, plan)
        for index, folder in enumerate((INTERVIEWER_FOLDER, SECOND_INTERVIEWER_FOLDER)):
            device = _device(
                root / folder, count, seed + index, f"Demo Interviewer {index + 1}", params
            )
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
    params: keywrap.Argon2Params = keywrap.DEFAULT_PARAMS,
) -> Path:
    """A single, unenrolled interviewer's workspace at ``root/interviewer``."""
    folder = root / INTERVIEWER_FOLDER
    _device(folder, count, seed, "Demo Interviewer 1", params).lock()
    return folder


def _device(
    folder: Path, count: int, seed: int, interviewer: str, params: keywrap.Argon2Params
) -> Workspace:
    ws, _ = Workspace.create(
        folder, DEMO_PASSPHRASE, Role.INTERVIEWER, label=DEMO_LABEL, params=params
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
