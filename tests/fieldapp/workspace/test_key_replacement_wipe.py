"""A key file write racing an emergency wipe: the wipe wins in every order.

A passphrase change or a new recovery code reads ``keys.json``, wraps the master key, then
replaces the file. The wipe is run at each point of that write (real files, the real wipe;
the write held with a ``Gate`` where the order needs two threads): nothing the write made may
be left, and no wrap of the master key survives the wipe.
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.errors import WipeInterruptedError, WorkspaceNotFoundError
from fieldapp.workspace import Workspace, files, key_replacement, wipe
from fieldapp.workspace.keyfile import KeyFile
from tests.fieldapp.services.crash_support import killed, leftovers, opens
from tests.ui.lock_support import Gate

from .support import PARAMS, PASSPHRASE, CreatedWorkspace

NEW_CODE = keywrap.generate_recovery_code()
NEW_PASSPHRASE = "a new passphrase for the race"
JOIN_SECONDS = 20.0

Change = Callable[[Workspace], None]


def _new_code(ws: Workspace) -> None:
    ws.set_recovery_code(NEW_CODE)


def _new_passphrase(ws: Workspace) -> None:
    ws.change_passphrase(NEW_PASSPHRASE, params=PARAMS)


CHANGES = [
    pytest.param(_new_code, id="recovery-code"),
    pytest.param(_new_passphrase, id="passphrase"),
]


def _assert_no_keys(root: Path) -> None:
    assert not (root / "keys.json").exists()
    assert leftovers(root) == []
    assert not any(KeyFile.parses(p.read_bytes()) for p in root.rglob("*") if p.is_file())


@pytest.fixture(params=["exchange", "look-then-replace"])
def swap(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of putting the new file in place: the one-step exchange, and the look before
    a rename where the exchange is not there (the C library, the kernel or the file system)."""
    if request.param == "look-then-replace":
        monkeypatch.setattr(files, "_renameat2", None)
    return str(request.param)


