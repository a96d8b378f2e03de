"""``export`` and ``verify`` on the command line: output, exit status, and a real round trip."""

import json
from pathlib import Path
from uuid import uuid4

import pytest

from fieldapp.domain import ConsentScope
from fieldapp.sync.spoken import spoken_fingerprint
from tests.fieldapp.services.import_support import Site, resign
from tests.fieldapp.services.test_export_support import add_testimony, enrol, withdraw
from tests.fieldapp.sync.test_bundle_support import make_keys

from .conftest import CliWorkspace, Runner, device_roster
from .support import assert_refused, on_site, succeeded


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


# --- the auditor's path, reviewed -----------------------------------------------------------------


def _signed_roster(site: Site, cli: Runner) -> tuple[Path, Path]:
    """The archive's signed roster, and device A's bundle 1."""
    roster = site.tmp / "roster.json"
    succeeded(on_site(cli, site.archive.root, "roster", "export", "--out", roster))
    bundle = site.a.bundles[0].path
    assert bundle is not None
    return roster, bundle


def test_verify_takes_the_coordinator_fingerprint_as_read_aloud(site: Site, cli: Runner) -> None:
    roster, bundle = _signed_roster(site, cli)
    spoken = spoken_fingerprint(site.archive.ws.fingerprint)
    assert len(spoken.split()) == 16
    for given in (spoken, spoken.replace(" ", ""), site.archive.ws.fingerprint):
        result = succeeded(cli("verify", bundle, "--roster", roster, "--coordinator", given))
        expected = f"roster: signed by the coordinator key {site.archive.ws.fingerprint}, as"
        assert expected in result.out


def test_verify_calls_a_fingerprint_in_neither_form_a_usage_error(site: Site, cli: Runner) -> None:
    """Junk, or a typo that leaves neither form, says what is expected (exit 2): not that the
    roster is signed by another key, which would read as a forgery."""
    roster, bundle = _signed_roster(site, cli)
    digits = spoken_fingerprint(site.archive.ws.fingerprint).replace(" ", "")
    printed = site.archive.ws.fingerprint
    for junk in ("coordinator", digits[:-1], digits + "0", digits[:10] + "O" + digits[11:],
                 printed[:-1], printed + "A", printed.replace("SHA256:", "SHA256: ")):  # fmt: skip
        result = cli("verify", bundle, "--roster", roster, "--coordinator", junk)
        assert result.code == 2, (junk, result)
        assert "80 digits" in result.err, result.err
        assert "SHA256:" in result.err
        assert "another key" not in result.err
    # A well-formed fingerprint of another key is a real mismatch: refused, exit 1.
    other = spoken_fingerprint(site.a.fingerprint)
    refused = assert_refused(cli("verify", bundle, "--roster", roster, "--coordinator", other))
    assert "another key than the coordinator key expected" in refused


def test_verify_lists_one_bundle_given_twice_once_and_refuses_a_fork(
    site: Site, cli: Runner
) -> None:
    roster, bundle = _signed_roster(site, cli)
    copy = site.tmp / "copy.fieldbundle"
    copy.write_bytes(bundle.read_bytes())
    for second in (bundle, copy):
        result = succeeded(cli("verify", bundle, second, "--roster", roster))
        assert f"{bundle}: OK (device {site.a.fingerprint}, bundle 1)\n" in result.out
        assert (
            f"{second}: OK (device {site.a.fingerprint}, bundle 1;"
            f" the same bundle as {bundle}, listed twice)"
        ) in result.out
        assert "replay" not in result.out + result.err
        assert "bundle 1: in order, no gap" in result.out
        # The coordinator's key also as the numbers read aloud, to compare by telephone.
        spoken = spoken_fingerprint(site.archive.ws.fingerprint)
        assert f"(or pass --coordinator), read as numbers: {spoken}\n" in result.out
    fork = site.tmp / "fork.fieldbundle"
    fork.write_bytes(resign(bundle.read_bytes(), site.a.key, bundle_id=uuid4()))
    refused = cli("verify", bundle, fork, "--roster", roster, "--json")
    assert refused.code == 1
    assert [f["status"] for f in refused.json()["files"]] == ["REFUSED", "REFUSED"]
    assert refused.json()["devices"][0]["forks"] == [1]


def test_refusals_end_in_one_full_stop(site: Site, cli: Runner, device: CliWorkspace) -> None:
    """The reasons are sentences already: neither verify nor import adds a second stop."""
    roster, _ = _signed_roster(site, cli)
    junk = site.tmp / "junk.fieldbundle"
    junk.write_bytes(b"not a zip at all")
    stranger = Path(device("export", "--out", site.tmp).out.strip())
    verified = cli("verify", junk, stranger, "--roster", roster)
    assert f"{junk}: REFUSED: the file is damaged or is not a bundle.\n" in verified.out
    assert "is not enrolled (or the signature was altered).\n" in verified.out
    imported = on_site(cli, site.archive.root, "import", junk, stranger)
    assert imported.code == 1
    errors = [line for line in imported.err_lines if line.startswith("fieldapp: error: ")]
    assert len(errors) == 2, imported.err
    assert errors[0].endswith("not a bundle.")
    assert errors[1].endswith("(or the signature was altered)."), errors[1]
    assert ".." not in verified.out + imported.err
