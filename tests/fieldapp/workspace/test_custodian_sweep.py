"""The unlock's sweep of the custodian folder: it finishes or removes only what an import
staged (``.tmp-<hex>-<final name>``), and leaves everything else where it is.

A real workspace's database names the bundles whose identities are kept; the sweep runs on a
real folder. The review's cases (a link as the folder, a subfolder, links among the files) are
in ``tests/fieldapp/services/test_custodian_adversarial.py``; these are the rest.
"""

import os
import stat
from pathlib import Path
from uuid import uuid4

import pytest

from fieldapp.workspace import Workspace
from fieldapp.workspace.custodian_folder import staged_identities_path, sweep_custodian_folder
from fieldapp.workspace.import_state import record_bundle
from fieldapp.workspace.workspace import CUSTODIAN_FOLDER

from .support import PASSPHRASE

MANIFEST_NAMES = (".manifest.json", ".manifest.sig")


@pytest.fixture
def folder(ws: Workspace) -> Path:
    made = ws.layout.root / CUSTODIAN_FOLDER
    made.mkdir(mode=0o700)
    return made


def wanted_bundle(ws: Workspace, sequence: int = 1) -> str:
    """A bundle the database says was imported with identities kept; its id."""
    bundle_id = uuid4()
    record_bundle(
        ws.connection,
        device="SHA256:" + "d" * 43,
        sequence=sequence,
        bundle_id=bundle_id,
        digest=f"{sequence:064x}",
        created_at="2026-11-27T00:00:00+00:00",
        identities_blob=f"{bundle_id}.age",
        custody_head=None,
    )
    return str(bundle_id)


def staged(folder: Path, final_name: str, content: bytes) -> Path:
    path = staged_identities_path(folder, final_name)
    path.write_bytes(content)
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_kept_files_the_database_does_not_name_are_kept(ws: Workspace, folder: Path) -> None:
    """A database restored from an older backup does not name the bundles imported since: their
    kept identities (and manifests) are the only copy, and stay, made owner-only."""
    known = wanted_bundle(ws)
    unknown = str(uuid4())
    kept = [f"{b}{suffix}" for b in (known, unknown) for suffix in (".age", *MANIFEST_NAMES)]
    for name in kept:
        (folder / name).write_bytes(b"sealed " + name.encode())
        (folder / name).chmod(0o644)
    (folder / "README.txt").write_text("someone's note")
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == sorted([*kept, "README.txt"])
    for name in kept:
        assert (folder / name).read_bytes() == b"sealed " + name.encode()
        assert mode(folder / name) == 0o600


def test_staged_files_of_a_committed_bundle_are_finished(ws: Workspace, folder: Path) -> None:
    """A crash after the import's commit, before its renames: the identities file and the
    manifest's two files beside it are all put in place."""
    bundle = wanted_bundle(ws)
    finals = [f"{bundle}{suffix}" for suffix in (".age", *MANIFEST_NAMES)]
    for final in finals:
        staged(folder, final, final.encode()).chmod(0o644)
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == sorted(finals)
    for final in finals:
        assert (folder / final).read_bytes() == final.encode()
        assert mode(folder / final) == 0o600


def test_staged_files_of_a_bundle_not_committed_are_removed(ws: Workspace, folder: Path) -> None:
    """A crash before the commit: the database does not name the bundle, so nothing staged for
    it is finished; what was staged for a committed one is."""
    committed = wanted_bundle(ws)
    lost = str(uuid4())
    for bundle in (committed, lost):
        for suffix in (".age", *MANIFEST_NAMES):
            staged(folder, f"{bundle}{suffix}", b"x")
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == sorted(f"{committed}{s}" for s in (".age", *MANIFEST_NAMES))


def test_a_staged_file_never_replaces_a_kept_one(ws: Workspace, folder: Path) -> None:
    bundle = wanted_bundle(ws)
    (folder / f"{bundle}.age").write_bytes(b"the kept one")
    staged(folder, f"{bundle}.age", b"a leftover")
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == [f"{bundle}.age"]
    assert (folder / f"{bundle}.age").read_bytes() == b"the kept one"


