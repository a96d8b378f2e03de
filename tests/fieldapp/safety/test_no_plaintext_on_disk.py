"""No record, identity, attachment or key is ever written anywhere in clear (DESIGN §4).

Records full of random markers (ASCII and Hangul, and random bytes inside attachments) go through
everything an interviewer does — create, attach, record, seal, amend, withdraw, search, list, read
back, the CLI, a wrong passphrase, a passphrase change, a new recovery code, lock and unlock. Then
every byte of every file in the workspace folder and in the temporary folder is searched for each
marker as UTF-8 and UTF-16: none may be there, with the workspace open (its WAL holding the last
writes) and after it is locked. The control tests show the scan finds a marker that is there.
"""

import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from fieldapp.cli.main import main
from fieldapp.domain import (
    AttachmentKind,
    ConfidentialityLevel,
    ConsentScope,
    ContactKind,
    ContactPoint,
    FamilyMember,
    KnownPlace,
    Narrative,
    PlaceKind,
    RedactionKind,
    Testimony,
    WithdrawalChannel,
    WitnessIdentity,
    new_pseudonym,
)
from fieldapp.errors import WrongPassphraseError
from fieldapp.services import attachments, records
from fieldapp.services.documents import record_document
from fieldapp.workspace import Role, Workspace, WorkspaceLayout
from fieldapp.workspace import master_key as keys
from fieldapp.workspace.workspace import DEVICE_AGE_KEY
from tests.fieldapp.domain.factories import (
    as_fields,
    make_consent,
    make_identity,
    make_incident,
    make_narrative,
    make_testimony,
    make_withdrawal,
)

from .conftest import PARAMS
from .scanner import Markers, files_under, scan

ATTACHMENT_BYTES = 200_000
RECORDING_PIECE = 7_001  # odd, so pieces straddle the 64 KiB chunks of the age payload


@dataclass(frozen=True)
class Stored:
    """What the workflow left: the open workspace and the attachments' expected plaintext."""

    ws: Workspace
    contents: dict[UUID, bytes]
    testimony_ids: list[UUID]


def _testimony(m: Markers, tag: str, testimony_id: UUID, pseudonym: str) -> Testimony:
    name, place = m.ascii(f"{tag} narrative name"), m.korean(f"{tag} narrative place")
    text = (
        f"In March 2009 {name} was arrested in {place} by agents of the bowibu. "
        f"{m.ascii(f'{tag} narrative')} {m.korean(f'{tag} narrative')}보위부에서 "
        "He was held for two months and beaten during interrogation."
    )
    return make_testimony(
        id=testimony_id,
        pseudonym=pseudonym,
        interviewer=m.ascii(f"{tag} interviewer"),
        interview_place=m.korean(f"{tag} interview place"),
        interpreter=m.ascii(f"{tag} interpreter"),
        others_present=(m.ascii(f"{tag} others present"),),
        title=f"{m.ascii(f'{tag} title')} {m.korean(f'{tag} title')}",
        summary=f"{m.ascii(f'{tag} summary')} {m.korean(f'{tag} summary')}",
        narrative=make_narrative(text, (name, RedactionKind.NAME), (place, RedactionKind.PLACE)),
        incidents=(
            make_incident(
                place_exact=m.korean(f"{tag} incident place"),
                perpetrator_unit=m.ascii(f"{tag} perpetrator unit"),
                summary=m.ascii(f"{tag} incident summary"),
            ),
        ),
        tags=(m.ascii(f"{tag} tag"),),
        # Searched by its words, so that every marker reaches the index (a strictly
        # confidential one is indexed by its title and interviewer only).
        confidentiality=ConfidentialityLevel.CONFIDENTIAL,
    )


