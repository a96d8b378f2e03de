"""Confirming a bundle's members against its signed manifest: size, CRC-32 and SHA-256 of each,
hashed on worker threads while a reader takes the members already confirmed."""

import hashlib
import threading
from collections.abc import Callable
from typing import BinaryIO

from fieldapp.errors import BundleRejectedError
from fieldapp.hashing import INLINE_BYTES, RegionHasher, can_hash_regions, crc32, read_at
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.sync.container import DAMAGED
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.manifest import HEADER_NAMES, REJECTED_MEMBERS, Manifest, check_members


class MemberChecks:
    """Every member's size, CRC-32 (damage) and SHA-256 (against the signed manifest), hashed
    in file order on worker threads from the moment this is made, so that a reader can take
    each member as soon as *it* is confirmed while the ones after it are still being hashed.

    Members that ``read_whole(name, size)`` picks are not hashed there: their reader takes each
    into memory in one read (``read_whole``), where it is hashed and confirmed, and decrypts it
    from there — one read of the file instead of two. Should nobody read one whole (the import
    stopped), ``confirm`` hashes it where it is.

    Names and sizes are checked at once (free). ``confirm(name)`` waits for that member and
    raises its refusal; ``confirm_all()`` confirms every member in order, so the refusal is the
    one a check from first to last gives. ``progress(done, total)`` counts the bytes of the
    members confirmed and of the one being waited for; with ``cancel`` it is called only on
    threads that confirm (one at a time, the count only growing, the total reached once all
    are confirmed). Close it (context manager) to stop the workers.
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
        read_whole: Callable[[str, int], bool] | None = None,
    ) -> None:
        self._progress, self._cancel = progress, cancel
        self._reported = -1
        self._lock = threading.Lock()
        self._listed = manifest.members
        self._found = reader.members[len(HEADER_NAMES) :]
        self._index = {member.name: index for index, member in enumerate(self._found)}
        self._confirmed: set[int] = set()
        self._confirmed_bytes = 0
        self._hasher: RegionHasher | None = None
        self._whole: set[int] = set()
        self.total = sum(member.size for member in self._found)
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
        self._fd = file.fileno()
        picks = read_whole or (lambda _name, _size: False)
        self._whole = {i for i, m in enumerate(self._found) if picks(m.name, m.size)}
        # The hasher's regions are the other members; each one's place among them, and the
        # bytes of the regions before it (to tell how far into it the hasher is).
        self._slot: dict[int, tuple[int, int]] = {}
        regions: list[tuple[int, int]] = []
        hashed = 0
        for index, member in enumerate(self._found):
            if index not in self._whole:
                self._slot[index] = (len(regions), hashed)
                regions.append((member.offset, member.size))
                hashed += member.size
        # A small bundle is hashed on the caller's thread: a thread costs more than its hashing.
        threads = threads if hashed > INLINE_BYTES else 0
        self._hasher = RegionHasher(self._fd, regions, threads)

    def _step(self, partial: int) -> None:
        """The cancel check, and progress: the members confirmed, plus ``partial`` bytes."""
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()
        if self._progress is not None:
            with self._lock:
                done = self._confirmed_bytes + partial
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
        member = self._found[index]
        try:
            if index in self._whole:
                # Nobody read it whole (the import stopped first): hashed here, in place.
                with RegionHasher(self._fd, [(member.offset, member.size)], 0) as alone:
                    sha256, crc = alone.wait(0)
            else:
                slot, before = self._slot[index]
                most = max(0, member.size - 1)

                def step(done: int) -> None:
                    # How far into this member: never its whole size before it is confirmed.
                    self._step(min(max(0, done - before), most))

                sha256, crc = self._hasher.wait(slot, step)
        except EOFError:
            raise BundleRejectedError(DAMAGED) from None
        self._settle(index, sha256, crc)

    def reads_whole(self, name: str) -> bool:
        """Whether member ``name`` is left to its reader to read whole (``read_whole``)."""
        index = self._index.get(name)
        return index is not None and index in self._whole

    def read_whole(self, name: str, buffer: bytearray) -> memoryview:
        """Member ``name`` (one ``read_whole`` picked) read into ``buffer`` in one read, hashed
        and confirmed there: its bytes, or its refusal. ``buffer`` holds at least its size."""
        index = self._index[name]
        if index not in self._whole:
            raise ValueError(f"{name} is hashed by the workers, not read whole")
        member = self._found[index]
        view = memoryview(buffer)[: member.size]
        if read_at(self._fd, view, member.offset) != member.size:
            raise BundleRejectedError(DAMAGED)  # the file is shorter than its container says
        self._settle(index, hashlib.sha256(view).hexdigest(), crc32(view))
        return view

    def _settle(self, index: int, sha256: str, crc: int) -> None:
        if crc != self._found[index].crc:
            raise BundleRejectedError(DAMAGED)
        if sha256 != self._listed[index].sha256:
            raise BundleRejectedError(REJECTED_MEMBERS)
        with self._lock:
            if index not in self._confirmed:
                self._confirmed.add(index)
                self._confirmed_bytes += self._found[index].size
        self._step(0)

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
