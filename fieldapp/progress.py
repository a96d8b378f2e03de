"""Progress and cancellation for long work, as plain callables and a flag: no GUI here.

The core reports between chunks or records and checks the token at the same points; the UI
runs the work on a worker thread, turns progress into signals and sets the token from its
Cancel button. A cancelled operation raises ``Cancelled`` and leaves nothing half-written.
"""

import threading
from collections.abc import Callable

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
