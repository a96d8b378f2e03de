"""Schema version 6 (export planning flat in the device's size): a device at version 5 keeps
its identities, each waiting to be considered again (none withheld), and gains the triggers that
clear a withheld mark whenever the witness's anonymity could have changed."""

import os
from pathlib import Path

from fieldapp.workspace.database import Connection, open_database
from fieldapp.workspace.migrations import MIGRATIONS, migrate, schema_version


def _v5(tmp_path: Path) -> Connection:
    tmp_path.chmod(0o700)
    connection = open_database(tmp_path / "v5.db", os.urandom(32), create=True)
    assert migrate(connection, MIGRATIONS[:5]) == 5
    return connection


def _testimony(connection: Connection, testimony_id: str, pseudonym: str) -> None:
    connection.execute(
        "INSERT INTO testimonies (id, version, status, is_latest, pseudonym, interviewer,"
        " started_at, title, body) VALUES (?, 1, 'sealed', 1, ?, 'me', '2026-01-01', 't', X'')",
        (testimony_id, pseudonym),
    )


def _withheld(connection: Connection) -> dict[tuple[str, int], int]:
    rows = connection.execute("SELECT pseudonym, version, withheld FROM identities")
    return {(str(p), int(v)): int(w) for p, v, w in rows}


def _withhold_all(connection: Connection) -> None:
    connection.execute("UPDATE identities SET withheld = 1")


def test_a_device_at_version_5_migrates_and_keeps_its_identities(tmp_path: Path) -> None:
    connection = _v5(tmp_path)
    connection.execute(
        "INSERT INTO identities (pseudonym, version, body, exported_in) VALUES"
        " ('W-1', 1, X'01', NULL), ('W-1', 2, X'02', NULL), ('W-2', 1, X'03', 4)"
    )
    assert migrate(connection, MIGRATIONS[:6]) == 6
    assert schema_version(connection) == 6
    rows = connection.execute(
        "SELECT pseudonym, version, body, exported_in, withheld FROM identities ORDER BY rowid"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("W-1", 1, b"\x01", None, 0),
        ("W-1", 2, b"\x02", None, 0),
        ("W-2", 1, b"\x03", 4, 0),
    ]
    # The planner's read of what waits uses the index, which leaves withheld rows out.
    plan = connection.execute(
        "EXPLAIN QUERY PLAN SELECT pseudonym, version FROM identities"
        " WHERE exported_in IS NULL AND withheld = 0"
    ).fetchall()
    assert any("identities_waiting" in str(row[-1]) for row in plan), plan
    connection.close()


def test_a_change_to_the_witness_consents_or_testimonies_clears_the_mark(tmp_path: Path) -> None:
    connection = _v5(tmp_path)
    migrate(connection)
    _testimony(connection, "t-1", "W-1")
    _testimony(connection, "t-2", "W-2")
    connection.execute(
        "INSERT INTO identities (pseudonym, version, body) VALUES ('W-1', 1, X''), ('W-2', 1, X'')"
    )
    connection.execute("INSERT INTO consents (testimony_id, version, body) VALUES ('t-1', 1, X'')")
    steps = [
        # A consent stored, changed or removed for a testimony of W-1: W-1 only.
        "INSERT INTO consents (testimony_id, version, body) VALUES ('t-1', 2, X'')",
        "UPDATE consents SET body = X'01' WHERE testimony_id = 't-1' AND version = 1",
        "DELETE FROM consents WHERE testimony_id = 't-1' AND version = 2",
        # A new version of a testimony of W-1.
        "INSERT INTO testimonies (id, version, status, is_latest, pseudonym, interviewer,"
        " started_at, title, body) VALUES ('t-1', 2, 'draft', 0, 'W-1', 'me', '2026-01-01',"
        " 't', X'')",
    ]
    for step in steps:
        _withhold_all(connection)
        connection.execute(step)
        assert _withheld(connection) == {("W-1", 1): 0, ("W-2", 1): 1}, step
    # A testimony moved from W-2 to W-1: both witnesses are considered again.
    _withhold_all(connection)
    connection.execute("UPDATE testimonies SET pseudonym = 'W-1' WHERE id = 't-2'")
    assert _withheld(connection) == {("W-1", 1): 0, ("W-2", 1): 0}
    # A status change (export, archiving) or a consent marked exported changes no wish.
    _withhold_all(connection)
    connection.execute("UPDATE testimonies SET status = 'exported', exported_in = 1")
    connection.execute("UPDATE consents SET exported_in = 1")
    assert _withheld(connection) == {("W-1", 1): 1, ("W-2", 1): 1}
    # A testimony removed: its witness is considered again.
    connection.execute("DELETE FROM testimonies WHERE id = 't-2'")
    assert _withheld(connection) == {("W-1", 1): 0, ("W-2", 1): 1}
    connection.close()
