"""``pack withdrawals`` on the archive writes the office's withdrawals to the laptops that sent
the testimonies; ``pack apply`` on the laptop says what it learned; ``testimony show`` there
shows the uses withdrawn at the office; a second run sends nothing; the audit is clean on both.

The archive and devices are made through the services (import_support), then every step under
test runs as the ``fieldapp`` command in this process.
"""

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.domain import ConsentScope
from fieldapp.services.office_withdrawals import consent_in_force
from tests.fieldapp.services.import_support import Device, Site, make_site, sent_by

from .conftest import Runner
from .support import assert_refused, on_site, succeeded

A = ConsentScope
BY_PHONE = ("--how", "phone", "--by", "Office, caseworker 02")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """Five testimonies a device: enough for one that allows recontact and research."""
    made = make_site(tmp_path, count=5)
    yield made
    made.close()


def _held(site: Site) -> tuple[Device, UUID]:
    """Both bundles imported; a device and a testimony it sent that allows recontact and
    research."""
    for device in (site.a, site.b):
        [report] = site.archive.import_(device.bundles[0].path)
        assert report.outcome == "imported", report.reason
    for device in (site.a, site.b):
        for text in sorted(sent_by(device).testimony_ids()):
            allowed = consent_in_force(site.archive.ws, UUID(text)).allowed_scopes()
            if allowed >= {A.RECONTACT, A.RESEARCH, A.ARCHIVE}:
                return device, UUID(text)
    raise AssertionError("no testimony allows recontact and research")


def test_the_office_withdrawals_reach_the_laptop(site: Site, cli: Runner, tmp_path: Path) -> None:
    device, testimony_id = _held(site)
    archive, laptop = site.archive.root, device.ws.layout.root
    for scope in ("recontact", "research"):
        succeeded(
            on_site(cli, archive, "consent", "withdraw", str(testimony_id), "--scopes", scope,
                    *BY_PHONE)
        )  # fmt: skip
    out = tmp_path / "packs"
    out.mkdir()

    written = succeeded(on_site(cli, archive, "--json", "pack", "withdrawals", "--out", out))
    [row] = written.json()
    assert (row["device"], row["withdrawals"], row["testimonies"]) == (device.fingerprint, 2, 1)
    assert Path(row["pack"]).parent == out

    applied = succeeded(on_site(cli, laptop, "pack", "apply", row["pack"]))
    assert "2 withdrawals received at the office, for 1 testimony" in applied.err
    again = succeeded(on_site(cli, laptop, "--json", "pack", "apply", row["pack"]))
    assert again.json()["already_applied"] is True

    shown = succeeded(on_site(cli, laptop, "--json", "testimony", "show", str(testimony_id)))
    consent = shown.json()["consent_in_force"]
    assert "recontact" not in consent["allowed"]
    assert "research" not in consent["allowed"]
    assert "archive" in consent["allowed"]
    office = [w for w in consent["withdrawals"] if w["source"] == "office"]
    assert sorted(s for w in office for s in w["scopes"]) == ["recontact", "research"]
    assert all(w["in_force"] for w in office)
    text = succeeded(on_site(cli, laptop, "testimony", "show", str(testimony_id))).out
    assert "at the office (phone), in force" in text

    nothing = succeeded(on_site(cli, archive, "pack", "withdrawals", "--out", out))
    assert "No withdrawals to send" in nothing.err
    assert (
        succeeded(on_site(cli, archive, "--json", "pack", "withdrawals", "--out", out)).json() == []
    )
    assert len(list(out.iterdir())) == 1
    for root in (archive, laptop):
        assert succeeded(on_site(cli, root, "--json", "audit", "verify")).json()["intact"] is True


def test_the_json_of_pack_apply_lists_what_was_received(
    site: Site, cli: Runner, tmp_path: Path
) -> None:
    device, testimony_id = _held(site)
    archive, laptop = site.archive.root, device.ws.layout.root
    recorded = succeeded(
        on_site(cli, archive, "--json", "consent", "withdraw", str(testimony_id), "--scopes",
                "recontact", *BY_PHONE)
    ).json()  # fmt: skip
    out = tmp_path / "packs"
    out.mkdir()
    [row] = succeeded(on_site(cli, archive, "--json", "pack", "withdrawals", "--out", out)).json()
    applied = succeeded(on_site(cli, laptop, "--json", "pack", "apply", row["pack"])).json()
    assert applied["kind"] == "withdrawal"
    assert applied["details"]["received"] == [
        {"id": recorded["id"], "testimony_id": str(testimony_id), "scopes": ["recontact"]}
    ]


def test_pack_withdrawals_is_the_archive_s(site: Site, cli: Runner, tmp_path: Path) -> None:
    refused = on_site(cli, site.a.ws.layout.root, "pack", "withdrawals", "--out", tmp_path)
    assert_refused(refused)
    missing = on_site(cli, site.archive.root, "pack", "withdrawals", "--out", tmp_path / "gone")
    assert "does not exist" in assert_refused(missing)
