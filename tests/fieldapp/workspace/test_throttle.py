"""The unlock throttle: a growing delay after wrong passphrases that survives a restart.

Time is the throttle's injectable clock, never a sleep. Where ``Workspace.unlock`` is driven (it
uses the real clock), the counter file is prepared with delays long enough, or long enough past,
that the real clock cannot change the outcome.
"""

import itertools
import json
import time
from pathlib import Path

import pytest

from fieldapp.errors import UnlockThrottledError, WrongPassphraseError
from fieldapp.workspace import Workspace
from fieldapp.workspace.throttle import (
    FIRST_DELAY_SECONDS,
    FREE_ATTEMPTS,
    MAX_DELAY_SECONDS,
    UnlockThrottle,
)

from .support import PASSPHRASE, WRONG_PASSPHRASE, CreatedWorkspace


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def counter(tmp_path: Path) -> Path:
    return tmp_path / "unlock-attempts.json"


def test_free_attempts_then_growing_delays_up_to_the_cap(counter: Path) -> None:
    clock = FakeClock()
    throttle = UnlockThrottle(counter, clock=clock)
    waits = []
    for _ in range(FREE_ATTEMPTS + 12):
        throttle.check()  # the previous delay has run out: no error
        throttle.record_failure()
        waits.append(throttle.seconds_to_wait())
        clock.advance(throttle.seconds_to_wait())
    assert waits[: FREE_ATTEMPTS - 1] == [0.0] * (FREE_ATTEMPTS - 1)
    grown = waits[FREE_ATTEMPTS - 1 :]
    assert grown[:4] == [FIRST_DELAY_SECONDS * m for m in (1, 2, 4, 8)]
    assert all(b >= a for a, b in itertools.pairwise(grown))
    assert grown[-1] == MAX_DELAY_SECONDS


def test_check_refuses_while_the_delay_runs_and_not_after(counter: Path) -> None:
    clock = FakeClock()
    throttle = UnlockThrottle(counter, clock=clock)
    for _ in range(FREE_ATTEMPTS):
        throttle.record_failure()
    with pytest.raises(UnlockThrottledError) as raised:
        throttle.check()
    assert raised.value.seconds == FIRST_DELAY_SECONDS
    assert f"{FIRST_DELAY_SECONDS} seconds" in str(raised.value)
    clock.advance(FIRST_DELAY_SECONDS - 0.5)
    with pytest.raises(UnlockThrottledError) as raised:
        throttle.check()
    assert raised.value.seconds == pytest.approx(0.5)
    clock.advance(0.5)
    throttle.check()


def test_the_delay_survives_a_restart(counter: Path) -> None:
    clock = FakeClock()
    first = UnlockThrottle(counter, clock=clock)
    for _ in range(FREE_ATTEMPTS + 2):
        first.record_failure()
    expected = FIRST_DELAY_SECONDS * 4
    # A new process: a new throttle over the same file, and some time passed.
    clock.advance(1)
    second = UnlockThrottle(counter, clock=clock)
    assert second.seconds_to_wait() == expected - 1
    second.record_failure()
    assert UnlockThrottle(counter, clock=clock).seconds_to_wait() == expected * 2


def test_success_resets_the_count(counter: Path) -> None:
    clock = FakeClock()
    throttle = UnlockThrottle(counter, clock=clock)
    for _ in range(FREE_ATTEMPTS + 3):
        throttle.record_failure()
    throttle.record_success()
    assert not counter.exists()
    for _ in range(FREE_ATTEMPTS - 1):
        throttle.record_failure()
    assert throttle.seconds_to_wait() == 0.0


def test_the_counter_file_holds_only_two_numbers(counter: Path) -> None:
    throttle = UnlockThrottle(counter, clock=FakeClock(12345.0))
    throttle.record_failure()
    assert json.loads(counter.read_bytes()) == {"failures": 1, "last_failure_at": 12345.0}
    assert counter.stat().st_mode & 0o777 == 0o600


DAMAGED = [
    pytest.param(b"", id="empty"),
    pytest.param(b"\xff\xfe garbage \x00", id="garbage"),
    pytest.param(b'{"failures": 7, "last_fail', id="truncated"),
    pytest.param(b"[1, 2]", id="a-list"),
    pytest.param(b'{"failures": "many", "last_failure_at": 1.0}', id="wrong-type"),
    pytest.param(b'{"last_failure_at": 1.0}', id="no-count"),
]


