"""``fieldapp custodian show``: the custodian's identities files opened from the command line,
with no workspace, against a real archive and real bundles."""

from pathlib import Path
from uuid import uuid4

import pytest

from crypto.sshkeys import public_key_to_openssh
from fieldapp.cli.archive_init import CUSTODIAN_PASSPHRASE_ENV
from fieldapp.cli.commands_custodian import NOT_VERIFIED, _plain, _print_file
from fieldapp.services import archive
from fieldapp.services.custodian import IdentitiesFile
from fieldapp.services.enrolment import export_roster
from tests.fieldapp.services.import_support import (
    CUSTODIAN_FOLDER,
    CUSTODIAN_PASSPHRASE,
    WORK_FACTOR,
    Device,
    Site,
)
from tests.fieldapp.services.test_custodian import (
    beside,
    bundle_of,
    copy_kept,
    every_file,
    kept_file,
    sent_identities,
)

from .conftest import Runner
from .support import Result, assert_refused


@pytest.fixture(autouse=True)
def _no_custodian_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CUSTODIAN_PASSPHRASE_ENV, raising=False)


@pytest.fixture
def imported(site: Site) -> Site:
    site.archive.import_(bundle_of(site.a), bundle_of(site.b))
    return site


def show(cli: Runner, site: Site, *argv: str | Path, **env: str) -> Result:
    env.setdefault(CUSTODIAN_PASSPHRASE_ENV, CUSTODIAN_PASSPHRASE)
    return cli("custodian", "show", *argv, "--identity", site.archive.custodian_file, **env)


def test_json_shows_exactly_the_identities_each_device_sent(cli: Runner, imported: Site) -> None:
    paths = [kept_file(imported, imported.a), kept_file(imported, imported.b)]
    result = show(cli, imported, *paths, "--json")
    assert result.code == 0, result
    documents = result.json()
    assert [d["path"] for d in documents] == [str(p) for p in paths]
    for document, device in zip(documents, (imported.a, imported.b), strict=True):
        assert document["device"] == device.fingerprint
        assert document["sequence"] == 1
        assert document["from_bundle"] is False
        sent = [i.model_dump(mode="json") for i in sent_identities(device)]
        assert sorted(document["identities"], key=lambda i: i["pseudonym"]) == sent


def test_text_shows_each_pseudonym_with_the_real_name_and_fields(
    cli: Runner, imported: Site
) -> None:
    sent = sent_identities(imported.a) + sent_identities(imported.b)
    before = every_file(imported.tmp)
    result = show(cli, imported, kept_file(imported, imported.a), bundle_of(imported.b))
    # Nothing written anywhere (taken before anything else reads a database again).
    assert every_file(imported.tmp) == before
    assert result.code == 0, result
    out = result.out
    for identity in sent:
        assert f"{identity.pseudonym} → {identity.names[0]}" in out
        for name in identity.names[1:]:
            assert name in out
        assert f"recorded: by {identity.recorded_by}" in out
        for relative in identity.family_at_risk:
            assert relative.relationship in out
    assert f"bundle 1 of device {imported.a.fingerprint}" in out
    assert "(bundle)" in out
    assert "(identities file)" in out
    assert result.err.strip() == f"{len(sent)} witness identities from 2 files."


def test_a_bundle_given_directly_needs_no_archive(cli: Runner, site: Site) -> None:
    """Before any import, the device's bundle alone: the custodian needs no workspace."""
    result = show(cli, site, bundle_of(site.a), "--json")
    assert result.code == 0, result
    [document] = result.json()
    assert document["from_bundle"] is True
    sent = [i.model_dump(mode="json") for i in sent_identities(site.a)]
    assert sorted(document["identities"], key=lambda i: i["pseudonym"]) == sent
    assert not (site.archive.root / CUSTODIAN_FOLDER).exists()


def test_the_passphrase_from_a_file(cli: Runner, imported: Site, tmp_path: Path) -> None:
    secret = tmp_path / "custodian-passphrase"
    secret.write_text(CUSTODIAN_PASSPHRASE + "\n")
    secret.chmod(0o600)
    result = cli(
        "custodian",
        "show",
        kept_file(imported, imported.a),
        "--identity",
        imported.archive.custodian_file,
        "--custodian-passphrase-file",
        secret,
        "--json",
    )
    assert result.code == 0, result
    assert len(result.json()) == 1


