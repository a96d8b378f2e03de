"""A full stick through the command line: exit 1, one line saying the disk is full, no
traceback, nothing left on the stick, and the same command working once there is room.

The stick is a small tmpfs filled to the last byte (``small_disk``, needs root); the services'
side of each path is in tests/fieldapp/services/test_full_disk_paths.py.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.services import packs
from tests.fieldapp.services.import_support import Site, snapshot
from tests.fieldapp.small_disk import fill, free, small_disk

from .conftest import CliWorkspace, Runner
from .support import SERVICE_PASSPHRASE, assert_refused, on_site, run_process, succeeded

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")

FULL = "The disk is full"


@pytest.fixture
def full_stick(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "full", "1m") as stick:
        fill(stick)
        yield stick


def _left_on(stick: Path) -> list[str]:
    return sorted(p.name for p in stick.iterdir() if p.name != "filler")


def test_a_receipt_onto_a_full_stick_as_a_real_process(site: Site, full_stick: Path) -> None:
    [report] = site.archive.import_(site.a.bundles[0].path)
    assert report.outcome == "imported", report.reason
    before = snapshot(site.archive.ws)
    argv = ("--workspace", site.archive.root, "receipt", "--out", full_stick)
    env = {"FIELDAPP_PASSPHRASE": SERVICE_PASSPHRASE}
    refused = run_process(*argv, env=env)
    assert assert_refused(refused).startswith(FULL), refused.err
    assert refused.out == ""
    assert _left_on(full_stick) == []
    assert snapshot(site.archive.ws) == before
    free(full_stick)
    done = run_process(*argv, env=env)
    assert done.code == 0, done.err
    [pack] = _left_on(full_stick)
    assert packs.apply_pack(site.a.ws, full_stick / pack).kind == "receipt"


def test_a_roster_onto_a_full_stick(cli: Runner, site: Site, full_stick: Path) -> None:
    argv = (
        "roster", "export",
        "--out", full_stick / "roster.json",
        "--allowed-signers", full_stick / "allowed_signers",
    )  # fmt: skip
    refused = on_site(cli, site.archive.root, *argv)
    assert assert_refused(refused).startswith(FULL), refused.err
    assert _left_on(full_stick) == []
    free(full_stick)
    succeeded(on_site(cli, site.archive.root, *argv))
    assert _left_on(full_stick) == [
        "allowed_signers",
        "allowed_signers.sig",
        "roster.json",
        "roster.json.sig",
    ]


def test_an_enrolment_request_onto_a_full_stick(workspace: CliWorkspace, full_stick: Path) -> None:
    out = full_stick / "request.json"
    refused = workspace("enrol", "request", "--out", out)
    assert assert_refused(refused).startswith(FULL), refused.err
    assert _left_on(full_stick) == []
    free(full_stick)
    succeeded(workspace("enrol", "request", "--out", out))
    assert _left_on(full_stick) == ["request.json"]
