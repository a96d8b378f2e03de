"""Vocabulary packs end to end: the archive issues a newer vocabulary, a device applies it, a
record using the new code seals, exports and imports; and every way a vocabulary is refused.

Everything is real: SQLCipher workspaces, signed and encrypted packs on a "stick" folder,
bundles exported and imported. The set in force is process-wide (``install_vocabularies``), so
every test ends with every workspace locked and checks that the bundled set is back in force.
"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.domain import (
    Vocabulary,
    VocabularyEntry,
    active_vocabularies,
    bundled_vocabularies,
    canonical_bytes,
    is_valid,
)
from fieldapp.errors import PackRejectedError, ValidationFailedError
from fieldapp.services import enrolment, pack_writing, packs, records, vocabulary_packs
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.vocabulary_pack import vocabulary_payload, vocabulary_payload_bytes
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_consent, make_incident, make_testimony
from tests.fieldapp.workspace.support import PASSPHRASE, stored_state

from .import_support import Archive, Device, make_archive, make_device

NEW_CODE = "forced_labour_abroad"
ACTS = "act_types"
ROOT = Path(__file__).resolve().parents[3]


def newer_acts(*codes: str, version: int | None = None, drop: int = 0) -> Vocabulary:
    """The bundled act types with ``codes`` added (filed under C and E), ``drop`` dropped."""
    acts = bundled_vocabularies()[ACTS]
    added = tuple(
        VocabularyEntry(code=code, label=f"Label of {code}", coi_categories=("C", "E"))
        for code in codes
    )
    return Vocabulary(
        vocabulary=ACTS,
        version=version if version is not None else acts.version + 1,
        description=acts.description,
        entries=(*acts.entries[drop:], *added),
    )


pytestmark = pytest.mark.usefixtures("bundled_vocabularies_after")

def vocabulary_file(folder: Path, vocabulary: Vocabulary, name: str = "") -> Path:
    """A coordinator's file: indented JSON, as a person writes it (not canonical)."""
    path = folder / (name or f"{vocabulary.vocabulary}-{vocabulary.version}.json")
    path.write_text(json.dumps(json.loads(canonical_bytes(vocabulary)), indent=2), "utf-8")
    return path


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Archive]:
    made = make_archive(tmp_path / "archive")
    yield made
    made.ws.lock()


@pytest.fixture
def laptop(tmp_path: Path, coordinator: Archive) -> Iterator[Device]:
    made = make_device(tmp_path / "laptop", coordinator, "Laptop A")
    yield made
    made.ws.lock()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "files").mkdir()
    return tmp_path / "files"


def issue(coordinator: Archive, laptop: Device, *paths: Path) -> Path:
    """The archive's vocabulary pack to ``laptop`` (exactly one written)."""
    issued = vocabulary_packs.issue_vocabularies(coordinator.ws, list(paths), laptop.usb)
    [sent] = issued.sent
    assert sent.device == laptop.fingerprint
    return sent.path


def apply_new_code(coordinator: Archive, laptop: Device, files: Path) -> None:
    path = issue(coordinator, laptop, vocabulary_file(files, newer_acts(NEW_CODE)))
    packs.apply_pack(laptop.ws, path)


def seal_with_new_code(ws: Workspace) -> None:
    testimony = make_testimony(
        incidents=(make_incident(act_type=NEW_CODE, coi_category="C"),)
    )
    records.create_testimony(ws, testimony, [make_consent()])
    records.seal_testimony(ws, testimony.id)


def test_a_new_act_type_travels_to_the_device_and_back(coordinator, laptop, files):
    path = issue(coordinator, laptop, vocabulary_file(files, newer_acts(NEW_CODE)))
    applied = packs.apply_pack(laptop.ws, path)
    assert applied.kind == "vocabulary"
    assert applied.details == {
        "vocabularies": [
            {"vocabulary": ACTS, "from_version": 1, "to_version": 2, "new_codes": 1}
        ],
        "unchanged": [],
    }
    seal_with_new_code(laptop.ws)
    bundle = laptop.export()
    laptop.ws.lock()  # the archive validates with its own vocabularies, not the laptop's
    [report] = coordinator.import_(bundle)
    assert report.outcome == "imported", report.reason
    assert report.testimonies == 1
    row = coordinator.ws.connection.execute("SELECT count(*) FROM testimonies").fetchone()
    assert row[0] == 1


