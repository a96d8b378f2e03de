"""A crash while the archive writes a pack: no pack reaches the stick that the archive did not
record (session 12, H3-1).

Each test runs the work in a child process that kills itself at a named point
(``crash_support``); the parent looks at what the next run of the program would find. H3-1 was
found by review H3 (a pack renamed onto the stick before the archive's commit); the pack is now
written under a partial name, recorded, then named, and the tests after it cut between the
commit and the name.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.errors import DeviceAlreadyEnrolledError
from fieldapp.services import (
    enrolment,
    pack_writing,
    packs,
    receipts,
)
from fieldapp.services.pack_resend import resend_packs
from fieldapp.services.pack_writing import PackNotNamedError, PackSent
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.receipt import RECEIPT_FORMAT, ReceiptPayload, receipt_bytes
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.files import TEMP_PREFIX
from tests.fieldapp.services.crash_support import (
    killed,
    pack_digest,
    pack_sequence,
    packs_on,
    recorded_digests,
)
from tests.fieldapp.services.import_support import (
    Archive,
    Device,
    add_demo,
)
from tests.fieldapp.workspace.support import (
    PARAMS,
    PASSPHRASE,
)

# --- H3-1: a pack on the stick that the archive never recorded ------------------------------------

_RECEIPT_KILLED_AFTER_THE_PACK_IS_WRITTEN = r"""
from fieldapp.services import receipts
from fieldapp.sync import pack_partials
from fieldapp.workspace import Workspace

then_die(pack_partials, "write_partial")  # the pack's file is written whole; not committed yet
ws = Workspace.unlock(Path(args[0]), args[1])
receipts.write_receipts(ws, Path(args[2]))
"""


def _receipt_killed(tmp_path: Path, hq: Archive, laptop: Device, script: str) -> Path:
    """Two testimonies of ``laptop`` imported, then the archive killed by ``script`` while it
    writes its receipts to a stick, and unlocked again: the stick."""
    add_demo(laptop, 2, seed=38)
    hq.import_(laptop.export())
    stick = tmp_path / "stick"
    stick.mkdir()
    hq.ws.lock()
    killed(tmp_path, script, hq.root, PASSPHRASE, stick)
    hq.ws = Workspace.unlock(hq.root, PASSPHRASE)
    return stick


def test_h3_1_a_receipt_killed_before_its_commit_leaves_the_device_and_archive_in_one_chain(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = _receipt_killed(tmp_path, hq, laptop, _RECEIPT_KILLED_AFTER_THE_PACK_IS_WRITTEN)

    # The interviewer applies what the stick holds (a signed pack, numbered next: it applies).
    for pack in packs_on(stick):
        packs.apply_pack(laptop.ws, pack)
    # The coordinator repairs as the guide says (every pack kept is sent again), and the next
    # bundle brings the next receipt: the device must take both.
    later = tmp_path / "later"
    later.mkdir()
    resend_packs(hq.ws, laptop.fingerprint, later, first=1)
    add_demo(laptop, 1, seed=39)
    hq.import_(laptop.export())
    receipts.write_receipts(hq.ws, later)
    for pack in sorted(packs_on(later), key=pack_sequence):
        packs.apply_pack(laptop.ws, pack)
    applied = state.last_applied_pack(laptop.ws.connection)
    device = state.find_device(hq.ws.connection, laptop.fingerprint)
    assert device is not None
    assert applied is not None
    assert (applied.sequence, applied.manifest_digest) == (
        device.packs_sent,
        device.last_pack_digest,
    )


_ENROLMENT_KILLED_AFTER_THE_PACK_IS_WRITTEN = r"""
from fieldapp.services import enrolment
from fieldapp.sync import pack_partials
from fieldapp.workspace import Workspace

then_die(pack_partials, "write_partial")
ws = Workspace.unlock(Path(args[0]), args[1])
enrolment.issue_enrolment(ws, enrolment.read_request(Path(args[2])), Path(args[3]))
"""


@pytest.fixture
def new_laptop(tmp_path: Path) -> Iterator[Workspace]:
    made, _ = Workspace.create(
        tmp_path / "new-laptop", PASSPHRASE, Role.INTERVIEWER, label="Laptop N", params=PARAMS
    )
    try:
        yield made
    finally:
        made.lock()


def _enrolment_killed(tmp_path: Path, hq: Archive, laptop: Workspace, script: str) -> Path:
    """The archive, killed by ``script`` while it issues ``laptop``'s enrolment to a stick,
    unlocked again: the stick (holding the request)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    request = stick / "request.json"
    enrolment.write_request(laptop, request)
    hq.ws.lock()
    killed(tmp_path, script, hq.root, PASSPHRASE, request, stick)
    hq.ws = Workspace.unlock(hq.root, PASSPHRASE)
    return stick


