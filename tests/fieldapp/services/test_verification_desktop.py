"""What the desktop app's check of files adds to the auditor's service: the files of a folder,
the report saved as the CLI prints it, and fingerprints typed in either form."""

import json
import os
from pathlib import Path

import pytest

from fieldapp.services import verification
from fieldapp.services.fingerprints import EXPECTED, parse_fingerprint
from fieldapp.sync.bundle_verify import VerificationReport
from fieldapp.sync.spoken import spoken_fingerprint
from fieldapp.sync.verify_rosters import DeviceListRoster

FINGERPRINT = "SHA256:" + "A" * 42 + "E"


def test_a_folder_gives_its_bundles_and_packs_and_those_of_its_folders(tmp_path: Path) -> None:
    for name in ("b.fieldbundle", "a.fieldpack", "roster.json", "notes.fieldbundle.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.fieldbundle").write_bytes(b"x")
    (tmp_path / "loop").symlink_to(tmp_path)  # a link to a folder is not followed

    found = verification.container_files(tmp_path)

    assert found == [
        tmp_path / "a.fieldpack",
        tmp_path / "b.fieldbundle",
        tmp_path / "sub" / "c.fieldbundle",
    ]
    assert verification.container_files(tmp_path, limit=2) == found[:2]


def test_a_folder_that_cannot_be_listed_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        verification.container_files(tmp_path / "gone")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_inside_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "a.fieldbundle").write_bytes(b"x")
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "b.fieldbundle").write_bytes(b"x")
    closed.chmod(0)
    try:
        assert verification.container_files(tmp_path) == [tmp_path / "a.fieldbundle"]
    finally:
        closed.chmod(0o700)


def test_the_saved_report_is_the_document_as_json(tmp_path: Path) -> None:
    roster = verification.LoadedRoster(
        DeviceListRoster([]), verification.SIGNED_ROSTER, FINGERPRINT, 0, confirmed=True
    )
    report = VerificationReport([], [])
    out = tmp_path / "report.json"
    out.write_text("an older report")

    verification.save_report(out, report, roster)

    assert json.loads(out.read_text("utf-8")) == verification.report_document(report, roster)
    assert out.read_bytes() == verification.report_json(report, roster)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_fingerprint_is_read_printed_or_spoken() -> None:
    assert parse_fingerprint(f"  {FINGERPRINT}\n") == FINGERPRINT
    assert parse_fingerprint(spoken_fingerprint(FINGERPRINT)) == FINGERPRINT
    for wrong in ("SHA256:short", "12345 67890", "laptop 7", ""):
        with pytest.raises(ValueError, match="a key fingerprint is SHA256") as refused:
            parse_fingerprint(wrong)
        assert str(refused.value) == EXPECTED


def test_a_device_label_is_found_by_its_fingerprint() -> None:
    roster = verification.LoadedRoster(
        DeviceListRoster([]),
        verification.SIGNED_ROSTER,
        FINGERPRINT,
        1,
        labels=(("SHA256:d", "L"),),
    )
    assert roster.label_of("SHA256:d") == "L"
    assert roster.label_of("SHA256:other") is None
    assert roster.label_of(None) is None
