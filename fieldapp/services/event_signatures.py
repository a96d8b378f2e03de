"""The signatures of a bundle's custody events, checked a batch at a time on both cores.

A bundle carries one signed event per act on a record (seal, export, amend, withdraw…), several
a testimony: thousands in a large bundle, after all its records. Each check is an SSHSIG
verification whose Ed25519 part (three quarters of it) runs without Python's lock, so a batch
is split in two: one half checked on a thread of its own, the other on the import's thread, at
the same time. The import then checks and stores the batch's events with that thread idle:
checked on the side while the import's thread works the database, every statement waited for
the lock the checking thread held (measured: storing an event took 145 µs instead of 10).

Nothing is trusted early: an event is checked and stored only once its batch's signatures are
known, and the import commits nothing before every event was checked (``confirm_signed``).

One ``sshsig.Verifier`` serves every event: the namespace and the device key are prepared once,
not serialised again for each of the thousands of signatures.
"""

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType

from crypto import sshkeys, sshsig
from crypto.errors import CryptoError
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace.custody import CUSTODY_NAMESPACE

#: Events checked together: enough that splitting them costs little beside checking them, few
#: enough that holding them costs little memory (a few hundred KiB).
BATCH = 256


class EventSignatures:
    """Checks events' signatures by one device key, and remembers each result (a byte)."""

    def __init__(self, device_key: sshkeys.PublicKey | None) -> None:
        # None: the manifest's key line did not parse, so no event can be the device's.
        self._verifier = (
            sshsig.Verifier(CUSTODY_NAMESPACE, [device_key]) if device_key is not None else None
        )
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-signatures")
        self._results = bytearray()
        self._closed = False

    def check(self, events: Sequence[SignedEvent]) -> bytes:
        """Each event's result, in order (1: signed by the device key); the events are numbered
        on from those checked before."""
        if self._closed:
            raise RuntimeError("the checker is closed")
        half = len(events) // 2
        other = self._pool.submit(_check_all, events[:half], self._verifier)
        mine = _check_all(events[half:], self._verifier)
        results = other.result() + mine
        self._results += results
        return results

    def valid(self, index: int) -> bool:
        """Whether event ``index`` (in the order checked) is signed by the device key."""
        return bool(self._results[index])

    def __len__(self) -> int:
        """How many events were checked."""
        return len(self._results)

    def close(self) -> None:
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


def _check_all(events: Sequence[SignedEvent], verifier: sshsig.Verifier | None) -> bytes:
    return bytes(_signed_by(event, verifier) for event in events)


def _signed_by(signed: SignedEvent, verifier: sshsig.Verifier | None) -> bool:
    if verifier is None:
        return False
    try:
        verifier.verify(signed.body, signed.signature)
    except CryptoError:
        return False
    return True