def test_h3_1_an_enrolment_killed_before_its_commit_leaves_no_pack_the_archive_never_sent(
    tmp_path: Path, hq: Archive, new_laptop: Workspace
) -> None:
    stick = _enrolment_killed(tmp_path, hq, new_laptop, _ENROLMENT_KILLED_AFTER_THE_PACK_IS_WRITTEN)
    on_stick = packs_on(stick)
    # Every pack a device can find is one the archive holds in its chain (and can re-send).
    assert {pack_digest(p) for p in on_stick} <= recorded_digests(hq.ws), on_stick


# --- a cut after the commit, before the pack is given its name -----------------------------------

_RECEIPT_KILLED_BEFORE_ITS_NAME = r"""
from fieldapp.services import receipts
from fieldapp.sync import pack_partials
from fieldapp.workspace import Workspace

die_first(pack_partials, "give_name")  # committed: the pack is recorded, still partial
ws = Workspace.unlock(Path(args[0]), args[1])
receipts.write_receipts(ws, Path(args[2]))
"""


def _receipt_cut_before_its_name(tmp_path: Path, hq: Archive, laptop: Device) -> Path:
    """A stick on which the archive's receipt (pack 2) was recorded, then the power cut."""
    stick = _receipt_killed(tmp_path, hq, laptop, _RECEIPT_KILLED_BEFORE_ITS_NAME)
    return stick


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _in_one_chain(hq: Archive, laptop: Device) -> bool:
    applied = state.last_applied_pack(laptop.ws.connection)
    device = state.find_device(hq.ws.connection, laptop.fingerprint)
    assert device is not None
    assert applied is not None
    return (applied.sequence, applied.manifest_digest) == (
        device.packs_sent,
        device.last_pack_digest,
    )


