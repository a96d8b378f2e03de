"""Commands on records: testimony new/list/search/show/checklist/seal/amend, consent, attach."""

import hashlib
import json
import secrets
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from fieldapp.domain import (
    ConsentScope,
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_hash,
    effective_consent,
)
from fieldapp.errors import ValidationFailedError
from fieldapp.services import attachments, records
from tests.fieldapp.domain.factories import (
    as_fields,
    make_consent,
    make_narrative,
    make_testimony,
)

from .conftest import CliWorkspace
from .support import assert_refused, new_document, write_json

# -- helpers --------------------------------------------------------------------------------------


def _new(workspace: CliWorkspace, tmp_path: Path, document: dict[str, Any]) -> str:
    path = write_json(tmp_path / f"new-{secrets.token_hex(4)}.json", document)
    result = workspace("testimony", "new", "--json", path)
    assert result.code == 0, result.err
    created = result.out.strip()
    assert str(UUID(created)) == created
    return created


def _show(workspace: CliWorkspace, testimony_id: str, *options: str) -> dict[str, Any]:
    result = workspace("--json", "testimony", "show", testimony_id, *options)
    assert result.code == 0, result.err
    return result.json()


def _ok(workspace: CliWorkspace, *argv: str | Path) -> str:
    result = workspace(*argv)
    assert result.code == 0, result.err
    return result.out


def _consent_document() -> dict[str, Any]:
    """What `consent add --json` reads: a consent without the keys the command fills in."""
    fields = json.loads(canonical_bytes(make_consent()))
    for key in ("testimony_id", "pseudonym", "version"):
        del fields[key]
    return fields


def _stored(workspace: CliWorkspace, testimony_id: str) -> Testimony:
    with workspace.open() as ws:
        return ws.repository.get_testimony(UUID(testimony_id))


# -- the round trip: show --json, less id and status, is new --json -------------------------------


@pytest.mark.parametrize("state", ["draft", "sealed", "amended"])
def test_show_json_less_id_and_status_creates_an_equal_record(
    state: str, workspace: CliWorkspace, tmp_path: Path
) -> None:
    original = _new(workspace, tmp_path, new_document(identity=True))
    if state != "draft":
        _ok(workspace, "testimony", "seal", original)
    if state == "amended":
        changes = write_json(tmp_path / "changes.json", {"summary": "Corrected after review."})
        _ok(workspace, "testimony", "amend", original, "--json", changes)
    shown = _show(workspace, original)
    assert shown["status"] == ("sealed" if state == "sealed" else "draft")

    copy = _new(workspace, tmp_path, {k: v for k, v in shown.items() if k not in ("id", "status")})

    assert copy != original
    again = _show(workspace, copy)
    assert (again["status"], again["version"]) == ("draft", 1)
    described = {"id", "status", "version", "amends", "content_hash"}
    assert {k: v for k, v in again.items() if k not in described} == {
        k: v for k, v in shown.items() if k not in described
    }
    # The same content under a new id: the records differ only where a new record must.
    source, made = _stored(workspace, original), _stored(workspace, copy)
    expected = {**as_fields(source), "id": made.id, "version": 1, "amends": None}
    assert made == Testimony(**{**expected, "status": RecordStatus.DRAFT})
    assert again["content_hash"] == content_hash(made)


def test_the_round_trip_with_the_identity(workspace: CliWorkspace, tmp_path: Path) -> None:
    original = _new(workspace, tmp_path, new_document(identity=True))
    shown = _show(workspace, original, "--identity")
    assert "identity" in shown
    document = {k: v for k, v in shown.items() if k not in ("id", "status")}
    # The same pseudonym, so the same witness: their identity is kept once, not stored again.
    copy = _new(workspace, tmp_path, document)
    assert _show(workspace, copy, "--identity")["identity"] == shown["identity"]
    with workspace.open() as ws:
        assert ws.repository.identity_versions(shown["pseudonym"]) == 1


