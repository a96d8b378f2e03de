"""A demo: an archive and two enrolled field devices full of clearly fictional testimonies,
with one sync round done (export, import, receipt), so every role has something real to open.

Every passphrase is public (``demo``) and every label says so: a demo must never hold a real
testimony. Everything else is real — the same keys, encryption, bundles, packs and custody
logs as in the field — so what a newcomer sees is what the program does.
"""

import contextlib
import io
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
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
from fieldapp.workspace.layout import KEY_FILE
from fieldapp.workspace.unconfirmed import read_small_regular

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
#: The workspaces a demo makes, each with an id its marker records before it exists.
WORKSPACE_FOLDERS = (ARCHIVE_FOLDER, INTERVIEWER_FOLDER, SECOND_INTERVIEWER_FOLDER)
#: What a demo makes in its root folder (beside the USB folder, which may be a link to a stick).
MADE = (*WORKSPACE_FOLDERS, CUSTODIAN_FILE)
#: Written before a demo makes anything, removed when it is whole: holds what the folders held
#: before (names only) and its workspaces' ids, so that a demo cut by a power cut is removed by
#: the same command, and nothing else is (a workspace it did not make, anything older).
DEMO_MARKER = "demo-in-progress"
DEMO_MARKER_FORMAT = "fieldapp-demo-in-progress/2"
MAX_MARKER_BYTES = 1024 * 1024
#: A key file is about a KiB; no more than this is read of one to learn its id.
MAX_KEY_FILE_BYTES = 64 * 1024
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
    failed one is, and built again: its marker says what was there before it began and the
    ids of the workspaces it makes; what does not match is never removed (R1-5)."""
    marker = root / DEMO_MARKER
    if os.path.lexists(marker):
        _remove_demo(root, _read_marker(marker))
    if any(os.path.lexists(root / name) for name in MADE):
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
    except BaseException:
        _remove_root_if_made(root, before)
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
            _remove_demo(root, before)
        raise


@dataclass(frozen=True)
class _Before:
    """What the demo's folders held before it began, and the ids of the workspaces it makes
    (in its marker while it is built)."""

    root_existed: bool
    #: Whether there was no USB folder (nor anything else of that name): the demo makes it.
    usb_made: bool
    #: The names in a plain USB folder; None if there was none, or it is a link to a stick (or
    #: not a folder at all), whose contents are never touched.
    usb_entries: set[str] | None
    #: The id of each workspace the demo makes, by folder: chosen before any exists.
    workspaces: dict[str, str]

    @classmethod
    def of(cls, root: Path, usb: Path) -> "_Before":
        made = not os.path.lexists(usb)
        plain = usb.is_dir() and not usb.is_symlink()
        ids = {folder: str(uuid.uuid4()) for folder in WORKSPACE_FOLDERS}
        return cls(root.is_dir(), made, _entries(usb) if plain else None, ids)

    def to_bytes(self) -> bytes:
        document = {
            "format": DEMO_MARKER_FORMAT,
            "root_existed": self.root_existed,
            "usb_made": self.usb_made,
            "usb": None if self.usb_entries is None else sorted(self.usb_entries),
            "workspaces": self.workspaces,
        }
        return json.dumps(document).encode("utf-8")


def _read_marker(marker: Path) -> _Before:
    try:
        data = read_small_regular(marker, MAX_MARKER_BYTES)  # never a link, pipe or device
        if data is None:
            raise ValueError
        document = json.loads(data)
        usb, ids = document["usb"], document["workspaces"]
        flags = document["root_existed"], document["usb_made"]
        if document["format"] != DEMO_MARKER_FORMAT or not all(isinstance(f, bool) for f in flags):
            raise ValueError
        if usb is not None and not (
            isinstance(usb, list) and all(isinstance(name, str) for name in usb)
        ):
            raise ValueError
        if not isinstance(ids, dict) or set(ids) != set(WORKSPACE_FOLDERS):
            raise ValueError
        if not all(isinstance(value, str) and value for value in ids.values()):
            raise ValueError
    except (ValueError, KeyError, TypeError, RecursionError):
        # Written atomically by this module, so only a hand can have made it so: nothing is
        # removed on a guess.
        raise OutputExistsError(
            f"A demo in {marker.parent} was cut while it was built, and what it made cannot be"
            " told apart; remove that folder. Nothing was changed."
        ) from None
    return _Before(*flags, None if usb is None else set(usb), dict(ids))


def _remove_demo(root: Path, before: _Before) -> None:
    """Remove what the demo made (``MADE``, and what is new in its USB folder unless that is
    a link or a mount point: what is new on a real stick may not be ours), its marker last.
    Every name is checked first (``_refuse_foreign``): nothing is removed unless all of it is
    the demo's."""
    usb = root / USB_FOLDER
    _refuse_foreign(root, before)
    _remove_new(root, set(), only=set(MADE))
    if _plain_folder_here(root, usb):
        if before.usb_made:
            _remove_new(root, set(), only={USB_FOLDER})
        elif before.usb_entries is not None:
            _remove_new(usb, before.usb_entries)
    (root / DEMO_MARKER).unlink(missing_ok=True)
    for stale in root.glob(f"{TEMP_PREFIX}*-{DEMO_MARKER}"):  # a marker's write cut midway
        stale.unlink(missing_ok=True)
    _remove_root_if_made(root, before)


