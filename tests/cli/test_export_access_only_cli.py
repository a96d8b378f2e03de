"""`export` when the only news is an opening: a bundle of the laptop's custody log alone, said
as such; `import` counts its custody events; `verify` passes; then nothing is left to export.

A site made through the services (an archive, two enrolled laptops, bundle 1 each exported and
not imported); the laptop's own commands run through the CLI on its workspace."""

from pathlib import Path

from fieldapp.domain import ConfidentialityLevel
from tests.fieldapp.services.import_support import Site

from .conftest import Runner
from .support import on_site, succeeded

STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL


def test_an_opening_alone_is_exported_imported_and_verified(site: Site, cli: Runner) -> None:
    laptop, archive = site.a.ws.layout.root, site.archive.root
    first = site.a.bundles[0].path
    assert first is not None
    named = next(  # opening a strictly confidential one would log its opening too
        d.testimony.id
        for d in site.a.demo
        if d.identity is not None and d.testimony.confidentiality is not STRICT
    )
    succeeded(on_site(cli, laptop, "testimony", "show", str(named), "--identity"))

    exported = succeeded(on_site(cli, laptop, "export", "--out", site.a.usb))

    second = Path(exported.out.strip())
    assert second.name.endswith("-000002.fieldbundle")
    assert second.is_file()
    # Bundle 1's export event, and the opening.
    assert "Bundle 2: no new records, 2 custody events; " in exported.err
    imported = succeeded(on_site(cli, archive, "import", first, second))
    assert (
        f"imported: {second} (bundle 2): 0 testimonies; 0 amendments; 0 consent versions;"
        " 0 attachments; 2 custody events\n"
    ) in imported.out
    roster = site.tmp / "roster.json"
    succeeded(on_site(cli, archive, "roster", "export", "--out", roster))
    verified = succeeded(cli("verify", first, second, "--roster", roster))
    assert f"{second}: OK (device {site.a.fingerprint}, bundle 2)" in verified.out
    assert f"device {site.a.fingerprint}: bundles 1-2: in order, no gap" in verified.out

    again = succeeded(on_site(cli, laptop, "export", "--out", site.a.usb))
    assert again.out == ""
    assert "Nothing to export" in again.err
    assert sorted(site.a.usb.iterdir()) == sorted([first, second])


def test_a_bundle_with_records_is_worded_as_before(site: Site, cli: Runner) -> None:
    """The custody events are counted in an import's line only for a bundle of the log alone:
    a bundle with records reads as it always did (scripts read these lines)."""
    first = site.a.bundles[0].path
    assert first is not None
    imported = succeeded(on_site(cli, site.archive.root, "import", first))
    line = imported.out.splitlines()[0]
    assert line.startswith(f"imported: {first} (bundle 1): ")
    assert "custody event" not in line
