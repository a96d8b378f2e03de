"""Import onto an archive disk that fills up: one clear sentence, the archive as it was."""

import os

import pytest

from fieldapp.errors import StorageFullError
from fieldapp.services import importing
from tests.fieldapp.services.import_support import (
    Site,
    add_with_files,
    held_by,
    sent_by,
    snapshot,
)
from tests.fieldapp.small_disk import grow, small_disk


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_archive_disk_changes_nothing_and_a_rerun_succeeds(site: Site) -> None:
    add_with_files(site.a, 7, [os.urandom(3 * 1024 * 1024), os.urandom(2 * 1024 * 1024)])
    path = site.a.export()
    blobs = site.archive.root / "blobs"
    with small_disk(blobs, "4m"):
        [first] = site.archive.import_(site.a.bundles[0].path)
        assert first.outcome == "imported"
        before = snapshot(site.archive.ws)
        # The run stops at the bundle the disk could not take, and its report says why.
        [stopped] = site.archive.import_(path)
        assert stopped.outcome == importing.STOPPED
        assert stopped.reason is not None
        assert stopped.reason.startswith(StorageFullError().message)
        assert stopped.reason.startswith("The disk is full; nothing was changed.")
        assert snapshot(site.archive.ws) == before  # no temporary file left behind either
        grow(blobs, "16m")
        [second] = site.archive.import_(path)
        assert second.outcome == "imported"
        assert held_by(site.archive.ws).attachments == sent_by(site.a).attachments
