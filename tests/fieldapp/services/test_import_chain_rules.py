"""Where a bundle's custody events and testimony versions must fit the device's chain, around
lost bundles: what a genuine device's bundles do there is taken, what only a forger's do is
refused with nothing changed (import_chain, import_versions).

Real files throughout (import_support): an archive, enrolled devices with demo testimonies,
bundles exported and imported; a forged bundle is a genuine one rewritten and signed again with
the device's own key. A stick "lost" is a bundle file never given to the archive.
"""

import hashlib
import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from uuid import UUID

import pytest

from crypto import sshsig
from fieldapp.demo.corpus import generate
from fieldapp.domain import CustodyEvent, Testimony, canonical_bytes, parse_canonical
from fieldapp.services import (
    audit,
    custody_view,
    import_chain,
    import_versions,
    records,
    standing,
)
from fieldapp.workspace import import_state
from fieldapp.workspace.custody import CUSTODY_NAMESPACE
from tests.fieldapp.services.import_support import (
    Device,
    Site,
    add_demo,
    refused_with_nothing_changed,
    rewrite_records,
    sent_by,
)

REASON = "Stick lost at the border crossing, reported by the interviewer on 3 May"


def _first(site: Site) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    assert site.archive.import_(path)[0].outcome == "imported"


def _lost_and_third(site: Site) -> tuple[Path, Path]:
    """Device A's bundle 1 imported, bundle 2 lost (not given to the archive), bundle 3."""
    _first(site)
    add_demo(site.a, 1, seed=51)
    lost = site.a.export()
    add_demo(site.a, 1, seed=52)
    return lost, site.a.export()


def _renumbered(site: Site, device: Device, data: bytes, first_seq: int) -> bytes:
    """The bundle with its custody events numbered from ``first_seq``."""

    def renumber(index: int, event: dict[str, object]) -> None:
        event["seq"] = first_seq + index

    return _events_changed(site, device, data, renumber)


def _events_changed(
    site: Site, device: Device, data: bytes, change: Callable[[int, dict[str, object]], None]
) -> bytes:
    """The bundle with each custody event changed by ``change`` (its index, the event), each
    linked to the one before as the device links them (the first keeps its link), signed again
    with the device's key, the manifest's custody head moved to the last."""
    head: list[str] = []

    def rewrite(lines: list[bytes]) -> list[bytes]:
        previous: str | None = None
        changed = []
        for line in lines:
            if not line.startswith(b"custody "):
                changed.append(line)
                continue
            event = json.loads(line.partition(b" ")[2])["event"]
            change(len(head), event)
            event["prev_hash"] = previous or event["prev_hash"]
            body = canonical_bytes(parse_canonical(CustodyEvent, _compact(event)))
            signature = sshsig.sign(body, device.key, CUSTODY_NAMESPACE)
            line = _compact({"event": json.loads(body), "signature": signature})
            changed.append(b"custody " + line)
            previous = hashlib.sha256(body).hexdigest()
            head.append(previous)
        return changed

    rewritten = rewrite_records(data, site.archive, device.key, rewrite)
    return rewrite_records(rewritten, site.archive, device.key, list, custody_head=head[-1])