def test_a_wrong_passphrase_is_one_sentence(cli: Runner, imported: Site) -> None:
    result = show(
        cli,
        imported,
        kept_file(imported, imported.a),
        **{CUSTODIAN_PASSPHRASE_ENV: "not the custodian's"},
    )
    message = assert_refused(result)
    assert message.endswith("The custodian passphrase is wrong; nothing was shown.")
    assert result.out == ""


def test_no_passphrase_and_no_terminal_is_refused(cli: Runner, imported: Site) -> None:
    result = cli(
        "custodian",
        "show",
        kept_file(imported, imported.a),
        "--identity",
        imported.archive.custodian_file,
    )
    assert_refused(result)
    assert result.out == ""


def test_a_wrong_file_names_the_file_and_shows_nothing(
    cli: Runner, imported: Site, tmp_path: Path
) -> None:
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not an identities file\n")
    result = show(cli, imported, kept_file(imported, imported.a), wrong)
    message = assert_refused(result, hint=True)
    assert message == f"{wrong}: This file is neither a bundle nor an identities file;" + (
        " nothing was shown. Nothing of the other files was shown either: leave this one out to"
        " see them."
    )
    assert result.out == ""
    # Given alone, the sentence is about that file only.
    alone = assert_refused(show(cli, imported, wrong), hint=True)
    said = "This file is neither a bundle nor an identities file; nothing was shown."
    assert alone == f"{wrong}: {said}"


def test_another_custodians_file_is_refused(cli: Runner, imported: Site, tmp_path: Path) -> None:
    other = tmp_path / "other-custodian.age"
    archive.prepare_archive(
        custodian_out=other, custodian_passphrase=CUSTODIAN_PASSPHRASE, work_factor=WORK_FACTOR
    )
    kept = kept_file(imported, imported.a)
    result = cli(
        "custodian",
        "show",
        kept,
        "--identity",
        other,
        **{CUSTODIAN_PASSPHRASE_ENV: CUSTODIAN_PASSPHRASE},
    )
    message = assert_refused(result)
    assert message == f"{kept}: This identities file is encrypted to another custodian, not to" + (
        " this custodian file."
    )


def test_the_identities_file_given_as_the_custodian_file_is_refused(
    cli: Runner, imported: Site
) -> None:
    kept = kept_file(imported, imported.a)
    result = cli(
        "custodian",
        "show",
        kept,
        "--identity",
        kept,
        **{CUSTODIAN_PASSPHRASE_ENV: CUSTODIAN_PASSPHRASE},
    )
    message = assert_refused(result, hint=True)
    assert message.endswith("This is not a custodian file; nothing was shown.")


def test_help_says_the_output_is_the_real_names(cli: Runner) -> None:
    result = cli("custodian", "show", "--help")
    assert result.code == 0
    assert "REAL NAMES" in result.out
    assert "custodian's own" in result.out


def test_usage_errors_exit_2(cli: Runner, imported: Site) -> None:
    assert cli("custodian", "show", kept_file(imported, imported.a)).code == 2  # no --identity
    assert cli("custodian", "show", "--identity", imported.archive.custodian_file).code == 2


def test_control_characters_from_a_file_are_escaped_not_obeyed() -> None:
    assert _plain("Kim\x1b[2J\x07 Chol-su") == "Kim\\x1b[2J\\x07 Chol-su"
    assert _plain("김철수\u202e") == "김철수\\u202e"
    assert _plain("line one\nline two") == "line one\n        line two"


# --- whether a kept file is the one its device signed ---------------------------------------------


def test_a_kept_file_with_its_signed_manifest_says_who_signed_it(
    cli: Runner, imported: Site
) -> None:
    kept = kept_file(imported, imported.a)
    result = show(cli, imported, kept)
    assert result.code == 0, result
    fingerprint = imported.a.fingerprint
    assert f"signed by device {fingerprint} (bundle 1) — not checked against a roster" in result.out
    assert "NOT VERIFIED" not in result.out + result.err
    [document] = show(cli, imported, kept, "--json").json()
    assert (document["verified"], document["signed_by"]) == (True, fingerprint)


