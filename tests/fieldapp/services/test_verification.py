"""The auditor's service: rosters in both forms (signed roster.json, allowed_signers), the
coordinator's fingerprint when given, and the report as JSON."""

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crypto import allowed_signers, sshkeys
from crypto.allowed_signers import Entry
from fieldapp.errors import RosterRejectedError, RosterUnreadableError
from fieldapp.sequence_ranges import SequenceRange
from fieldapp.services import verification
from fieldapp.sync import roster as signed_roster
from fieldapp.sync.bundle_writer import WrittenBundle
from fieldapp.sync.manifest import BUNDLE_NAMESPACE
from tests.fieldapp.sync.builders import make_key
from tests.fieldapp.sync.test_bundle_support import Device

COORDINATOR = make_key(9)
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _line(key: object) -> str:
    return sshkeys.public_key_to_openssh(key.public_key())  # type: ignore[attr-defined]


def _roster_files(folder: Path, device: Device, *, last_good: int | None = None) -> Path:
    """roster.json and roster.json.sig, as the archive exports them."""
    line = _line(device.key)
    roster = signed_roster.Roster(
        format=signed_roster.ROSTER_FORMAT,
        archive_id=uuid.uuid4(),
        coordinator={
            "fingerprint": sshkeys.fingerprint(_line(COORDINATOR)),
            "public_key": _line(COORDINATOR),
        },
        created_at=NOW,
        devices=(
            {
                "fingerprint": sshkeys.fingerprint(line),
                "public_key": line,
                "label": "laptop 7",
                "enrolled_at": NOW,
                "revoked_at": NOW if last_good is not None else None,
                "last_good_sequence": last_good,
            },
        ),
    )
    raw, signature = signed_roster.sign_roster(roster, COORDINATOR)
    path = folder / "roster.json"
    path.write_bytes(raw)
    signed_roster.signature_path(path).write_text(signature)
    return path


@pytest.fixture
def bundles(tmp_path: Path) -> tuple[Device, list[WrittenBundle]]:
    device = Device(tmp_path)
    return device, [device.write(blobs=()), device.write(blobs=())]


def test_a_signed_roster_verifies_bundles_and_names_its_coordinator(
    tmp_path: Path, bundles: tuple[Device, list[WrittenBundle]]
) -> None:
    device, written = bundles
    path = _roster_files(tmp_path, device)
    coordinator = sshkeys.fingerprint(_line(COORDINATOR))
    for expected in (None, coordinator):
        roster = verification.load_roster(path, coordinator=expected)
        assert (roster.kind, roster.coordinator, roster.devices) == ("roster", coordinator, 1)
        report = verification.verify_files([b.partial_path for b in written], roster)
        assert report.ok
    document = verification.report_document(report, roster)
    assert json.loads(json.dumps(document))["ok"] is True
    assert [f["status"] for f in document["files"]] == ["OK", "OK"]


def test_a_signed_roster_refuses_bundles_after_a_revocation(
    tmp_path: Path, bundles: tuple[Device, list[WrittenBundle]]
) -> None:
    device, written = bundles
    roster = verification.load_roster(_roster_files(tmp_path, device, last_good=1))
    report = verification.verify_files([b.partial_path for b in written], roster)
    assert [f.ok for f in report.files] == [True, False]


def test_a_roster_by_another_coordinator_or_altered_is_refused(
    tmp_path: Path, bundles: tuple[Device, list[WrittenBundle]]
) -> None:
    device, _ = bundles
    path = _roster_files(tmp_path, device)
    other = sshkeys.fingerprint(_line(make_key(10)))
    with pytest.raises(RosterRejectedError):
        verification.load_roster(path, coordinator=other)
    path.write_bytes(path.read_bytes().replace(b"laptop 7", b"laptop 8"))
    with pytest.raises(RosterRejectedError):
        verification.load_roster(path)


def test_an_allowed_signers_roster_and_its_detached_signature(
    tmp_path: Path, bundles: tuple[Device, list[WrittenBundle]]
) -> None:
    device, written = bundles
    path = tmp_path / "allowed_signers"
    entry = Entry(("laptop-7",), device.key.public_key(), namespaces=(BUNDLE_NAMESPACE,))
    path.write_text(allowed_signers.format([entry]))
    roster = verification.load_roster(path)
    assert (roster.kind, roster.coordinator) == ("allowed_signers", None)
    assert verification.verify_files([written[0].partial_path], roster).ok
    coordinator = sshkeys.fingerprint(_line(COORDINATOR))
    with pytest.raises(RosterUnreadableError):
        verification.load_roster(path, coordinator=coordinator)  # no .sig beside it
    signature = signed_roster.sign_detached(path.read_bytes(), COORDINATOR)
    signed_roster.signature_path(path).write_text(signature)
    assert verification.load_roster(path, coordinator=coordinator).coordinator == coordinator
    with pytest.raises(RosterRejectedError):
        verification.load_roster(path, coordinator=sshkeys.fingerprint(_line(make_key(10))))


@pytest.mark.parametrize("content", [b"not a roster at all\n", b"\xff\xfe", b"x" * (9 << 20)])
def test_an_unreadable_roster_is_said_so(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "roster"
    path.write_bytes(content)
    with pytest.raises(RosterUnreadableError):
        verification.load_roster(path)
    with pytest.raises(RosterUnreadableError):
        verification.load_roster(tmp_path / "absent")


def test_ranges() -> None:
    assert verification.ranges([5, 1, 2, 3, 7, 8, 3]) == "1-3, 5, 7-8"
    assert verification.ranges([]) == ""


def test_spans_text() -> None:
    """A device's gaps, as ``verify`` prints them: by their ends, however wide."""
    gaps = [SequenceRange(2, 2), SequenceRange(4, 2**53 - 2)]
    assert verification.spans_text(gaps) == "2, 4-9007199254740990"
    assert verification.spans_text([]) == ""