def _compact(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _event_seqs(data: bytes, site: Site, device: Device | None = None) -> list[int]:
    seqs: list[int] = []

    def read(lines: list[bytes]) -> list[bytes]:
        seqs.extend(
            json.loads(line.partition(b" ")[2])["event"]["seq"]
            for line in lines
            if line.startswith(b"custody ")
        )
        return lines

    rewrite_records(data, site.archive, (device or site.a).key, read)
    return seqs


# --- custody events around a lost bundle ---------------------------------------------------------


def test_after_a_gap_a_bundle_without_custody_events_is_refused(
    site: Site,
) -> None:
    """A genuine bundle after a lost one carries at least the lost one's export event; one with
    none would set a custody head the archive cannot check, for the next bundle to join."""
    _, third = _lost_and_third(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    forged = rewrite_records(
        third.read_bytes(),
        site.archive,
        site.a.key,
        lambda lines: [line for line in lines if not line.startswith(b"custody ")],
    )
    refused_with_nothing_changed(site, forged, import_chain.REJECTED_NO_EVENTS_AFTER_GAP)
    assert site.archive.import_(third)[0].outcome == "imported"


def test_after_a_gap_custody_events_cannot_number_back_into_the_log_held(site: Site) -> None:
    """Bundles 2 and 4 lost: bundle 5's events cannot take numbers from bundle 2's place in the
    log (before events the archive holds), though nothing there would collide."""
    _first(site)
    add_demo(site.a, 3, seed=51)
    site.a.export()  # lost
    add_demo(site.a, 1, seed=52)
    third = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    assert site.archive.import_(third)[0].outcome == "imported"
    add_demo(site.a, 1, seed=53)
    site.a.export()  # bundle 4, lost
    add_demo(site.a, 1, seed=54)
    fifth = site.a.export()
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 4, REASON)
    db = site.archive.ws.connection
    held = [e.seq for e in import_state.device_events(db, site.a.fingerprint)]
    hole, end = next((seq + 1, after) for seq, after in pairwise(held) if after != seq + 1)
    assert hole + len(_event_seqs(fifth.read_bytes(), site)) <= end  # nothing would collide
    forged = _renumbered(site, site.a, fifth.read_bytes(), hole)
    refused_with_nothing_changed(site, forged, import_chain.REJECTED_NUMBERING)
    assert site.archive.import_(fifth)[0].outcome == "imported"
    assert audit.verify_custody(site.archive.ws).intact


def test_a_found_bundle_must_number_into_the_bundle_after_it(site: Site) -> None:
    """Bundle 3 after the gap jumps its events' numbers ahead (nothing before it to check them
    against); the genuine bundle 2, found, links to it by hash but not by number: refused."""
    lost, third = _lost_and_third(site)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    data = third.read_bytes()
    jumped = third.with_name("jumped-3.fieldbundle")
    jumped.write_bytes(_renumbered(site, site.a, data, _event_seqs(data, site)[0] + 100))
    assert site.archive.import_(jumped)[0].outcome == "imported"
    refused_with_nothing_changed(site, lost.read_bytes(), import_chain.REJECTED_FOUND_MISMATCH)


def test_events_about_records_the_archive_lacks_are_kept(site: Site) -> None:
    """A draft never travels, but its creation is in the device's log and goes with the next
    bundle: an event about a testimony the archive lacks is the device's own."""
    _first(site)
    draft = next(r for r in generate(20, seed=71) if not r.seal)
    records.create_testimony(
        site.a.ws, draft.testimony, draft.consents, draft.identity, draft.withdrawals
    )
    add_demo(site.a, 1, seed=52)
    assert site.archive.import_(site.a.export())[0].outcome == "imported"
    db = site.archive.ws.connection
    assert import_state.device_events_for_record(db, draft.testimony.id)
    assert not site.archive.ws.repository.testimony_exists(draft.testimony.id)


# --- versions around a lost bundle ---------------------------------------------------------------


def _amend(device: Device, testimony_id: UUID, title: str) -> Testimony:
    records.amend_testimony(device.ws, testimony_id, {"title": title})
    return records.seal_testimony(device.ws, testimony_id)


def _held_id(site: Site) -> UUID:
    row = site.archive.ws.connection.execute(
        "SELECT id FROM record_sources WHERE device = ? ORDER BY id LIMIT 1", (site.a.fingerprint,)
    ).fetchone()
    return UUID(row[0])


def test_a_version_whose_version_before_never_came_is_refused_without_a_gap(site: Site) -> None:
    _first(site)
    testimony_id = _held_id(site)
    _amend(site.a, testimony_id, "Second version")
    third = _amend(site.a, testimony_id, "Third version")
    genuine = site.a.export()

    def drop_version_2(lines: list[bytes]) -> list[bytes]:
        return [line for line in lines if _version_of(line) != (testimony_id, 2)]

    forged = rewrite_records(genuine.read_bytes(), site.archive, site.a.key, drop_version_2)
    refused_with_nothing_changed(site, forged, import_versions.REJECTED_NO_EARLIER)
    assert site.archive.import_(genuine)[0].outcome == "imported"
    versions = site.archive.ws.repository.testimony_versions(testimony_id)
    assert [t.version for t in versions] == [1, 2, 3]
    assert versions[-1].title == third.title


def _version_of(line: bytes) -> tuple[UUID, int] | None:
    if not line.startswith(b"testimony "):
        return None
    testimony = parse_canonical(Testimony, line.partition(b" ")[2])
    return testimony.id, testimony.version


def test_after_a_gap_a_version_whose_version_before_was_lost_is_taken(site: Site) -> None:
    """Version 2 went in the lost bundle 2, version 3 in bundle 3: taken after the accepted gap;
    the found bundle then fits version 2 between them."""
    _first(site)
    testimony_id = _held_id(site)
    _amend(site.a, testimony_id, "Second version")
    lost = site.a.export()
    _amend(site.a, testimony_id, "Third version")
    third = site.a.export()
    assert site.archive.import_(third)[0].reason == (
        "bundle 2 from this device is missing: import it first"
    )
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, REASON)
    assert site.archive.import_(third)[0].outcome == "imported"
    assert site.archive.import_(lost)[0].outcome == "imported"
    versions = site.archive.ws.repository.testimony_versions(testimony_id)
    assert [(t.version, t.title) for t in versions][1:] == [
        (2, "Second version"),
        (3, "Third version"),
    ]
    assert audit.verify_custody(site.archive.ws).intact


