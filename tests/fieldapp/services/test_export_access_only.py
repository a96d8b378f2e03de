"""A laptop's openings leave with its next export even when no record is new: a bundle that
carries the custody log alone (``export``), which the archive imports, lists, verifies and
names in a receipt like any other.

Real workspaces: the services conftest's ``coordinator``, ``device`` (enrolled here by request
and pack) and ``stick``; the auditor's check is against the archive's signed roster.
"""

import io
from pathlib import Path
from uuid import UUID

from crypto import age
from fieldapp.domain import ConfidentialityLevel, CustodyKind
from fieldapp.services import (
    access,
    audit,
    custody_view,
    enrolment,
    export,
    importing,
    packs,
    receipts,
    session,
    verification,
)
from fieldapp.services.export import ExportResult
from fieldapp.services.importing import ImportReport
from fieldapp.sync.payload import CUSTODY
from fieldapp.workspace import Workspace, import_state
from fieldapp.workspace import export_state as state
from fieldapp.workspace.database import transaction

from .import_support import read_members
from .test_access import recorded
from .test_enrolment_support import Archive, enrol

STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL


def _exported(device: Workspace, stick: Path) -> ExportResult:
    result = export.export_bundle(device, stick)
    assert result.path is not None, "nothing to export"
    return result


def _imported(coordinator: Archive, *paths: Path) -> list[ImportReport]:
    reports = importing.import_bundles(coordinator.ws, list(paths))
    assert [r.outcome for r in reports] == ["imported"] * len(paths), [r.reason for r in reports]
    return reports


def _receipt_applied(coordinator: Archive, device: Workspace, folder: Path) -> None:
    [sent] = receipts.write_receipts(coordinator.ws, folder, to=device.fingerprint)
    packs.apply_pack(device, sent.path, expect_fingerprint=coordinator.fingerprint)