def test_the_same_pack_twice_changes_nothing(coordinator, laptop, files):
    path = issue(coordinator, laptop, vocabulary_file(files, newer_acts(NEW_CODE)))
    packs.apply_pack(laptop.ws, path)
    before = stored_state(laptop.ws.connection)
    again = packs.apply_pack(laptop.ws, path)
    assert again.already_applied
    assert stored_state(laptop.ws.connection) == before


def test_a_version_the_device_has_is_nothing_new(coordinator, laptop):
    bundled = bundled_vocabularies()[ACTS]
    payload = vocabulary_payload_bytes(vocabulary_payload((bundled,)))
    sent = pack_writing.send_pack(
        coordinator.ws, laptop.fingerprint, ManifestKind.VOCABULARY, payload, laptop.usb
    )
    applied = packs.apply_pack(laptop.ws, sent.path)
    assert not applied.already_applied
    assert applied.details == {"vocabularies": [], "unchanged": [ACTS]}
    assert laptop.ws.connection.execute("SELECT count(*) FROM vocabularies").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("vocabulary", "reason"),
    [
        (bundled_vocabularies()[ACTS], "not newer than the one in use"),
        (newer_acts(NEW_CODE, drop=1), "drops codes that records may use"),
        (newer_acts("unfiled").model_copy(update={"vocabulary": "act_kinds"}), "not one this"),
    ],
    ids=["the same version", "a code dropped", "an unknown vocabulary"],
)
def test_the_archive_refuses_a_vocabulary_and_changes_nothing(
    coordinator, laptop, files, vocabulary, reason
):
    before = stored_state(coordinator.ws.connection)
    with pytest.raises(ValidationFailedError, match=reason):
        vocabulary_packs.issue_vocabularies(
            coordinator.ws, [vocabulary_file(files, vocabulary, "v.json")], laptop.usb
        )
    assert stored_state(coordinator.ws.connection) == before
    assert list(laptop.usb.iterdir()) == []


def test_the_archive_refuses_an_older_version_once_it_has_a_newer(coordinator, laptop, files):
    issue(coordinator, laptop, vocabulary_file(files, newer_acts(NEW_CODE, version=3)))
    older = vocabulary_file(files, newer_acts(NEW_CODE, version=2))
    with pytest.raises(ValidationFailedError, match="act_types version 2 is not newer"):
        vocabulary_packs.issue_vocabularies(coordinator.ws, [older], laptop.usb)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"vocabulary": "act_types", "version": 2}', "not a valid vocabulary"),
        (b"\xff" * 10, "not a valid vocabulary"),
        (b" " * (vocabulary_packs.MAX_VOCABULARY_FILE_BYTES + 1), "too large"),
    ],
    ids=["incomplete", "not text", "too large"],
)
def test_a_malformed_file_is_refused(coordinator, laptop, files, content, reason):
    path = files / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValidationFailedError, match=reason):
        vocabulary_packs.issue_vocabularies(coordinator.ws, [path], laptop.usb)


def test_a_pipe_or_a_folder_is_refused_without_blocking(coordinator, laptop, files):
    fifo = files / "pipe.json"
    os.mkfifo(fifo)
    for path in (fifo, files):
        with pytest.raises(ValidationFailedError, match="not a regular file"):
            vocabulary_packs.issue_vocabularies(coordinator.ws, [path], laptop.usb)


def test_two_files_for_one_vocabulary_are_refused(coordinator, laptop, files):
    first = vocabulary_file(files, newer_acts(NEW_CODE), "a.json")
    second = vocabulary_file(files, newer_acts(NEW_CODE, "another", version=3), "b.json")
    with pytest.raises(ValidationFailedError, match="Two files give the vocabulary act_types"):
        vocabulary_packs.issue_vocabularies(coordinator.ws, [first, second], laptop.usb)


@pytest.mark.parametrize(
    ("vocabulary", "reason"),
    [
        (newer_acts(NEW_CODE, version=5, drop=1), "version 5 drops codes that records may use"),
        (newer_acts(NEW_CODE, version=1), "version 1 has codes that the newer version here"),
    ],
    ids=["a code dropped", "an older version with more codes"],
)
def test_the_device_refuses_a_signed_pack_that_would_lose_codes(
    coordinator, laptop, vocabulary, reason
):
    # Signed with the archive's own keys, through the same writer: only the device's check
    # stands between it and records that no longer validate.
    payload = vocabulary_payload_bytes(vocabulary_payload((vocabulary,)))
    sent = pack_writing.send_pack(
        coordinator.ws, laptop.fingerprint, ManifestKind.VOCABULARY, payload, laptop.usb
    )
    before = stored_state(laptop.ws.connection)
    with pytest.raises(PackRejectedError, match=reason):
        packs.apply_pack(laptop.ws, sent.path)
    assert stored_state(laptop.ws.connection) == before
    assert not is_valid(ACTS, NEW_CODE)


