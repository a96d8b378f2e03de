"""Schema version 5 (sync repairs): an archive at version 4 keeps its bundles and gains the
tables for pack copies, accepted gaps, reinstatements and the device custody it receives."""

import os
from pathlib import Path

from fieldapp.workspace.database import open_database
from fieldapp.workspace.migrations import MIGRATIONS, migrate, schema_version

from .support import table_names

_ROW = ("SHA256:device", 1, "bundle-1", "digest", "2026-01-01", "2026-01-02", None, "head")


def test_an_archive_at_version_4_migrates_and_keeps_its_bundles(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    connection = open_database(tmp_path / "v4.db", os.urandom(32), create=True)
    assert migrate(connection, MIGRATIONS[:4]) == 4
    connection.execute(
        "INSERT INTO bundles_received (device, sequence, bundle_id, manifest_digest, created_at,"
        " imported_at, identities_blob, custody_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _ROW,
    )
    assert migrate(connection, MIGRATIONS[:5]) == 5
    assert schema_version(connection) == 5
    tables = set(table_names(connection))
    assert {"pack_copies", "accepted_gaps", "reinstatements", "device_custody"} <= tables
    row = connection.execute(
        "SELECT device, sequence, bundle_id, manifest_digest, created_at, imported_at,"
        " identities_blob, custody_head, previous FROM bundles_received"
    ).fetchone()
    # Bundles imported before version 5 did not keep their previous: it is unknown (NULL).
    assert tuple(row) == (*_ROW, None)
    connection.close()