def _create(ws: Workspace, m: Markers, tag: str) -> Testimony:
    testimony_id, pseudonym = uuid4(), new_pseudonym()
    m.secret(f"{tag} testimony id", str(testimony_id))
    m.secret(f"{tag} pseudonym", pseudonym)
    testimony = _testimony(m, tag, testimony_id, pseudonym)
    consent = make_consent(
        testimony_id=testimony_id,
        pseudonym=pseudonym,
        taken_by=m.ascii(f"{tag} consent taken by"),
        interpreter=m.korean(f"{tag} consent interpreter"),
        explanation_notes=m.korean(f"{tag} consent explanation"),
        restrictions=f"{m.ascii(f'{tag} consent restrictions')} {m.korean(f'{tag} restr')}",
    )
    identity = make_identity(
        pseudonym=pseudonym,
        names=(m.ascii(f"{tag} identity name"), m.korean(f"{tag} identity name")),
        aliases=(m.korean(f"{tag} identity alias"),),
        gender=m.ascii(f"{tag} identity gender"),
        contacts=(
            ContactPoint(
                kind=ContactKind.PHONE,
                value="+82 10 " + m.ascii(f"{tag} identity phone"),
                note=m.korean(f"{tag} identity contact note"),
            ),
        ),
        places=(KnownPlace(name=m.korean(f"{tag} identity place"), kind=PlaceKind.BIRTHPLACE),),
        family_at_risk=(
            FamilyMember(
                relationship="sister",
                name=m.korean(f"{tag} family name"),
                location=m.ascii(f"{tag} family location"),
                risk_notes=m.korean(f"{tag} family risk"),
            ),
        ),
        notes=m.ascii(f"{tag} identity notes"),
    )
    return records.create_testimony(ws, testimony, [consent], identity)