def test_a_kept_file_without_a_manifest_beside_it_is_marked_not_verified(
    cli: Runner, imported: Site
) -> None:
    kept = kept_file(imported, imported.a)
    for path in beside(kept):
        path.unlink()  # as every file kept before the archive kept manifests
    result = show(cli, imported, kept, bundle_of(imported.b))
    assert result.code == 0, result
    assert result.out.count(NOT_VERIFIED) == 1
    assert f"signed by device {imported.b.fingerprint}" in result.out
    assert result.err.strip().endswith("from 2 files; 1 of them NOT VERIFIED.")
    [document] = show(cli, imported, kept, "--json").json()
    assert (document["verified"], document["signed_by"]) == (False, None)


def test_a_kept_file_beside_another_bundles_manifest_shows_nothing(
    cli: Runner, imported: Site, tmp_path: Path
) -> None:
    copy = copy_kept(imported, imported.a, tmp_path / "stick", manifest_of_=imported.b)
    result = show(cli, imported, kept_file(imported, imported.b), copy)
    message = assert_refused(result)
    assert message.startswith(f"{copy}: ")
    assert "signed manifest" in message
    assert result.out == ""


def test_a_device_with_escape_sequences_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """Past the inner header's own check (which wants a key fingerprint): the printer escapes
    whatever it is given."""
    found = IdentitiesFile(Path("x.age"), uuid4(), "\x1b[2J\rSHA256:x\u202e\n", 1, (), False)
    _print_file(found)
    out = capsys.readouterr().out
    for char in "\x1b\r\u202e":
        assert char not in out
    assert "SHA256:x\\u202e\\n, bundle id" in out
    assert NOT_VERIFIED in out


# --- --roster: the signing device enrolled, as 'fieldapp verify' asks --------------------------


def allowed_signers_of(path: Path, *devices: Device) -> Path:
    lines = [
        f'device namespaces="fieldapp-bundle@v1" {public_key_to_openssh(d.key.public_key())}\n'
        for d in devices
    ]
    path.write_text("".join(lines))
    return path


def test_with_the_signed_roster_each_file_says_its_device_is_enrolled(
    cli: Runner, imported: Site
) -> None:
    roster = imported.tmp / "roster.json"
    export_roster(imported.archive.ws, roster)
    coordinator = imported.archive.ws.fingerprint
    files = (kept_file(imported, imported.a), bundle_of(imported.b))
    result = show(cli, imported, *files, "--roster", roster, "--coordinator", coordinator)
    assert result.code == 0, result
    enrolled = f"enrolled in the roster signed by the coordinator key {coordinator}"
    assert result.out.count(enrolled) == 2
    assert "not checked against a roster" not in result.out
    documents = show(cli, imported, *files, "--roster", roster, "--json").json()
    assert [(d["roster_checked"], d["roster_coordinator"]) for d in documents] == [
        (True, coordinator)
    ] * 2


def test_a_device_not_in_the_roster_shows_nothing(
    cli: Runner, imported: Site, tmp_path: Path
) -> None:
    roster = allowed_signers_of(tmp_path / "allowed_signers", imported.a)
    ok = show(cli, imported, kept_file(imported, imported.a), "--roster", roster)
    assert ok.code == 0, ok
    assert "enrolled in the roster (an unsigned allowed_signers file)" in ok.out
    refused = show(
        cli, imported, kept_file(imported, imported.a), kept_file(imported, imported.b),
        "--roster", roster,
    )  # fmt: skip
    message = assert_refused(refused)
    assert message.startswith(f"{kept_file(imported, imported.b)}: ")
    assert "not enrolled in the roster" in message
    assert refused.out == ""


def test_with_a_roster_a_kept_file_without_its_manifest_shows_nothing(
    cli: Runner, imported: Site, tmp_path: Path
) -> None:
    kept = kept_file(imported, imported.a)
    for path in beside(kept):
        path.unlink()
    roster = allowed_signers_of(tmp_path / "allowed_signers", imported.a, imported.b)
    result = show(cli, imported, kept, "--roster", roster)
    assert "cannot be checked against the roster" in assert_refused(result)
    assert result.out == ""


def test_coordinator_without_a_roster_is_refused_before_the_passphrase(
    cli: Runner, imported: Site
) -> None:
    result = cli(
        "custodian", "show", kept_file(imported, imported.a),
        "--identity", imported.archive.custodian_file,
        "--coordinator", imported.archive.ws.fingerprint,
    )  # fmt: skip
    assert "--roster" in assert_refused(result)