@pytest.mark.parametrize("change", CHANGES)
def test_a_wipe_after_the_write_read_the_keys_is_not_undone(
    created: CreatedWorkspace, change: Change, swap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole wipe runs once the write has read keys.json and checked for a wipe's marker,
    # as the new content is made: the write must then create nothing.
    original = KeyFile.to_bytes

    def wipe_then_encode(key_file: KeyFile) -> bytes:
        Workspace.wipe(created.root)
        return original(key_file)

    monkeypatch.setattr(KeyFile, "to_bytes", wipe_then_encode)
    with pytest.raises(WorkspaceNotFoundError):
        change(created.workspace)
    _assert_no_keys(created.root)


def _hold_at_encoding(monkeypatch: pytest.MonkeyPatch, gate: Gate) -> None:
    """Hold the write once it has read keys.json and checked for a wipe's marker."""
    original = KeyFile.to_bytes

    def held(key_file: KeyFile) -> bytes:
        gate.hold()
        return original(key_file)

    monkeypatch.setattr(KeyFile, "to_bytes", held)


def _run(target: Callable[..., None], *args: object) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def _join(thread: threading.Thread) -> None:
    thread.join(JOIN_SECONDS)
    assert not thread.is_alive()


@pytest.mark.parametrize("change", CHANGES)
def test_a_write_arriving_while_the_wipe_runs_is_refused_and_named(
    created: CreatedWorkspace, change: Change, swap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The write has read keys.json; the wipe then destroys it and is held before the rest:
    # the write is refused, named as the wipe, and the wipe finishes.
    at_write, at_rest = Gate(), Gate()
    _hold_at_encoding(monkeypatch, at_write)
    original = wipe._remove_the_rest
    monkeypatch.setattr(wipe, "_remove_the_rest", lambda *args: (at_rest.hold(), original(*args)))
    refused: list[BaseException] = []

    def write() -> None:
        with pytest.raises(WipeInterruptedError) as raised:
            change(created.workspace)
        refused.append(raised.value)

    writer = _run(write)
    assert at_write.reached.wait(JOIN_SECONDS)
    wiper = _run(Workspace.wipe, created.root)
    assert at_rest.reached.wait(JOIN_SECONDS)
    at_write.open()
    _join(writer)
    assert len(refused) == 1
    at_rest.open()
    _join(wiper)
    _assert_no_keys(created.root)


@pytest.mark.parametrize("change", CHANGES)
def test_a_swap_just_before_keys_json_goes_leaves_no_old_wrap(
    created: CreatedWorkspace, change: Change, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The write, past its check before the wipe began, swaps its file in between the wipe's
    # first look at temporaries and the end of keys.json, then is held before it destroys the
    # old key file it swapped out (a cut there would leave it): the wipe must not leave that
    # old wrap behind.
    at_write, after_swap = Gate(), Gate()
    _hold_at_encoding(monkeypatch, at_write)
    real_destroy = key_replacement.destroy_file
    monkeypatch.setattr(
        key_replacement, "destroy_file", lambda path: (after_swap.hold(), real_destroy(path))
    )
    wipe_destroy = wipe.destroy_file

    def swap_first(path: Path, **kwargs: object) -> None:
        if path.name == "keys.json" and not at_write.opened:
            at_write.open()
            assert after_swap.reached.wait(JOIN_SECONDS)
        wipe_destroy(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(wipe, "destroy_file", swap_first)
    writer = _run(change, created.workspace)
    assert at_write.reached.wait(JOIN_SECONDS)
    Workspace.wipe(created.root)
    assert not after_swap.opened
    _assert_no_keys(created.root)  # while the write is still held
    after_swap.open()
    _join(writer)
    _assert_no_keys(created.root)


def test_a_replacement_with_no_file_to_replace_writes_nothing(
    created: CreatedWorkspace, swap: str
) -> None:
    key_file = KeyFile.read(created.workspace.layout.key_file)
    target = created.root / "elsewhere.json"
    with pytest.raises(WorkspaceNotFoundError):
        key_file.replace(target)
    assert not target.exists()
    assert leftovers(created.root) == []


@pytest.mark.parametrize("change", CHANGES)
def test_with_no_wipe_the_change_is_made_and_nothing_is_left(
    created: CreatedWorkspace, change: Change, swap: str
) -> None:
    before = created.workspace.layout.key_file.read_bytes()
    change(created.workspace)
    assert created.workspace.layout.key_file.read_bytes() != before
    assert leftovers(created.root) == []
    Workspace.unlock(created.root, PASSPHRASE if change is _new_code else NEW_PASSPHRASE).lock()


_KILLED_AFTER_THE_SWAP = r"""
from fieldapp.workspace import Workspace, key_replacement

die_first(key_replacement, "destroy_file")  # swapped: the old key file under a temporary name
Workspace.unlock(Path(args[0]), args[1]).change_passphrase(args[2], params=PARAMS)
"""


def _cut_after_the_swap(tmp_path: Path, created: CreatedWorkspace) -> Path:
    """A passphrase change killed between its swap and its clean-up: the one leftover, the old
    key file (a wrap under the old passphrase)."""
    created.workspace.lock()
    killed(tmp_path, _KILLED_AFTER_THE_SWAP, created.root, PASSPHRASE, NEW_PASSPHRASE)
    [name] = leftovers(created.root)
    return created.root / name


def test_a_cut_after_the_swap_leaves_the_old_wrap_only_until_a_wipe_or_an_unlock(
    tmp_path: Path, created: CreatedWorkspace
) -> None:
    root = created.root
    _cut_after_the_swap(tmp_path, created)
    assert opens(root, passphrase=NEW_PASSPHRASE)
    assert leftovers(root) == []  # the unlock swept it
    Workspace.wipe(root)
    _assert_no_keys(root)


def test_the_unlock_destroys_the_old_wrap_a_cut_left_not_only_unlinks_it(
    tmp_path: Path, created: CreatedWorkspace
) -> None:
    # The old passphrase may be why it was changed (seen, leaked): its wrap must not stay in
    # the disk's free blocks either. A descriptor kept open sees the file's bytes after the
    # unlink: destroyed, they are no longer the wrap.
    root = created.root
    leftover = _cut_after_the_swap(tmp_path, created)
    old = leftover.read_bytes()
    assert KeyFile.parses(old)
    fd = os.open(leftover, os.O_RDONLY)
    try:
        assert opens(root, passphrase=NEW_PASSPHRASE)
        assert leftovers(root) == []
        assert os.pread(fd, len(old), 0) != old
    finally:
        os.close(fd)