def test_a_pack_from_another_coordinator_is_refused(tmp_path, coordinator, laptop, files):
    stranger = make_archive(tmp_path / "stranger")
    try:
        request = tmp_path / "laptop" / "request.json"  # the one its own enrolment answered
        enrolment.issue_enrolment(stranger.ws, enrolment.read_request(request), tmp_path)
        issued = vocabulary_packs.issue_vocabularies(
            stranger.ws, [vocabulary_file(files, newer_acts(NEW_CODE))], laptop.usb
        )
    finally:
        stranger.ws.lock()
    before = stored_state(laptop.ws.connection)
    with pytest.raises(PackRejectedError, match="not by the coordinator key trusted here"):
        packs.apply_pack(laptop.ws, issued.sent[0].path)
    assert stored_state(laptop.ws.connection) == before


def test_the_new_code_stays_valid_after_lock_and_unlock(coordinator, laptop, files):
    apply_new_code(coordinator, laptop, files)
    root = laptop.ws.layout.root
    laptop.ws.lock()
    coordinator.ws.lock()
    assert not is_valid(ACTS, NEW_CODE)  # nothing unlocked holds it
    reopened = Workspace.unlock(root, PASSPHRASE)
    try:
        assert is_valid(ACTS, NEW_CODE)
        # A worker's second handle comes and goes; the first still holds the vocabularies.
        Workspace(reopened.layout, reopened.master_key, reopened.workspace_id).lock()
        assert is_valid(ACTS, NEW_CODE)
        seal_with_new_code(reopened)
    finally:
        reopened.lock()
    assert not is_valid(ACTS, NEW_CODE)


def test_a_device_enrolled_later_is_sent_the_vocabularies_by_the_same_command(
    tmp_path, coordinator, laptop, files
):
    apply_new_code(coordinator, laptop, files)
    later = make_device(tmp_path / "later", coordinator, "Laptop B")
    try:
        assert vocabulary_packs.issued_vocabularies(coordinator.ws) == {ACTS: 2}
        issued = vocabulary_packs.issue_vocabularies(coordinator.ws, [], later.usb)
        assert [s.device for s in issued.sent] == [later.fingerprint]  # not the first again
        assert issued.carried == {ACTS: 2}
        applied = packs.apply_pack(later.ws, issued.sent[0].path)
        assert applied.details["vocabularies"][0]["to_version"] == 2
        again = vocabulary_packs.issue_vocabularies(coordinator.ws, [], later.usb)
        assert again.sent == []
    finally:
        later.ws.lock()


def test_another_process_sees_the_bundled_set_on_a_fresh_device_and_the_new_one_here(
    tmp_path, coordinator, laptop, files
):
    apply_new_code(coordinator, laptop, files)
    laptop.ws.lock()
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from crypto import keywrap\n"
        "from fieldapp.domain import is_valid\n"
        "from fieldapp.workspace import Role, Workspace\n"
        "fresh, _ = Workspace.create(Path(sys.argv[2]), sys.argv[3], Role.INTERVIEWER,"
        " params=keywrap.TEST_PARAMS)\n"
        f"print(is_valid('{ACTS}', '{NEW_CODE}'))\n"
        "fresh.lock()\n"
        "applied = Workspace.unlock(Path(sys.argv[1]), sys.argv[3])\n"
        f"print(is_valid('{ACTS}', '{NEW_CODE}'))\n"
        "applied.lock()\n"
    )
    fresh_root = tmp_path / "fresh"
    done = subprocess.run(
        [sys.executable, "-c", script, str(laptop.ws.layout.root), str(fresh_root), PASSPHRASE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["False", "True"]


def test_a_damaged_stored_vocabulary_does_not_stop_an_unlock(laptop):
    laptop.ws.connection.execute(
        "INSERT INTO vocabularies (name, version, body) VALUES ('act_types', 9, x'7b7d')"
    )
    root = laptop.ws.layout.root
    laptop.ws.lock()
    reopened = Workspace.unlock(root, PASSPHRASE)
    try:
        assert active_vocabularies()[ACTS].version == bundled_vocabularies()[ACTS].version
    finally:
        reopened.lock()
