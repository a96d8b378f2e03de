"""The openings a lost bundle carried reach the archive after ``bundle resend``: logged again,
as new ``access`` events right after the ``resend`` one, and carried by the next export.

Real workspaces: the services conftest's ``coordinator``, ``device`` (enrolled by request and
pack, bundle 1 imported and acknowledged: ``test_export_access_only``) and ``stick``.
"""

from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.domain import ConfidentialityLevel, CustodyEvent, CustodyKind, parse_canonical
from fieldapp.errors import BundleAlreadyResentError
from fieldapp.services import access, audit, custody_view, export, export_resend, standing
from fieldapp.services.export import ExportResult
from fieldapp.workspace import Workspace, export_state
from fieldapp.workspace.custody import stored_events
from fieldapp.workspace.database import transaction

from .test_access import recorded
from .test_enrolment_support import Archive
from .test_export_access_only import _imported, _laptop_with_one_bundle, _verified

STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL
REASON = "Stick lost at the checkpoint, reported by phone"
GAP_REASON = "Bundle 2 lost in transit"


def _events(ws: Workspace) -> list[CustodyEvent]:
    return [parse_canonical(CustodyEvent, body) for _, body, _ in stored_events(ws.connection)]


def _openings(events: list[CustodyEvent]) -> list[tuple[UUID | None, int | None, str]]:
    """What each opening names: record, version, payload."""
    return [
        (e.record_id, e.record_version, e.payload_hash)
        for e in events
        if e.kind is CustodyKind.ACCESS
    ]


def _lost(device: Workspace, stick: Path, tmp_path: Path) -> tuple[ExportResult, Path]:
    """Bundle 2 exported, then its stick lost: the file moved out of the stick (kept aside,
    for the day it is found)."""
    lost = export.export_bundle(device, stick)
    assert lost.path is not None
    assert lost.sequence == 2
    aside = tmp_path / "found" / lost.path.name
    aside.parent.mkdir()
    lost.path.rename(aside)
    return lost, aside


def _opened_on_archive(coordinator: Archive, testimony_id: UUID) -> list[custody_view.CustodyEntry]:
    shown = custody_view.record_custody(coordinator.ws, testimony_id)
    return [e for e in shown if e.kind == CustodyKind.ACCESS.value]


@pytest.fixture
def story(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> tuple[UUID, UUID, ExportResult, Path]:
    """Bundle 1 imported; a new strictly confidential testimony, both testimonies opened
    (and the first's witness's identity), all in bundle 2, whose stick is lost."""
    old, first = _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    new = recorded(device, STRICT)
    access.open_record(device, old)
    access.open_identity(device, old)
    access.open_record(device, new)
    _, aside = _lost(device, stick, tmp_path)
    assert first.path is not None
    return old, new, first, aside


def test_a_lost_bundles_openings_go_again_with_its_records(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path, story: tuple
) -> None:
    old, new, first, _ = story
    carried = _openings(_events(device))
    assert len(carried) == 3
    before = len(_events(device))

    resent = export_resend.resend_bundle(device, 2, reason=REASON)

    assert (resent.testimonies, resent.openings) == (1, 3)
    added = _events(device)[before:]
    assert [e.kind for e in added] == [CustodyKind.RESEND] + [CustodyKind.ACCESS] * 3
    assert _openings(added) == carried  # the same records, versions and payloads
    assert all(e.claimed_at >= added[0].claimed_at for e in added)

    standing.accept_gap(coordinator.ws, device.fingerprint, 2, GAP_REASON)
    again = export.export_bundle(device, stick)

    assert (again.sequence, again.testimonies) == (3, 1)
    _imported(coordinator, again.path)  # type: ignore[arg-type]
    opened = _opened_on_archive(coordinator, old)
    assert [(e.record_version, e.payload_hash) for e in opened] == [
        (version, digest) for record, version, digest in carried if record == old
    ]
    assert all(e.verified and e.source == custody_view.DEVICE for e in opened)
    assert [e.record_version for e in _opened_on_archive(coordinator, new)] == [1]
    assert audit.verify_custody(coordinator.ws).intact
    assert _verified(coordinator, tmp_path, first.path, again.path)  # type: ignore[arg-type]


def test_the_lost_file_found_later_still_imports_and_both_openings_are_listed(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path, story: tuple
) -> None:
    old, new, first, aside = story
    export_resend.resend_bundle(device, 2, reason=REASON)
    standing.accept_gap(coordinator.ws, device.fingerprint, 2, GAP_REASON)
    again = export.export_bundle(device, stick)
    _imported(coordinator, again.path)  # type: ignore[arg-type]

    _imported(coordinator, aside)  # the stick, found

    [original, restated] = _opened_on_archive(coordinator, new)
    assert original.seq < restated.seq
    assert (original.record_version, original.payload_hash) == (
        restated.record_version,
        restated.payload_hash,
    )
    assert len(_opened_on_archive(coordinator, old)) == 4  # testimony and identity, twice
    assert audit.verify_custody(coordinator.ws).intact
    paths = [first.path, aside, again.path]
    assert _verified(coordinator, tmp_path, *paths)  # type: ignore[arg-type]


def test_a_second_resend_restates_nothing(device: Workspace, story: tuple) -> None:
    export_resend.resend_bundle(device, 2, reason=REASON)
    before = _events(device)

    with pytest.raises(BundleAlreadyResentError):
        export_resend.resend_bundle(device, 2, reason=REASON)

    assert _events(device) == before


def test_a_lost_bundle_without_openings_restates_nothing(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    # Opened, at a level whose openings are not logged.
    access.open_record(device, recorded(device, ConfidentialityLevel.CONFIDENTIAL))
    _lost(device, stick, tmp_path)
    before = len(_events(device))

    resent = export_resend.resend_bundle(device, 2, reason=REASON)

    assert (resent.testimonies, resent.openings) == (1, 0)
    assert [e.kind for e in _events(device)[before:]] == [CustodyKind.RESEND]


def test_the_openings_of_an_interrupted_bundle_whose_file_is_gone_reach_the_archive(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    old, _ = _laptop_with_one_bundle(coordinator, device, stick, tmp_path)
    access.open_record(device, old)
    gone = export.export_bundle(device, stick)
    assert gone.path is not None
    gone.path.unlink()  # the stick pulled after the commit, before the file got its name
    with transaction(device.connection):
        export_state.set_state(device.connection, 2, export_state.COMMITTED)
    standing.accept_gap(coordinator.ws, device.fingerprint, 2, GAP_REASON)

    again = export.export_bundle(device, stick)

    assert again.path is not None, "the opening bundle 2 carried stays on the laptop only"
    _imported(coordinator, again.path)
    assert [e.record_version for e in _opened_on_archive(coordinator, old)] == [1]
