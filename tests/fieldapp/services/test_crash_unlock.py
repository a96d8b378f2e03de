"""A crash at unlock: a migration killed midway, and the unlock counter killed while it is
written or on a full disk (session 12, H3).

Each test runs the work in a child process that kills itself at a named point
(``crash_support``); the parent looks at what the next run of the program would find. Findings
are strict xfails named ``H3-n``.
"""

import json
import os
import time
from pathlib import Path
from uuid import UUID

import pytest

from crypto import keywrap
from fieldapp.domain import ConfidentialityLevel, ConsentRecord, Testimony
from fieldapp.errors import (
    StorageFullError,
    UnlockThrottledError,
)
from fieldapp.services import (
    records,
)
from fieldapp.workspace import Role, Workspace, master_key
from fieldapp.workspace.database import open_database
from fieldapp.workspace.keyfile import KeyFile
from fieldapp.workspace.migrations import SCHEMA_VERSION, schema_version
from fieldapp.workspace.throttle import FREE_ATTEMPTS, UnlockThrottle
from tests.fieldapp.services.crash_support import (
    killed,
    leftovers,
    opens,
)
from tests.fieldapp.small_disk import fill, free, small_disk
from tests.fieldapp.workspace.support import (
    PARAMS,
    PASSPHRASE,
    CreatedWorkspace,
    new_testimony,
)

# --- migrations killed midway --------------------------------------------------------------------

_WORD = "qxhiddenword"


def _as_version_16(root: Path) -> str:
    """A workspace at schema 16 with a strictly confidential testimony whose narrative word is
    in the search index (as version 16 indexed it): migration 17 must take it out."""
    created, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    with created as ws:
        testimony, consent = _strict_testimony()
        records.create_testimony(ws, testimony, [consent])
        db = ws.connection
        rowid = db.execute(
            "SELECT rowid FROM testimonies WHERE id = ?", (str(testimony.id),)
        ).fetchone()[0]
        db.execute("DELETE FROM testimony_search WHERE rowid = ?", (rowid,))
        db.execute(
            "INSERT INTO testimony_search (rowid, id, title, summary, narrative, places, people,"
            " tags) VALUES (?, ?, 'Title', '', ?, '', '', '')",
            (rowid, str(testimony.id), f"held at {_WORD} camp"),
        )
        # What migrations 19 and 20 create, so that they run again from 16.
        db.execute("DROP INDEX latest_versions")
        db.execute("DROP INDEX testimonies_by_witness")
        db.execute("PRAGMA user_version = 16")
        ws.checkpoint()
    return str(testimony.id)


def _strict_testimony() -> tuple[Testimony, ConsentRecord]:
    return new_testimony(confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL)


def _version_on_disk(root: Path) -> int:
    """The schema version the database holds, read without migrating it."""
    wrap = KeyFile.read(root / "keys.json").passphrase_wrap
    master = keywrap.unwrap_with_passphrase(wrap, PASSPHRASE)
    connection = open_database(root / "fieldapp.db", master_key.database_key(master))
    try:
        return schema_version(connection)
    finally:
        connection.close()


_MIGRATION_KILLED = r"""
from fieldapp.workspace import migrations
from fieldapp.workspace import Workspace

point = args[2]
original = migrations._statements


def statements(script):
    # Handed out one by one: asked for the one after the chosen statement, it has run.
    listed = original(script)
    for statement in listed:
        yield statement
        if point in statement:
            die()


migrations._statements = statements
Workspace.unlock(Path(args[0]), args[1])
"""


@pytest.mark.parametrize(
    ("point", "left_at"),
    [
        ("('rebuild')", 16),  # migration 17's rebuild of the index done, not committed
        ("DROP INDEX categories_by_code", 18),  # inside 19, after 17 and 18 committed
        ("testimonies_by_witness", 19),  # inside 20, the last
    ],
    ids=["in-17", "in-19", "in-20"],
)
def test_a_migration_killed_midway_is_finished_by_the_next_unlock(
    tmp_path: Path, point: str, left_at: int
) -> None:
    tmp_path.chmod(0o700)
    root = tmp_path / "workspace"
    testimony_id = _as_version_16(root)
    killed(tmp_path, _MIGRATION_KILLED, root, PASSPHRASE, point)
    assert _version_on_disk(root) == left_at  # the one before the migration it interrupted
    with Workspace.unlock(root, PASSPHRASE) as ws:
        db = ws.connection
        assert schema_version(db) == SCHEMA_VERSION
        found = db.execute(
            "SELECT id FROM testimony_search WHERE testimony_search MATCH ?", (_WORD,)
        ).fetchall()
        assert found == []
        assert ws.repository.meta("migration_17_secure_delete") is None
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO testimony_search (testimony_search) VALUES ('integrity-check')")
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"latest_versions", "testimonies_by_witness", "categories_by_code"} <= names
        assert records.get_record(ws, UUID(testimony_id)).testimony.id == UUID(testimony_id)


# --- the unlock counter: killed while it is written, and on a full disk --------------------------

_UNLOCK_KILLED = r"""
from fieldapp.workspace import Workspace
from fieldapp.workspace import files, throttle

point = args[2]
if point == "counter-half-written":  # the counter's temporary written, not renamed
    die_first(os, "replace", when=lambda s, target, *a, **k: "unlock-attempts" in str(target))
else:  # the attempt counted; Argon2id running (half a second with the real work factor)
    then_die(throttle.UnlockThrottle, "record_attempt")
Workspace.unlock(Path(args[0]), args[1])
"""


@pytest.mark.parametrize(
    ("point", "counted"), [("counter-half-written", 0), ("attempt-counted", 1)]
)
def test_an_unlock_killed_while_counting_neither_resets_nor_locks_out(
    tmp_path: Path, created: CreatedWorkspace, point: str, counted: int
) -> None:
    root = created.root
    created.workspace.lock()
    counter = UnlockThrottle(root / "unlock-attempts.json")
    for _ in range(FREE_ATTEMPTS - 1):  # two wrong guesses already: the next one is the last free
        counter.record_failure()
    killed(tmp_path, _UNLOCK_KILLED, root, PASSPHRASE, point)
    failures = json.loads((root / "unlock-attempts.json").read_bytes())["failures"]
    assert failures == FREE_ATTEMPTS - 1 + counted  # the cut guess counted once or not at all
    assert counter.seconds_to_wait() <= UnlockThrottle.delay_after(failures)
    if counted:
        # The third attempt was spent (by the owner, cut): a short wait, then the right one opens.
        with pytest.raises(UnlockThrottledError):
            Workspace.unlock(root, PASSPHRASE)
        counter = UnlockThrottle(root / "unlock-attempts.json", clock=lambda: time.time() + 60)
        assert counter.seconds_to_wait() == 0
    else:
        assert opens(root, passphrase=PASSPHRASE)
        assert not (root / "unlock-attempts.json").exists()
        assert leftovers(root) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_an_unlock_on_a_full_disk_says_so_counts_nothing_and_opens_once_there_is_room(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        root = disk / "workspace"
        made, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
        made.checkpoint()
        made.lock()
        fill(disk)
        for guess in (PASSPHRASE, "a wrong guess"):
            with pytest.raises(StorageFullError):
                Workspace.unlock(root, guess)
        assert not (root / "unlock-attempts.json").exists()
        assert leftovers(root) == []
        free(disk)
        assert opens(root, passphrase=PASSPHRASE)
