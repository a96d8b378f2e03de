"""The demo's marker removes only what that demo made (review R1-5): the workspaces whose ids
it recorded before they existed, nothing older than itself, nothing on another device (a stick
mounted at one of its names) and no mount point; whatever does not match refuses the removal
as a whole, with one sentence."""

import json
import os
import time
from pathlib import Path

import pytest

from fieldapp.errors import OutputExistsError
from fieldapp.services import demo, demo_marker
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.small_disk import small_disk
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, file_snapshot

AN_HOUR = 3600 * 10**9


@pytest.fixture
def root(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path / "demo"


def _marker(root: Path, **changes: object) -> dict[str, object]:
    """A marker as the demo writes it (its ids chosen now), with ``changes``."""
    document: dict[str, object] = {
        "format": demo_marker.DEMO_MARKER_FORMAT,
        "root_existed": True,
        "usb_made": False,
        "usb": None,
        "workspaces": {name: f"id-of-{name}" for name in demo_marker.WORKSPACE_FOLDERS},
    }
    document.update(changes)
    root.mkdir(parents=True, exist_ok=True)
    (root / demo.DEMO_MARKER).write_text(json.dumps(document))
    return document


def _age(path: Path) -> None:
    """Make ``path`` and all under it an hour older: found there before the marker."""
    old = time.time_ns() - AN_HOUR
    for entry in (path, *path.rglob("*")):
        os.utime(entry, ns=(old, old), follow_symlinks=False)


def _refused(root: Path, name: str) -> None:
    before = file_snapshot(root)
    with pytest.raises(OutputExistsError, match=f"{name} there is not what it made"):
        demo.build_demo(root, count=1, params=PARAMS)
    assert file_snapshot(root) == before


def test_a_workspace_older_than_the_marker_is_kept_even_under_its_own_id(root: Path) -> None:
    folder = root / demo.INTERVIEWER_FOLDER
    ws, _ = Workspace.create(folder, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    with ws:
        add_testimony(ws)
    _age(folder)
    ids = {name: f"id-of-{name}" for name in demo_marker.WORKSPACE_FOLDERS}
    _marker(root, workspaces={**ids, demo.INTERVIEWER_FOLDER: ws.workspace_id})
    _refused(root, demo.INTERVIEWER_FOLDER)
    Workspace.unlock(folder, PASSPHRASE).lock()


def test_a_workspace_the_marker_did_not_name_is_kept(root: Path) -> None:
    """Made after the marker (its files are new), but not with an id the demo chose."""
    _marker(root)
    folder = root / demo.ARCHIVE_FOLDER
    Workspace.create(folder, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)[0].lock()
    _refused(root, demo.ARCHIVE_FOLDER)
    Workspace.unlock(folder, PASSPHRASE).lock()


def test_a_folder_of_documents_older_than_the_marker_is_kept(root: Path) -> None:
    folder = root / demo.SECOND_INTERVIEWER_FOLDER
    folder.mkdir(parents=True)
    (folder / "statement.txt").write_text("a witness's own words")
    _age(folder)
    _marker(root)
    _refused(root, demo.SECOND_INTERVIEWER_FOLDER)


def test_an_old_file_in_a_usb_folder_the_marker_says_it_made_is_kept(root: Path) -> None:
    usb = root / demo.USB_FOLDER
    usb.mkdir(parents=True)
    (usb / "device-0001.fieldbundle").write_bytes(b"a real bundle")
    _age(usb)
    _marker(root, usb_made=True)
    _refused(root, f"{demo.USB_FOLDER}/device-0001.fieldbundle")


@pytest.mark.parametrize("marked", ["usb_made", "usb entries"])
def test_a_stick_mounted_at_the_usb_folder_is_never_emptied(root: Path, marked: str) -> None:
    """A mount point is not a link: a stick mounted at ``usb-stick`` keeps what it holds, even
    new files (what is new on a real stick may not be the demo's)."""
    usb = root / demo.USB_FOLDER
    usb.mkdir(parents=True)
    with small_disk(usb, "1m"):
        if marked == "usb_made":
            _marker(root, usb_made=True)
        else:
            _marker(root, usb=[])
        # Newer than the marker, as what the demo writes is: only the mount tells it apart.
        (usb / "device-0001.fieldbundle").write_bytes(b"a real bundle, written just now")
        built = demo.build_demo(root, count=1, params=PARAMS)
        assert (usb / "device-0001.fieldbundle").read_bytes().startswith(b"a real bundle")
        assert built.usb == usb
        assert not (root / demo.DEMO_MARKER).exists()


def test_a_stick_mounted_at_a_workspace_name_refuses_the_removal(root: Path) -> None:
    folder = root / demo.ARCHIVE_FOLDER
    folder.mkdir(parents=True)
    with small_disk(folder, "1m"):
        _marker(root)
        (folder / "notes.txt").write_text("the coordinator's own, written just now")
        _refused(root, demo.ARCHIVE_FOLDER)


def test_a_demo_marker_that_is_a_pipe_is_refused_at_once(root: Path) -> None:
    root.mkdir()
    os.mkfifo(root / demo.DEMO_MARKER)
    with pytest.raises(OutputExistsError, match="cannot be told apart"):
        demo.build_demo(root, count=1, params=PARAMS)


def test_a_demo_cut_and_built_again_records_its_workspace_ids(root: Path) -> None:
    """What the demo made under a marker it wrote is removed: the ids it chose are theirs."""
    made = demo.build_demo(root, count=1, params=PARAMS)
    with Workspace.unlock(made.archive, demo.DEMO_PASSPHRASE) as ws:
        archive_id = ws.workspace_id
    # As if cut just before the end: the marker back, naming the ids it chose.
    ids = {demo.ARCHIVE_FOLDER: archive_id}
    for folder in made.interviewers:
        with Workspace.unlock(folder, demo.DEMO_PASSPHRASE) as ws:
            ids[folder.name] = ws.workspace_id
    _marker(root, root_existed=False, usb_made=True, workspaces=ids)
    _age(root / demo.DEMO_MARKER)  # written before all the demo made
    built = demo.build_demo(root, count=1, params=PARAMS)
    with Workspace.unlock(built.archive, demo.DEMO_PASSPHRASE) as ws:
        assert ws.workspace_id != archive_id  # removed, and made anew
