"""The auditor's path, reviewed: VERIFY.txt followed literally on a bundle of a device revoked
after it made it, and the same bundle given twice to the auditor's verification.

Everything is real: an archive and two enrolled devices (``site``), the device's own bundles,
the revocation through ``enrolment.revoke_device`` and the roster through ``export_roster``,
and the commands of the VERIFY.txt inside the bundle run as they are written, with stock
``ssh-keygen``, ``sha256sum`` and the rest.
"""

import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from uuid import uuid4

import pytest

from fieldapp.services import enrolment, export, verification
from fieldapp.sync.manifest import BUNDLE_NAMESPACE
from fieldapp.sync.verify_rosters import REJECTED_EXPIRED, REJECTED_REVOKED
from fieldapp.sync.verify_text import (
    CREATED_AT_COMMAND,
    FIND_PRINCIPALS_AT_COMMAND,
    FIND_PRINCIPALS_COMMAND,
    MACOS_CHECK_SUMS_COMMAND,
    PRINCIPAL_PLACEHOLDER,
    PYTHON_CREATED_AT_COMMAND,
    TIME_PLACEHOLDER,
    UNZIP_COMMAND,
    VERIFY_NAME,
    verify_at_command,
    verify_command,
)

from .import_support import Site, add_demo, make_site, manifest_of, resign

TOOLS = ("ssh-keygen", "sha256sum", "python3", "grep", "sed", "cut", "sort", "find", "diff")
#: How VERIFY.txt sets a command apart: on a line of its own, indented seven spaces.
COMMAND_INDENT = " " * 7
#: The device's clock when it made its bundle, and the archive's when it revoked the device,
#: behind the real one: so that "now", when ssh-keygen runs, is past the revocation by far more
#: than the second the allowed_signers file rounds it to.
MADE_BEHIND = timedelta(hours=2)
REVOKED_BEHIND = timedelta(hours=1)


def _behind(monkeypatch: pytest.MonkeyPatch, module: ModuleType, delta: timedelta) -> None:
    """``module``'s clock ``delta`` behind: a device or archive whose clock reads earlier."""
    real = datetime

    class Behind(real):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return real.now(tz) - delta  # type: ignore[arg-type]

    monkeypatch.setattr(module, "datetime", Behind)


@dataclass
class Revoked:
    """Device A's bundle 1, imported; then device A revoked, and the roster exported."""

    site: Site
    bundle: Path
    roster: Path
    signers: Path


@pytest.fixture
def revoked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Revoked]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    with monkeypatch.context() as patch:
        _behind(patch, export, MADE_BEHIND)
        site = make_site(tmp_path, count=2)
    bundle = site.a.bundles[0].path
    assert bundle is not None
    [report] = site.archive.import_(bundle)
    assert report.outcome == "imported", report
    with monkeypatch.context() as patch:
        _behind(patch, enrolment, REVOKED_BEHIND)
        record = enrolment.revoke_device(site.archive.ws, site.a.fingerprint)
    assert record.last_good_sequence == 1
    roster, signers = tmp_path / "roster.json", tmp_path / "allowed_signers"
    enrolment.export_roster(site.archive.ws, roster, signers)
    assert 'valid-before="' in signers.read_text()
    yield Revoked(site, bundle, roster, signers)
    site.close()


def _sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True)


@dataclass
class Followed:
    """What each command of a VERIFY.txt did, by the command as the text writes it."""

    text: str
    results: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    #: Commands not run: a placeholder the text had not yet given a value for.
    skipped: list[str] = field(default_factory=list)


def _follow(bundle: Path, signers: Path, folder: Path) -> Followed:
    """VERIFY.txt, followed literally: step 1 by hand, then every command line of the text in
    its order, in the folder it says, with the name and the time it says to write in place of
    the placeholders; a command whose placeholder no step has printed yet is not run."""
    folder.mkdir()
    shutil.copyfile(bundle, folder / "container.zip")
    shutil.copyfile(signers, folder / "allowed_signers")
    # The text is the bundle's own: read in memory here, unpacked by its step 2 below.
    with zipfile.ZipFile(bundle) as container:
        followed = Followed(container.read(VERIFY_NAME).decode("ascii"))
    values: dict[str, str] = {}
    cwd = folder
    for command in (
        line[len(COMMAND_INDENT) :]
        for line in followed.text.splitlines()
        if line.startswith(COMMAND_INDENT)
    ):
        if command == "cd contents":
            cwd = folder / "contents"
            continue
        if shutil.which(command.split()[0]) is None and command.split()[0] in ("unzip", "shasum"):
            followed.skipped.append(command)
            continue
        filled = command
        for placeholder in (PRINCIPAL_PLACEHOLDER, TIME_PLACEHOLDER):
            if placeholder in filled and placeholder in values:
                filled = filled.replace(placeholder, values[placeholder])
        if PRINCIPAL_PLACEHOLDER in filled or TIME_PLACEHOLDER in filled:
            followed.skipped.append(command)
            continue
        result = followed.results[command] = _sh(filled, cwd)
        found = command in (FIND_PRINCIPALS_COMMAND, FIND_PRINCIPALS_AT_COMMAND)
        if found and not result.returncode:
            values[PRINCIPAL_PLACEHOLDER] = result.stdout.strip()
        if command in (CREATED_AT_COMMAND, PYTHON_CREATED_AT_COMMAND):
            values[TIME_PLACEHOLDER] = result.stdout.strip()
    assert (folder / "contents" / VERIFY_NAME).read_text() == followed.text
    return followed