def _attachment_content(m: Markers, tag: str) -> bytes:
    """Random bytes with text markers in three encodings and raw markers inside."""
    body = bytearray(secrets.token_bytes(ATTACHMENT_BYTES))
    planted = [
        m.ascii(f"{tag} attachment utf8").encode("utf-8"),
        m.korean(f"{tag} attachment utf8").encode("utf-8"),
        m.ascii(f"{tag} attachment utf16").encode("utf-16-le"),
        m.korean(f"{tag} attachment utf16").encode("utf-16-le"),
        m.raw_bytes(f"{tag} attachment raw"),
    ]
    for index, piece in enumerate(planted):
        at = (index + 1) * ATTACHMENT_BYTES // (len(planted) + 1)
        body[at : at + len(piece)] = piece
    # Slices of the random filler are markers too: a plaintext copy of any part would show.
    for at in (0, ATTACHMENT_BYTES // 3, ATTACHMENT_BYTES - 32):
        m.raw_bytes(f"{tag} attachment slice {at}", bytes(body[at : at + 32]))
    return bytes(body)


def _attach(ws: Workspace, m: Markers, tag: str, testimony_id: UUID) -> tuple[UUID, bytes]:
    content = _attachment_content(m, tag)
    attachment = attachments.attach_file(
        ws,
        testimony_id,
        io.BytesIO(content),
        kind=AttachmentKind.DOCUMENT,
        media_type="text/plain",
        label=m.ascii(f"{tag} attachment label"),
        total=len(content),
    )
    return attachment.id, content


def _record(ws: Workspace, m: Markers, tag: str, testimony_id: UUID) -> tuple[UUID, bytes]:
    """Audio written in pieces, as from a microphone; one marker straddles two pieces."""
    content = _attachment_content(m, f"{tag} recording")
    straddling = m.ascii(f"{tag} recording straddling").encode()
    content = content[: RECORDING_PIECE - 10] + straddling + content[RECORDING_PIECE - 10 :]
    recording = attachments.Recording(ws, testimony_id, AttachmentKind.AUDIO, "audio/ogg")
    for at in range(0, len(content), RECORDING_PIECE):
        recording.write(content[at : at + RECORDING_PIECE])
    attachment = recording.finish(label=m.korean(f"{tag} recording label"))
    return attachment.id, content


def _key_material(ws: Workspace, m: Markers, tag: str) -> None:
    """The secrets the workspace holds in memory; none may reach a file in clear."""
    master = ws.master_key
    m.raw_bytes(f"{tag} master key", master)
    m.secret(f"{tag} master key hex", master.hex())
    database_key = keys.database_key(master)
    m.raw_bytes(f"{tag} database key", database_key)
    m.secret(f"{tag} database key hex", database_key.hex())
    m.secret(f"{tag} blob identity", keys.blob_identity(master))
    m.raw_bytes(f"{tag} signing key", ws.signing_key.private_bytes_raw())
    m.secret(f"{tag} device age identity", ws.repository.device_key(DEVICE_AGE_KEY)[0])


def _cli(monkeypatch: pytest.MonkeyPatch, root: Path, passphrase: str, *argv: str) -> int:
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", passphrase)
    try:
        return main(["--workspace", str(root), "--json", *argv])
    finally:
        monkeypatch.delenv("FIELDAPP_PASSPHRASE")


def _exercise(
    root: Path, m: Markers, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Stored:
    """Everything an interviewer does; returns with the workspace open and writes in its WAL."""
    passphrase = m.secret("passphrase", "first passphrase " + m.ascii("passphrase part"))
    ws, code = Workspace.create(root, passphrase, Role.INTERVIEWER, params=PARAMS)
    m.secret("recovery code", code)
    m.secret("recovery code compact", code.replace("-", ""))
    _key_material(ws, m, "workspace")
    contents: dict[UUID, bytes] = {}

    # A testimony with consent and identity, an attached file and a recording; sealed.
    first = _create(ws, m, "first")
    for attach in (_attach, _record):
        attachment_id, content = attach(ws, m, "first" + attach.__name__, first.id)
        contents[attachment_id] = content
    records.seal_testimony(ws, first.id)

    # An amendment with new words, sealed in its turn; a second consent version; a withdrawal;
    # a corrected identity.
    amended_text = f"{m.ascii('amended narrative')} {m.korean('amended narrative')}"
    records.amend_testimony(
        ws,
        first.id,
        {
            "title": m.korean("amended title"),
            "summary": m.ascii("amended summary"),
            "narrative": Narrative(text=amended_text),
        },
    )
    records.add_consent(
        ws,
        make_consent(
            testimony_id=first.id,
            pseudonym=first.pseudonym,
            version=2,
            taken_by=m.korean("consent v2 taken by"),
            restrictions=m.ascii("consent v2 restrictions"),
        ),
    )
    records.seal_testimony(ws, first.id)
    records.withdraw_consent(
        ws,
        make_withdrawal(
            ConsentScope.PUBLIC_MEDIA,
            testimony_id=first.id,
            pseudonym=first.pseudonym,
            applies_to_version=2,
            received_by=m.ascii("withdrawal received by"),
            how_received=WithdrawalChannel.PHONE,
            notes=m.korean("withdrawal notes"),
        ),
    )
    identity = ws.repository.identity(first.pseudonym)
    assert identity is not None
    corrected = {**as_fields(identity), "version": 2, "notes": m.korean("identity v2 notes")}
    records.save_identity(ws, WitnessIdentity(**corrected))

    # A draft autosaved several times: earlier wordings are overwritten in place.
    draft = _create(ws, m, "draft")
    for round_ in range(3):
        records.edit_draft(
            ws,
            draft.id,
            {"narrative": Narrative(text=f"{m.ascii(f'autosave {round_}')} 그리고 더")},
        )

    # A wrong passphrase (its counter file is written), a new passphrase, a new recovery code,
    # lock and unlock.
    wrong = m.secret("wrong passphrase", passphrase + "x")
    with pytest.raises(WrongPassphraseError):
        Workspace.unlock(root, wrong)
    new_passphrase = m.secret("new passphrase", "second passphrase " + m.korean("new pass"))
    ws.change_passphrase(new_passphrase, params=PARAMS)
    m.secret("new recovery code", ws.new_recovery_code())
    ws.lock()
    ws = Workspace.unlock(root, new_passphrase)

    # More work after unlocking, left in the WAL: a third record with its attachments.
    third = _create(ws, m, "third")
    for attach in (_attach, _record):
        attachment_id, content = attach(ws, m, "third" + attach.__name__, third.id)
        contents[attachment_id] = content
    records.seal_testimony(ws, third.id)

    # Reading: search for markers (so they are in the index), list, show, read attachments back.
    for label, expected in (
        ("amended narrative", first.id),
        ("amended title (hangul)", first.id),
        ("autosave 2", draft.id),
        ("third narrative", third.id),
        ("third title", third.id),
        ("third summary", third.id),
    ):
        found = records.search_testimonies(ws, m.texts[label])
        assert [row.id for row in found] == [expected], label
    assert len(records.list_testimonies(ws)) == 3
    for testimony_id in (first.id, draft.id, third.id):
        records.get_record(ws, testimony_id)
    for attachment_id, content in contents.items():
        assert b"".join(attachments.read_attachment(ws, attachment_id)) == content

    # The CLI, in this process: search, show with the identity, list.
    capsys.readouterr()
    assert (
        _cli(monkeypatch, root, new_passphrase, "testimony", "search", m.texts["third title"]) == 0
    )
    assert str(third.id) in capsys.readouterr().out
    assert (
        _cli(monkeypatch, root, new_passphrase, "testimony", "show", str(third.id), "--identity")
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert m.texts["third identity name (hangul)"] in shown["identity"]["names"]
    assert _cli(monkeypatch, root, new_passphrase, "testimony", "list") == 0
    assert len(json.loads(capsys.readouterr().out)) == 3

    # The next writes stay in the WAL while the workspace is open.
    records.edit_draft(ws, draft.id, {"summary": m.korean("last autosave")})
    return Stored(ws, contents, [first.id, draft.id, third.id])


def _assert_no_plaintext(root: Path, tmpdir: Path, m: Markers) -> None:
    findings = scan([root, tmpdir], m.needles())
    assert not findings, "plaintext on disk:\n" + "\n".join(map(str, findings))


@pytest.mark.parametrize("phase", ["open", "locked"])
def test_no_marker_reaches_any_file(
    phase: str,
    workspace_root: Path,
    private_tmpdir: Path,
    markers: Markers,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert tempfile.gettempdir() == str(private_tmpdir)
    stored = _exercise(workspace_root, markers, monkeypatch, capsys)
    layout = WorkspaceLayout(workspace_root)
    wal = workspace_root / "fieldapp.db-wal"
    try:
        if phase == "open":
            # Not vacuous: the WAL holds the last writes, and every kind of file is scanned.
            assert wal.stat().st_size > 0
            scanned = set(files_under([workspace_root]))
            assert {layout.database, wal, workspace_root / "fieldapp.db-shm", layout.key_file} <= (
                scanned
            )
            assert len([p for p in scanned if p.parent == layout.blobs]) == len(stored.contents)
            _assert_no_plaintext(workspace_root, private_tmpdir, markers)
    finally:
        stored.ws.lock()
    if phase == "locked":
        assert layout.database.stat().st_size > 0
        _assert_no_plaintext(workspace_root, private_tmpdir, markers)
        # And the locked workspace still opens to every marker: they were stored, encrypted.
        with Workspace.unlock(workspace_root, markers.texts["new passphrase"]) as ws:
            hits = records.search_testimonies(ws, markers.texts["last autosave (hangul)"])
            assert [row.id for row in hits] == [stored.testimony_ids[1]]


def test_the_cli_in_its_own_process_leaves_no_plaintext(
    tmp_path: Path, workspace_root: Path, private_tmpdir: Path, markers: Markers
) -> None:
    """The commands as a script runs them; SQLite in a new process honours ``TMPDIR``."""
    passphrase = markers.secret("passphrase", "cli passphrase " + markers.ascii("cli pass"))
    Workspace.create(workspace_root, passphrase, Role.INTERVIEWER, params=PARAMS)[0].lock()
    testimony_id, pseudonym = uuid4(), new_pseudonym()
    record = records.TestimonyRecord(
        testimony=_testimony(markers, "cli", testimony_id, pseudonym),
        consents=(make_consent(testimony_id=testimony_id, pseudonym=pseudonym),),
        withdrawals=(),
        identity=make_identity(pseudonym=pseudonym, names=(markers.korean("cli identity"),)),
        attachments=(),
    )
    document = record_document(record, with_identity=True)
    for key in ("id", "status", "pseudonym"):
        del document[key]
    # The inputs are the user's own files, outside the folders scanned.
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "doc.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (inputs / "scan.pdf").write_bytes(_attachment_content(markers, "cli"))
    env = {
        **os.environ,
        "FIELDAPP_PASSPHRASE": passphrase,
        "TMPDIR": str(private_tmpdir),
        "SQLITE_TMPDIR": str(private_tmpdir),
    }

    def run(*argv: str) -> str:
        command = [sys.executable, "-c", "from fieldapp.cli import run; run()"]
        done = subprocess.run(
            [*command, "--workspace", str(workspace_root), *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    new_id = run("testimony", "new", "--json", str(inputs / "doc.json")).strip()
    run("attach", new_id, str(inputs / "scan.pdf"), "--label", markers.ascii("cli label"))
    found = json.loads(
        run("--json", "testimony", "search", markers.texts["cli narrative (hangul)"])
    )
    assert [row["id"] for row in found] == [new_id]
    shown = json.loads(run("--json", "testimony", "show", new_id, "--identity"))
    assert shown["identity"]["names"] == [markers.texts["cli identity (hangul)"]]
    run("testimony", "seal", new_id)
    _assert_no_plaintext(workspace_root, private_tmpdir, markers)


def test_the_database_file_is_not_plain_sqlite(workspace: Workspace) -> None:
    header = workspace.layout.database.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


# -- controls: the scan finds a marker that is there -----------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "raw"])
@pytest.mark.parametrize("where", ["workspace", "blobs", "temporary"])
def test_the_scan_finds_a_planted_marker(
    encoding: str, where: str, workspace: Workspace, private_tmpdir: Path, markers: Markers
) -> None:
    root = workspace.layout.root
    if encoding == "raw":
        planted, label = markers.raw_bytes("planted"), "planted"
    else:
        planted, label = markers.korean("planted").encode(encoding), "planted (hangul)"
    data = b"\x00" * 1000 + planted + b"\xff" * 1000
    if where == "temporary":
        with tempfile.NamedTemporaryFile(delete=False) as handle:
            handle.write(data)
        path = Path(handle.name)
    else:
        folder = root if where == "workspace" else workspace.layout.blobs
        path = folder / ".tmp-stray"
        path.write_bytes(data)
    findings = scan([root, private_tmpdir], markers.needles())
    assert [(f.marker, f.path, f.offset) for f in findings] == [(label, path, 1000)]
    assert findings[0].encoding == encoding


def test_the_scan_finds_text_in_an_unencrypted_database(
    workspace: Workspace, private_tmpdir: Path, markers: Markers
) -> None:
    """What the workspace's database would look like without SQLCipher: the scan sees it."""
    path = workspace.layout.root / "plain.db"
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE t (narrative TEXT)")
        connection.execute("INSERT INTO t VALUES (?)", (markers.korean("narrative"),))
        connection.commit()
        findings = scan([workspace.layout.root, private_tmpdir], markers.needles())
    finally:
        connection.close()
    assert {f.marker for f in findings} == {"narrative (hangul)"}
    assert {f.path.name for f in findings} <= {"plain.db", "plain.db-wal"}
