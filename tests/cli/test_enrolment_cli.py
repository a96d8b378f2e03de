"""Enrolment through the command line: init --role archive, enrol request/issue, pack apply,
device revoke, pack revocation, roster export; and their refusals, one line each.

Each unlock of a workspace made by ``init`` costs the real Argon2id half second, so only the
two init tests pay it; the other archives are made fast and driven by the CLI from then on.
"""

from pathlib import Path

import pytest

from crypto import age, allowed_signers
from fieldapp.services import archive
from fieldapp.sync.roster import verify_roster
from fieldapp.workspace import Role, Workspace, WorkspaceLayout
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.enrolment_state import read_enrolment
from tests.crypto.age.agecli import age_with_passphrase

from .conftest import CliWorkspace, Runner
from .support import PARAMS, PASSPHRASE, assert_refused, on_a_terminal, snapshot

CUSTODIAN_PASSPHRASE = "custodian passphrase, kept elsewhere"


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    (tmp_path / "stick").mkdir()
    return tmp_path / "stick"


@pytest.fixture
def fast_archive(tmp_path: Path, cli: Runner) -> CliWorkspace:
    """A classic archive made through the services with the fast parameters."""
    plan = archive.prepare_archive(classic=True, custodian_recipients=[age.generate_x25519()[1]])
    root = tmp_path / "archive"
    ws, code = Workspace.create(root, PASSPHRASE, Role.ARCHIVE, params=PARAMS)
    with ws:
        archive.set_up_archive(ws, plan)
        fingerprint = ws.fingerprint
    return CliWorkspace(root, code, fingerprint, cli)


def _request(device: CliWorkspace, stick: Path) -> tuple[Path, str]:
    path = stick / "request.json"
    result = device("--json", "enrol", "request", "--out", path)
    assert result.code == 0, result.err
    return path, result.json()["fingerprint"]


def _issue(archive_ws: CliWorkspace, device: CliWorkspace, stick: Path) -> Path:
    request, fingerprint = _request(device, stick)
    result = archive_ws(
        "--json", "enrol", "issue", request, "--out", stick, "--expect-fingerprint", fingerprint
    )
    assert result.code == 0, result.err
    return Path(result.json()["pack"])


def test_archive_init_is_post_quantum_with_a_custodian_file(tmp_path: Path, cli: Runner) -> None:
    root = tmp_path / "archive"
    custodian_file = tmp_path / "custodian.age"
    result = cli(
        "--workspace", root, "--json", "init", "--role", "archive",
        "--custodian-out", custodian_file,
        FIELDAPP_PASSPHRASE=PASSPHRASE,
        FIELDAPP_CUSTODIAN_PASSPHRASE=CUSTODIAN_PASSPHRASE,
    )  # fmt: skip
    assert result.code == 0, result.err
    output = result.json()
    assert output["archive_keys"] == "hybrid"
    assert output["archive_recipients"][0].startswith("age1pq1")
    [custodian] = output["custodian_recipients"]
    assert custodian.startswith("age1pq1")
    assert output["custodian_file"] == str(custodian_file)
    # The stock age CLI opens the custodian file with the custodian's passphrase alone.
    opened = tmp_path / "custodian.key"
    assert (
        age_with_passphrase("-d", "-o", opened, custodian_file, passphrase=CUSTODIAN_PASSPHRASE)
        == 0
    )
    [identity] = age.parse_identities_file(opened.read_text())
    assert age.recipient_of(identity) == custodian
    with Workspace.unlock(root, PASSPHRASE) as ws:
        assert ws.role is Role.ARCHIVE
        assert state.archive_recipients(ws.repository) == tuple(output["archive_recipients"])
        assert state.custodian_recipients(ws.repository) == (custodian,)
        assert output["fingerprint"] == ws.fingerprint