def _last_good(roster: Path, fingerprint: str) -> int | None:
    """What roster.json says of a device: the last of its bundles the coordinator accepts."""
    devices = json.loads(roster.read_text())["devices"]
    [device] = [d for d in devices if d["fingerprint"] == fingerprint]
    return device["last_good_sequence"]  # type: ignore[no-any-return]


# --- VERIFY.txt on a revoked device's bundle -----------------------------------------------------


def test_verify_txt_followed_literally_finds_a_revoked_devices_earlier_bundle_genuine(
    revoked: Revoked, tmp_path: Path
) -> None:
    followed = _follow(revoked.bundle, revoked.signers, tmp_path / "audit")
    fingerprint = revoked.site.a.fingerprint
    namespace = BUNDLE_NAMESPACE
    # Step 3 at the time now: the key's line has expired, and the text says where to go.
    found = followed.results[FIND_PRINCIPALS_COMMAND]
    assert found.returncode != 0
    assert "key has expired" in found.stderr, found.stderr
    assert '"key has expired"' in followed.text
    # Step 4 needs the name step 3 did not print: the text sends the auditor to step 4b.
    optional = {UNZIP_COMMAND, MACOS_CHECK_SUMS_COMMAND}  # skipped only where not installed
    assert set(followed.skipped) - optional == {verify_command(namespace)}
    # Step 4b: the time the bundle says it was made, then the signature good at that time.
    manifest = manifest_of(revoked.bundle.read_bytes())
    made = manifest.created_at.astimezone(UTC).strftime("%Y%m%d%H%M%SZ")
    for command in (CREATED_AT_COMMAND, PYTHON_CREATED_AT_COMMAND):
        assert followed.results[command].stdout.strip() == made
    assert followed.results[FIND_PRINCIPALS_AT_COMMAND].stdout == fingerprint + "\n"
    verified = followed.results[verify_at_command(namespace)]
    assert verified.returncode == 0, verified.stderr
    assert f'Good "{namespace}" signature for {fingerprint}' in verified.stdout
    # Steps 5 and 6: every member as signed, and nothing more.
    for command, result in followed.results.items():
        if command.startswith(("sha256sum", "shasum")):
            assert result.returncode == 0, result.stdout + result.stderr
            assert result.stdout.count(": OK\n") == len(manifest.members)
    compared = followed.results["diff ../expected ../found"]
    assert (compared.returncode, compared.stdout) == (0, "")
    # Every other command of the text ran, and succeeded.
    for command, result in followed.results.items():
        if command != FIND_PRINCIPALS_COMMAND:
            assert result.returncode == 0, (command, result.stderr)
    # What decides, as 4b says: the roster's last good sequence, and fieldapp verify agrees.
    assert manifest.sequence <= (_last_good(revoked.roster, fingerprint) or 0)
    coordinator = revoked.site.archive.ws.fingerprint
    roster = verification.load_roster(revoked.roster, coordinator=coordinator)
    report = verification.verify_files([revoked.bundle], roster)
    assert report.ok, report
    assert (report.files[0].device, report.files[0].sequence) == (fingerprint, 1)


