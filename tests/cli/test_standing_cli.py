"""Repairs through the command line: accept-gap, the lost bundle found, custody in testimony show
and audit verify, reinstate, pack resend, and fingerprints read aloud as digits.

Archives and devices are made through the services with the fast parameters (their own
passphrase), then every step under test runs as the ``fieldapp`` command in this process.
"""

from pathlib import Path

from fieldapp.domain import ConfidentialityLevel
from fieldapp.services import enrolment, packs
from fieldapp.sync.spoken import parse_spoken_fingerprint
from tests.fieldapp.services import test_enrolment_support as enrolment_support
from tests.fieldapp.services.import_support import Site, add_demo

from .conftest import Runner
from .support import assert_refused, on_site, succeeded

REASON = "Stick lost at the checkpoint"


def test_a_lost_bundle_through_the_cli(site: Site, cli: Runner) -> None:
    archive = site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    add_demo(site.a, 2, seed=81)
    lost = site.a.export()
    add_demo(site.a, 2, seed=82)
    third = site.a.export()
    succeeded(on_site(cli, archive, "import", first))

    refused = on_site(cli, archive, "import", third)
    assert "bundle 2 from this device is missing" in assert_refused(refused, hint=True)
    assert f"accept-gap {site.a.fingerprint} --through 2" in refused.err_lines[1]

    accepted = succeeded(
        on_site(cli, archive, "--json", "device", "accept-gap", site.a.fingerprint,
            "--through", "2", "--reason", REASON)
    )  # fmt: skip
    assert (accepted.json()["first"], accepted.json()["through"]) == (2, 2)
    again = on_site(
        cli, archive, "device", "accept-gap", site.a.fingerprint, "--through", "2",
        "--reason", REASON,
    )  # fmt: skip
    assert "no gap to accept" in assert_refused(again, hint=True)
    succeeded(on_site(cli, archive, "import", third))

    roster = site.tmp / "roster.json"
    succeeded(on_site(cli, archive, "roster", "export", "--out", roster))
    coordinator = site.archive.ws.fingerprint
    verified = succeeded(
        cli("verify", first, third, "--roster", roster, "--coordinator", coordinator)
    )
    assert "missing, accepted as lost by the coordinator: 2" in verified.out
    as_json = succeeded(cli("verify", first, third, "--roster", roster, "--json"))
    assert as_json.json()["devices"][0]["accepted"] == [{"first": 2, "through": 2}]
    # Without --coordinator the roster's signer is only named, for a person to compare: a
    # script reading the JSON sees that it was not confirmed.
    assert as_json.json()["roster"]["coordinator"] == coordinator
    assert as_json.json()["roster"]["coordinator_confirmed"] is False
    confirmed = cli(
        "verify", first, third, "--roster", roster, "--coordinator", coordinator, "--json"
    )
    assert succeeded(confirmed).json()["roster"]["coordinator_confirmed"] is True

    listed = succeeded(on_site(cli, archive, "--json", "device", "list")).json()
    (mine,) = [d for d in listed if d["fingerprint"] == site.a.fingerprint]
    assert (mine["last_bundle"], mine["accepted_gaps"][0]["first"]) == (3, 2)
    table = succeeded(on_site(cli, archive, "device", "list")).out
    assert "gaps accepted" in table
    assert "reinstated" in table

    found = succeeded(on_site(cli, archive, "import", lost))
    assert "(bundle 2)" in found.out
    assert "custody chain intact" in succeeded(on_site(cli, archive, "audit", "verify")).out


