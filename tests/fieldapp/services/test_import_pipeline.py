"""Import takes each member as soon as its own hash is confirmed, while later members are still
being hashed: the verdicts must be those of checking every member first."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.domain import Attachment
from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken
from fieldapp.services import importing
from fieldapp.sync.bundle_reader import NOT_DESCRIBED
from fieldapp.sync.container import DAMAGED
from fieldapp.sync.manifest import REJECTED_MEMBERS
from tests.fieldapp.services.import_support import (
    Site,
    add_demo,
    add_with_files,
    make_site,
    member_spans,
    record_line,
    rewrite_records,
    snapshot,
)


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


def _large_second_bundle(site: Site, files: int, size: int) -> Path:
    """Bundle 2 of device A (bundle 1 imported first), with ``files`` attachments of ``size``."""
    [first] = site.archive.import_(site.a.bundles[0].path)
    assert first.outcome == "imported"
    add_with_files(site.a, 11, [os.urandom(size) for _ in range(files)])
    return site.a.export()


def test_a_large_bundle_reports_progress_that_only_grows_and_a_cancel_leaves_nothing(
    site: Site,
) -> None:
    # Larger than what is hashed inline: the members are hashed on threads, and the records'
    # reader and the attachments' feeder both report progress.
    path = _large_second_bundle(site, 4, 3 * 1024 * 1024)
    before = snapshot(site.archive.ws)
    token = CancelToken()
    seen: list[int] = []

    def cancel_past_half(done: int, total: int) -> None:
        seen.append(done)
        if done > total // 2:
            token.cancel()

    with pytest.raises(Cancelled):
        importing.import_bundle(site.archive.ws, path, progress=cancel_past_half, cancel=token)
    assert snapshot(site.archive.ws) == before
    assert seen == sorted(seen)

    reported: list[tuple[int, int]] = []
    [report] = importing.import_bundles(
        site.archive.ws, [path], progress=lambda d, t: reported.append((d, t))
    )
    assert report.outcome == "imported"
    assert report.attachments == 4
    done = [d for d, _ in reported]
    assert done == sorted(done)
    assert len(set(done)) == len(done)  # each step reported once
    assert reported[-1][0] == reported[-1][1] > 4 * 3 * 1024 * 1024


def test_an_attachment_its_record_does_not_describe_is_refused_after_others_were_stored(
    site: Site,
) -> None:
    """The last attachment in the bundle's order is checked after the ones before it were
    stored and committed to their final names: all of them are removed again."""
    path = _large_second_bundle(site, 10, 1024 * 1024 + 1)

    def describe_another_file(lines: list[bytes]) -> list[bytes]:
        last = max(
            (line for line in lines if line.startswith(b"attachment ")),
            key=lambda line: str(_attachment(line).id),
        )
        other = _attachment(last).model_copy(update={"sha256": "0" * 64})
        return [record_line("attachment", other) if line == last else line for line in lines]

    forged = rewrite_records(path.read_bytes(), site.archive, site.a.key, describe_another_file)
    before = snapshot(site.archive.ws)
    attempt = site.tmp / "forged.fieldbundle"
    attempt.write_bytes(forged)
    [report] = site.archive.import_(attempt)
    assert report.outcome == "refused"
    assert report.reason == NOT_DESCRIBED
    assert snapshot(site.archive.ws) == before


def _attachment(line: bytes) -> Attachment:
    return Attachment.model_validate_json(line.partition(b" ")[2])
