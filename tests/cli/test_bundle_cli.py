"""``export`` and ``verify`` on the command line: output, exit status, and a real round trip."""

import json
from pathlib import Path

import pytest

from fieldapp.domain import ConsentScope
from tests.fieldapp.services.test_export_support import add_testimony, enrol, withdraw
from tests.fieldapp.sync.test_bundle_support import make_keys

from .conftest import CliWorkspace, Runner, device_roster
from .support import assert_refused


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_export_prints_the_bundle_path_and_then_has_nothing_to_do(
    device: CliWorkspace, usb: Path
) -> None:
    result = device("export", "--out", usb)
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    assert path.parent == usb
    assert path.name.endswith("-000001.fieldbundle")
    assert path.is_file()
    assert "Bundle 1: 1 testimony version" in result.err
    again = device("export", "--out", usb)
    assert again.code == 0
    assert again.out == ""
    assert "Nothing to export" in again.err


def test_export_json(device: CliWorkspace, usb: Path) -> None:
    result = device("--json", "export", "--out", usb)
    assert result.code == 0, result.err
    document = result.json()
    assert document["sequence"] == 1
    assert document["testimonies"] == 1
    assert Path(document["path"]).is_file()
    nothing = device("export", "--out", usb, "--json").json()
    assert nothing["path"] is None


def test_export_says_what_is_held_back(device: CliWorkspace, usb: Path) -> None:
    with device.open() as ws:
        withdraw(ws, add_testimony(ws), ConsentScope.ARCHIVE)
    result = device("export", "--out", usb)
    assert result.code == 0
    assert "Held back by consent: 1" in result.err


def test_export_refuses_clearly(workspace: CliWorkspace, usb: Path, tmp_path: Path) -> None:
    assert "not enrolled" in assert_refused(workspace("export", "--out", usb), hint=True)
    with workspace.open() as ws:
        enrol(ws, make_keys())
    message = assert_refused(workspace("export", "--out", tmp_path / "absent"))
    assert "does not exist" in message


def test_verify_accepts_genuine_bundles_and_refuses_an_altered_one(
    device: CliWorkspace, usb: Path, tmp_path: Path, cli: Runner
) -> None:
    first = Path(device("export", "--out", usb).out.strip())
    with device.open() as ws:
        add_testimony(ws)
    second = Path(device("export", "--out", usb).out.strip())
    roster = device_roster(tmp_path, device)
    result = cli("verify", first, second, "--roster", roster)
    assert result.code == 0, result.out + result.err
    assert f"{first}: OK" in result.out
    assert "bundles 1-2: in order, no gap" in result.out
    altered = tmp_path / "altered.fieldbundle"
    data = bytearray(second.read_bytes())
    data[len(data) // 2] ^= 0x40
    altered.write_bytes(bytes(data))
    refused = cli("verify", first, altered, "--roster", roster)
    assert refused.code == 1
    assert f"{altered}: REFUSED: " in refused.out
    assert refused.err.startswith("fieldapp: error: 1 of 2 files were refused.")


def test_verify_reports_a_gap_and_json(
    device: CliWorkspace, usb: Path, tmp_path: Path, cli: Runner
) -> None:
    paths = []
    for _ in range(3):
        paths.append(Path(device("export", "--out", usb).out.strip()))
        with device.open() as ws:
            add_testimony(ws)
    roster = device_roster(tmp_path, device)
    result = cli("verify", paths[0], paths[2], "--roster", roster, "--json")
    assert result.code == 1
    document = json.loads(result.out)
    assert document["ok"] is False
    assert [f["status"] for f in document["files"]] == ["OK", "REFUSED"]
    assert document["devices"][0]["missing"] == [{"first": 2, "through": 2}]
    text = cli("verify", paths[0], paths[2], "--roster", roster)
    assert "missing: 2" in text.out


def test_verify_with_an_unreadable_roster_is_refused(tmp_path: Path, cli: Runner) -> None:
    roster = tmp_path / "roster"
    roster.write_text("this is no roster\n")
    bundle = tmp_path / "x.fieldbundle"
    bundle.write_bytes(b"PK")
    assert "roster" in assert_refused(cli("verify", bundle, "--roster", roster), hint=True)
    assert cli("verify", "--roster", roster).code == 2
