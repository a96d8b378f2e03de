"""The signatures of a bundle's custody events, checked on another thread as they are read.

A bundle carries one signed event per act on a record (seal, export, amend, withdraw…), several
a testimony: thousands in a large bundle. Each check is an SSHSIG verification whose Ed25519
part runs without Python's lock, so a thread of its own checks them on the second core while
the import's thread reads, parses and checks the records; the chain check then asks for each
event's result in order (``valid``), so the first refusal is the one checking in order gives.

Nothing is trusted early: an event is used only after ``valid`` says its signature holds, and
the import commits nothing before every event was asked for.
"""

from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from crypto import sshkeys, sshsig
from crypto.errors import CryptoError
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace.custody import CUSTODY_NAMESPACE

#: Events checked per task: enough that handing work to the thread costs little beside it.
BATCH = 64
#: Batches handed to the thread and not yet checked, at most: past this ``add`` checks the batch
#: itself, so a bundle of millions of events never holds more than these in memory at once.
IN_FLIGHT = 8


class EventSignatures:
    """Checks events' signatures by one device key in the background, in the order given.

    Holds an event only until its batch is checked; what stays is a byte a result."""

    def __init__(self, device_key: sshkeys.PublicKey | None) -> None:
        # None: the manifest's key line did not parse, so no event can be the device's.
        self._key = [device_key] if device_key is not None else []
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-signatures")
        self._in_flight: deque[Future[bytes]] = deque()
        self._pending: list[SignedEvent] = []
        self._results = bytearray()
        self._added = 0
        self._closed = False

    def add(self, signed: SignedEvent) -> None:
        """Queue one event's check (the events are numbered from 0 in the order added)."""
        if self._closed:
            raise RuntimeError("the checker is closed")
        self._pending.append(signed)
        self._added += 1
        if len(self._pending) < BATCH:
            return
        while self._in_flight and self._in_flight[0].done():
            self._collect()
        if sum(not batch.done() for batch in self._in_flight) < IN_FLIGHT:
            self._submit()
            return
        # The thread is behind (a bundle's events come last, after the records that kept this
        # thread busy): check this batch here rather than wait, on both cores.
        batch, self._pending = self._pending, []
        checked: Future[bytes] = Future()
        checked.set_result(_check_all(batch, self._key))
        self._in_flight.append(checked)

    def valid(self, index: int) -> bool:
        """Whether event ``index`` is signed by the device key, waiting for its check."""
        if self._pending:
            self._submit()
        while len(self._results) <= index:
            self._collect()
        return bool(self._results[index])

    def __len__(self) -> int:
        """How many events were added."""
        return self._added

    def close(self) -> None:
        """Stop the thread; checks not yet started are dropped."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "EventSignatures":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _submit(self) -> None:
        batch, self._pending = self._pending, []
        self._in_flight.append(self._pool.submit(_check_all, batch, self._key))

    def _collect(self) -> None:
        self._results += self._in_flight.popleft().result()


def _check_all(events: Sequence[SignedEvent], key: list[sshkeys.PublicKey]) -> bytes:
    return bytes(_signed_by(event, key) for event in events)


def _signed_by(signed: SignedEvent, key: list[sshkeys.PublicKey]) -> bool:
    if not key:
        return False
    try:
        sshsig.verify(signed.body, signed.signature, CUSTODY_NAMESPACE, key)
    except CryptoError:
        return False
    return True
