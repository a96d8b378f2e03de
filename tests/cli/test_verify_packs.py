"""``fieldapp verify`` on packs beside bundles: text, ``--json``, exit status, both roster forms,
and the pack's VERIFY.txt followed literally with stock ssh-keygen and sha256sum.

The packs are real, written by an archive's services (``make_pack_site``); nothing is mocked.
"""

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.sync.manifest import PACK_FORMAT, PACK_NAMESPACE
from fieldapp.sync.pack_verify import REJECTED_NO_COORDINATOR
from fieldapp.sync.verify_text import (
    CHECK_SUMS_COMMAND,
    COMPARE_LISTS_COMMAND,
    FIND_PRINCIPALS_COMMAND,
    LIST_EXPECTED_COMMAND,
    LIST_FOUND_COMMAND,
    PRINCIPAL_PLACEHOLDER,
    PYTHON_UNZIP_COMMAND,
    SUMS_COMMAND,
    VERIFY_NAME,
    verify_command,
    verify_text,
)
from tests.fieldapp.services.import_support import read_members, write_members
from tests.fieldapp.services.test_enrolment_support import make_archive
from tests.fieldapp.sync.test_pack_verify import PackSite, make_pack_site

from .conftest import Runner
from .support import assert_refused, succeeded

TOOLS = ("ssh-keygen", "sha256sum", "python3", "grep", "sed", "cut", "sort", "find", "diff")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[PackSite]:
    made = make_pack_site(tmp_path)
    yield made
    made.close()


def _recipient(pack: Path) -> str:
    manifest = dict(read_members(pack.read_bytes()))["manifest.json"]
    [recipient] = json.loads(manifest)["recipients"]
    return str(recipient)


def _short(recipient: str) -> str:
    """How the text report shows a recipient: its start and end, either side of an ellipsis."""
    return f"{recipient[:12]}…{recipient[-6:]}"


def _rosters(site: PackSite) -> list[list[str | Path]]:
    """The roster's arguments in every form: signed (with and without the coordinator's
    fingerprint) and allowed_signers."""
    return [
        ["--roster", site.roster],
        ["--roster", site.roster, "--coordinator", site.archive.fingerprint],
        ["--roster", site.allowed],
    ]


def test_verify_passes_packs_and_a_bundle_with_every_roster_form(
    site: PackSite, cli: Runner
) -> None:
    coordinator = site.archive.fingerprint
    to_a = _short(_recipient(site.packs[0]))
    for roster in _rosters(site):
        result = succeeded(cli("verify", *site.packs, site.bundle, site.b_pack, *roster))
        lines = result.out.splitlines()
        assert lines[1:5] == [
            f"{path}: OK ({kind} pack {n} from the coordinator {coordinator}, to {to_a})"
            for n, (path, kind) in enumerate(
                zip(site.packs, ("enrolment", "receipt", "revocation", "vocabulary"), strict=True),
                start=1,
            )
        ]
        assert lines[5] == f"{site.bundle}: OK (device {site.a.fingerprint}, bundle 1)"
        assert lines[6].startswith(f"{site.b_pack}: OK (enrolment pack 1 from the coordinator")
        assert f"device {site.a.fingerprint}: bundle 1: in order, no gap" in lines
        assert f"packs to {to_a} from {coordinator}: 1-4: in order, no gap" in lines
        assert sum(line.startswith("packs to ") for line in lines) == 2
        assert result.err == ""


def test_verify_json_adds_what_each_file_is_and_the_chains_of_packs(
    site: PackSite, cli: Runner
) -> None:
    result = succeeded(cli("verify", site.bundle, *site.packs, "--roster", site.roster, "--json"))
    document = result.json()
    assert set(document) == {"ok", "roster", "files", "devices", "pack_chains"}
    bundle, *packs = document["files"]
    # A bundle's keys and meanings are what auditors' scripts read already; three are added.
    assert {k: bundle[k] for k in ("status", "device", "sequence", "same_as", "reason")} == {
        "status": "OK",
        "device": site.a.fingerprint,
        "sequence": 1,
        "same_as": None,
        "reason": None,
    }
    assert (bundle["container"], bundle["kind"], bundle["recipient"]) == ("bundle", "records", None)
    assert bundle["signer"] == site.a.fingerprint
    recipient = _recipient(site.packs[0])
    assert [(p["container"], p["kind"], p["sequence"]) for p in packs] == [
        ("pack", "enrolment", 1),
        ("pack", "receipt", 2),
        ("pack", "revocation", 3),
        ("pack", "vocabulary", 4),
    ]
    assert {(p["recipient"], p["signer"], p["device"], p["status"]) for p in packs} == {
        (recipient, site.archive.fingerprint, None, "OK")
    }
    [device] = document["devices"]
    assert set(device) == {
        "device", "sequences", "missing", "replays", "forks", "breaks", "accepted", "intact"
    }  # fmt: skip
    assert document["pack_chains"] == [
        {
            "signer": site.archive.fingerprint,
            "recipient": recipient,
            "sequences": [1, 2, 3, 4],
            "missing": [],
            "replays": [],
            "forks": [],
            "breaks": [],
            "intact": True,
        }
    ]


def test_verify_refuses_a_pack_signed_by_another_coordinator_in_one_line(
    site: PackSite, cli: Runner, tmp_path: Path
) -> None:
    rival = make_archive(tmp_path / "rival")
    try:
        forged = site.forged("rival.fieldpack", rival.ws.signing_key, sequence=1, previous=None)
    finally:
        rival.ws.lock()
    for roster in _rosters(site):
        result = cli("verify", site.packs[0], forged, site.bundle, *roster)
        assert result.code == 1
        assert (
            f"{forged}: REFUSED: it was signed by {rival.fingerprint}, not by the coordinator key"
            " trusted here (or the signature was altered).\n"
        ) in result.out
        assert f"{site.packs[0]}: OK (enrolment pack 1" in result.out
        assert result.err_lines == ["fieldapp: error: 1 of 3 files were refused."]