def test_classic_archive_enrols_a_device_end_to_end(
    tmp_path: Path, cli: Runner, workspace: CliWorkspace, stick: Path
) -> None:
    root = tmp_path / "archive"
    _, custodian = age.generate_x25519()
    result = cli(
        "--workspace", root, "--json", "init", "--role", "archive", "--label", "HQ", "--classic",
        "--custodian-recipient", custodian,
        FIELDAPP_PASSPHRASE=PASSPHRASE,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.json()["archive_keys"] == "classic"
    assert result.json()["custodian_recipients"] == [custodian]
    coordinator = result.json()["fingerprint"]
    archive_ws = CliWorkspace(root, result.json()["recovery_code"], coordinator, cli)

    request, fingerprint = _request(workspace, stick)
    assert fingerprint == workspace.fingerprint
    issued = archive_ws(
        "--json", "enrol", "issue", request, "--out", stick / "enrolment.fieldpack",
        "--expect-fingerprint", fingerprint,
    )  # fmt: skip
    assert issued.code == 0, issued.err
    assert issued.json()["coordinator_fingerprint"] == coordinator
    assert issued.json()["sequence"] == 1
    pack = Path(issued.json()["pack"])
    assert pack == stick / "enrolment.fieldpack"

    before = workspace("enrol", "status")
    assert "enrolled: no" in before.out
    assert "archive id: none" in before.out
    assert "This device is not enrolled yet" in before.err
    applied = workspace("--json", "pack", "apply", pack, "--expect-fingerprint", coordinator)
    assert applied.code == 0, applied.err
    assert applied.json()["kind"] == "enrolment"
    after = workspace("enrol", "status")
    assert "enrolled: yes" in after.out
    assert "not enrolled" not in after.err
    assert applied.json()["already_applied"] is False
    status = workspace("--json", "enrol", "status")
    assert status.json()["coordinator_fingerprint"] == coordinator
    with workspace.open() as device, Workspace.unlock(root, PASSPHRASE) as archive_open:
        enrolled = read_enrolment(device.repository)
        assert enrolled is not None
        assert enrolled.archive_recipients == state.archive_recipients(archive_open.repository)
        assert enrolled.custodian_recipients == (custodian,)
        assert enrolled.archive_recipients[0].startswith("age1")


def test_revocation_and_roster_through_the_cli(
    fast_archive: CliWorkspace, workspace: CliWorkspace, tmp_path: Path, stick: Path
) -> None:
    applied = workspace(
        "pack", "apply", _issue(fast_archive, workspace, stick),
        "--expect-fingerprint", fast_archive.fingerprint,
    )  # fmt: skip
    assert applied.code == 0, applied.err
    revoked = fast_archive("--json", "device", "revoke", workspace.fingerprint, "--reason", "lost")
    assert revoked.code == 0, revoked.err
    assert revoked.json()["last_good_sequence"] == 0
    listing = fast_archive("--json", "device", "list")
    assert [d["revoked"] for d in listing.json()] == [True]
    out = stick / "revocations"
    out.mkdir()
    written = fast_archive(
        "--json", "pack", "revocation", "--to", workspace.fingerprint, "--out", out
    )
    assert written.code == 0, written.err
    [sent] = written.json()
    told = workspace("--json", "pack", "apply", sent["pack"])
    assert told.code == 0, told.err
    assert told.json()["this_device_revoked"] is True
    # The same news again is no pack: the device's chain does not grow a run at a time.
    again = fast_archive("pack", "revocation", "--to", workspace.fingerprint, "--out", out)
    assert again.code == 0, again.err
    assert "No revocation pack written: every device to tell already knows" in again.err
    assert len(list(out.iterdir())) == 1
    exported = fast_archive(
        "--json", "roster", "export", "--out", tmp_path / "roster.json",
        "--allowed-signers", tmp_path / "allowed_signers",
    )  # fmt: skip
    assert exported.code == 0, exported.err
    assert exported.json()["revoked"] == 1
    roster = verify_roster(
        (tmp_path / "roster.json").read_bytes(),
        (tmp_path / "roster.json.sig").read_text(),
        fast_archive.fingerprint,
    )
    assert [d.fingerprint for d in roster.devices] == [workspace.fingerprint]
    [device_line, _] = allowed_signers.parse((tmp_path / "allowed_signers").read_text())
    assert device_line.valid_before is not None


# --- refusals ------------------------------------------------------------------------------------


def test_a_wrong_fingerprint_is_refused_on_both_sides(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path
) -> None:
    request, _ = _request(workspace, stick)
    before = snapshot(fast_archive.root)
    wrong = "SHA256:" + "B" * 43
    message = assert_refused(
        fast_archive("enrol", "issue", request, "--out", stick, "--expect-fingerprint", wrong)
    )
    assert "fingerprint" in message
    # Not confirmed: no terminal to ask on, no --yes, no --expect-fingerprint.
    assert_refused(fast_archive("enrol", "issue", request, "--out", stick), hint=True)
    assert snapshot(fast_archive.root) == before
    pack = _issue(fast_archive, workspace, stick)
    device_before = snapshot(workspace.root)
    message = assert_refused(workspace("pack", "apply", pack, "--expect-fingerprint", wrong))
    assert fast_archive.fingerprint in message
    assert_refused(workspace("pack", "apply", pack), hint=True)
    assert snapshot(workspace.root) == device_before


def test_yes_accepts_for_scripts_and_a_second_apply_changes_nothing(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path
) -> None:
    pack = _issue(fast_archive, workspace, stick)
    assert workspace("pack", "apply", pack, "--yes").code == 0
    before = snapshot(workspace.root)
    again = workspace("pack", "apply", pack)
    assert again.code == 0, again.err
    assert "already applied: yes" in again.out
    assert snapshot(workspace.root) == before


def test_re_enrolling_a_known_device_is_refused(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path
) -> None:
    _issue(fast_archive, workspace, stick)
    request = stick / "request.json"
    message = assert_refused(
        fast_archive(
            "enrol", "issue", request, "--out", stick, "--expect-fingerprint", workspace.fingerprint
        ),
        hint=True,
    )
    assert "already enrolled" in message


def test_a_tampered_request_is_refused(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path
) -> None:
    request, fingerprint = _request(workspace, stick)
    request.write_bytes(request.read_bytes().replace(b'"label":"', b'"label":"X', 1))
    message = assert_refused(
        fast_archive("enrol", "issue", request, "--out", stick, "--expect-fingerprint", fingerprint)
    )
    assert message.startswith("The enrolment request was refused")


@pytest.mark.parametrize(
    "argv",
    [
        ("init", "--role", "archive"),
        ("init", "--role", "interviewer", "--classic"),
        ("init", "--role", "interviewer", "--custodian-recipient", "age1x"),
    ],
    ids=["archive-without-custodian", "classic-on-a-device", "custodian-on-a-device"],
)
def test_archive_options_are_checked_before_anything_is_made(
    tmp_path: Path, cli: Runner, argv: tuple[str, ...]
) -> None:
    root = tmp_path / "ws"
    result = cli("--workspace", root, *argv, FIELDAPP_PASSPHRASE=PASSPHRASE)
    assert result.code == 2
    assert not root.exists()


def test_the_custodian_passphrase_must_differ_from_the_archives(
    tmp_path: Path, cli: Runner
) -> None:
    root = tmp_path / "ws"
    custodian_file = tmp_path / "custodian.age"
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out", custodian_file,
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_CUSTODIAN_PASSPHRASE=PASSPHRASE,
    )  # fmt: skip
    assert_refused(result)
    assert not root.exists()
    assert not custodian_file.exists()