def test_a_staged_file_is_not_finished_over_a_link_or_a_folder(
    ws: Workspace, folder: Path, tmp_path: Path
) -> None:
    bundle = wanted_bundle(ws)
    outside = tmp_path / "outside"
    outside.write_bytes(b"not the archive's")
    (folder / f"{bundle}.age").symlink_to(outside)
    (folder / f"{bundle}.manifest.json").mkdir()
    staged(folder, f"{bundle}.age", b"a leftover")
    staged(folder, f"{bundle}.manifest.json", b"a leftover")
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == [f"{bundle}.age", f"{bundle}.manifest.json"]
    assert outside.read_bytes() == b"not the archive's"
    assert (folder / f"{bundle}.manifest.json").is_dir()


def test_names_the_import_never_stages_are_not_finished(ws: Workspace, folder: Path) -> None:
    """Only a final name whose bundle id part is a wanted bundle is finished: a staged name
    that merely contains the id, or names nothing, is removed."""
    bundle = wanted_bundle(ws)
    for final in (f"x{bundle}.age", f"{bundle}x.age", "", f".tmp-{bundle}.age"):
        staged(folder, final, b"x")
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == []


def test_odd_entries_are_left_and_do_not_stop_the_sweep(ws: Workspace, folder: Path) -> None:
    """Folders (temp-named or not) and a named pipe: left alone, never opened (a pipe would
    block an open), and the rest is still swept."""
    bundle = wanted_bundle(ws)
    (folder / "sub").mkdir()
    (folder / ".tmp-0123456789abcdef-sub").mkdir()
    os.mkfifo(folder / f"{bundle}.manifest.sig")
    os.mkfifo(folder / ".tmp-fedcba9876543210-pipe")
    staged(folder, f"{bundle}.age", b"identities")
    sweep_custodian_folder(ws.connection, folder)
    assert names(folder) == sorted(
        [
            ".tmp-0123456789abcdef-sub",
            ".tmp-fedcba9876543210-pipe",
            f"{bundle}.age",
            f"{bundle}.manifest.sig",
            "sub",
        ]
    )
    assert stat.S_ISFIFO((folder / f"{bundle}.manifest.sig").lstat().st_mode)


def test_a_custodian_folder_that_is_a_file_or_missing_is_left(ws: Workspace) -> None:
    path = ws.layout.root / CUSTODIAN_FOLDER
    sweep_custodian_folder(ws.connection, path)
    assert not path.exists()
    path.write_bytes(b"not a folder")
    path.chmod(0o644)
    sweep_custodian_folder(ws.connection, path)
    assert path.read_bytes() == b"not a folder"
    assert mode(path) == 0o644


def test_a_linked_folder_is_not_swept_even_of_staged_names(ws: Workspace, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    bundle = wanted_bundle(ws)
    staged(elsewhere, f"{bundle}.age", b"x")
    staged(elsewhere, f"{uuid4()}.age", b"y")
    before = names(elsewhere)
    (ws.layout.root / CUSTODIAN_FOLDER).symlink_to(elsewhere)
    sweep_custodian_folder(ws.connection, ws.layout.root / CUSTODIAN_FOLDER)
    assert names(elsewhere) == before
    assert mode(elsewhere) == 0o755


def test_the_unlock_sweeps_the_folder(ws: Workspace, folder: Path) -> None:
    """Wired into the unlock: a committed bundle's staged file is finished there."""
    bundle = wanted_bundle(ws)
    staged(folder, f"{bundle}.age", b"identities")
    unknown = folder / f"{uuid4()}.age"
    unknown.write_bytes(b"restored")
    root = ws.layout.root
    ws.lock()
    with Workspace.unlock(root, PASSPHRASE) as again:
        assert again.layout.root == root
    assert names(folder) == sorted([f"{bundle}.age", unknown.name])
    assert unknown.read_bytes() == b"restored"
