"""The wipe overwrites a key file, or a key file's temporary, even under a name with other hard
links (R2-8); a linked file that is no key file is only unlinked, as before (R1-2)."""

import os
from pathlib import Path

import pytest

from fieldapp.workspace.files import LINKED_PEEK_BYTES, TEMP_PREFIX, destroy_file
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.workspace import Workspace
from tests.fieldapp.workspace.support import create_workspace

PRECIOUS = b"the only copy of a signed witness statement\n" * 4


@pytest.fixture
def root(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    made = tmp_path / "workspace"
    create_workspace(made).workspace.lock()
    return made


def test_a_key_temporary_with_a_snapshot_link_is_overwritten(root: Path, tmp_path: Path) -> None:
    """A key file write cut by a crash left a whole wrap under a temporary name, and a
    snapshot (``cp -al``) linked it: the wipe destroys the bytes both names share."""
    keys = (root / "keys.json").read_bytes()
    leftover = root / f"{TEMP_PREFIX}0123456789abcdef-keys.json"
    leftover.write_bytes(keys)
    snapshot = tmp_path / "snapshot-tmp"
    os.link(leftover, snapshot)
    Workspace.wipe(root)
    assert not leftover.exists()
    assert len(snapshot.read_bytes()) == len(keys)
    assert not KeyFile.parses(snapshot.read_bytes())


def test_a_linked_statement_under_a_key_temporary_name_stays(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "statement.txt"
    outside.write_bytes(PRECIOUS)
    os.link(outside, root / f"{TEMP_PREFIX}0123456789abcdef-keys.json")
    Workspace.wipe(root)
    assert outside.read_bytes() == PRECIOUS


def test_a_linked_statement_under_the_key_file_name_stays(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "statement.txt"
    outside.write_bytes(PRECIOUS)
    (root / "keys.json").unlink()
    os.link(outside, root / "keys.json")
    Workspace.wipe(root)
    assert outside.read_bytes() == PRECIOUS


def test_a_linked_key_file_padded_beyond_its_cap_is_only_unlinked(
    root: Path, tmp_path: Path
) -> None:
    """What the check reads is capped: a file longer than any key file is no key file, and a
    large linked file is never read whole to decide."""
    padded = (root / "keys.json").read_bytes() + b" " * LINKED_PEEK_BYTES
    outside = tmp_path / "large.bin"
    outside.write_bytes(padded)
    linked = root / f"{TEMP_PREFIX}0123456789abcdef-keys.json"
    os.link(outside, linked)
    destroy_file(linked, overwrite_linked_if=KeyFile.parses)
    assert not linked.exists()
    assert outside.read_bytes() == padded


def test_without_the_check_a_linked_key_file_is_only_unlinked(root: Path, tmp_path: Path) -> None:
    """Other callers (blobs, the set-up's start-over) keep the one-link rule."""
    snapshot = tmp_path / "snapshot-keys.json"
    os.link(root / "keys.json", snapshot)
    keys = snapshot.read_bytes()
    destroy_file(root / "keys.json")
    assert snapshot.read_bytes() == keys
