"""Review R1 of session 11: each test shows a defect found in this session's changes, marked
xfail (strict) while the code still has it.

Real workspaces and files throughout: the services conftest's ``coordinator``, ``device`` and
``stick``; an enrolled device of ``test_export_support`` where the export's limits matter.
"""

import contextlib
import os
from pathlib import Path

import pytest

from fieldapp.domain import ConfidentialityLevel, CustodyKind
from fieldapp.errors import BundleTooLargeError, FieldappError, OutputExistsError
from fieldapp.services import (
    access,
    backup,
    custody_view,
    export,
    export_plan,
    export_resend,
    records,
    standing,
)
from fieldapp.workspace import TestimonyFilter, Workspace
from fieldapp.workspace.files import write_all_atomically
from tests.fieldapp.domain.factories import make_incident

from .test_enrolment_support import Archive
from .test_export_access_only import _imported, _laptop_with_one_bundle
from .test_export_support import add_testimony, enrolled_device

STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL
FILE = 200_000  # one attachment, as test_export's


# --- bundles of the custody log alone ------------------------------------------------------------


def test_the_openings_of_a_lost_bundle_of_the_log_reach_the_archive_after_a_resend(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    """R1-1 (fixed): a lost bundle's custody events are not sent again, so a lost bundle of the
    log alone was "sent again" with nothing and its openings never reached the archive. The
    resend now logs them again, and the next export carries them."""
    testimony_id, _ = _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    access.open_record(device, testimony_id)
    lost = export.export_bundle(device, stick)
    assert lost.path is not None
    assert lost.records == 0
    lost.path.unlink()  # the stick was lost on the way
    standing.accept_gap(coordinator.ws, device.fingerprint, 2, "Bundle 2 lost in transit")
    export_resend.resend_bundle(device, 2, reason="Stick lost on the bus, reported by phone")

    again = export.export_bundle(device, stick)

    assert again.path is not None, "nothing went: the openings bundle 2 carried stay here only"
    _imported(coordinator, again.path)
    shown = custody_view.record_custody(coordinator.ws, testimony_id)
    assert [e.record_version for e in shown if e.kind == CustodyKind.ACCESS.value] == [1]


def test_openings_leave_beside_a_testimony_too_large_for_any_bundle(tmp_path: Path) -> None:
    """R1-2 (fixed): with a testimony too large for any bundle and nothing else to send, the
    export refused (``BundleTooLargeError``) before looking at the openings: they never left.
    Once they have, the refusal stands again."""
    made = enrolled_device(tmp_path)
    try:
        ws = made.ws
        small = add_testimony(ws, confidentiality=STRICT)
        add_testimony(ws, files=[os.urandom(3 * FILE)])
        events = (ws.custody.head()[0] + 8) * export_plan._EVENT_BYTES
        fixed = export_plan._FIXED_BYTES
        limits = export.BundleLimits(max_bytes=fixed + events + 3 * FILE // 2)
        first = export.export_bundle(ws, made.out, limits=limits)
        assert (first.testimonies, first.too_large) == (1, 1)
        access.open_record(ws, small.id)  # read, then the laptop is lost or seized

        second = export.export_bundle(ws, made.out, limits=limits)

        assert second.path is not None
        assert second.records == 0
        assert second.too_large == 1
        assert second.custody_events > 0
        with pytest.raises(BundleTooLargeError):
            export.export_bundle(ws, made.out, limits=limits)
    finally:
        made.ws.lock()


# --- search and strict confidentiality ----------------------------------------------------------


def test_the_category_filter_tells_nothing_of_a_strictly_confidential_testimony(
    device: Workspace,
) -> None:
    detention = make_incident()  # COI category E: arbitrary detention
    strict = add_testimony(device, confidentiality=STRICT, incidents=(detention,))
    shown = {s.id for s in records.list_testimonies(device)}
    assert strict.id in shown  # the list shows it, as it must

    by_category = records.list_testimonies(device, TestimonyFilter(category="E"))

    assert strict.id not in {s.id for s in by_category}


# --- files written together ----------------------------------------------------------------------


def test_files_written_together_are_all_old_when_a_later_rename_fails(tmp_path: Path) -> None:
    names = ("roster.json", "roster.json.sig", "allowed_signers", "allowed_signers.sig")
    for name in names[:3]:
        (tmp_path / name).write_bytes(b"old " + name.encode())
    # Where the last file goes, something a rename cannot replace (here a folder with a file).
    (tmp_path / names[3]).mkdir()
    (tmp_path / names[3] / "x").write_bytes(b"")

    with pytest.raises(IsADirectoryError):
        write_all_atomically([(tmp_path / name, b"new " + name.encode()) for name in names])

    assert [(tmp_path / name).read_bytes() for name in names[:3]] == [
        b"old " + name.encode() for name in names[:3]
    ]


# --- the key backup -----------------------------------------------------------------------------


def test_a_key_backup_never_replaces_a_file_already_there(
    device: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "fieldapp-keys.age"
    out.write_bytes(b"the archive's own key backup, made last month")

    with pytest.raises(OutputExistsError):
        backup.write_key_backup(device, out, "correct horse battery staple 19", work_factor=10)

    assert out.read_bytes() == b"the archive's own key backup, made last month"


def test_no_key_backup_is_left_in_the_workspace_after_an_emergency_wipe(
    device: Workspace,
) -> None:
    root = device.layout.root
    with contextlib.suppress(FieldappError):  # refusing such a place would do as well
        backup.write_key_backup(
            device, root / "fieldapp-keys.age", "correct horse battery staple 19", work_factor=10
        )
    device.lock()

    Workspace.wipe(root)

    assert sorted(p.name for p in root.iterdir()) == []
