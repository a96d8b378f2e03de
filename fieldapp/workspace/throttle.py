"""A growing delay after wrong passphrases, kept on disk so that a restart does not reset it.

This slows a person trying passphrases at the unlock screen. It cannot stop someone who copies
the workspace away (they can delete this file); against them stand Argon2id's cost and the
passphrase's strength. The file holds two numbers and nothing about the workspace's content.
"""

import json
import math
import time
from collections.abc import Callable
from pathlib import Path

from fieldapp.errors import FULL_DISK_ERRNOS, StorageFullError, UnlockThrottledError
from fieldapp.workspace.files import write_atomically

FREE_ATTEMPTS = 3
FIRST_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 300
_MAX_FILE_BYTES = 256
# 2 s doubled 8 times passes the 300 s cap; bounding the shift keeps a huge count harmless.
_MAX_DOUBLINGS = 8

Clock = Callable[[], float]


class UnlockThrottle:
    def __init__(self, path: Path, clock: Clock = time.time) -> None:
        self._path = path
        self._clock = clock

    def _read(self) -> tuple[int, float]:
        try:
            with self._path.open("rb") as handle:
                document = json.loads(handle.read(_MAX_FILE_BYTES))
            failures, last = int(document["failures"]), float(document["last_failure_at"])
            if not math.isfinite(last) or failures < 0:
                raise ValueError
        except FileNotFoundError:
            return 0, 0.0
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            return self._repair()
        return failures, last

    def _repair(self) -> tuple[int, float]:
        # A damaged counter must neither lock the owner out for ever nor reset to zero: it is
        # rewritten once as the last free attempt, just spent, so one delay then runs out.
        failures, now = FREE_ATTEMPTS, self._clock()
        self._write(failures, now)
        return failures, now

    def _write(self, failures: int, last: float) -> None:
        document = {"failures": failures, "last_failure_at": last}
        write_atomically(self._path, json.dumps(document).encode("ascii"))

    @staticmethod
    def delay_after(failures: int) -> float:
        if failures < FREE_ATTEMPTS:
            return 0.0
        doublings = min(failures - FREE_ATTEMPTS, _MAX_DOUBLINGS)
        return float(min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS << doublings))

    def seconds_to_wait(self) -> float:
        failures, last = self._read()
        delay = self.delay_after(failures)
        # Capped by the delay itself: a failure time in the future (a clock set back, or an
        # edited file) must not lock the owner out until then.
        return min(delay, max(0.0, last + delay - self._clock()))

    def check(self) -> None:
        """Raise UnlockThrottledError while the delay after the last failure runs."""
        wait = self.seconds_to_wait()
        if wait > 0:
            raise UnlockThrottledError(seconds=wait)

    def record_failure(self) -> None:
        failures, _ = self._read()
        self._write(failures + 1, self._clock())

    def record_attempt(self) -> None:
        """Count an attempt as failed before it is tried (``record_success`` clears the count).
        Counted after, a guess whose failure could not be written — on a full disk — would be
        answered and never counted: the delay would never start. So such a guess is not tried."""
        try:
            self.record_failure()
        except OSError as error:
            if error.errno in FULL_DISK_ERRNOS:
                raise StorageFullError() from None
            raise

    def record_success(self) -> None:
        self._path.unlink(missing_ok=True)
