"""``consent withdraw`` on the archive records a withdrawal received at the office; ``testimony
show`` prints the consent in force with every withdrawal, marked laptop or office; ``testimony
list`` and ``search`` take ``--allowed-for``.

The archive and devices are made through the services (import_support), then every step under
test runs as the ``fieldapp`` command in this process.
"""

from datetime import UTC, datetime
from uuid import UUID

from fieldapp.domain import ConsentScope
from fieldapp.services import packs, records
from fieldapp.services.office_withdrawals import consent_in_force
from fieldapp.services.withdrawal_packs import write_withdrawal_packs
from tests.fieldapp.services.import_support import Site, sent_by, snapshot, withdraw

from .conftest import CliWorkspace, Runner
from .support import assert_refused, on_site, succeeded

A = ConsentScope
WITHDRAW = ("consent", "withdraw")
BY_PHONE = ("--how", "phone", "--by", "Office, caseworker 02")


def _held(site: Site) -> UUID:
    """Device A's bundle 1 imported; a testimony of it that allows UN reporting and research."""
    [report] = site.archive.import_(site.a.bundles[0].path)
    assert report.outcome == "imported", report.reason
    for text in sorted(sent_by(site.a).testimony_ids()):
        if consent_in_force(site.archive.ws, UUID(text)).allowed_scopes() >= {
            A.UN_REPORTING,
            A.RESEARCH,
        }:
            return UUID(text)
    raise AssertionError("no testimony allows UN reporting and research")


def test_consent_withdraw_on_the_archive_records_an_office_withdrawal(
    site: Site, cli: Runner
) -> None:
    testimony_id = _held(site)
    archive = site.archive.root
    result = succeeded(
        on_site(cli, archive, "--json", *WITHDRAW, str(testimony_id)[:8],
                "--scopes", "un_reporting", *BY_PHONE, "--notes", "Called the office")
    )  # fmt: skip
    recorded = result.json()
    assert (recorded["source"], recorded["scopes"], recorded["how_received"]) == (
        "office",
        ["un_reporting"],
        "phone",
    )
    assert "in force now (received at the office)" in result.err

    shown = succeeded(on_site(cli, archive, "--json", "testimony", "show", str(testimony_id)))
    consent = shown.json()["consent_in_force"]
    assert "un_reporting" not in consent["allowed"]
    assert "research" in consent["allowed"]
    office = [w for w in consent["withdrawals"] if w["source"] == "office"]
    assert [(w["id"], w["in_force"], w["notes"]) for w in office] == [
        (recorded["id"], True, "Called the office")
    ]
    # The archive's signed event is in the testimony's custody, and the audit is clean.
    kinds = [(e["source"], e["kind"], e["verified"]) for e in shown.json()["custody"]]
    assert ("archive", "withdraw", True) in kinds
    audited = succeeded(on_site(cli, archive, "--json", "audit", "verify"))
    assert audited.json()["intact"] is True

    text = succeeded(on_site(cli, archive, "testimony", "show", str(testimony_id))).out
    assert "consent in force: version 1, allows " in text
    assert "un_reporting: received " in text
    assert "at the office (phone), in force" in text


def test_a_use_already_not_allowed_is_withdrawn_with_a_note(site: Site, cli: Runner) -> None:
    """Never refused (the laptop may hold a newer version that allows it): recorded, with a
    note naming the version held, and in the JSON."""
    testimony_id = _held(site)
    succeeded(
        on_site(cli, site.archive.root, *WITHDRAW, str(testimony_id), "--scopes", "research",
                *BY_PHONE)
    )  # fmt: skip
    held = len(site.archive.ws.repository.office_withdrawals_for(testimony_id))
    result = succeeded(
        on_site(cli, site.archive.root, "--json", *WITHDRAW, str(testimony_id),
                "--scopes", "research,un_reporting", *BY_PHONE)
    )  # fmt: skip
    assert result.json()["already_not_allowed"] == ["research"]
    assert "Already not allowed by consent version 1: research." in result.err
    assert len(site.archive.ws.repository.office_withdrawals_for(testimony_id)) == held + 1
    plain = succeeded(
        on_site(cli, site.archive.root, *WITHDRAW, str(testimony_id), "--scopes", "archive",
                *BY_PHONE)
    )  # fmt: skip
    assert "Already not allowed" not in plain.err  # archiving was still allowed before


def test_a_refused_office_withdrawal_is_one_sentence_and_changes_nothing(
    site: Site, cli: Runner
) -> None:
    testimony_id = _held(site)
    before = snapshot(site.archive.ws)
    unknown = on_site(cli, site.archive.root, *WITHDRAW, "0000", "--scopes", "research", *BY_PHONE)
    assert_refused(unknown)
    bad = on_site(
        cli, site.archive.root, *WITHDRAW, str(testimony_id), "--scopes", "all", *BY_PHONE
    )
    assert "scopes" in assert_refused(bad)
    assert snapshot(site.archive.ws) == before


