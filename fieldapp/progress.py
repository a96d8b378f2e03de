"""Progress and cancellation for long work, as plain callables and a flag: no GUI here.

The core reports between chunks or records and checks the token at the same points; the UI
runs the work on a worker thread, turns progress into signals and sets the token from its
Cancel button. A cancelled operation raises ``Cancelled`` and leaves nothing half-written.
"""

import threading
from collections.abc import Callable, Sequence
from itertools import accumulate

from fieldapp.errors import Cancelled

#: ``progress(done, total)``; ``total`` is 0 when it is not known in advance.
ProgressCallback = Callable[[int, int], None]


class CancelToken:
    """A flag one thread sets and another checks between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def split_progress(weights: Sequence[int], progress: ProgressCallback) -> list[ProgressCallback]:
    """One callback per part of a run, mapping that part's own ``(done, total)`` onto the whole:
    the parts before it (by weight, e.g. file size) plus its share of its own weight. A point
    of the whole already reported (one part's end is the next one's start) is not repeated."""
    before = [0, *accumulate(weights)]
    whole = before[-1]
    last: list[int] = []

    def for_part(index: int) -> ProgressCallback:
        def report(done: int, total: int) -> None:
            part = weights[index] * min(done, total) // total if total > 0 else 0
            point = before[index] + part
            if last != [point]:
                last[:] = [point]
                progress(point, whole)

        return report

    return [for_part(index) for index in range(len(weights))]