def test_the_round_trip_does_not_revive_withdrawn_consent(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    original = _new(workspace, tmp_path, new_document())
    _ok(
        workspace,
        "consent",
        "withdraw",
        original,
        "--scopes",
        "public_media",
        "--how",
        "phone",
        "--by",
        "Caseworker 02",
    )
    shown = _show(workspace, original)
    assert [w["scopes"] for w in shown["withdrawals"]] == [["public_media"]]
    path = write_json(
        tmp_path / "copy.json", {k: v for k, v in shown.items() if k not in ("id", "status")}
    )
    result = workspace("testimony", "new", "--json", path)
    if result.code != 0:
        assert_refused(result)
        return
    with workspace.open() as ws:
        copy = records.get_record(ws, UUID(result.out.strip()))
    assert not effective_consent(copy.consents, copy.withdrawals).allows(ConsentScope.PUBLIC_MEDIA)


# -- list, search, show ---------------------------------------------------------------------------


def test_list_search_and_show(workspace: CliWorkspace, tmp_path: Path) -> None:
    detention = _new(
        workspace,
        tmp_path,
        new_document(
            title="Detention in Hoeryong, 2009",
            narrative=make_narrative("그는 보위부에서 두 달 동안 조사를 받았다."),
            confidentiality="confidential",  # found by its words; famine, by its title only
        ),
    )
    famine = _new(
        workspace,
        tmp_path,
        new_document(
            title="Famine in Musan, 1997",
            narrative=make_narrative("배급이 끊기고 마을 사람들이 굶었다."),
        ),
    )
    listed = json.loads(_ok(workspace, "--json", "testimony", "list"))
    assert {row["id"] for row in listed} == {detention, famine}
    assert {row["status"] for row in listed} == {"draft"}

    def search(text: str) -> list[str]:
        return [
            row["id"] for row in json.loads(_ok(workspace, "--json", "testimony", "search", text))
        ]

    assert search("보위부") == [detention]  # a prefix of 보위부에서: particles attach to words
    assert search("Musan") == [famine]
    assert search("famine musan") == [famine]
    assert search("Pyongyang") == []

    _ok(workspace, "testimony", "seal", detention)
    sealed = json.loads(_ok(workspace, "--json", "testimony", "list", "--status", "sealed"))
    assert [row["id"] for row in sealed] == [detention]
    drafts = json.loads(_ok(workspace, "testimony", "list", "--status", "draft", "--json"))
    assert [row["id"] for row in drafts] == [famine]

    table = _ok(workspace, "testimony", "list").splitlines()
    assert table[0].split() == ["id", "v", "status", "witness", "date", "title"]
    assert len(table) == 3

    shown = _ok(workspace, "testimony", "show", detention[:8])  # a short id, as git takes one
    assert f"id: {detention}" in shown
    assert "status: sealed" in shown
    assert "그는 보위부에서 두 달 동안 조사를 받았다." in shown


def test_show_leaves_the_identity_out_unless_asked(workspace: CliWorkspace, tmp_path: Path) -> None:
    testimony_id = _new(workspace, tmp_path, new_document(identity=True))
    assert "identity" not in _show(workspace, testimony_id)
    # The family at risk are named only in the identity.
    assert "Kim Yong-hui" not in workspace("--json", "testimony", "show", testimony_id).out
    names = _show(workspace, testimony_id, "--identity")["identity"]["names"]
    assert names == ["Kim Chol-su", "김철수"]


def test_an_ambiguous_or_too_short_id_is_refused(workspace: CliWorkspace, tmp_path: Path) -> None:
    testimony_id = _new(workspace, tmp_path, new_document())
    assert "4 characters" in assert_refused(workspace("testimony", "show", testimony_id[:3]))
    assert_refused(workspace("testimony", "show", "ffffffff"))


# -- checklist, consent, seal ---------------------------------------------------------------------


def test_checklist_consent_and_seal(workspace: CliWorkspace, tmp_path: Path) -> None:
    testimony_id = _new(workspace, tmp_path, {**new_document(), "consents": []})
    missing = json.loads(_ok(workspace, "--json", "testimony", "checklist", testimony_id))
    assert "consent_recorded" in missing
    assert "missing: consent_recorded" in _ok(workspace, "testimony", "checklist", testimony_id)
    assert "consent" in assert_refused(workspace("testimony", "seal", testimony_id), hint=True)

    consent = write_json(tmp_path / "consent.json", _consent_document())
    result = workspace("consent", "add", testimony_id, "--json", consent)
    assert result.code == 0, result.err
    assert "version 1" in result.err
    assert json.loads(_ok(workspace, "--json", "testimony", "checklist", testimony_id)) == []
    assert _ok(workspace, "testimony", "checklist", testimony_id).strip() == "ready to seal"

    result = workspace("testimony", "seal", testimony_id)
    assert result.code == 0, result.err
    assert f"Sealed {testimony_id} version 1." in result.err
    assert _show(workspace, testimony_id)["status"] == "sealed"
    assert_refused(workspace("testimony", "seal", testimony_id), hint=True)

    # Consent versions append, even after sealing.
    result = workspace("consent", "add", testimony_id, "--json", consent)
    assert "version 2" in result.err
    assert [c["version"] for c in _show(workspace, testimony_id)["consents"]] == [1, 2]


def test_an_invalid_consent_is_refused_and_not_stored(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    testimony_id = _new(workspace, tmp_path, {**new_document(), "consents": []})
    document = {**_consent_document(), "method": "telepathy"}
    consent = write_json(tmp_path / "consent.json", document)
    message = assert_refused(workspace("consent", "add", testimony_id, "--json", consent))
    assert "method" in message
    assert "telepathy" not in message  # an error never quotes what was typed
    assert _show(workspace, testimony_id)["consents"] == []


def test_consent_withdraw(workspace: CliWorkspace, tmp_path: Path) -> None:
    testimony_id = _new(workspace, tmp_path, new_document())
    _ok(workspace, "testimony", "seal", testimony_id)
    events = json.loads(_ok(workspace, "--json", "audit", "verify"))["events"]
    result = workspace(
        "consent",
        "withdraw",
        testimony_id,
        "--scopes",
        "research, public_media",
        "--how",
        "phone",
        "--by",
        "Caseworker 02",
        "--notes",
        "Called the office",
    )
    assert result.code == 0, result.err
    assert "public_media, research" in result.err
    # A withdrawal is a logged event of its own (and showing the testimony, strictly
    # confidential, is another: services.access).
    assert json.loads(_ok(workspace, "--json", "audit", "verify"))["events"] == events + 1
    (withdrawal,) = _show(workspace, testimony_id)["withdrawals"]
    assert withdrawal["scopes"] == ["public_media", "research"]
    assert withdrawal["applies_to_version"] == 1
    assert withdrawal["how_received"] == "phone"
    assert withdrawal["received_by"] == "Caseworker 02"

    message = assert_refused(
        workspace(
            "consent",
            "withdraw",
            testimony_id,
            "--scopes",
            "everything",
            "--how",
            "phone",
            "--by",
            "Caseworker 02",
        )
    )
    assert "scopes" in message
    assert len(_show(workspace, testimony_id)["withdrawals"]) == 1


# -- amend ----------------------------------------------------------------------------------------


def test_amend_makes_a_new_draft_version_and_keeps_the_sealed_one(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    testimony_id = _new(workspace, tmp_path, new_document(title="First title"))
    changes = write_json(tmp_path / "changes.json", {"title": "Corrected title"})
    assert "amended" in assert_refused(
        workspace("testimony", "amend", testimony_id, "--json", changes)
    )
    _ok(workspace, "testimony", "seal", testimony_id)
    sealed = _show(workspace, testimony_id)

    result = workspace("testimony", "amend", testimony_id, "--json", changes)
    assert result.code == 0, result.err
    assert "version 2 is a draft" in result.err
    amended = _show(workspace, testimony_id)
    assert (amended["version"], amended["status"], amended["title"]) == (
        2,
        "draft",
        "Corrected title",
    )
    assert amended["amends"] == {
        "id": testimony_id,
        "version": 1,
        "content_hash": sealed["content_hash"],
    }
    assert _show(workspace, testimony_id, "--version", "1") == sealed
    _ok(workspace, "testimony", "seal", testimony_id)
    assert _show(workspace, testimony_id)["status"] == "sealed"


@pytest.mark.parametrize(
    "changes",
    [
        {"ended_at": "2001-01-01T00:00:00Z"},  # before the interview started
        {"version": 7},
        {"id": "0f8fad5b-d9cb-469f-a165-70867728950e"},
        {"nonsense": 1},
        ["title", "x"],
    ],
    ids=["invalid value", "version", "id", "unknown field", "not an object"],
)
def test_an_invalid_amendment_is_refused_and_changes_nothing(
    changes: object, workspace: CliWorkspace, tmp_path: Path
) -> None:
    testimony_id = _new(workspace, tmp_path, new_document())
    _ok(workspace, "testimony", "seal", testimony_id)
    before = _show(workspace, testimony_id)
    path = write_json(tmp_path / "changes.json", changes)
    assert_refused(workspace("testimony", "amend", testimony_id, "--json", path))
    assert _show(workspace, testimony_id) == before


# -- attach ---------------------------------------------------------------------------------------


def test_attach_encrypts_the_file_and_lists_it_with_its_sha256(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    testimony_id = _new(workspace, tmp_path, new_document())
    source = tmp_path / "kim-chol-su-interview.ogg"  # a file name can name the witness
    content = secrets.token_bytes(300_000)
    source.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()

    result = workspace("--json", "attach", testimony_id, source, "--label", "Interview, part 1")
    assert result.code == 0, result.err
    printed = result.json()
    assert (printed["sha256"], printed["size"]) == (digest, len(content))

    shown = workspace("--json", "testimony", "show", testimony_id)
    (listed,) = shown.json()["attachments"]
    assert listed["id"] == printed["id"]
    assert (listed["sha256"], listed["size"]) == (digest, len(content))
    assert (listed["kind"], listed["media_type"]) == ("audio", "audio/ogg")
    assert listed["label"] == "Interview, part 1"
    assert "kim-chol-su" not in shown.out
    assert listed["device"] == workspace.fingerprint
    with workspace.open() as ws:
        assert b"".join(attachments.read_attachment(ws, UUID(listed["id"]))) == content
    # Plain output: the attachment's id alone.
    again = workspace("attach", testimony_id, source)
    assert str(UUID(again.out.strip())) == again.out.strip()


def test_attach_refusals(workspace: CliWorkspace, tmp_path: Path) -> None:
    testimony_id = _new(workspace, tmp_path, new_document())
    unknown = tmp_path / "recording.unknownext"
    unknown.write_bytes(b"data")
    assert "--media-type" in assert_refused(workspace("attach", testimony_id, unknown))
    assert_refused(workspace("attach", testimony_id, tmp_path / "absent.ogg"))
    _ok(workspace, "testimony", "seal", testimony_id)
    known = tmp_path / "scan.png"
    known.write_bytes(b"\x89PNG")
    assert "sealed" in assert_refused(workspace("attach", testimony_id, known), hint=True)
    assert _show(workspace, testimony_id)["attachments"] == []
    with workspace.open() as ws:
        assert ws.repository.blob_names() == set()
        assert list(ws.layout.blobs.iterdir()) == []


@pytest.mark.parametrize(
    "options",
    [
        ("--media-type", "audio/ogg", "--kind", "photo"),
        ("--media-type", "Audio/OGG"),
        ("--media-type", "audio/ogg", "--label", "x" * 300),
    ],
    ids=["kind and type disagree", "malformed type", "label too long"],
)
def test_attach_with_metadata_that_does_not_validate_is_refused_cleanly(
    options: tuple[str, ...], workspace: CliWorkspace, tmp_path: Path
) -> None:
    testimony_id = _new(workspace, tmp_path, new_document())
    source = tmp_path / "recording.bin"
    source.write_bytes(secrets.token_bytes(1000))
    assert_refused(workspace("attach", testimony_id, source, *options))
    assert list((workspace.root / "blobs").iterdir()) == []


# -- files are not copied with a document ---------------------------------------------------------


def _with_signed_form(workspace: CliWorkspace, tmp_path: Path) -> str:
    """A testimony whose second consent version names its scanned, signed form."""
    testimony_id = _new(workspace, tmp_path, new_document())
    scan = tmp_path / "form.pdf"
    scan.write_bytes(b"%PDF-1.4 signed consent form")
    form = workspace("--json", "attach", testimony_id, scan).json()["id"]
    consent = {**_consent_document(), "evidence_attachment_id": form}
    path = write_json(tmp_path / "consent.json", consent)
    _ok(workspace, "consent", "add", testimony_id, "--json", path)
    return testimony_id


def test_a_copy_names_no_file_of_the_original_and_says_so(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    original = _with_signed_form(workspace, tmp_path)
    shown = _show(workspace, original)
    assert shown["consents"][-1]["evidence_attachment_id"] is not None
    document = {k: v for k, v in shown.items() if k not in ("id", "status")}
    result = workspace("testimony", "new", "--json", write_json(tmp_path / "copy.json", document))
    assert result.code == 0, result.err
    copy = result.out.strip()
    assert "Files are not copied with a document" in result.err
    assert f"attach them to {copy}" in result.err
    copied = _show(workspace, copy)
    assert copied["attachments"] == []
    assert [c.get("evidence_attachment_id") for c in copied["consents"]] == [None, None]


def test_a_new_testimony_cannot_name_another_ones_file_as_its_form(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    original = _with_signed_form(workspace, tmp_path)
    form = UUID(_show(workspace, original)["consents"][-1]["evidence_attachment_id"])
    testimony = make_testimony()
    consent = make_consent(
        testimony_id=testimony.id, pseudonym=testimony.pseudonym, evidence_attachment_id=form
    )
    with workspace.open() as ws:
        before = len(ws.repository.list_testimonies())
        with pytest.raises(ValidationFailedError, match="attached to this testimony"):
            records.create_testimony(ws, testimony, [consent])
        assert len(ws.repository.list_testimonies()) == before


def test_show_identity_prints_the_identity_as_text(workspace: CliWorkspace, tmp_path: Path) -> None:
    testimony_id = _new(workspace, tmp_path, new_document(identity=True))
    names = _show(workspace, testimony_id, "--identity")["identity"]["names"]
    text = _ok(workspace, "testimony", "show", testimony_id, "--identity")
    assert "identity:" in text
    assert f"names: {json.dumps(names, ensure_ascii=False)}" in text
    assert "identity:" not in _ok(workspace, "testimony", "show", testimony_id)
    bare = _new(workspace, tmp_path, new_document())
    assert "identity: none recorded" in _ok(workspace, "testimony", "show", bare, "--identity")