def test_a_receipt_cut_before_its_name_is_recorded_and_no_device_can_find_it(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = _receipt_cut_before_its_name(tmp_path, hq, laptop)

    device = state.find_device(hq.ws.connection, laptop.fingerprint)
    assert device is not None
    assert device.packs_sent == 2
    assert packs_on(stick) == []
    [partial] = _hidden(stick)
    assert partial.startswith(".fieldpack-")
    assert partial.endswith(".partial")


def test_pack_resend_gives_the_pack_a_cut_left_partial_and_removes_the_partial(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = _receipt_cut_before_its_name(tmp_path, hq, laptop)

    written = resend_packs(hq.ws, laptop.fingerprint, stick, first=2)

    assert packs_on(stick) == written
    assert _hidden(stick) == []
    assert packs.apply_pack(laptop.ws, written[0]).kind == "receipt"
    assert _in_one_chain(hq, laptop)


def test_the_next_pack_to_the_folder_names_a_recorded_partial_first(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = _receipt_cut_before_its_name(tmp_path, hq, laptop)
    add_demo(laptop, 1, seed=39)
    hq.import_(laptop.export())

    [sent] = receipts.write_receipts(hq.ws, stick)

    assert sent.sequence == 3
    on_stick = packs_on(stick)
    assert [pack_sequence(p) for p in on_stick] == [2, 3]
    assert _hidden(stick) == []
    assert {pack_digest(p) for p in on_stick} <= recorded_digests(hq.ws)
    for pack in on_stick:
        packs.apply_pack(laptop.ws, pack)
    assert _in_one_chain(hq, laptop)


def test_writing_again_with_nothing_new_still_names_a_recorded_partial(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    """The coordinator, seeing no pack, writes the receipts again: nothing new to acknowledge,
    but the recorded receipt gets its name."""
    stick = _receipt_cut_before_its_name(tmp_path, hq, laptop)

    assert receipts.write_receipts(hq.ws, stick) == []

    [pack] = packs_on(stick)
    assert _hidden(stick) == []
    assert packs.apply_pack(laptop.ws, pack).kind == "receipt"
    assert _in_one_chain(hq, laptop)


def test_the_next_pack_to_the_folder_removes_the_partial_of_a_pack_never_recorded(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = _receipt_killed(tmp_path, hq, laptop, _RECEIPT_KILLED_AFTER_THE_PACK_IS_WRITTEN)
    assert len(_hidden(stick)) == 1  # the partial of a pack never recorded

    [sent] = receipts.write_receipts(hq.ws, stick)

    assert packs_on(stick) == [sent.path]
    assert _hidden(stick) == []
    packs.apply_pack(laptop.ws, sent.path)
    assert _in_one_chain(hq, laptop)


_ENROLMENT_KILLED_BEFORE_ITS_NAME = r"""
from fieldapp.services import enrolment
from fieldapp.sync import pack_partials
from fieldapp.workspace import Workspace

die_first(pack_partials, "give_name")
ws = Workspace.unlock(Path(args[0]), args[1])
enrolment.issue_enrolment(ws, enrolment.read_request(Path(args[2])), Path(args[3]))
"""


def test_an_enrolment_cut_before_its_name_is_already_enrolled_and_sent_again_by_resend(
    tmp_path: Path, hq: Archive, new_laptop: Workspace
) -> None:
    stick = _enrolment_killed(tmp_path, hq, new_laptop, _ENROLMENT_KILLED_BEFORE_ITS_NAME)
    assert packs_on(stick) == []

    # What the coordinator sees on issuing it again, whose sentence names `pack resend`.
    with pytest.raises(DeviceAlreadyEnrolledError):
        enrolment.issue_enrolment(hq.ws, enrolment.read_request(stick / "request.json"), stick)
    [pack] = resend_packs(hq.ws, new_laptop.fingerprint, stick, first=1)

    assert packs_on(stick) == [pack]
    assert _hidden(stick) == []
    applied = packs.apply_pack(new_laptop, pack, expect_fingerprint=hq.ws.fingerprint)
    assert applied.kind == "enrolment"


_RESEND_KILLED_BEFORE_ITS_RENAME = r"""
from fieldapp.services import pack_resend
from fieldapp.workspace import Workspace

die_first(os, "replace", when=lambda source, target: str(target).endswith(".fieldpack"))
ws = Workspace.unlock(Path(args[0]), args[1])
pack_resend.resend_packs(ws, args[3], Path(args[2]), first=1)
"""


def test_the_next_pack_to_the_folder_removes_what_a_cut_resend_left(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    add_demo(laptop, 2, seed=38)
    hq.import_(laptop.export())
    stick = tmp_path / "stick"
    stick.mkdir()
    root = hq.root
    hq.ws.lock()
    killed(tmp_path, _RESEND_KILLED_BEFORE_ITS_RENAME, root, PASSPHRASE, stick, laptop.fingerprint)
    hq.ws = Workspace.unlock(root, PASSPHRASE)
    [temporary] = _hidden(stick)
    assert temporary.startswith(TEMP_PREFIX)

    [sent] = receipts.write_receipts(hq.ws, stick)

    assert packs_on(stick) == [sent.path]
    assert _hidden(stick) == []


def _name_taken_meanwhile(ws: Workspace, device: str, stick: Path, taken: list[PackSent]) -> None:
    empty = ReceiptPayload(format=RECEIPT_FORMAT, device=device, bundles=(), records=())
    with pack_writing.pack_transaction(ws) as batch:
        taken.append(batch.write(device, ManifestKind.RECEIPT, receipt_bytes(empty), stick))
        taken[0].path.write_bytes(b"someone else's file")


def test_a_pack_whose_name_was_taken_meanwhile_is_recorded_and_said_so(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    """A file given the pack's name between the pack's writing and the commit is never
    replaced: the pack stays partial, recorded, and the error names it for `pack resend`."""
    stick = tmp_path / "stick"
    stick.mkdir()
    taken: list[PackSent] = []
    with pytest.raises(PackNotNamedError, match=r"receipt-.*-0002\.fieldpack"):
        _name_taken_meanwhile(hq.ws, laptop.fingerprint, stick, taken)
    [sent] = taken

    assert sent.path.read_bytes() == b"someone else's file"
    assert len(_hidden(stick)) == 1
    later = tmp_path / "later"
    later.mkdir()
    [pack] = resend_packs(hq.ws, laptop.fingerprint, later, first=2)
    assert pack_digest(pack) == sent.digest
    packs.apply_pack(laptop.ws, pack)
    assert _in_one_chain(hq, laptop)


def test_a_batch_never_names_its_own_packs_before_its_commit(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    """Two packs in one batch, the second to the same folder by another way (a link): the
    first, recorded but not committed, is not taken for a leftover of an earlier cut."""
    stick = tmp_path / "stick"
    stick.mkdir()
    link = tmp_path / "link"
    link.symlink_to(stick)
    empty = receipt_bytes(
        ReceiptPayload(format=RECEIPT_FORMAT, device=laptop.fingerprint, bundles=(), records=())
    )
    with pack_writing.pack_transaction(hq.ws) as batch:
        first = batch.write(laptop.fingerprint, ManifestKind.RECEIPT, empty, stick)
        batch.write(laptop.fingerprint, ManifestKind.RECEIPT, empty, link)
        assert not first.path.exists()  # named only once committed
    assert [pack_sequence(p) for p in packs_on(stick)] == [2, 3]
    assert _hidden(stick) == []


def test_a_batch_says_which_recorded_packs_it_named(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = _receipt_cut_before_its_name(tmp_path, hq, laptop)

    with pack_writing.pack_transaction(hq.ws, stick) as batch:
        pass

    assert batch.sent == []
    assert batch.finished == packs_on(stick)
    assert [pack_sequence(p) for p in batch.finished] == [2]