def _answering(answer: str, *argv: str | Path) -> tuple[int, str]:
    """``fieldapp ARGV`` on a terminal, answering the fingerprint question with ``answer``."""
    answered: list[bool] = []

    def at_the_question(seen: bytes) -> bytes | None:
        if answered or b"Type yes" not in seen:
            return None
        answered.append(True)
        return answer.encode() + b"\n"

    return on_a_terminal(
        [str(a) for a in argv], at_the_question, {"FIELDAPP_PASSPHRASE": PASSPHRASE}
    )


def test_on_a_terminal_the_fingerprint_is_shown_and_asked_for(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path
) -> None:
    pack = _issue(fast_archive, workspace, stick)
    before = snapshot(workspace.root)
    code, shown = _answering("no", "--workspace", workspace.root, "pack", "apply", pack)
    assert code == 1
    assert fast_archive.fingerprint in shown
    assert "not confirmed" in shown
    assert snapshot(workspace.root) == before
    code, shown = _answering("yes", "--workspace", workspace.root, "pack", "apply", pack)
    assert code == 0, shown
    assert "kind: enrolment" in shown


def test_a_missing_output_folder_is_said_plainly_and_nothing_is_written(
    fast_archive: CliWorkspace, stick: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-stick"
    result = fast_archive("roster", "export", "--out", missing / "roster.json")
    assert assert_refused(result) == f"The folder {missing} does not exist; nothing was written."
    # The allowed_signers file's folder is checked before the roster is written: never half.
    result = fast_archive(
        "roster", "export", "--out", stick / "roster.json",
        "--allowed-signers", missing / "allowed_signers",
    )  # fmt: skip
    assert assert_refused(result) == f"The folder {missing} does not exist; nothing was written."
    assert list(stick.iterdir()) == []


def test_a_pack_is_never_written_as_a_file_named_like_a_missing_folder(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path, tmp_path: Path
) -> None:
    # `--out /media/usb` with the stick not mounted: the pack used to land as a file "usb",
    # and the device was enrolled all the same.
    request, fingerprint = _request(workspace, stick)
    before = snapshot(fast_archive.root)
    missing = tmp_path / "usb"
    said = f"The folder {missing} does not exist; nothing was written."
    for out in (missing, missing / "enrolment.fieldpack"):
        result = fast_archive(
            "enrol", "issue", request, "--out", out, "--expect-fingerprint", fingerprint
        )
        assert assert_refused(result) == said
        assert not missing.exists()
    assert snapshot(fast_archive.root) == before
    # A file name ending .fieldpack in a folder that exists is still the pack's name.
    named = stick / "for-laptop-3.fieldpack"
    made = fast_archive(
        "--json", "enrol", "issue", request, "--out", named, "--expect-fingerprint", fingerprint
    )
    assert made.code == 0, made.err
    assert Path(made.json()["pack"]) == named


def test_the_archive_refuses_to_record_testimonies_in_one_sentence(
    fast_archive: CliWorkspace, tmp_path: Path
) -> None:
    document = tmp_path / "testimony.json"
    document.write_text('{"title": "written at the archive"}', encoding="utf-8")
    before = snapshot(fast_archive.root)
    result = fast_archive("testimony", "new", "--json", document)
    assert assert_refused(result).startswith(
        "The archive keeps testimonies as their laptops sent them; nothing was changed."
    )
    assert snapshot(fast_archive.root) == before


def test_a_request_given_a_folder_is_written_into_it_and_enrols(
    fast_archive: CliWorkspace, workspace: CliWorkspace, stick: Path
) -> None:
    result = workspace("--json", "enrol", "request", "--out", stick)
    assert result.code == 0, result.err
    written = Path(result.json()["request"])
    assert written.parent == stick
    assert written.name.startswith("enrolment-request-")
    assert sorted(stick.iterdir()) == [written]  # nothing else, no temporary left
    issued = fast_archive(
        "--json", "enrol", "issue", written, "--out", stick,
        "--expect-fingerprint", result.json()["fingerprint"],
    )  # fmt: skip
    assert issued.code == 0, issued.err


def test_an_archive_init_that_cannot_store_its_keys_leaves_no_workspace_and_no_custodian_file(
    tmp_path: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive keys are stored as the workspace is made, before its key file; if that fails
    (the failure is injected: a full disk cannot be aimed between the two), the workspace is
    removed, and the custodian file made for it too: it would hold the key to identities of an
    archive that never was."""
    root = tmp_path / "archive"
    custodian_file = tmp_path / "custodian.age"

    def fail(*_: object, **__: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(archive, "store_archive_keys", fail)
    result = cli(
        "--workspace", root, "init", "--role", "archive", "--custodian-out", custodian_file,
        FIELDAPP_PASSPHRASE=PASSPHRASE,
        FIELDAPP_CUSTODIAN_PASSPHRASE=CUSTODIAN_PASSPHRASE,
    )  # fmt: skip
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert not custodian_file.exists()
    assert not WorkspaceLayout(root).exists()
    assert not root.exists()
