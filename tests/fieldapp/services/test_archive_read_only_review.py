"""Adversarial review of the read-only archive (session 8), from the core: what the archive
must still do (import amendments, withdrawals and identities; read, search, audit), what it must
never do (record audio, enrol a revoked laptop as if nothing happened). A strict xfail is a
finding; the rest is what held."""

from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.errors import (
    ArchiveRecordsReadOnlyError,
    DeviceAlreadyEnrolledError,
    ValidationFailedError,
)
from fieldapp.services import audio, audit, custody_view, enrolment, records
from fieldapp.workspace import Workspace

from .import_support import Site, folder_files, snapshot, withdraw_some
from .test_enrolment_support import Archive, enrol, make_device


def _first_sent(site: Site) -> UUID:
    return UUID(sorted(t for t in _sent_ids(site))[0])


def _sent_ids(site: Site) -> set[str]:
    return {str(summary.id) for summary in records.list_testimonies(site.a.ws)}


def test_the_archive_still_imports_amendments_withdrawals_and_identities(site: Site) -> None:
    first = site.a.bundles[0].path
    testimony_id = _first_sent(site)
    ws = site.a.ws
    records.amend_testimony(ws, testimony_id, {"title": "corrected on the laptop"})
    records.seal_testimony(ws, testimony_id)
    withdrawal = withdraw_some(site.a)
    second = site.a.export()

    reports = site.archive.import_(first, second)

    assert [r.outcome for r in reports] == ["imported", "imported"], reports
    assert (reports[1].amendments, reports[1].withdrawals) == (1, 1)
    assert reports[0].identities  # the custodian's file is still kept
    held = records.get_record(site.archive.ws, testimony_id)
    assert (held.testimony.version, held.testimony.title) == (2, "corrected on the laptop")
    withdrawn = records.get_record(site.archive.ws, withdrawal.testimony_id).withdrawals
    assert withdrawal.id in {w.id for w in withdrawn}


def test_the_archive_still_reads_searches_and_audits_what_it_holds(site: Site) -> None:
    site.archive.import_(site.a.bundles[0].path)
    arch = site.archive.ws
    before = snapshot(arch)
    testimony_id = _first_sent(site)
    record = records.get_record(arch, testimony_id)
    word = record.testimony.title.split()[-1]
    assert testimony_id in {row.id for row in records.search_testimonies(arch, word)}
    assert custody_view.record_custody(arch, testimony_id)
    assert audit.verify_custody(arch).intact
    assert audit.check_database(arch) == []
    assert snapshot(arch) == before  # reading wrote nothing


def test_audio_cannot_start_recording_into_an_archive_record(site: Site) -> None:
    site.archive.import_(site.a.bundles[0].path)
    arch = site.archive.ws
    before = snapshot(arch)
    fmt = audio.PcmFormat(sample_rate=48_000, channels=1)
    with pytest.raises(ArchiveRecordsReadOnlyError):
        audio.start_wav_recording(arch, _first_sent(site), fmt)
    assert snapshot(arch) == before
    assert folder_files(arch.layout.root) == before.files  # no blob, not even a temporary


def test_a_revoked_laptops_request_is_refused_as_revoked(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    enrol(coordinator, device, stick)
    enrolment.revoke_device(coordinator.ws, device.fingerprint, reason="laptop seized")
    request = enrolment.read_request(stick / f"request-{device.workspace_id}.json")
    with pytest.raises(DeviceAlreadyEnrolledError) as refused:  # or a type of its own
        enrolment.issue_enrolment(coordinator.ws, request, stick)
    assert "revoked" in refused.value.message
    assert "pack resend" not in refused.value.message


def test_a_devices_own_custody_of_a_testimony_is_shown_checked_against_its_key(
    site: Site,
) -> None:
    testimony_id = _first_sent(site)
    shown = custody_view.testimony_custody(site.a.ws, testimony_id)
    kinds = [entry.kind for entry in shown]
    assert kinds[0] == "create"
    assert "seal" in kinds
    assert all(entry.verified and entry.source == custody_view.DEVICE for entry in shown)
    # A signature that no longer matches its event is shown as such, not hidden.
    db = site.a.ws.connection
    (seq,) = db.execute(
        "SELECT seq FROM custody_events WHERE record_id = ? ORDER BY seq LIMIT 1",
        (str(testimony_id),),
    ).fetchone()
    other = db.execute(
        "SELECT signature FROM custody_events WHERE seq != ? LIMIT 1", (seq,)
    ).fetchone()[0]
    with db:
        db.execute("UPDATE custody_events SET signature = ? WHERE seq = ?", (other, seq))
    assert not custody_view.testimony_custody(site.a.ws, testimony_id)[0].verified


def test_a_laptop_whose_label_predates_the_label_check_is_told_in_one_sentence(
    tmp_path: Path,
) -> None:
    # Made directly, as a workspace made before the set-up checked labels this way.
    ws = make_device(tmp_path / "old", "Laptop 20261127")
    try:
        out = tmp_path / "request.json"
        with pytest.raises(ValidationFailedError, match="label holds more than"):
            enrolment.write_request(ws, out)
        assert not out.exists()
    finally:
        ws.lock()
