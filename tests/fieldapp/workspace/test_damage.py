"""Damaged or planted files: one clear FieldappError, never a crash, and nothing made worse.

Tamper tests walk positions (every byte of each wrap, every length of the key file, every page
of the database) rather than a few hand-picked ones.
"""

import json
import shutil
from pathlib import Path
from uuid import uuid4

import pytest

from fieldapp.domain import ConsentRecord, Testimony
from fieldapp.errors import (
    FieldappError,
    WorkspaceDamagedError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
)
from fieldapp.services import audit, records
from fieldapp.workspace import Workspace
from fieldapp.workspace.keyfile import MAX_KEY_FILE_BYTES, KeyFile
from tests.fieldapp.domain.factories import make_narrative

from .support import PASSPHRASE, CreatedWorkspace, create_workspace, file_snapshot, new_testimony

PAGE_SIZE = 4096  # SQLCipher 4's default page size


def _flip(data: bytes, position: int, mask: int = 0x01) -> bytes:
    return data[:position] + bytes([data[position] ^ mask]) + data[position + 1 :]


def _unlock_outcome(root: Path, *, recovery_code: str | None = None) -> type[Exception] | None:
    """The error class an unlock raises (None if it opens); the throttle is cleared first."""
    (root / "unlock-attempts.json").unlink(missing_ok=True)
    try:
        if recovery_code is None:
            Workspace.unlock(root, PASSPHRASE).lock()
        else:
            Workspace.unlock_with_recovery_code(root, recovery_code).lock()
    except Exception as error:
        return type(error)
    return None


def _pair() -> tuple[Testimony, list[ConsentRecord]]:
    testimony, consent = new_testimony()
    return testimony, [consent]


@pytest.fixture
def closed(created: CreatedWorkspace) -> CreatedWorkspace:
    testimony, consent = new_testimony()
    records.create_testimony(created.workspace, testimony, [consent])
    created.workspace.lock()
    return created


# -- the key file ------------------------------------------------------------------------------
def test_every_truncation_of_the_key_file_is_damage(closed: CreatedWorkspace) -> None:
    key_file = closed.workspace.layout.key_file
    original = key_file.read_bytes()
    for length in range(len(original.rstrip(b"\n"))):
        key_file.write_bytes(original[:length])
        assert _unlock_outcome(closed.root) is WorkspaceDamagedError, length
    key_file.write_bytes(original)
    assert _unlock_outcome(closed.root) is None


def _document(closed: CreatedWorkspace) -> dict[str, str]:
    return json.loads(closed.workspace.layout.key_file.read_bytes())


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: b"\x00" * 300, id="zeros"),
        pytest.param(lambda d: b"\xff\xfe\xfd garbage", id="garbage"),
        pytest.param(lambda d: b"not json at all", id="text"),
        pytest.param(lambda d: b"[]", id="a-list"),
        pytest.param(lambda d: b"null", id="null"),
        pytest.param(lambda d: b" " * (MAX_KEY_FILE_BYTES + 1), id="oversized"),
        pytest.param(
            lambda d: json.dumps({**d, "format": "fieldapp-keys/2"}).encode(), id="newer-format"
        ),
        pytest.param(
            lambda d: json.dumps({**d, "format": "age-encryption.org/v1"}).encode(),
            id="other-format",
        ),
        pytest.param(lambda d: json.dumps({**d, "extra": "x"}).encode(), id="extra-field"),
        pytest.param(lambda d: json.dumps({**d, "passphrase_wrap": 7}).encode(), id="number-wrap"),
        pytest.param(lambda d: json.dumps({**d, "passphrase_wrap": None}).encode(), id="null-wrap"),
        pytest.param(
            lambda d: json.dumps({**d, "passphrase_wrap": "wrap é"}, ensure_ascii=False).encode(),
            id="non-ascii-wrap",
        ),
        pytest.param(
            lambda d: json.dumps({**d, "passphrase_wrap": d["recovery_wrap"]}).encode(),
            id="recovery-wrap-as-passphrase-wrap",
        ),
        pytest.param(
            lambda d: json.dumps({**d, "passphrase_wrap": "A" * 2000}).encode(),
            id="long-wrap",
        ),
        pytest.param(
            lambda d: json.dumps({**d, "passphrase_wrap": ""}).encode(),
            id="empty-wrap",
        ),
        *(
            pytest.param(
                lambda d, field=field: json.dumps(
                    {k: v for k, v in d.items() if k != field}
                ).encode(),
                id=f"without-{field}",
            )
            for field in ("format", "workspace_id", "passphrase_wrap", "recovery_wrap")
        ),
    ],
)
def test_a_damaged_key_file_gives_one_clear_error(closed: CreatedWorkspace, damage) -> None:
    key_file = closed.workspace.layout.key_file
    damaged = damage(_document(closed))
    key_file.write_bytes(damaged)
    database_before = file_snapshot(closed.root, skip=("keys.json", "unlock-attempts.json"))
    assert _unlock_outcome(closed.root) in {WorkspaceDamagedError, WrongPassphraseError}
    assert _unlock_outcome(closed.root, recovery_code=closed.recovery_code) in {
        WorkspaceDamagedError,
        WrongRecoveryCodeError,
        None,  # only the passphrase wrap was damaged
    }
    assert key_file.read_bytes() == damaged
    assert file_snapshot(closed.root, skip=("keys.json", "unlock-attempts.json")) == (
        database_before
    )


