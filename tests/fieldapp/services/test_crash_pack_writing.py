"""A crash while the archive writes a pack: no pack reaches the stick that the archive did not
record (session 12, H3-1).

Each test runs the work in a child process that kills itself at a named point
(``crash_support``); the parent looks at what the next run of the program would find. Findings
are strict xfails named ``H3-n``.
"""

from pathlib import Path

import pytest

from fieldapp.services import (
    enrolment,
    packs,
    receipts,
)
from fieldapp.services.pack_resend import resend_packs
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import archive_state as state
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
from fieldapp.services import pack_writing, receipts
from fieldapp.workspace import Workspace

then_die(pack_writing, "write_pack_file")  # the file is renamed into place; not committed yet
ws = Workspace.unlock(Path(args[0]), args[1])
receipts.write_receipts(ws, Path(args[2]))
"""


@pytest.mark.xfail(
    strict=True,
    reason="H3-1: a pack is renamed onto the stick before the archive's transaction commits",
)
def test_h3_1_a_receipt_killed_before_its_commit_leaves_the_device_and_archive_in_one_chain(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    add_demo(laptop, 2, seed=38)
    hq.import_(laptop.export())
    stick = tmp_path / "stick"
    stick.mkdir()
    root = hq.root
    hq.ws.lock()
    killed(tmp_path, _RECEIPT_KILLED_AFTER_THE_PACK_IS_WRITTEN, root, PASSPHRASE, stick)
    hq.ws = Workspace.unlock(root, PASSPHRASE)

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
from fieldapp.services import enrolment, pack_writing
from fieldapp.workspace import Workspace

then_die(pack_writing, "write_pack_file")
ws = Workspace.unlock(Path(args[0]), args[1])
enrolment.issue_enrolment(ws, enrolment.read_request(Path(args[2])), Path(args[3]))
"""


@pytest.mark.xfail(
    strict=True,
    reason="H3-1: an enrolment pack reaches the stick before the archive records the device",
)
def test_h3_1_an_enrolment_killed_before_its_commit_leaves_no_pack_the_archive_never_sent(
    tmp_path: Path, hq: Archive
) -> None:
    made, _ = Workspace.create(
        tmp_path / "new-laptop", PASSPHRASE, Role.INTERVIEWER, label="Laptop N", params=PARAMS
    )
    stick = tmp_path / "stick"
    stick.mkdir()
    request = stick / "request.json"
    try:
        enrolment.write_request(made, request)
        root = hq.root
        hq.ws.lock()
        killed(
            tmp_path, _ENROLMENT_KILLED_AFTER_THE_PACK_IS_WRITTEN, root, PASSPHRASE, request, stick
        )
        hq.ws = Workspace.unlock(root, PASSPHRASE)
        on_stick = packs_on(stick)
        # Every pack a device can find is one the archive holds in its chain (and can re-send).
        assert {pack_digest(p) for p in on_stick} <= recorded_digests(hq.ws), on_stick
    finally:
        made.lock()
