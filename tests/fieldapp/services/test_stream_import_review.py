"""An adversarial review of the streaming import (merge eafc41b): records checked and stored one
at a time inside one write transaction, the rules spanning records asked of the database.

The attacker holds an enrolled device's key (its workspace): it decrypts, rewrites and re-signs
its own bundles. Each test here proved a bug the review found (a strict xfail until it was
fixed). What the review found sound has no test here (the import tests already hold it).
"""

import hashlib
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import ConsentScope
from fieldapp.errors import FieldappError
from fieldapp.services import importing, session, standing
from fieldapp.services.import_chain import REJECTED_HEAD
from fieldapp.services.importing import ImportReport
from fieldapp.workspace import Workspace
from tests.fieldapp.services.import_support import (
    Site,
    make_site,
    record_line,
    rewrite_records,
    sent_by,
    snapshot,
    withdraw_some,
    withdrawal_of,
)
from tests.fieldapp.services.waiting_support import GAP_REASON, withdraw_from_lost


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path, count=3)
    yield made
    made.close()


def _first_imported(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    [report] = site.archive.import_(first)
    assert report.outcome == "imported", report.reason


def _write(site: Site, data: bytes) -> Path:
    path = site.tmp / f"attempt-{uuid4().hex[:8]}.fieldbundle"
    path.write_bytes(data)
    return path


# --- the consent in force asked again at every return to a testimony: quadratic ----------------


def _database_work(ws: Workspace, path: Path) -> tuple[ImportReport, int]:
    """The import's report and the SQLite virtual-machine steps it took (in tens): a count
    of the work done, the same on any machine, unlike a time."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    ws.connection.set_progress_handler(count, 10)
    try:
        report = importing.import_bundle(ws, path)
    finally:
        ws.connection.set_progress_handler(None, 10)
    return report, steps


def test_alternating_two_testimonies_withdrawals_costs_no_more_than_linear(site: Site) -> None:
    """A device key holder alternates withdrawals of two testimonies it owns (the order the
    format allows: a testimony's consents and withdrawals "may come again later"). Four times
    the records must cost about four times the work, not sixteen. Both bundles are refused at
    the end (a wrong custody head), after every record was checked, so the archive is the same
    for both."""
    _first_imported(site)
    held = sorted(UUID(t) for t in sent_by(site.a).testimony_ids())
    assert len(held) >= 2
    first, second = held[:2]
    withdraw_some(site.a)
    data = site.a.export().read_bytes()
    ws = site.archive.ws
    wrong_head = hashlib.sha256(b"not the device's head").hexdigest()

    def alternating(pairs: int) -> bytes:
        lines = [
            record_line("withdrawal", withdrawal_of(ws, testimony, ConsentScope.RESEARCH))
            for _ in range(pairs)
            for testimony in (first, second)
        ]
        return rewrite_records(
            data, site.archive, site.a.key, lambda found: [*found, *lines], custody_head=wrong_head
        )

    before = snapshot(ws)
    small, small_steps = _database_work(ws, _write(site, alternating(75)))
    large, large_steps = _database_work(ws, _write(site, alternating(300)))
    assert (small.reason, large.reason) == (REJECTED_HEAD, REJECTED_HEAD)
    assert snapshot(ws) == before
    assert large_steps < 6 * small_steps, (small_steps, large_steps)


# --- the write lock held for the whole import: a second import of the same bundle fails ---------


def test_the_same_bundle_imported_twice_at_once_is_imported_once_and_already_imported_once(
    site: Site,
) -> None:
    """The first import is slow (a slow stick: its progress callback blocks while attachments
    are being stored, i.e. inside the import); the second import of the same file, on its own
    database handle, must end as "already imported" (or import it, with the first then already
    imported), never with an error."""
    path = site.a.bundles[0].path
    assert path is not None
    storing = threading.Event()
    release = threading.Event()
    outcomes: dict[str, object] = {}

    def slow(done: int, total: int) -> None:
        # On the attachments' thread the import has begun: its transaction is open.
        if threading.current_thread().name == "import-blobs" and not storing.is_set():
            storing.set()
            release.wait(timeout=12)

    def first() -> None:
        try:
            outcomes["first"] = importing.import_bundle(site.archive.ws, path, progress=slow)
        except BaseException as error:  # reported by the assertion below
            outcomes["first"] = error

    thread = threading.Thread(target=first, name="first-import")
    thread.start()
    try:
        assert storing.wait(timeout=60), "the first import never began storing attachments"
        # The first goes on a moment later, while the second waits for the write lock.
        threading.Timer(0.5, release.set).start()
        with session.worker_handle(site.archive.ws) as handle:
            try:
                outcomes["second"] = importing.import_bundle(handle, path)
            except FieldappError as error:
                outcomes["second"] = error
    finally:
        release.set()
        thread.join(timeout=120)
    results = [outcomes["first"], outcomes["second"]]
    assert all(isinstance(r, ImportReport) for r in results), results
    assert sorted(r.outcome for r in results) == ["already imported", "imported"], results  # type: ignore[union-attr]


# --- the records waiting for a testimony, all held in memory when it arrives ---------------------


def _traced_peak(ws: Workspace, path: Path) -> tuple[ImportReport, int]:
    """The import's report and the peak of Python memory allocated while it ran (bytes)."""
    tracemalloc.start()
    try:
        report = importing.import_bundle(ws, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, peak


def test_releasing_many_waiting_records_holds_few_at_a_time(site: Site) -> None:
    """Bundle 2 lost, the gap accepted; bundle 3 (re-signed by the device key) carries 20,000
    withdrawals for a testimony only bundle 2 had: they wait. When the found stick brings the
    testimony they are stored in place; doing so must not hold them all at once. (The same
    found bundle with one waiting record peaks at a few MiB: measured with this helper.)"""
    story = withdraw_from_lost(site, archive_scope=False)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    many = [
        record_line("withdrawal", story.withdrawal.model_copy(update={"id": uuid4()}))
        for _ in range(20_000)
    ]
    third = rewrite_records(
        story.third.read_bytes(), site.archive, site.a.key, lambda found: [*found, *many]
    )
    [held] = site.archive.import_(_write(site, third))
    assert held.outcome == "imported", held.reason
    assert held.waiting == 20_001
    found, peak = _traced_peak(site.archive.ws, story.lost)
    assert found.outcome == "imported", found.reason
    assert found.released == 20_001
    assert peak < 16 * 2**20, f"{peak / 2**20:.1f} MiB"


# --- a refused bundle's report counts what it rolled back ---------------------------------------


def test_a_refused_bundles_report_counts_nothing(site: Site) -> None:
    """The device's genuine first bundle, re-signed with a custody head its log does not reach:
    refused once every record was read, and the archive unchanged; its report must not claim
    any record was imported."""
    path = site.a.bundles[0].path
    assert path is not None
    wrong_head = hashlib.sha256(b"not the device's head").hexdigest()
    forged = rewrite_records(
        path.read_bytes(), site.archive, site.a.key, list, custody_head=wrong_head
    )
    before = snapshot(site.archive.ws)
    report = importing.import_bundle(site.archive.ws, _write(site, forged))
    assert (report.outcome, report.reason) == ("refused", REJECTED_HEAD)
    assert snapshot(site.archive.ws) == before
    counts = (
        report.testimonies,
        report.amendments,
        report.consents,
        report.withdrawals,
        report.attachments,
        report.waiting,
        report.released,
        report.discarded_waiting,
        report.withdrawn_scopes,
    )
    assert counts == (0, 0, 0, 0, 0, 0, 0, 0, []), counts