def test_import_says_when_a_version_allows_a_withdrawn_use_again(site: Site, cli: Runner) -> None:
    testimony_id = _held(site)
    archive = site.archive.root
    withdrawn = succeeded(
        on_site(cli, archive, "--json", *WITHDRAW, str(testimony_id), "--scopes", "research",
                *BY_PHONE)
    ).json()  # fmt: skip
    [sent] = write_withdrawal_packs(site.archive.ws, site.a.usb)
    packs.apply_pack(site.a.ws, sent.pack.path)
    # Told, the interviewer takes consent again; the witness agrees to research once more.
    latest = site.a.ws.repository.consents_for(testimony_id)[-1]
    again = latest.model_copy(update={"version": latest.version + 1, "taken_at": datetime.now(UTC)})
    records.add_consent(site.a.ws, again)
    result = succeeded(on_site(cli, archive, "import", site.a.export()))
    assert (
        f"  testimony {testimony_id}: consent version {again.version}, taken after the laptop was"
        " told of the withdrawal received at the office on"
        f" {withdrawn['received_at'][:10]}, allows again: research.\n"
    ) in result.out
    assert consent_in_force(site.archive.ws, testimony_id).allows(A.RESEARCH)


def test_list_and_search_take_allowed_for(site: Site, cli: Runner) -> None:
    testimony_id = _held(site)
    archive = site.archive.root

    def listed(*argv: str) -> list[str]:
        return [row["id"] for row in succeeded(on_site(cli, archive, "--json", *argv)).json()]

    everything = listed("testimony", "list")
    assert str(testimony_id) in listed("testimony", "list", "--allowed-for", "un_reporting")
    succeeded(
        on_site(cli, archive, *WITHDRAW, str(testimony_id), "--scopes", "un_reporting", *BY_PHONE)
    )
    allowed = listed("testimony", "list", "--allowed-for", "un_reporting")
    assert str(testimony_id) not in allowed
    assert set(allowed) < set(everything)
    in_force = {tid: consent_in_force(site.archive.ws, UUID(tid)) for tid in everything}
    expected = [tid for tid in everything if in_force[tid].allows(A.UN_REPORTING)]
    assert allowed == expected
    page = listed("testimony", "list", "--allowed-for", "un_reporting", "--limit", "1")
    assert page == expected[:1]
    word = site.archive.ws.repository.get_testimony(testimony_id).title.split()[0]
    assert str(testimony_id) in listed("testimony", "search", word)
    assert str(testimony_id) not in listed(
        "testimony", "search", word, "--allowed-for", "un_reporting"
    )
    assert str(testimony_id) in listed("testimony", "search", word, "--allowed-for", "research")
    usage = on_site(cli, archive, "testimony", "list", "--allowed-for", "everything")
    assert usage.code == 2


def test_show_marks_the_laptop_s_withdrawals_and_the_superseded(site: Site, cli: Runner) -> None:
    testimony_id = _held(site)
    withdraw(site.a, testimony_id, A.RESEARCH)
    [report] = site.archive.import_(site.a.export())
    assert report.outcome == "imported", report.reason
    succeeded(
        on_site(cli, site.archive.root, *WITHDRAW, str(testimony_id), "--scopes", "un_reporting",
                *BY_PHONE)
    )  # fmt: skip
    consent = succeeded(
        on_site(cli, site.archive.root, "--json", "testimony", "show", str(testimony_id))
    ).json()["consent_in_force"]
    sources = [(w["source"], w["scopes"], w["in_force"]) for w in consent["withdrawals"]]
    assert ("laptop", ["research"], True) in sources
    assert ("office", ["un_reporting"], True) in sources
    assert not {"research", "un_reporting"} & set(consent["allowed"])


def test_consent_withdraw_on_a_laptop_is_as_before_with_json(
    device: CliWorkspace, cli: Runner
) -> None:
    listed = succeeded(device("--json", "testimony", "list")).json()
    testimony_id = listed[0]["id"]
    result = succeeded(device("--json", *WITHDRAW, testimony_id, "--scopes", "research", *BY_PHONE))
    assert (result.json()["source"], result.json()["scopes"]) == ("laptop", ["research"])
    shown = succeeded(device("--json", "testimony", "show", testimony_id)).json()
    assert [w["scopes"] for w in shown["withdrawals"]] == [["research"]]
    consent = shown["consent_in_force"]
    assert "research" not in consent["allowed"]
    assert [(w["source"], w["in_force"]) for w in consent["withdrawals"]] == [("laptop", True)]
    assert testimony_id not in [
        row["id"]
        for row in succeeded(
            device("--json", "testimony", "list", "--allowed-for", "research")
        ).json()
    ]