def test_testimony_show_on_the_archive_lists_the_custody_and_audit_checks_it(
    site: Site, cli: Runner
) -> None:
    archive = site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    succeeded(on_site(cli, archive, "import", first))
    testimony = next(r.testimony for r in site.a.demo if r.seal)
    shown = succeeded(on_site(cli, archive, "testimony", "show", str(testimony.id))).out
    lines = shown.splitlines()
    start = lines.index("custody:")
    assert f"  device {site.a.fingerprint} event " in lines[start + 1]
    assert ": create version 1," in lines[start + 1]
    assert any(": import," in line and line.startswith("  archive ") for line in lines[start:])
    assert "SIGNATURE NOT VALID" not in shown
    custody = succeeded(
        on_site(cli, archive, "--json", "testimony", "show", str(testimony.id))
    ).json()["custody"]
    assert custody[0]["source"] == "device"
    archive_kinds = [c["kind"] for c in custody if c["source"] == "archive"]
    assert archive_kinds[0] == "import"
    # Each show of a strictly confidential testimony is the archive's own access event.
    strict = testimony.confidentiality is ConfidentialityLevel.STRICTLY_CONFIDENTIAL
    assert archive_kinds[1:] == (["access", "access"] if strict else [])
    assert all(c["verified"] for c in custody)

    first_event = custody[0]["seq"]
    site.archive.ws.connection.execute(
        "UPDATE device_custody SET signature = 'x' WHERE seq = ?", (first_event,)
    )
    refused = on_site(cli, archive, "audit", "verify")
    message = assert_refused(refused)
    assert site.a.fingerprint in message
    assert f"custody event {first_event}" in message
    assert (
        "SIGNATURE NOT VALID" in on_site(cli, archive, "testimony", "show", str(testimony.id)).out
    )


def test_enrolment_resend_reinstate_and_spoken_fingerprints(tmp_path: Path, cli: Runner) -> None:
    tmp_path.chmod(0o700)
    stick = tmp_path / "stick"
    stick.mkdir()
    coordinator = enrolment_support.make_archive(tmp_path / "archive")
    device = enrolment_support.make_device(tmp_path / "device", "Laptop C")
    archive_root, device_root = coordinator.ws.layout.root, device.layout.root

    requested = succeeded(
        on_site(cli, device_root, "--json", "enrol", "request", "--out", stick / "r.json")
    )
    spoken = requested.json()["spoken_fingerprint"]
    assert parse_spoken_fingerprint(spoken) == device.fingerprint
    text = succeeded(on_site(cli, device_root, "enrol", "request", "--out", stick / "r2.json"))
    assert f"spoken fingerprint: {spoken}" in text.out

    # The coordinator types the digits heard on the phone.
    issued = succeeded(
        on_site(cli, archive_root, "--json", "enrol", "issue", stick / "r.json", "--out", stick,
            "--expect-fingerprint", spoken)
    )  # fmt: skip
    coordinator_spoken = issued.json()["spoken_coordinator_fingerprint"]
    assert parse_spoken_fingerprint(coordinator_spoken) == coordinator.fingerprint
    Path(issued.json()["pack"]).unlink()  # lost on the way

    resent = stick / "resent"
    resent.mkdir()
    [pack] = succeeded(
        on_site(cli, archive_root, "--json", "pack", "resend", device.fingerprint, "--out", resent)
    ).json()
    applied = succeeded(
        on_site(cli, device_root, "--json", "pack", "apply", pack,
            "--expect-fingerprint", coordinator_spoken)
    )  # fmt: skip
    assert applied.json()["spoken_coordinator_fingerprint"] == coordinator_spoken
    assert applied.json()["kind"] == "enrolment"

    refused = on_site(
        cli, archive_root, "device", "reinstate", device.fingerprint, "--reason", REASON,
        "--out", stick,
    )  # fmt: skip
    assert "not revoked" in assert_refused(refused)
    succeeded(on_site(cli, archive_root, "device", "revoke", device.fingerprint))
    reinstated = succeeded(
        on_site(cli, archive_root, "--json", "device", "reinstate", device.fingerprint,
            "--reason", REASON, "--out", stick)
    )  # fmt: skip
    assert reinstated.json()["sequence"] == 2
    succeeded(on_site(cli, device_root, "pack", "apply", reinstated.json()["pack"]))
    status = succeeded(on_site(cli, device_root, "--json", "enrol", "status")).json()
    assert status["this_device_revoked"] is False
    assert status["last_pack"] == 2
    coordinator.ws.lock()
    device.lock()


