"""Import takes each member as soon as its own hash is confirmed, while later members are still
being hashed: the verdicts must be those of checking every member first."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.sync.container import DAMAGED
from fieldapp.sync.manifest import REJECTED_MEMBERS
from tests.fieldapp.services.import_support import Site, add_demo, make_site, member_spans, snapshot


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path)
    yield made
    made.close()


def _with_last_member_flipped(path: Path, target: Path) -> Path:
    """The bundle with one byte of its last member (VERIFY.txt, hashed last) changed."""
    data = bytearray(path.read_bytes())
    name, start, end = member_spans(bytes(data))[-1]
    assert name == "VERIFY.txt"
    data[(start + end) // 2] ^= 0x20
    target.write_bytes(bytes(data))
    return target


def test_a_tampered_copy_of_an_imported_bundle_is_refused_not_already_imported(
    site: Site,
) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    [first] = site.archive.import_(path)
    assert first.outcome == "imported"
    before = snapshot(site.archive.ws)
    [copy] = site.archive.import_(_with_last_member_flipped(path, site.tmp / "copy.fieldbundle"))
    assert copy.outcome == "refused"
    assert copy.reason in (DAMAGED, REJECTED_MEMBERS)
    assert snapshot(site.archive.ws) == before


def test_a_tampered_member_is_the_reason_before_the_chain(site: Site) -> None:
    """Bundle 2 before bundle 1 is refused for the gap; altered too, for the alteration, as a
    check of every member first would say."""
    add_demo(site.a, 2, seed=5)
    second = site.a.export()
    before = snapshot(site.archive.ws)
    [gap] = site.archive.import_(second)
    assert gap.outcome == "refused"
    assert gap.reason is not None
    assert "missing" in gap.reason
    [altered] = site.archive.import_(
        _with_last_member_flipped(second, site.tmp / "altered.fieldbundle")
    )
    assert altered.outcome == "refused"
    assert altered.reason in (DAMAGED, REJECTED_MEMBERS)
    assert snapshot(site.archive.ws) == before
