"""A bundle written to an exFAT file system, as on the USB sticks that carry them, and imported
from there: direct writes, the final rename and the folder sync all work on it. (This machine's
kernel has no FAT driver; exFAT, the format of most sticks, is mounted through FUSE.)"""

import os

from tests.fieldapp.exfat_support import exfat_stick, needs_root
from tests.fieldapp.services.import_support import (
    Site,
    add_with_files,
    held_by,
    sent_by,
)


@needs_root
def test_a_bundle_on_an_exfat_stick_is_complete_and_imports(site: Site) -> None:
    add_with_files(site.a, 7, [os.urandom(3 * 1024 * 1024 + 123), os.urandom(5000)])
    with exfat_stick(site.tmp / "stick.img", site.tmp / "stick") as stick:
        site.a.usb = stick
        path = site.a.export()
        assert path.parent == stick
        assert [p.name for p in stick.iterdir()] == [path.name]  # nothing partial left
        reports = site.archive.import_(site.a.bundles[0].path, path)
        assert [r.outcome for r in reports] == ["imported", "imported"], reports
    assert held_by(site.archive.ws).attachments == sent_by(site.a).attachments
