"""An auditor's check opens each file once and checks what it opened (session 13, H10).

A stick's path may be a regular file when it is looked at and a named pipe when it is opened (a
hostile FUSE mount can answer so): every check must read the handle it looked at, never open the
path again. Real files and real pipes; each test waited on a pipe in open() before the change."""

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from fieldapp.errors import BundleRejectedError, PackRejectedError
from fieldapp.services import verification
from fieldapp.sync import pack_verify
from fieldapp.sync.bundle_verify import (
    NOT_A_REGULAR_FILE,
    BundleCheck,
    check_bundle,
    manifest_digest_of,
)
from fieldapp.sync.verify_rosters import AllowedSignersRoster

#: A check that does not wait on a pipe ends in well under this, even on a loaded machine.
NO_WAIT_SECONDS = 20.0
T = TypeVar("T")


@pytest.fixture
def pipes() -> Iterator[list[Path]]:
    """Named pipes a test makes; at its end any reader still waiting in open() is let go."""
    made: list[Path] = []
    yield made
    _release(made)


def _release(pipes: list[Path]) -> None:
    for pipe in pipes:
        try:
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # ENXIO: no one is waiting to read it
            continue


def _without_waiting(pipes: list[Path], work: Callable[[], T]) -> T:
    """What ``work`` returns or raises, run on a thread: a failure if it waits on a pipe."""
    outcome: list[T] = []
    raised: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed back to the test's thread
            raised.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(NO_WAIT_SECONDS)
    if thread.is_alive():
        while thread.is_alive():
            _release(pipes)
            thread.join(0.05)
        pytest.fail("the check waited in open() on a named pipe")
    if raised:
        raise raised[0]
    return outcome[0]


def _empty_roster(folder: Path) -> verification.LoadedRoster:
    roster = folder / "allowed_signers"
    roster.write_text("")
    return verification.load_roster(roster)


def test_a_pipe_given_to_the_verdict_is_refused_unread(tmp_path: Path, pipes: list[Path]) -> None:
    pipe = tmp_path / "stuck.fieldpack"
    os.mkfifo(pipe, 0o600)
    pipes.append(pipe)

    check = _without_waiting(
        pipes, lambda: pack_verify.verdict(pipe, AllowedSignersRoster([]), ["ssh-ed25519 AAAA"])
    )

    assert check == BundleCheck(str(pipe), False, NOT_A_REGULAR_FILE)


def test_a_pipe_given_to_check_bundle_is_refused_unread(tmp_path: Path, pipes: list[Path]) -> None:
    pipe = tmp_path / "stuck.fieldbundle"
    os.mkfifo(pipe, 0o600)
    pipes.append(pipe)

    with pytest.raises(BundleRejectedError) as refused:
        _without_waiting(pipes, lambda: check_bundle(pipe, AllowedSignersRoster([])))

    assert refused.value.reason == NOT_A_REGULAR_FILE


def test_a_pipe_that_looks_like_a_file_is_refused(
    tmp_path: Path, pipes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path that is a regular file to any look by name (``Path.stat``) and a pipe once opened,
    as a FUSE stick may answer: the check refuses the pipe it opened."""
    target = tmp_path / "swapped.fieldbundle"
    os.mkfifo(target, 0o600)
    pipes.append(target)
    decoy = tmp_path / "decoy"
    decoy.write_bytes(b"PK\x05\x06" + bytes(18))
    real_stat = Path.stat

    def regular_to_a_look(path: Path, *args: object, **kwargs: object) -> os.stat_result:
        return real_stat(decoy if path == target else path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", regular_to_a_look)
    roster = _empty_roster(tmp_path)

    report = _without_waiting(pipes, lambda: verification.verify_files([target], roster))

    (check,) = report.files
    assert not check.ok
    assert check.reason == NOT_A_REGULAR_FILE


def test_a_file_that_cannot_be_opened_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "gone.fieldbundle"

    check = pack_verify.verdict(missing, AllowedSignersRoster([]), [])

    assert not check.ok
    assert check.reason is not None
    assert check.reason.startswith("it cannot be read (")


def test_a_pipe_where_a_bundle_was_written_has_no_digest(tmp_path: Path, pipes: list[Path]) -> None:
    pipe = tmp_path / "written.fieldbundle"
    os.mkfifo(pipe, 0o600)
    pipes.append(pipe)

    assert _without_waiting(pipes, lambda: manifest_digest_of(pipe)) is None


def test_a_pipe_given_to_check_pack_is_refused_unread(tmp_path: Path, pipes: list[Path]) -> None:
    pipe = tmp_path / "stuck.fieldpack"
    os.mkfifo(pipe, 0o600)
    pipes.append(pipe)

    with pytest.raises(PackRejectedError) as refused:
        _without_waiting(pipes, lambda: pack_verify.check_pack(pipe, ["ssh-ed25519 AAAA"]))

    assert refused.value.reason == NOT_A_REGULAR_FILE