def _remove_root_if_made(root: Path, before: _Before) -> None:
    if not before.root_existed:
        with contextlib.suppress(OSError):
            root.rmdir()  # only if empty: nothing of anyone else's is removed


def _refuse_foreign(root: Path, before: _Before) -> None:
    """Refuse (``OutputExistsError``) unless all that would be removed is what this demo
    made: nothing older than its marker, no workspace it did not name, no mount point, nothing
    on another device (a stick mounted at one of its names is not a link)."""
    try:
        since = os.stat(root / DEMO_MARKER, follow_symlinks=False).st_mtime_ns
    except FileNotFoundError:
        since = None  # the marker's write failed: this run made nothing
    device = os.stat(root).st_dev
    for name in MADE:
        path = root / name
        if not os.path.lexists(path) or path.is_symlink():
            continue  # a link is removed, never followed
        if since is None or not _made_since(path, since, device):
            raise _not_the_demos(root, name)
        if name in WORKSPACE_FOLDERS and not _named_workspace(path, before.workspaces[name]):
            raise _not_the_demos(root, name)
    usb = root / USB_FOLDER
    if since is not None and _plain_folder_here(root, usb):
        kept = set() if before.usb_made else before.usb_entries
        for entry in usb.iterdir() if kept is not None else ():
            if entry.name not in kept and not _made_since(entry, since, device):
                raise _not_the_demos(root, f"{USB_FOLDER}/{entry.name}")


def _not_the_demos(root: Path, name: str) -> OutputExistsError:
    return OutputExistsError(
        f"A demo in {root} was cut while it was built, but {name} there is not what it made;"
        " nothing was removed. Remove the demo's folders by hand, or choose another --root."
    )


def _plain_folder_here(root: Path, folder: Path) -> bool:
    """A folder of this file system (not a link to, or a mount of, a real stick)."""
    if folder.is_symlink() or not folder.is_dir() or os.path.ismount(folder):
        return False
    return os.stat(folder).st_dev == os.stat(root).st_dev


def _made_since(path: Path, since: int, device: int) -> bool:
    """Everything at ``path`` (a file, or a folder and all it holds) was written after the
    marker, on the root's own device, with no mount point inside."""
    for entry in _walk(path):
        info = os.stat(entry, follow_symlinks=False)
        if info.st_dev != device or info.st_mtime_ns < since:
            return False
        if not entry.is_symlink() and entry.is_dir() and os.path.ismount(entry):
            return False
    return True


def _walk(path: Path) -> Iterator[Path]:
    yield path
    if path.is_dir() and not path.is_symlink():
        for folder, names, files in os.walk(path):  # links to folders are listed, not followed
            for name in (*names, *files):
                yield Path(folder) / name


def _named_workspace(folder: Path, workspace_id: str) -> bool:
    """The folder holds no workspace, or the one of the id the marker recorded for it."""
    key_file = folder / KEY_FILE
    if not os.path.lexists(key_file):
        return True
    data = read_small_regular(key_file, MAX_KEY_FILE_BYTES)
    try:
        document = json.loads(data) if data is not None else None
    except (ValueError, RecursionError):
        return False
    return isinstance(document, dict) and document.get("workspace_id") == workspace_id


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
    params: keywrap.Argon2Params = keywrap.DEFAULT_PARAMS,
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