@pytest.mark.parametrize("field", ["passphrase_wrap", "recovery_wrap"])
def test_a_flipped_byte_anywhere_in_a_wrap_is_refused(closed: CreatedWorkspace, field: str) -> None:
    layout = closed.workspace.layout
    original = KeyFile.read(layout.key_file)
    wrap: bytes = getattr(original, field)
    use_code = closed.recovery_code if field == "recovery_wrap" else None
    allowed = {WorkspaceDamagedError, WrongPassphraseError, WrongRecoveryCodeError}
    seen: set[type[Exception] | None] = set()
    for position in range(len(wrap)):
        for mask in (0x01, 0x20):
            flipped = _flip(wrap, position, mask)
            if flipped[position] >= 0x80:
                continue
            damaged = KeyFile(
                original.workspace_id,
                flipped if field == "passphrase_wrap" else original.passphrase_wrap,
                flipped if field == "recovery_wrap" else original.recovery_wrap,
            )
            layout.key_file.write_bytes(damaged.to_bytes())  # no fsync: hundreds of rounds
            outcome = _unlock_outcome(closed.root, recovery_code=use_code)
            assert outcome in allowed, (position, mask, outcome)
            seen.add(outcome)
    # Both kinds of failure were met: a wrap that no longer parses, and one that no longer opens.
    assert WorkspaceDamagedError in seen
    assert seen & {WrongPassphraseError, WrongRecoveryCodeError}
    original.write(layout.key_file)
    assert _unlock_outcome(closed.root, recovery_code=use_code) is None


def test_an_edited_workspace_id_in_the_key_file_is_refused(closed: CreatedWorkspace) -> None:
    key_file = closed.workspace.layout.key_file
    document = _document(closed)
    _write_json(key_file, {**document, "workspace_id": str(uuid4())})
    assert _unlock_outcome(closed.root) is WorkspaceDamagedError


# -- the database ------------------------------------------------------------------------------
def _read_everything(ws: Workspace) -> None:
    """Touch every record, as a person browsing the workspace would."""
    summaries = records.list_testimonies(ws)
    for summary in summaries:
        records.get_record(ws, summary.id)
    records.search_testimonies(ws, "word")
    audit.verify_custody(ws)


@pytest.fixture
def many_pages(created: CreatedWorkspace) -> CreatedWorkspace:
    for i in range(12):
        testimony, consent = new_testimony(narrative=make_narrative(f"word{i} " * 300))
        records.create_testimony(created.workspace, testimony, [consent])
    created.workspace.lock()
    return created


def test_a_damaged_first_page_is_refused_at_unlock(many_pages: CreatedWorkspace) -> None:
    database = many_pages.workspace.layout.database
    keys_before = many_pages.workspace.layout.key_file.read_bytes()
    data = bytearray(database.read_bytes())
    data[1000:1016] = b"\xff" * 16
    database.write_bytes(bytes(data))
    with pytest.raises(WorkspaceDamagedError):
        Workspace.unlock(many_pages.root, PASSPHRASE)
    assert many_pages.workspace.layout.key_file.read_bytes() == keys_before
    assert database.read_bytes() == bytes(data)


def test_a_damaged_page_anywhere_gives_one_clear_error(many_pages: CreatedWorkspace) -> None:
    database = many_pages.workspace.layout.database
    keys_before = many_pages.workspace.layout.key_file.read_bytes()
    original = database.read_bytes()
    pages = len(original) // PAGE_SIZE
    assert pages > 20
    outcomes: dict[int, str] = {}
    for page in range(pages):
        data = bytearray(original)
        middle = page * PAGE_SIZE + PAGE_SIZE // 2
        data[middle : middle + 16] = bytes(16)
        database.write_bytes(bytes(data))
        try:
            with Workspace.unlock(many_pages.root, PASSPHRASE) as ws:
                _read_everything(ws)
        except FieldappError as error:
            outcomes[page] = type(error).__name__
        except Exception as error:
            outcomes[page] = f"raw {type(error).__module__}.{type(error).__name__}"
        else:
            outcomes[page] = "unread"  # a page no read touched (free, or unused index)
    database.write_bytes(original)
    assert many_pages.workspace.layout.key_file.read_bytes() == keys_before
    errors = {outcome for outcome in outcomes.values() if outcome != "unread"}
    assert errors == {"WorkspaceDamagedError"}, outcomes


def test_the_database_of_another_workspace_is_refused(
    closed: CreatedWorkspace, tmp_path: Path
) -> None:
    other = create_workspace(tmp_path / "other")
    records.create_testimony(other.workspace, *_pair())
    other.workspace.lock()
    keys_before = closed.workspace.layout.key_file.read_bytes()
    for suffix in ("", "-wal", "-shm"):
        (closed.root / f"fieldapp.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(other.workspace.layout.database, closed.workspace.layout.database)
    swapped = closed.workspace.layout.database.read_bytes()
    with pytest.raises(WorkspaceDamagedError):
        Workspace.unlock(closed.root, PASSPHRASE)
    assert closed.workspace.layout.key_file.read_bytes() == keys_before
    assert closed.workspace.layout.database.read_bytes() == swapped


def test_a_missing_database_is_damage_and_no_file_is_created(closed: CreatedWorkspace) -> None:
    for suffix in ("", "-wal", "-shm"):
        (closed.root / f"fieldapp.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(WorkspaceDamagedError):
        Workspace.unlock(closed.root, PASSPHRASE)
    assert not closed.workspace.layout.database.exists()