def test_verify_reports_a_missing_pack_and_refuses_the_next(site: PackSite, cli: Runner) -> None:
    result = cli("verify", site.packs[0], site.packs[2], "--roster", site.roster)
    assert result.code == 1
    to_a = _short(_recipient(site.packs[0]))
    assert (
        f"{site.packs[2]}: REFUSED: pack 2 to its device is missing before it (a gap).\n"
        in result.out
    )
    assert f"packs to {to_a} from {site.archive.fingerprint}: 1, 3: missing: 2\n" in result.out
    document = cli("verify", site.packs[0], site.packs[2], "--roster", site.roster, "--json").json()
    assert document["ok"] is False
    assert document["pack_chains"][0]["missing"] == [{"first": 2, "through": 2}]


def test_a_pack_given_twice_is_one_pack_listed_twice(site: PackSite, cli: Runner) -> None:
    """A resent pack is the same bytes: from two sticks, it is one pack, as for bundles."""
    copy = site.folder / "copy.fieldpack"
    copy.write_bytes(site.packs[1].read_bytes())
    result = succeeded(cli("verify", *site.packs[:2], copy, "--roster", site.roster))
    assert f"the same pack as {site.packs[1]}, listed twice)\n" in result.out
    assert "replay" not in result.out
    assert ": 1-2: in order, no gap" in result.out


def test_a_roster_of_device_keys_alone_refuses_packs_and_says_why(
    site: PackSite, cli: Runner
) -> None:
    lines = site.allowed.read_text().splitlines(keepends=True)
    assert "fieldapp coordinator" in lines[-1]
    devices_only = site.folder / "devices_only"
    devices_only.write_text("".join(lines[:-1]))
    result = cli("verify", site.packs[0], site.bundle, "--roster", devices_only)
    assert result.code == 1
    assert f"{site.packs[0]}: REFUSED: {REJECTED_NO_COORDINATOR}\n" in result.out
    assert f"{site.bundle}: OK (device {site.a.fingerprint}, bundle 1)\n" in result.out


def test_a_pack_whose_payload_was_altered_is_refused(site: PackSite, cli: Runner) -> None:
    members = read_members(site.packs[1].read_bytes())
    name, payload = members[2]
    members[2] = (name, payload[:-1] + bytes([payload[-1] ^ 1]))
    altered = site.folder / "altered.fieldpack"
    altered.write_bytes(write_members(members))
    result = cli("verify", altered, "--roster", site.roster)
    assert assert_refused(result) == "1 of 1 file was refused."
    assert f"{altered}: REFUSED: its parts do not match its manifest: it was altered" in result.out


# --- stock tools ---------------------------------------------------------------------------------


def _sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True)


def _follow(pack: Path, allowed: Path, folder: Path) -> tuple[Path, str]:
    """Steps 1 to 3 of the pack's VERIFY.txt: the folder of contents, and the signer's name."""
    folder.mkdir()
    shutil.copyfile(pack, folder / "container.zip")
    shutil.copyfile(allowed, folder / "allowed_signers")
    assert _sh(PYTHON_UNZIP_COMMAND, folder).returncode == 0
    contents = folder / "contents"
    found = _sh(FIND_PRINCIPALS_COMMAND, contents)
    assert found.returncode == 0, found.stderr
    return contents, found.stdout.strip()


def test_stock_tools_follow_a_real_packs_verify_txt_as_fieldapp_does(
    site: PackSite, cli: Runner
) -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    contents, signer = _follow(site.packs[1], site.allowed, site.folder / "audit")
    assert (contents / VERIFY_NAME).read_text() == verify_text(PACK_FORMAT)
    assert signer == site.archive.fingerprint  # the roster's principal for the coordinator
    command = verify_command(PACK_NAMESPACE).replace(PRINCIPAL_PLACEHOLDER, signer)
    verified = _sh(command, contents)
    assert verified.returncode == 0, verified.stderr
    assert f'Good "{PACK_NAMESPACE}" signature for {signer}' in verified.stdout
    assert _sh(SUMS_COMMAND, contents).returncode == 0
    checked = _sh(CHECK_SUMS_COMMAND, contents)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK\n") == 2  # payload.age and VERIFY.txt
    for step in (LIST_EXPECTED_COMMAND, LIST_FOUND_COMMAND):
        assert _sh(step, contents).returncode == 0
    assert _sh(COMPARE_LISTS_COMMAND, contents).stdout == ""
    succeeded(cli("verify", site.packs[1], "--roster", site.allowed))
    # The payload altered: sha256sum says so, and so does fieldapp.
    payload = contents / "payload.age"
    data = bytearray(payload.read_bytes())
    data[-1] ^= 1
    payload.write_bytes(bytes(data))
    failed = _sh(CHECK_SUMS_COMMAND, contents)
    assert failed.returncode != 0
    assert "payload.age: FAILED" in failed.stdout
    members = [(n, bytes(data) if n == "payload.age" else d) for n, d in read_members(
        site.packs[1].read_bytes()
    )]  # fmt: skip
    altered = site.folder / "altered.fieldpack"
    altered.write_bytes(write_members(members))
    assert cli("verify", altered, "--roster", site.allowed).code == 1