# --- found outside these modules ------------------------------------------------------------------


def test_another_devices_event_sent_before_the_testimony_is_not_shown_as_its_custody(
    site: Site,
) -> None:
    """Device B signs, in its own log, a 'withdraw' event naming device A's testimony before
    A's bundle brings it: import cannot tell it from an event about a draft of B's (the archive
    holds no such testimony yet), so it is kept; the testimony's custody must still show only
    A's word."""
    testimony_id = UUID(sorted(sent_by(site.a).testimony_ids())[0])
    b_first = site.b.bundles[0].path
    assert b_first is not None
    assert site.archive.import_(b_first)[0].outcome == "imported"
    add_demo(site.b, 1, seed=52)
    b_second = site.b.export().read_bytes()
    last = len(_event_seqs(b_second, site, site.b)) - 1

    def about_a(index: int, event: dict[str, object]) -> None:
        if index == last:
            event.update(kind="withdraw", record_id=str(testimony_id))
            event.pop("record_version", None)
            event.pop("bundle_id", None)

    forged = site.tmp / "forged-b-2.fieldbundle"
    forged.write_bytes(_events_changed(site, site.b, b_second, about_a))
    assert site.archive.import_(forged)[0].outcome == "imported"
    _first(site)
    actors = {
        entry.actor
        for entry in custody_view.record_custody(site.archive.ws, testimony_id)
        if entry.source == custody_view.DEVICE
    }
    assert actors == {site.a.fingerprint}, actors


@pytest.mark.parametrize("which", [0, -1], ids=["first event", "last event"])
@pytest.mark.parametrize("signer", ["another device's key", "another namespace"])
def test_a_custody_event_not_signed_by_the_device_is_refused_with_nothing_changed(
    site: Site, which: int, signer: str
) -> None:
    """The events' signatures are checked on another thread and confirmed last, inside the
    transaction: a bad one, even the last, still leaves the archive as it was."""
    data = site.a.bundles[0].path.read_bytes()  # type: ignore[union-attr]

    def resign(lines: list[bytes]) -> list[bytes]:
        custody = [i for i, line in enumerate(lines) if line.startswith(b"custody ")]
        index = custody[which]
        value = json.loads(lines[index].partition(b" ")[2])
        body = _compact(value["event"])
        if signer == "another namespace":
            value["signature"] = sshsig.sign(body, site.a.key, "fieldapp-bundle@v1")
        else:
            value["signature"] = sshsig.sign(body, site.b.key, CUSTODY_NAMESPACE)
        return [*lines[:index], b"custody " + _compact(value), *lines[index + 1 :]]

    forged = rewrite_records(data, site.archive, site.a.key, resign)
    refused_with_nothing_changed(site, forged, import_chain.REJECTED_NOT_SIGNED)
    genuine = site.a.bundles[0].path
    assert genuine is not None
    assert site.archive.import_(genuine)[0].outcome == "imported"