def test_a_fingerprint_that_is_neither_form_is_a_usage_error(tmp_path: Path, cli: Runner) -> None:
    result = cli(
        "--workspace", tmp_path, "pack", "apply", tmp_path / "p", "--expect-fingerprint", "12345"
    )
    assert result.code == 2
    assert "80 digits" in result.err


def test_the_spoken_form_is_handed_on_by_the_service_for_the_ui() -> None:
    assert enrolment.spoken_fingerprint is not None
    assert enrolment.parse_spoken_fingerprint is parse_spoken_fingerprint


def test_after_a_reinstatement_the_cli_refuses_bundles_made_while_revoked(
    site: Site, cli: Runner
) -> None:
    archive = site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    succeeded(on_site(cli, archive, "import", first))
    succeeded(on_site(cli, archive, "device", "revoke", site.a.fingerprint, "--reason", "lost"))
    add_demo(site.a, 3, seed=83)
    while_revoked = site.a.export()
    pack = succeeded(
        on_site(cli, archive, "--json", "device", "reinstate", site.a.fingerprint,
            "--reason", REASON, "--out", site.tmp)
    ).json()["pack"]  # fmt: skip
    packs.apply_pack(site.a.ws, Path(pack))
    add_demo(site.a, 3, seed=84)
    after = site.a.export()
    assert "while it was revoked" in assert_refused(on_site(cli, archive, "import", while_revoked))
    assert "(bundle 3)" in succeeded(on_site(cli, archive, "import", after)).out
    assert "while it was revoked" in assert_refused(on_site(cli, archive, "import", while_revoked))
    assert "custody chain intact" in succeeded(on_site(cli, archive, "audit", "verify")).out


def test_a_lost_acknowledgement_of_a_reinstatement_through_the_cli(site: Site, cli: Runner) -> None:
    archive = site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    succeeded(on_site(cli, archive, "import", first))
    succeeded(on_site(cli, archive, "device", "revoke", site.a.fingerprint, "--reason", "lost"))
    pack = succeeded(
        on_site(cli, archive, "--json", "device", "reinstate", site.a.fingerprint,
            "--reason", REASON, "--out", site.tmp)
    ).json()["pack"]  # fmt: skip
    packs.apply_pack(site.a.ws, Path(pack))
    add_demo(site.a, 2, seed=85)
    site.a.export()  # bundle 2, carrying the acknowledgement: lost on the stick
    add_demo(site.a, 2, seed=86)
    third = site.a.export()
    refusal = assert_refused(on_site(cli, archive, "import", third))
    assert "does not acknowledge the reinstatement" in refusal
    assert "bundle resend" not in refusal

    plain = succeeded(
        on_site(cli, archive, "device", "accept-gap", site.a.fingerprint, "--through", "2",
            "--reason", REASON)
    )  # fmt: skip
    assert "will now import" not in plain.err
    assert "bundle 3 will still be refused" in plain.err
    assert "accept that it did with --acknowledged-in-gap" in plain.err
    assert_refused(on_site(cli, archive, "import", third))

    vouched = succeeded(
        on_site(cli, archive, "--json", "device", "accept-gap", site.a.fingerprint,
            "--through", "2", "--reason", REASON, "--acknowledged-in-gap")
    ).json()  # fmt: skip
    assert (vouched["through"], vouched["acknowledged_in_gap"]) == (2, True)
    assert vouched["awaiting_acknowledgement"] is False
    assert "(bundle 3)" in succeeded(on_site(cli, archive, "import", third)).out
    assert "custody chain intact" in succeeded(on_site(cli, archive, "audit", "verify")).out
