"""A growing delay after wrong passphrases, kept on disk so that a restart does not reset it.

This slows a person trying passphrases at the unlock screen. It cannot stop someone who copies
the workspace away (they can delete this file); against them stand Argon2id's cost and the
passphrase's strength. The file holds two numbers and nothing about the workspace's content.
"""

import json
import time
from collections.abc import Callable
from pathlib import Path

from fieldapp.errors import UnlockThrottledError
from fieldapp.workspace.files import write_atomically

FREE_ATTEMPTS = 3
FIRST_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 300
_MAX_FILE_BYTES = 256

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
        except FileNotFoundError:
            return 0, 0.0
        except (ValueError, KeyError, TypeError):
            # A damaged counter must not lock the owner out for ever, nor reset to zero:
            # treat it as the last free attempt just spent.
            return FREE_ATTEMPTS, self._clock()
        return max(0, failures), last

    @staticmethod
    def delay_after(failures: int) -> float:
        if failures < FREE_ATTEMPTS:
            return 0.0
        return float(min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS << (failures - FREE_ATTEMPTS)))

    def seconds_to_wait(self) -> float:
        failures, last = self._read()
        return max(0.0, last + self.delay_after(failures) - self._clock())

    def check(self) -> None:
        """Raise UnlockThrottledError while the delay after the last failure runs."""
        wait = self.seconds_to_wait()
        if wait > 0:
            raise UnlockThrottledError(seconds=wait)

    def record_failure(self) -> None:
        failures, _ = self._read()
        document = {"failures": failures + 1, "last_failure_at": self._clock()}
        write_atomically(self._path, json.dumps(document).encode("ascii"))

    def record_success(self) -> None:
        self._path.unlink(missing_ok=True)
