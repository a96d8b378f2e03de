"""A lost bundle's records sent again, through the command line: ``bundle resend`` on the device,
the archive's accept-gap pointing to it, and the rest of the story with the usual commands.

Archives and devices are made through the services (import_support); every step under test runs
as the ``fieldapp`` command in this process.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.domain import RecordStatus
from tests.fieldapp.services.import_support import Site, add_demo, held_by, make_site, sent_by
from tests.fieldapp.workspace.support import PASSPHRASE as SERVICE_PASSPHRASE
from tests.fieldapp.workspace.support import stored_state

from .conftest import Runner
from .support import Result, assert_refused

REASON = "Stick lost at the checkpoint"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path, count=2)
    yield made
    made.close()


def _on(cli: Runner, root: Path, *argv: str | Path) -> Result:
    return cli("--workspace", root, *argv, FIELDAPP_PASSPHRASE=SERVICE_PASSPHRASE)


def _ok(result: Result) -> Result:
    assert result.code == 0, result
    return result


def _lost_and_gap(site: Site, cli: Runner) -> tuple[Path, Path]:
    """Bundles 1 and 3 imported, 2 lost and its gap accepted; returns (lost, third)."""
    archive = site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    add_demo(site.a, 2, seed=81)
    lost = site.a.export()
    add_demo(site.a, 1, seed=82)
    third = site.a.export()
    _ok(_on(cli, archive, "import", first))
    accepted = _ok(
        _on(cli, archive, "device", "accept-gap", site.a.fingerprint, "--through", "2",
            "--reason", REASON)
    )  # fmt: skip
    assert "fieldapp bundle resend SEQ --reason TEXT" in accepted.err
    _ok(_on(cli, archive, "import", third))
    return lost, third


def test_a_lost_bundle_sent_again_through_the_cli(site: Site, cli: Runner) -> None:
    archive, device = site.archive.root, site.a.ws.layout.root
    lost, _ = _lost_and_gap(site, cli)

    resent = _ok(_on(cli, device, "bundle", "resend", "2", "--reason", REASON))
    assert resent.out.startswith("Bundle 2: ")
    assert "will go again in the next export" in resent.out
    assert "testimony version" in resent.out
    assert REASON not in resent.out + resent.err

    exported = _ok(_on(cli, device, "export", "--out", site.a.usb))
    fourth = Path(exported.out.strip())
    assert "Bundle 4:" in exported.err
    _ok(_on(cli, archive, "import", fourth))
    assert held_by(site.archive.ws) == sent_by(site.a)

    receipts = site.tmp / "receipts"
    receipts.mkdir()
    _ok(_on(cli, archive, "receipt", "--out", receipts, "--device", site.a.fingerprint))
    [pack] = receipts.iterdir()
    _ok(_on(cli, device, "pack", "apply", pack))
    statuses = site.a.ws.connection.execute("SELECT DISTINCT status FROM testimonies").fetchall()
    assert statuses == [(RecordStatus.ARCHIVED.value,)]
    _ok(_on(cli, device, "purge", "--archived", "--yes"))

    found = _ok(_on(cli, archive, "import", lost))
    assert "(bundle 2)" in found.out
    for root in (archive, device):
        assert "custody chain intact" in _ok(_on(cli, root, "audit", "verify")).out


def test_resend_as_json(site: Site, cli: Runner) -> None:
    _lost_and_gap(site, cli)
    result = _ok(
        _on(cli, site.a.ws.layout.root, "--json", "bundle", "resend", "2", "--reason", REASON)
    ).json()
    assert result["sequence"] == 2
    assert result["testimonies"] >= 1
    assert set(result) == {
        "sequence", "bundle_id", "resent_at", "testimonies", "consents", "withdrawals",
        "attachments", "identities", "held_back",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("bundle", "resend", "9", "--reason", REASON), "never exported a bundle 9"),
        (("bundle", "resend", "1", "--reason", " "), "reason"),
    ],
)
def test_resend_refusals_change_nothing(
    site: Site, cli: Runner, argv: tuple[str, ...], words: str
) -> None:
    before = stored_state(site.a.ws.connection)
    assert words in assert_refused(_on(cli, site.a.ws.layout.root, *argv))
    assert stored_state(site.a.ws.connection) == before


def test_a_second_resend_is_refused(site: Site, cli: Runner) -> None:
    _lost_and_gap(site, cli)
    device = site.a.ws.layout.root
    _ok(_on(cli, device, "bundle", "resend", "2", "--reason", REASON))
    before = stored_state(site.a.ws.connection)
    again = _on(cli, device, "bundle", "resend", "2", "--reason", REASON)
    assert "already sent again" in assert_refused(again, hint=True)
    assert stored_state(site.a.ws.connection) == before


def test_resend_on_an_archive_is_refused(site: Site, cli: Runner) -> None:
    refused = _on(cli, site.archive.root, "bundle", "resend", "1", "--reason", REASON)
    assert "device" in assert_refused(refused)


def test_resend_without_a_reason_is_a_usage_error(site: Site, cli: Runner) -> None:
    assert _on(cli, site.a.ws.layout.root, "bundle", "resend", "2").code == 2
