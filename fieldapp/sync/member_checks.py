"""Confirming a bundle's members against its signed manifest: size, CRC-32 and SHA-256 of each,
hashed on worker threads while a reader takes the members already confirmed."""

import threading
from itertools import accumulate
from typing import BinaryIO

from fieldapp.errors import BundleRejectedError
from fieldapp.hashing import INLINE_BYTES, RegionHasher, can_hash_regions
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.container import DAMAGED
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.manifest import HEADER_NAMES, REJECTED_MEMBERS, Manifest, check_members


class MemberChecks:
    """Every member's size, CRC-32 (damage) and SHA-256 (against the signed manifest), hashed
    in file order on worker threads from the moment this is made, so that a reader can take
    each member as soon as *it* is confirmed while the ones after it are still being hashed.

    Names and sizes are checked at once (free). ``confirm(name)`` waits for that member and
    raises its refusal; ``confirm_all()`` confirms every member in order, so the refusal is the
    one a check from first to last gives. ``progress(done, total)`` counts member bytes hashed
    and, with ``cancel``, is called only on threads that confirm (one at a time, the count only
    growing). Close it (context manager) to stop the workers.
    """

    def __init__(
        self,
        reader: ContainerReader,
        file: BinaryIO,
        manifest: Manifest,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        *,
        threads: int = 2,
    ) -> None:
        self._progress, self._cancel = progress, cancel
        self._reported = -1
        self._reporting = threading.Lock()
        self._listed = manifest.members
        self._found = reader.members[len(HEADER_NAMES) :]
        self._index = {member.name: index for index, member in enumerate(self._found)}
        self._confirmed: set[int] = set()
        self._hasher: RegionHasher | None = None
        # Progress counts the members confirmed, in order, and within the one waited for the
        # bytes hashed: it only grows, and reaches the total only when all is confirmed.
        self._through = list(accumulate(member.size for member in self._found))
        self.total = self._through[-1] if self._through else 0
        if not can_hash_regions(file):
            # A file object without a descriptor (in memory): checked whole, here, in order.
            check_members(reader, manifest, progress=progress, cancel=cancel)
            self._confirmed = set(range(len(self._found)))
            return
        if reader.names != [*HEADER_NAMES, *(member.name for member in manifest.members)]:
            raise BundleRejectedError(REJECTED_MEMBERS)
        if any(m.size != f.size for m, f in zip(manifest.members, self._found, strict=True)):
            raise BundleRejectedError(REJECTED_MEMBERS)
        self._step(0)
        regions = [(member.offset, member.size) for member in self._found]
        # A small bundle is hashed on the caller's thread: a thread costs more than its hashing.
        threads = threads if self.total > INLINE_BYTES else 0
        self._hasher = RegionHasher(file.fileno(), regions, threads)

    def _step(self, done: int) -> None:
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()
        if self._progress is not None:
            with self._reporting:
                if done > self._reported:
                    self._reported = done
                    self._progress(done, self.total)

    def confirm(self, name: str) -> None:
        """Wait until member ``name`` is hashed; refuse the bundle if it is not as signed."""
        index = self._index.get(name)
        if index is None:
            raise BundleRejectedError(REJECTED_MEMBERS)
        if index in self._confirmed:
            return
        assert self._hasher is not None
        through = self._through[index]
        try:
            sha256, crc = self._hasher.wait(index, lambda done: self._step(min(done, through)))
        except EOFError:
            raise BundleRejectedError(DAMAGED) from None
        if crc != self._found[index].crc:
            raise BundleRejectedError(DAMAGED)
        if sha256 != self._listed[index].sha256:
            raise BundleRejectedError(REJECTED_MEMBERS)
        self._confirmed.add(index)
        self._step(through)

    def confirm_all(self) -> None:
        for member in self._found:
            self.confirm(member.name)
        if self._progress is not None and not self._found:
            self._progress(0, 0)

    def close(self) -> None:
        if self._hasher is not None:
            self._hasher.close()

    def __enter__(self) -> "MemberChecks":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
