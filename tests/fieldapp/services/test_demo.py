"""The demo: an archive and two devices after one real round of sync."""

from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.domain import RecordStatus
from fieldapp.errors import OutputExistsError, PackRejectedError
from fieldapp.services import audit, demo, packs, verification
from fieldapp.workspace import Role, Workspace


def test_the_demo_is_a_real_sync_round(tmp_path: Path) -> None:
    built = demo.build_demo(tmp_path, count=6, params=keywrap.TEST_PARAMS)
    with Workspace.unlock(built.archive, demo.DEMO_PASSPHRASE) as archive:
        assert archive.role is Role.ARCHIVE
        archived = archive.repository.list_testimonies()
        assert archived
        assert {s.status for s in archived} == {RecordStatus.ARCHIVED}
        assert audit.verify_custody(archive).intact
    sent = 0
    for folder in built.interviewers:
        with Workspace.unlock(folder, demo.DEMO_PASSPHRASE) as device:
            assert device.repository.meta("label") == demo.DEMO_LABEL
            statuses = [s.status for s in device.repository.list_testimonies()]
            sent += statuses.count(RecordStatus.ARCHIVED)
            assert RecordStatus.EXPORTED not in statuses  # the receipt was applied
            assert audit.verify_custody(device).intact
    assert sent == len(archived)
    bundles = sorted(built.usb.glob("*.fieldbundle"))
    assert len(bundles) == 2
    roster = verification.load_roster(built.usb / demo.ROSTER_FILE)
    report = verification.verify_files(bundles, roster)
    assert report.ok
    # A second demo in the same folder is refused before anything is touched, in words.
    before = sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    with pytest.raises(OutputExistsError, match="A demo already exists in"):
        demo.build_demo(tmp_path, count=6, params=keywrap.TEST_PARAMS)
    assert sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")) == before
    # A bundle given to a device as a pack is named for what it is.
    with (
        Workspace.unlock(built.interviewers[0], demo.DEMO_PASSPHRASE) as device,
        pytest.raises(PackRejectedError, match="it is a bundle, not a pack"),
    ):
        packs.apply_pack(device, bundles[0])