def _laptop_with_one_bundle(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> tuple[UUID, ExportResult]:
    """The laptop enrolled, one strictly confidential testimony sealed, exported in bundle 1,
    imported and named in a receipt the laptop applied."""
    packs_folder = tmp_path / "packs"
    packs_folder.mkdir()
    enrol(coordinator, device, packs_folder)
    testimony_id = recorded(device, STRICT)
    first = _exported(device, stick)
    _imported(coordinator, first.path)  # type: ignore[arg-type]
    _receipt_applied(coordinator, device, packs_folder)
    assert state.acknowledged(device.connection, 1)
    return testimony_id, first


def _payload_kinds(path: Path, coordinator: Archive) -> list[str]:
    """The kind of every line of the bundle's records payload after its header."""
    members = dict(read_members(path.read_bytes()))
    plain = io.BytesIO()
    identities = import_state.archive_identities(coordinator.ws.connection)
    age.decrypt(io.BytesIO(members["records.age"]), plain, identities)
    lines = plain.getvalue().split(b"\n")
    assert lines[0].startswith(b"fieldapp-records/1 ")
    assert lines[-1] == b""
    return [line.split(b" ", 1)[0].decode() for line in lines[1:-1]]


def _verified(coordinator: Archive, tmp_path: Path, *paths: Path) -> bool:
    roster_path = tmp_path / "roster.json"
    enrolment.export_roster(coordinator.ws, roster_path)
    roster = verification.load_roster(roster_path, coordinator=coordinator.fingerprint)
    report = verification.verify_files(list(paths), roster)
    return report.ok


def test_openings_alone_leave_in_a_bundle_of_the_log(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    testimony_id, first = _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    access.open_record(device, testimony_id)
    access.open_identity(device, testimony_id)

    second = _exported(device, stick)

    assert second.sequence == 2
    counts = (second.testimonies, second.consents, second.withdrawals, second.attachments)
    assert counts == (0, 0, 0, 0)
    assert second.identities == 0
    # Bundle 1's export, the receipt's pack_apply, and the two openings.
    assert second.custody_events == 4
    names = [name for name, _ in read_members(second.path.read_bytes())]  # type: ignore[union-attr]
    assert names == ["manifest.json", "manifest.sig", "records.age", "VERIFY.txt"]
    assert _payload_kinds(second.path, coordinator) == [CUSTODY] * 4  # type: ignore[arg-type]
    assert sorted(stick.iterdir()) == sorted([first.path, second.path])  # type: ignore[type-var]

    [report] = _imported(coordinator, second.path)  # type: ignore[arg-type]
    assert (report.sequence, report.testimonies, report.amendments, report.consents) == (2, 0, 0, 0)
    assert (report.attachments, report.withdrawals, report.identities) == (0, 0, False)
    assert report.custody_events == 4
    shown = custody_view.record_custody(coordinator.ws, testimony_id)
    opened = [e for e in shown if e.kind == CustodyKind.ACCESS.value]
    assert [(e.source, e.record_version, e.verified) for e in opened] == [
        (custody_view.DEVICE, 1, True),  # the testimony, version 1
        (custody_view.DEVICE, None, True),  # the witness's identity
    ]
    assert audit.verify_custody(coordinator.ws).intact
    assert _verified(coordinator, tmp_path, first.path, second.path)  # type: ignore[arg-type]

    # A receipt names it; the laptop takes it, and its pack_apply alone sends nothing.
    _receipt_applied(coordinator, device, tmp_path / "packs")
    assert state.acknowledged(device.connection, 2)
    assert export.export_bundle(device, stick).path is None
    assert len(list(stick.iterdir())) == 2


def test_with_nothing_new_there_is_still_nothing_to_export(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    """Every export leaves its own export event unsent, and every receipt a pack_apply: were
    they to start a bundle, each export (or each receipt) would call for another for ever. An
    opening that is not logged (below strictly confidential) is nothing new either."""
    _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    access.open_record(device, recorded(device, ConfidentialityLevel.CONFIDENTIAL))
    assert export.export_bundle(device, stick).testimonies == 1  # bundle 2: the testimony
    before = sorted(stick.iterdir())

    result = export.export_bundle(device, stick)

    assert result.path is None
    assert result.sequence is None
    assert sorted(stick.iterdir()) == before
    assert [b.sequence for b in state.sent_bundles(device.connection)] == [1, 2]


def test_an_opening_during_a_bundle_of_the_log_goes_in_the_next(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    """An opening logged while the log alone is being written (another window) does not throw
    the bundle away (``export._log_changed``), and starts the next bundle by itself."""
    testimony_id, first = _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    access.open_identity(device, testimony_id)
    opened = False

    def someone_reads(done: int, total: int) -> None:
        nonlocal opened
        if not opened:
            opened = True
            with session.worker_handle(device) as other:
                access.open_record(other, testimony_id)

    second = export.export_bundle(device, stick, progress=someone_reads)

    assert opened
    assert second.path is not None
    assert second.custody_events == 3  # bundle 1's export, the pack_apply, the identity
    third = _exported(device, stick)
    assert (third.sequence, third.testimonies, third.custody_events) == (3, 0, 2)
    reports = _imported(coordinator, second.path, third.path)  # type: ignore[arg-type]
    assert [r.custody_events for r in reports] == [3, 2]
    shown = custody_view.record_custody(coordinator.ws, testimony_id)
    assert [e.record_version for e in shown if e.kind == CustodyKind.ACCESS.value] == [None, 1]
    paths = [first.path, second.path, third.path]
    assert _verified(coordinator, tmp_path, *paths)  # type: ignore[arg-type]


def test_an_interrupted_bundle_of_the_log_is_finished_by_the_next_export(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    """Committed, then stopped before its final name (a crash, a pulled stick): the next
    export finishes it, and has nothing more to send."""
    testimony_id, first = _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    access.open_record(device, testimony_id)
    second = _exported(device, stick)
    bundle = state.sent_bundle(device.connection, 2)
    assert bundle is not None
    second.path.rename(bundle.partial_path)  # type: ignore[union-attr]
    with transaction(device.connection):
        state.set_state(device.connection, 2, state.COMMITTED)

    again = export.export_bundle(device, stick)

    assert again.path is None
    assert again.notes == [f"Bundle 2, interrupted, was finished: {second.path}"]
    assert sorted(stick.iterdir()) == sorted([first.path, second.path])  # type: ignore[type-var]
    assert state.sent_bundle(device.connection, 2).state == state.WRITTEN  # type: ignore[union-attr]
    [report] = _imported(coordinator, second.path)  # type: ignore[arg-type]
    assert report.custody_events == 3  # bundle 1's export, the pack_apply, the opening
    assert _verified(coordinator, tmp_path, first.path, second.path)  # type: ignore[arg-type]
