"""A lost bundle's records sent again, through the command line: ``bundle resend`` on the device,
the archive's accept-gap pointing to it, and the rest of the story with the usual commands.

Archives and devices are made through the services (import_support); every step under test runs
as the ``fieldapp`` command in this process.
"""

from pathlib import Path

import pytest

from fieldapp.domain import ConfidentialityLevel, RecordStatus
from fieldapp.services import access
from tests.fieldapp.services.import_support import Site, add_demo, held_by, sent_by
from tests.fieldapp.services.test_access import recorded
from tests.fieldapp.workspace.support import stored_state

from .conftest import Runner
from .support import assert_refused, on_site, succeeded

REASON = "Stick lost at the checkpoint"


def _lost_and_gap(site: Site, cli: Runner) -> tuple[Path, Path]:
    """Bundles 1 and 3 imported, 2 lost and its gap accepted; returns (lost, third)."""
    archive = site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    add_demo(site.a, 2, seed=81)
    lost = site.a.export()
    add_demo(site.a, 1, seed=82)
    third = site.a.export()
    succeeded(on_site(cli, archive, "import", first))
    accepted = succeeded(
        on_site(cli, archive, "device", "accept-gap", site.a.fingerprint, "--through", "2",
            "--reason", REASON)
    )  # fmt: skip
    assert "fieldapp bundle resend SEQ --reason TEXT" in accepted.err
    succeeded(on_site(cli, archive, "import", third))
    return lost, third


def test_a_lost_bundle_sent_again_through_the_cli(site: Site, cli: Runner) -> None:
    archive, device = site.archive.root, site.a.ws.layout.root
    lost, _ = _lost_and_gap(site, cli)

    resent = succeeded(on_site(cli, device, "bundle", "resend", "2", "--reason", REASON))
    assert resent.out.startswith("Bundle 2: ")
    assert "will go again in the next export" in resent.out
    assert "testimony version" in resent.out
    assert "opening" not in resent.out  # bundle 2 carried none
    assert REASON not in resent.out + resent.err

    exported = succeeded(on_site(cli, device, "export", "--out", site.a.usb))
    fourth = Path(exported.out.strip())
    assert "Bundle 4:" in exported.err
    succeeded(on_site(cli, archive, "import", fourth))
    assert held_by(site.archive.ws) == sent_by(site.a)

    receipts = site.tmp / "receipts"
    receipts.mkdir()
    succeeded(on_site(cli, archive, "receipt", "--out", receipts, "--device", site.a.fingerprint))
    [pack] = receipts.iterdir()
    succeeded(on_site(cli, device, "pack", "apply", pack))
    statuses = site.a.ws.connection.execute("SELECT DISTINCT status FROM testimonies").fetchall()
    assert statuses == [(RecordStatus.ARCHIVED.value,)]
    succeeded(on_site(cli, device, "purge", "--archived", "--yes"))

    found = succeeded(on_site(cli, archive, "import", lost))
    assert "(bundle 2)" in found.out
    for root in (archive, device):
        assert "custody chain intact" in succeeded(on_site(cli, root, "audit", "verify")).out


def test_a_resend_says_how_many_openings_it_logs_again(site: Site, cli: Runner) -> None:
    access.open_record(site.a.ws, recorded(site.a.ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL))
    site.a.export()  # bundle 2, whose stick is lost

    resent = succeeded(
        on_site(cli, site.a.ws.layout.root, "bundle", "resend", "2", "--reason", REASON)
    )

    assert resent.out.startswith("Bundle 2: 1 testimony version, ")
    assert resent.out.endswith(
        " will go again in the next export; 1 opening it carried is logged again and goes with"
        " the next export.\n"
    )


def test_resend_as_json(site: Site, cli: Runner) -> None:
    _lost_and_gap(site, cli)
    result = succeeded(
        on_site(cli, site.a.ws.layout.root, "--json", "bundle", "resend", "2", "--reason", REASON)
    ).json()
    assert result["sequence"] == 2
    assert result["testimonies"] >= 1
    assert set(result) == {
        "sequence", "bundle_id", "resent_at", "testimonies", "consents", "withdrawals",
        "attachments", "identities", "held_back", "openings",
    }  # fmt: skip
    assert result["openings"] == 0


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
    assert words in assert_refused(on_site(cli, site.a.ws.layout.root, *argv))
    assert stored_state(site.a.ws.connection) == before


def test_a_second_resend_is_refused(site: Site, cli: Runner) -> None:
    _lost_and_gap(site, cli)
    device = site.a.ws.layout.root
    succeeded(on_site(cli, device, "bundle", "resend", "2", "--reason", REASON))
    before = stored_state(site.a.ws.connection)
    again = on_site(cli, device, "bundle", "resend", "2", "--reason", REASON)
    assert "already sent again" in assert_refused(again, hint=True)
    assert stored_state(site.a.ws.connection) == before


def test_resend_on_an_archive_is_refused(site: Site, cli: Runner) -> None:
    refused = on_site(cli, site.archive.root, "bundle", "resend", "1", "--reason", REASON)
    assert "device" in assert_refused(refused)


def test_resend_without_a_reason_is_a_usage_error(site: Site, cli: Runner) -> None:
    assert on_site(cli, site.a.ws.layout.root, "bundle", "resend", "2").code == 2