@pytest.mark.parametrize("content", DAMAGED)
def test_a_damaged_counter_does_not_reset_to_zero(counter: Path, content: bytes) -> None:
    counter.write_bytes(content)
    throttle = UnlockThrottle(counter, clock=FakeClock())
    assert throttle.seconds_to_wait() > 0
    with pytest.raises(UnlockThrottledError):
        throttle.check()


@pytest.mark.parametrize("content", DAMAGED)
def test_a_damaged_counter_does_not_lock_out_for_ever(counter: Path, content: bytes) -> None:
    clock = FakeClock()
    counter.write_bytes(content)
    throttle = UnlockThrottle(counter, clock=clock)
    assert throttle.seconds_to_wait() > 0
    clock.advance(MAX_DELAY_SECONDS + 1)
    assert throttle.seconds_to_wait() == 0.0
    throttle.check()


def test_a_huge_failure_count_is_capped_not_a_crash(counter: Path) -> None:
    clock = FakeClock()
    counter.write_text(json.dumps({"failures": 10**18, "last_failure_at": clock.now}))
    throttle = UnlockThrottle(counter, clock=clock)
    assert throttle.seconds_to_wait() == MAX_DELAY_SECONDS


@pytest.mark.parametrize("last", ["1e300", "Infinity"])
def test_a_failure_time_in_the_future_waits_at_most_the_longest_delay(
    counter: Path, last: str
) -> None:
    clock = FakeClock()
    counter.write_text(f'{{"failures": {FREE_ATTEMPTS + 1}, "last_failure_at": {last}}}')
    throttle = UnlockThrottle(counter, clock=clock)
    assert 0 < throttle.seconds_to_wait() <= MAX_DELAY_SECONDS


# -- through Workspace.unlock ------------------------------------------------------------------
def test_unlock_counts_wrong_passphrases_and_then_waits(created: CreatedWorkspace) -> None:
    created.workspace.lock()
    counter = created.workspace.layout.unlock_counter
    for attempt in range(1, FREE_ATTEMPTS + 1):
        with pytest.raises(WrongPassphraseError):
            Workspace.unlock(created.root, WRONG_PASSPHRASE)
        assert json.loads(counter.read_bytes())["failures"] == attempt
    # The delay now runs (two seconds of real time): even the right passphrase is not tried,
    # and a wrong one is not counted, because nothing is tried at all.
    before = counter.read_bytes()
    with pytest.raises(UnlockThrottledError) as raised:
        Workspace.unlock(created.root, PASSPHRASE)
    assert 0 < raised.value.seconds <= FIRST_DELAY_SECONDS
    with pytest.raises(UnlockThrottledError):
        Workspace.unlock(created.root, WRONG_PASSPHRASE)
    with pytest.raises(UnlockThrottledError):
        Workspace.unlock_with_recovery_code(created.root, created.recovery_code)
    assert counter.read_bytes() == before


def test_unlock_while_a_long_delay_runs_tries_nothing(created: CreatedWorkspace) -> None:
    created.workspace.lock()
    counter = created.workspace.layout.unlock_counter
    throttle = UnlockThrottle(counter)  # the real clock, as Workspace.unlock uses
    for _ in range(FREE_ATTEMPTS + 6):
        throttle.record_failure()
    before = counter.read_bytes()
    for passphrase in (PASSPHRASE, WRONG_PASSPHRASE):
        with pytest.raises(UnlockThrottledError) as raised:
            Workspace.unlock(created.root, passphrase)
        assert raised.value.seconds > 60
    assert counter.read_bytes() == before


def test_unlock_after_the_delay_succeeds_and_resets(created: CreatedWorkspace) -> None:
    created.workspace.lock()
    counter = created.workspace.layout.unlock_counter
    long_ago = UnlockThrottle(counter, clock=lambda: time.time() - 10 * MAX_DELAY_SECONDS)
    for _ in range(FREE_ATTEMPTS + 4):
        long_ago.record_failure()
    with Workspace.unlock(created.root, PASSPHRASE):
        assert not counter.exists()
    # The free attempts are back.
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassphraseError):
            Workspace.unlock(created.root, WRONG_PASSPHRASE)
