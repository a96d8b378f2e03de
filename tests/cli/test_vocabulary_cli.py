"""Vocabulary packs through the command line: `pack vocabulary` on the archive, `pack apply` on
the device (human and --json), a record using the new code accepted by a real process, and the
refusals in one line."""

import json
from pathlib import Path

from fieldapp.domain import Vocabulary, VocabularyEntry, bundled_vocabularies, canonical_bytes
from fieldapp.workspace import Role, Workspace

from .conftest import CliWorkspace
from .support import PARAMS, PASSPHRASE, assert_refused, new_document, write_json
from .test_enrolment_cli import _issue, fast_archive, stick  # noqa: F401 (fixtures)

NEW_CODE = "forced_labour_abroad"


def _act_types_file(folder: Path, *, drop: int = 0, version: int = 2) -> Path:
    acts = bundled_vocabularies()["act_types"]
    added = VocabularyEntry(code=NEW_CODE, label="Forced labour abroad", coi_categories=("C",))
    newer = Vocabulary(
        vocabulary="act_types", version=version, entries=(*acts.entries[drop:], added)
    )
    path = folder / f"act_types-{version}-{drop}.json"
    path.write_text(json.dumps(json.loads(canonical_bytes(newer)), indent=2), "utf-8")
    return path


def _enrolled(archive: CliWorkspace, device: CliWorkspace, stick: Path) -> None:  # noqa: F811
    pack = _issue(archive, device, stick)
    applied = device("pack", "apply", pack, "--expect-fingerprint", archive.fingerprint)
    assert applied.code == 0, applied.err


def _record_with_new_code(tmp_path: Path) -> Path:
    document = new_document()
    document["incidents"][0].update(act_type=NEW_CODE, coi_category="C")
    return write_json(tmp_path / "testimony.json", document)


def test_a_vocabulary_pack_from_the_archive_to_a_device(
    fast_archive: CliWorkspace,  # noqa: F811
    workspace: CliWorkspace,
    stick: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    _enrolled(fast_archive, workspace, stick)
    record = _record_with_new_code(tmp_path)
    before = workspace.process("testimony", "new", "--json", record)
    assert "act type" in assert_refused(before)

    out = stick / "vocabulary"
    out.mkdir()
    written = fast_archive("pack", "vocabulary", _act_types_file(tmp_path), "--out", out)
    assert written.code == 0, written.err
    assert "now uses the vocabulary act_types version 2 (1 new code)" in written.err
    [pack] = out.iterdir()
    assert str(pack) in written.out
    assert workspace.fingerprint in written.out

    applied = workspace("pack", "apply", pack)
    assert applied.code == 0, applied.err
    assert "The vocabulary act_types is now version 2 (was 1; 1 new code)." in applied.err
    again = workspace("--json", "pack", "apply", pack)
    assert again.json()["already_applied"] is True

    # A real process unlocks the device afresh: the stored vocabulary is in force there.
    created = workspace.process("testimony", "new", "--json", record)
    assert created.code == 0, created.err

    nothing = fast_archive("--json", "pack", "vocabulary", "--out", out)
    assert nothing.json() == {"updated": [], "vocabularies": {"act_types": 2}, "packs": []}


def test_the_json_of_issuing_and_applying(
    fast_archive: CliWorkspace,  # noqa: F811
    workspace: CliWorkspace,
    stick: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    _enrolled(fast_archive, workspace, stick)
    written = fast_archive(
        "--json", "pack", "vocabulary", _act_types_file(tmp_path, version=4), "--out", stick
    )
    assert written.code == 0, written.err
    issued = written.json()
    assert issued["updated"] == [
        {"vocabulary": "act_types", "from_version": 1, "to_version": 4, "new_codes": 1}
    ]
    [sent] = issued["packs"]
    assert sent["device"] == workspace.fingerprint
    assert sent["sequence"] == 2
    applied = workspace("--json", "pack", "apply", sent["pack"])
    assert applied.code == 0, applied.err
    assert applied.json()["kind"] == "vocabulary"
    assert applied.json()["details"]["vocabularies"][0]["to_version"] == 4


def test_refusals_are_one_line_and_change_nothing(
    fast_archive: CliWorkspace,  # noqa: F811
    workspace: CliWorkspace,
    stick: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    _enrolled(fast_archive, workspace, stick)
    dropped = fast_archive(
        "pack", "vocabulary", _act_types_file(tmp_path, drop=1), "--out", stick
    )
    assert "drops codes that records may use" in assert_refused(dropped)
    folder = fast_archive("pack", "vocabulary", tmp_path, "--out", stick)
    assert "is not a regular file" in assert_refused(folder)
    missing = fast_archive("pack", "vocabulary", tmp_path / "absent.json", "--out", stick)
    assert "cannot be read" in assert_refused(missing)
    nowhere = fast_archive(
        "pack", "vocabulary", _act_types_file(tmp_path), "--out", tmp_path / "unmounted"
    )
    assert "does not exist" in assert_refused(nowhere)
    on_device = workspace("pack", "vocabulary", _act_types_file(tmp_path), "--out", stick)
    assert_refused(on_device)
    written = sorted(p.name.split("-")[0] for p in stick.glob("*.fieldpack"))
    assert written == ["enrolment"]


def test_a_device_enrolled_later_is_told_and_sent_the_vocabularies(
    fast_archive: CliWorkspace,  # noqa: F811
    workspace: CliWorkspace,
    stick: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    _enrolled(fast_archive, workspace, stick)
    out = tmp_path / "vocabulary"
    out.mkdir()
    assert fast_archive("pack", "vocabulary", _act_types_file(tmp_path), "--out", out).code == 0
    root = tmp_path / "later"
    later_ws, code = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    later = CliWorkspace(root, code, later_ws.fingerprint, workspace.runner)
    later_ws.lock()
    request = tmp_path / "later-request.json"
    assert later("enrol", "request", "--out", request).code == 0
    folder = tmp_path / "enrolment"
    folder.mkdir()
    issued = fast_archive(
        "enrol", "issue", request, "--out", folder, "--expect-fingerprint", later.fingerprint
    )
    assert issued.code == 0, issued.err
    assert f"fieldapp pack vocabulary --to {later.fingerprint} --out DIR" in issued.err
    [enrolment_pack] = folder.iterdir()
    applied = later(
        "pack", "apply", enrolment_pack, "--expect-fingerprint", fast_archive.fingerprint
    )
    assert applied.code == 0, applied.err

    sent = fast_archive("--json", "pack", "vocabulary", "--out", out)
    [pack] = sent.json()["packs"]  # the first device has them already
    assert pack["device"] == later.fingerprint
    told = later("--json", "pack", "apply", pack["pack"])
    assert told.json()["details"]["vocabularies"][0]["to_version"] == 2
    assert fast_archive("--json", "pack", "vocabulary", "--out", out).json()["packs"] == []
