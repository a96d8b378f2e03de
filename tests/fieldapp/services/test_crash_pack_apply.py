"""A crash while a device applies a pack (a receipt and its purge, a vocabulary) and while the
archive exports its roster (session 12, H3).

Each test runs the work in a child process that kills itself at a named point
(``crash_support``); the parent looks at what the next run of the program would find. Findings
are strict xfails named ``H3-n``.
"""

from pathlib import Path

import pytest

from fieldapp.errors import (
    FieldappError,
)
from fieldapp.services import (
    audit,
    enrolment,
    packs,
    receipts,
    verification,
)
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state
from tests.fieldapp.services.crash_support import (
    killed,
)
from tests.fieldapp.services.import_support import (
    Archive,
    Device,
    add_demo,
    make_device,
    sent_by,
)
from tests.fieldapp.services.test_vocabulary_packs import (
    NEW_CODE,
    issue,
    newer_acts,
    seal_with_new_code,
    vocabulary_file,
)
from tests.fieldapp.workspace.support import (
    PASSPHRASE,
)

# --- packs applied on the device, killed midway ---------------------------------------------------

_APPLY_KILLED = r"""
from fieldapp.services import packs, receipts  # receipts: registers its kind
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state

point = args[3]
if point == "in-transaction":  # the handler ran and the pack is recorded; no commit yet
    then_die(archive_state, "record_applied_pack")
else:  # committed; the WAL not folded in yet
    die_first(packs, "checkpoint")
packs.apply_pack(Workspace.unlock(Path(args[0]), args[1]), Path(args[2]))
"""


def _archived(ws: Workspace) -> set[str]:
    return {str(t) for t in receipts.archived_testimonies(ws)}


@pytest.mark.parametrize(("point", "applied"), [("in-transaction", False), ("committed", True)])
def test_a_receipt_applied_and_killed_is_before_or_after_and_applies_again(
    tmp_path: Path, hq: Archive, laptop: Device, point: str, applied: bool
) -> None:
    add_demo(laptop, 2, seed=38)
    hq.import_(laptop.export())
    out = tmp_path / "packs"
    out.mkdir()
    [sent] = receipts.write_receipts(hq.ws, out)
    root = laptop.ws.layout.root
    laptop.ws.lock()
    killed(tmp_path, _APPLY_KILLED, root, PASSPHRASE, sent.path, point)
    laptop.ws = Workspace.unlock(root, PASSPHRASE)
    last = state.last_applied_pack(laptop.ws.connection)
    assert last is not None
    assert (last.sequence == sent.sequence) is applied
    assert bool(_archived(laptop.ws)) is applied
    again = packs.apply_pack(laptop.ws, sent.path)
    assert again.already_applied is applied
    assert _archived(laptop.ws) == sent_by(laptop).testimony_ids()
    assert audit.verify_custody(laptop.ws).intact


_PURGE_KILLED = r"""
from fieldapp.services import receipts
from fieldapp.workspace import Workspace
from fieldapp.workspace.blobs import BlobStore

die_first(BlobStore, "delete")  # the purge committed; its blobs not deleted yet
receipts.purge_archived(Workspace.unlock(Path(args[0]), args[1]))
"""


def test_a_purge_killed_after_its_commit_leaves_no_blob_of_a_purged_testimony(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    add_demo(laptop, 3, seed=38)
    hq.import_(laptop.export())
    out = tmp_path / "packs"
    out.mkdir()
    [sent] = receipts.write_receipts(hq.ws, out)
    packs.apply_pack(laptop.ws, sent.path)
    to_purge = receipts.archived_testimonies(laptop.ws)
    assert to_purge
    assert laptop.ws.blobs.stored_names()
    root = laptop.ws.layout.root
    laptop.ws.lock()
    killed(tmp_path, _PURGE_KILLED, root, PASSPHRASE)
    laptop.ws = Workspace.unlock(root, PASSPHRASE)  # alone: it sweeps
    assert receipts.archived_testimonies(laptop.ws) == []
    assert laptop.ws.blobs.stored_names() == laptop.ws.repository.blob_names()
    assert audit.verify_custody(laptop.ws).intact


_VOCABULARY_APPLY_KILLED = r"""
from fieldapp.services import packs, vocabulary_packs  # registers its kind
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state

if args[3] == "in-transaction":
    then_die(archive_state, "record_applied_pack")
else:  # committed; the new codes not yet put in force in this process
    die_first(Workspace, "refresh_vocabularies")
packs.apply_pack(Workspace.unlock(Path(args[0]), args[1]), Path(args[2]))
"""


@pytest.mark.parametrize(("point", "applied"), [("in-transaction", False), ("committed", True)])
def test_a_vocabulary_applied_and_killed_is_in_force_at_the_next_unlock_or_applies_again(
    bundled_vocabularies_after: None,
    tmp_path: Path,
    hq: Archive,
    laptop: Device,
    point: str,
    applied: bool,
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    path = issue(hq, laptop, vocabulary_file(files, newer_acts(NEW_CODE)))
    hq.ws.lock()  # vocabularies are in force process-wide: only the laptop's count here
    root = laptop.ws.layout.root
    laptop.ws.lock()
    killed(tmp_path, _VOCABULARY_APPLY_KILLED, root, PASSPHRASE, path, point)
    laptop.ws = Workspace.unlock(root, PASSPHRASE)
    if not applied:
        with pytest.raises(ValueError, match="not a known act type"):
            seal_with_new_code(laptop.ws)  # nothing was applied: the code is not known
    assert packs.apply_pack(laptop.ws, path).already_applied is applied
    seal_with_new_code(laptop.ws)


# --- the roster: a crash between its files' renames ----------------------------------------------

_ROSTER_KILLED = r"""
from fieldapp.services import enrolment
from fieldapp.workspace import Workspace

# The new roster renamed into place; its signature not yet (the old one still beside it).
then_die(os, "replace", when=lambda source, target, *a, **k: str(target).endswith("roster.json"))
enrolment.export_roster(Workspace.unlock(Path(args[0]), args[1]), Path(args[2]))
"""


def test_a_roster_cut_between_its_renames_is_refused_by_its_signature_and_written_again(
    tmp_path: Path, hq: Archive, laptop: Device
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    roster = stick / "roster.json"
    enrolment.export_roster(hq.ws, roster)
    make_device(tmp_path / "second", hq, "Laptop B").ws.lock()  # the roster now says more
    root = hq.root
    hq.ws.lock()
    killed(tmp_path, _ROSTER_KILLED, root, PASSPHRASE, roster)
    with pytest.raises(FieldappError) as refused:
        verification.load_roster(roster)
    assert "signature" in str(refused.value).lower(), refused.value
    hq.ws = Workspace.unlock(root, PASSPHRASE)
    enrolment.export_roster(hq.ws, roster)  # written again: whole
    assert verification.load_roster(roster).devices == 2
