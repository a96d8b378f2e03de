"""A demo's marker, and the removal of a demo cut while it was built.

The marker is written before a demo makes anything and removed when it is whole: it holds what
the folders held before (names only) and its workspaces' ids, so that a demo cut by a power cut
is removed by the same command, and nothing else is (a workspace it did not make, anything
older than the marker, a mount point, what a real stick held).
"""

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import OutputExistsError
from fieldapp.workspace.files import TEMP_PREFIX
from fieldapp.workspace.layout import KEY_FILE
from fieldapp.workspace.unconfirmed import read_small_regular

#: What a demo makes: its workspaces' folders, the custodian file and the USB folder.
INTERVIEWER_FOLDER = "interviewer"
SECOND_INTERVIEWER_FOLDER = "interviewer-2"
ARCHIVE_FOLDER = "archive"
CUSTODIAN_FILE = "custodian-identity.age"
USB_FOLDER = "usb-stick"
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


@dataclass(frozen=True)
class DemoBefore:
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
    def of(cls, root: Path, usb: Path) -> "DemoBefore":
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


def read_marker(marker: Path) -> DemoBefore:
    """What a demo cut while it was built recorded; ``OutputExistsError`` for a marker that is
    not one this module wrote (nothing is removed on a guess)."""
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
    return DemoBefore(*flags, None if usb is None else set(usb), dict(ids))


def remove_demo(root: Path, before: DemoBefore) -> None:
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
    remove_root_if_made(root, before)


def remove_root_if_made(root: Path, before: DemoBefore) -> None:
    """Remove the demo's root folder if the demo made it and it is empty now."""
    if not before.root_existed:
        with contextlib.suppress(OSError):
            root.rmdir()  # only if empty: nothing of anyone else's is removed


def _refuse_foreign(root: Path, before: DemoBefore) -> None:
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