def test_step_4b_refuses_a_bundle_made_after_the_revocation_and_the_roster_one_backdated(
    revoked: Revoked, tmp_path: Path
) -> None:
    """The device, not told yet, makes bundle 2 after its revocation: with its clock right,
    step 4b says the key had expired; with its clock set back, the signature is good at that
    time, but the roster's last good sequence (1) and fieldapp verify refuse it."""
    site = revoked.site
    add_demo(site.a, 1, seed=91)
    honest = site.a.export()
    backdated = tmp_path / "backdated.fieldbundle"
    first = manifest_of(revoked.bundle.read_bytes())
    backdated.write_bytes(
        resign(honest.read_bytes(), site.a.key, created_at=first.created_at + timedelta(minutes=1))
    )
    after = _follow(honest, revoked.signers, tmp_path / "honest")
    # Still expired at the time it gives, so no name: the text says stop, not genuine.
    assert "key has expired" in after.results[FIND_PRINCIPALS_AT_COMMAND].stderr
    assert verify_at_command(BUNDLE_NAMESPACE) in after.skipped
    lied = _follow(backdated, revoked.signers, tmp_path / "lied")
    assert lied.results[verify_at_command(BUNDLE_NAMESPACE)].returncode == 0
    assert manifest_of(backdated.read_bytes()).sequence > (
        _last_good(revoked.roster, site.a.fingerprint) or 0
    )
    roster = verification.load_roster(revoked.roster, coordinator=site.archive.ws.fingerprint)
    report = verification.verify_files([revoked.bundle, backdated], roster)
    assert [check.ok for check in report.files] == [True, False]
    assert report.files[1].reason == REJECTED_REVOKED


# --- the same bundle given twice -----------------------------------------------------------------


@pytest.fixture
def site_roster(site: Site) -> verification.LoadedRoster:
    path = site.tmp / "roster.json"
    enrolment.export_roster(site.archive.ws, path)
    return verification.load_roster(path, coordinator=site.archive.ws.fingerprint)


def test_one_bundle_given_twice_is_listed_twice_not_a_replay(
    site: Site, site_roster: verification.LoadedRoster
) -> None:
    bundle = site.a.bundles[0].path
    assert bundle is not None
    copy = site.tmp / "other-stick" / bundle.name
    copy.parent.mkdir()
    shutil.copyfile(bundle, copy)
    for paths in ([bundle, bundle], [bundle, copy]):
        report = verification.verify_files(paths, site_roster)
        assert report.ok, report
        first, second = report.files
        assert not isinstance(first, verification.RepeatedCheck)
        assert isinstance(second, verification.RepeatedCheck)
        assert (second.path, second.same_as) == (str(paths[1]), str(bundle))
        assert (second.device, second.sequence, second.digest) == (
            first.device,
            first.sequence,
            first.digest,
        )
        [chain] = report.devices
        assert (chain.sequences, chain.replays, chain.intact) == ([1], [], True)
        document = verification.report_document(report, site_roster)
        assert [f["same_as"] for f in document["files"]] == [None, str(bundle)]
        assert [f["status"] for f in document["files"]] == ["OK", "OK"]


def test_a_different_bundle_with_the_same_sequence_is_still_a_fork(
    site: Site, site_roster: verification.LoadedRoster
) -> None:
    """Signed by the device's own key, with another bundle id: another bundle, sequence 1."""
    bundle = site.a.bundles[0].path
    assert bundle is not None
    other = site.tmp / "other.fieldbundle"
    other.write_bytes(resign(bundle.read_bytes(), site.a.key, bundle_id=uuid4()))
    report = verification.verify_files([bundle, bundle, other], site_roster)
    assert not report.ok
    assert [check.ok for check in report.files] == [False, False, False]
    assert all("(a fork)" in (check.reason or "") for check in report.files)
    assert isinstance(report.files[1], verification.RepeatedCheck)
    assert not isinstance(report.files[2], verification.RepeatedCheck)
    [chain] = report.devices
    assert (chain.forks, chain.replays) == ([1], [])


def test_a_copy_that_differs_is_checked_on_its_own(
    site: Site, site_roster: verification.LoadedRoster
) -> None:
    """Same manifest, one member altered: not the same bundle, refused for its member."""
    bundle = site.a.bundles[0].path
    assert bundle is not None
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    altered = site.tmp / "altered.fieldbundle"
    altered.write_bytes(bytes(data))
    report = verification.verify_files([bundle, altered], site_roster)
    assert [check.ok for check in report.files] == [True, False]
    assert not isinstance(report.files[1], verification.RepeatedCheck)


def test_an_allowed_signers_roster_does_not_claim_a_revocation_came_first(
    revoked: Revoked,
) -> None:
    roster = verification.load_roster(revoked.signers)
    [check] = verification.verify_files([revoked.bundle], roster).files
    assert not check.ok  # the key's line has expired, as ssh-keygen -Y verify finds
    assert check.reason == REJECTED_EXPIRED
    assert "before it made this bundle" not in check.reason
