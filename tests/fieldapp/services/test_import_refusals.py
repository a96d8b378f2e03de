"""Bundles the archive must refuse: damaged, altered, forged, out of chain, or not its own.

Each refusal is checked three ways: the report says "refused" with a reason a coordinator can
act on; the archive's database is exactly as before (every row of every table); no file was
added to or removed from blobs/ or custodian/. Where a forgery needs a valid signature to get
past the first check, the manifest is re-signed with a real device's own key, taken from its
workspace, so that only the checks inside (names, inner header, attachment hashes, the chain)
stand between it and the archive.
"""

import io
import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from crypto import age
from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    RecordStatus,
    parse_canonical,
)
from fieldapp.domain.base import DomainModel
from fieldapp.services import enrolment, importing, packs, records
from fieldapp.services.importing import ImportReport
from fieldapp.sync.bundle_verify import REJECTED_NAMES
from fieldapp.sync.container import DAMAGED, END_RECORD_BYTES, LOCAL_HEADER_BYTES
from fieldapp.sync.manifest import REJECTED_MEMBERS, REJECTED_SIGNATURE
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.import_support import (
    CUSTODIAN_FOLDER,
    Device,
    Site,
    add_demo,
    add_with_files,
    make_archive,
    make_device,
    make_site,
    manifest_of,
    member_spans,
    quick_state,
    read_members,
    record_line,
    resign,
    rewrite_payload,
    rewrite_records,
    sent_by,
    snapshot,
    withdraw_some,
    write_members,
)
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE

UNREADABLE = "its encrypted content cannot be opened with this archive's keys"
INNER_HEADER = "its encrypted content belongs to another bundle or device (inner header)"
WRONG_MEMBERS = REJECTED_NAMES
BLOBS_MISMATCH = "its attachments do not match its records"
BLOB_ALTERED = "an attachment is not the file its record describes"
#: Members sampled per member for single-byte flips (first and last byte included).
PER_MEMBER = 24


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path)
    yield made
    made.close()


def _bytes(device: Device, index: int = 0) -> bytes:
    path = device.bundles[index].path
    assert path is not None
    return path.read_bytes()


def _refused(site: Site, bundle: bytes | Path, *fragments: str) -> ImportReport:
    """Import ``bundle``: refused for a reason that says ``fragments``, the archive untouched."""
    if isinstance(bundle, bytes):
        path = site.tmp / f"attempt-{uuid4().hex[:8]}.fieldbundle"
        path.write_bytes(bundle)
    else:
        path = bundle
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(path)
    assert report.outcome == "refused", report
    assert report.reason, report
    for fragment in fragments:
        assert fragment in report.reason, report.reason
    assert snapshot(site.archive.ws) == before
    return report


def _imported(site: Site, bundle: bytes | Path) -> ImportReport:
    if isinstance(bundle, bytes):
        path = site.tmp / f"genuine-{uuid4().hex[:8]}.fieldbundle"
        path.write_bytes(bundle)
    else:
        path = bundle
    [report] = site.archive.import_(path)
    assert report.outcome == "imported", report.reason
    return report


#: A flip inside the key a signature names makes another key, named in the reason.
UNENROLLED = "(signed by a key that is not enrolled)"


def _kind(reason: str) -> str:
    """The reason, with the key a signature names left out (a flip makes a new one each time)."""
    named = re.fullmatch(r"it was signed by SHA256:[A-Za-z0-9+/]{43}, a device key .*", reason)
    return UNENROLLED if named else reason


def _all_refused(site: Site, variants: Iterable[tuple[str, bytes]]) -> Counter[str]:
    """Import each variant from one scratch file; every one refused and nothing changed.

    Between attempts only a cheap state is compared (custody head, rows received, file
    names); the full snapshot is compared once at the end.
    """
    path = site.tmp / "variant.fieldbundle"
    before, quick = snapshot(site.archive.ws), quick_state(site.archive.ws)
    reasons: Counter[str] = Counter()
    for label, data in variants:
        path.write_bytes(data)
        report = importing.import_bundle(site.archive.ws, path)
        assert report.outcome == "refused", (label, report)
        assert report.reason, label
        assert quick_state(site.archive.ws) == quick, label
        reasons[_kind(report.reason)] += 1
    assert snapshot(site.archive.ws) == before
    return reasons


def _flipped(data: bytes, position: int, mask: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= mask
    return bytes(changed)


def _sample(rng: random.Random, start: int, end: int, count: int) -> set[int]:
    """``count`` positions spread evenly over [start, end), its ends included, and a few random."""
    size = end - start
    spread = {start + (size - 1) * k // (count - 1) for k in range(count)}
    return spread | set(rng.sample(range(start, end), min(4, size)))


# --- damage --------------------------------------------------------------------------------------


def test_a_flipped_byte_anywhere_is_refused(site: Site) -> None:
    """Flips sampled over every member's bytes and every part of the ZIP structure."""
    data = _bytes(site.a)
    rng = random.Random(1)
    spans = member_spans(data)
    assert {name for name, _, _ in spans} >= {"records.age", "identities.age", "VERIFY.txt"}
    positions: list[tuple[str, int]] = []
    for name, start, end in spans:
        positions += [(name, p) for p in sorted(_sample(rng, start, end, PER_MEMBER))]
        header = start - LOCAL_HEADER_BYTES - len(name)
        positions += [(f"{name} (local header)", p) for p in _sample(rng, header, start, 6)]
    directory = spans[-1][2]
    end_record = len(data) - END_RECORD_BYTES
    positions += [("directory", p) for p in _sample(rng, directory, end_record, 20)]
    positions += [("end record", p) for p in range(end_record, len(data))]
    assert len(positions) >= 200
    assert {name for name, _, _ in spans} <= {label for label, _ in positions}

    reasons = _all_refused(
        site,
        ((f"{label} @{p}", _flipped(data, p, rng.randrange(1, 256))) for label, p in positions),
    )
    assert set(reasons) <= {DAMAGED, REJECTED_MEMBERS, REJECTED_SIGNATURE}, reasons
    _imported(site, data)  # the genuine bundle still goes in: the refusals were the flips'


def test_a_flipped_byte_inside_a_well_formed_container_is_refused(site: Site) -> None:
    """The same flips with the ZIP rebuilt around them (CRC-32 made right again): the signature
    and the manifest's SHA-256s, not the CRC, must catch them."""
    data = _bytes(site.a)
    rng = random.Random(2)
    members = read_members(data)

    def variants() -> Iterator[tuple[str, bytes]]:
        for index, (name, content) in enumerate(members):
            for position in sorted(_sample(rng, 0, len(content), PER_MEMBER)):
                changed = list(members)
                changed[index] = (name, _flipped(content, position, rng.randrange(1, 256)))
                yield f"{name} @{position}", write_members(changed)

    reasons = _all_refused(site, variants())
    assert sum(reasons.values()) >= 200
    assert reasons[REJECTED_MEMBERS] >= 150, reasons  # the members' hashes caught these
    assert set(reasons) <= {
        REJECTED_MEMBERS,
        REJECTED_SIGNATURE,
        UNENROLLED,
        "its signature is damaged or is not an SSH signature.",
    }, reasons
    _imported(site, data)


def test_every_byte_of_the_manifest_and_its_signature_is_covered(site: Site) -> None:
    """Exhaustive: each byte of manifest.json and manifest.sig flipped, once in the file as it
    is and once in a rebuilt, well-formed container (a different bit each time)."""
    data = _bytes(site.a)
    members = read_members(data)
    spans = {name: (start, end) for name, start, end in member_spans(data)}

    def in_file() -> Iterator[tuple[str, bytes]]:
        for name in ("manifest.json", "manifest.sig"):
            start, end = spans[name]
            for p in range(start, end):
                yield f"{name} @{p - start}", _flipped(data, p, 1 << (p % 8))

    def rebuilt() -> Iterator[tuple[str, bytes]]:
        for index in (0, 1):
            name, content = members[index]
            for p in range(len(content)):
                changed = list(members)
                changed[index] = (name, _flipped(content, p, 0x80 >> (p % 8)))
                yield f"{name} @{p} (rebuilt)", write_members(changed)

    count = sum(end - start for start, end in spans.values() if start < spans["records.age"][0])
    assert count > 5000  # a post-quantum manifest: every recipient is ~2,000 characters
    reasons = _all_refused(site, in_file())
    assert sum(reasons.values()) == count
    reasons = _all_refused(site, rebuilt())
    assert sum(reasons.values()) == count
    assert reasons[REJECTED_SIGNATURE] > count // 2, reasons
    _imported(site, data)


def test_a_truncated_or_extended_bundle_is_refused(site: Site) -> None:
    data = _bytes(site.a)
    cuts = {0, 1, 21, 22, len(data) // 2, len(data) - 23, len(data) - 22, len(data) - 1}
    for _, start, end in member_spans(data):
        cuts |= {start - 1, start, end - 1, end}
    variants = [(f"cut at {n}", data[:n]) for n in sorted(cuts) if n < len(data)]
    variants += [
        ("one byte more", data + b"\0"),
        ("a kilobyte more", data + bytes(1024)),
        ("a second end record", data + data[-END_RECORD_BYTES:]),
        ("another bundle after it", data + _bytes(site.b)),
        ("a byte before it", b"\0" + data),
    ]
    assert len(variants) >= 40
    reasons = _all_refused(site, variants)
    assert set(reasons) <= {DAMAGED, REJECTED_MEMBERS, REJECTED_SIGNATURE}, reasons
    _imported(site, data)


# --- members added, removed, renamed, swapped -------------------------------------------------


@pytest.mark.parametrize("signed", [False, True], ids=["same manifest", "re-signed by device"])
def test_a_member_added_removed_or_renamed_is_refused(site: Site, signed: bool) -> None:
    data = _bytes(site.a)
    members = read_members(data)
    header, body = members[:2], members[2:]
    blobs = [(n, c) for n, c in body if n.startswith("blobs/")]
    first_blob, first_content = blobs[0]
    changes: dict[str, tuple[list[tuple[str, bytes]], str]] = {
        "added a file": ([*body, ("notes.txt", b"remember the milk")], WRONG_MEMBERS),
        "added a blob": ([*body, (f"blobs/{uuid4()}.age", first_content)], BLOBS_MISMATCH),
        "removed a blob": ([m for m in body if m[0] != first_blob], BLOBS_MISMATCH),
        "removed records.age": ([m for m in body if m[0] != "records.age"], WRONG_MEMBERS),
        "removed VERIFY.txt": ([m for m in body if m[0] != "VERIFY.txt"], WRONG_MEMBERS),
        "renamed a blob": (
            [(f"blobs/{uuid4()}.age", c) if n == first_blob else (n, c) for n, c in body],
            BLOBS_MISMATCH,
        ),
        "renamed records.age": (
            [("records.bin", c) if n == "records.age" else (n, c) for n, c in body],
            WRONG_MEMBERS,
        ),
    }
    for label, (changed, reason) in changes.items():
        ordered = _in_bundle_order(changed)
        if signed:
            forged = resign(data, site.a.key, members=ordered)
            report = _refused(site, forged, reason)
        else:
            report = _refused(site, write_members([*header, *ordered]))
            # The names are checked first, then each member against the manifest.
            assert report.reason in (REJECTED_NAMES, REJECTED_MEMBERS), (label, report.reason)
        assert report.outcome == "refused", label
    _imported(site, data)


def _in_bundle_order(members: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Members in the order a bundle keeps them (records, identities, blobs by name,
    VERIFY.txt), anything foreign last: so a forgery reaches the checks after the names."""
    rank = {"records.age": 0, "identities.age": 1, "VERIFY.txt": 3}

    def key(member: tuple[str, bytes]) -> tuple[int, str]:
        name = member[0]
        return (2 if name.startswith("blobs/") else rank.get(name, 4), name)

    return sorted(members, key=key)


def test_a_blob_swapped_between_two_bundles_of_one_device_is_caught_inside(site: Site) -> None:
    """Re-zipped and re-signed with the device's own key: only the attachment hashes the
    records declare can tell."""
    add_with_files(site.a, seed=9, files=[b"a file of the second bundle " * 400])
    site.a.export()
    first, second = _bytes(site.a, 0), _bytes(site.a, 1)
    [(name1, blob1), *_] = [m for m in read_members(first) if m[0].startswith("blobs/")]
    [(name2, blob2)] = [m for m in read_members(second) if m[0].startswith("blobs/")]

    def swapped(data: bytes, name: str, content: bytes) -> list[tuple[str, bytes]]:
        return [(n, content if n == name else c) for n, c in read_members(data)[2:]]

    # Without a new signature the manifest's hashes refuse it at once.
    header = read_members(first)[:2]
    _refused(site, write_members([*header, *swapped(first, name1, blob2)]), REJECTED_MEMBERS)
    _refused(site, resign(first, site.a.key, members=swapped(first, name1, blob2)), BLOB_ALTERED)
    _imported(site, first)
    forged = resign(second, site.a.key, members=swapped(second, name2, blob1))
    _refused(site, forged, BLOB_ALTERED)
    _imported(site, second)


def test_a_payload_re_signed_by_another_enrolled_device_is_refused(site: Site) -> None:
    """Device A's members under a manifest naming device B, in B's chain, signed by B's key:
    the signature, B's standing and B's chain all hold; the inner header does not."""
    stolen = _bytes(site.a)

    def as_b(sequence: int, previous: str | None) -> bytes:
        return resign(
            stolen,
            site.b.key,
            fingerprint=site.b.fingerprint,
            public_key=site.b.ws.public_key,
            sequence=sequence,
            previous=previous,
        )

    report = _refused(site, as_b(1, None), INNER_HEADER)
    assert (report.device, report.sequence) == (site.b.fingerprint, 1)
    _imported(site, _bytes(site.b))
    report = _refused(site, as_b(2, site.b.bundles[0].manifest_digest), INNER_HEADER)
    assert (report.device, report.sequence) == (site.b.fingerprint, 2)
    _imported(site, stolen)


# --- the chain -----------------------------------------------------------------------------------


def _clone(device: Device, root: Path) -> Device:
    """The device's workspace copied as it is now: a laptop restored from a backup."""
    device.ws.checkpoint()
    root.mkdir(mode=0o700)
    shutil.copytree(
        device.ws.layout.root,
        root / "workspace",
        ignore=shutil.ignore_patterns("workspace.lock"),
    )
    usb = root / "usb"
    usb.mkdir()
    return Device(Workspace.unlock(root / "workspace", PASSPHRASE), usb)


def test_a_fork_is_refused(site: Site) -> None:
    _imported(site, _bytes(site.a))
    clone = _clone(site.a, site.tmp / "restored")
    try:
        add_demo(site.a, 2, seed=5)
        add_demo(clone, 2, seed=6)
        genuine, fork = site.a.export(), clone.export()
        genuine_manifest, fork_manifest = (
            manifest_of(genuine.read_bytes()),
            manifest_of(fork.read_bytes()),
        )
        assert (fork_manifest.sequence, fork_manifest.previous) == (
            genuine_manifest.sequence,
            genuine_manifest.previous,
        )
        _imported(site, genuine)
        _refused(site, fork, "already holds a different bundle 2", "fork")
        # The fork's next bundle does not follow what the archive holds either.
        add_demo(clone, 1, seed=7)
        _refused(site, clone.export(), "does not follow the last bundle from this device")
    finally:
        clone.ws.lock()
    # Bundle 1 again with other bytes (the same content, another time of making).
    other_time = resign(_bytes(site.a), site.a.key, created_at=datetime(2030, 1, 1, tzinfo=UTC))
    _refused(site, other_time, "already holds a different bundle 1")


def test_a_bundle_after_a_gap_is_refused(site: Site) -> None:
    add_demo(site.a, 2, seed=5)
    second = site.a.export()
    _refused(site, second, "bundle 1 from this device is missing")
    _imported(site, _bytes(site.a))
    _imported(site, second)


def test_a_bundle_of_a_device_that_is_not_enrolled_is_refused(site: Site) -> None:
    elsewhere = make_archive(site.tmp / "elsewhere")
    stranger = make_device(site.tmp / "stranger", elsewhere, "Stranger")
    try:
        add_demo(stranger, 3, seed=21)
        path = stranger.export()
        named = f"signed by {stranger.ws.fingerprint}, a device key that is not enrolled"
        _refused(site, path, named)
        assert elsewhere.import_(path)[0].outcome == "imported"
    finally:
        stranger.ws.lock()
        elsewhere.ws.lock()


@pytest.mark.parametrize("last_good", [0, 1, 2, None])
def test_a_revoked_devices_bundles_go_up_to_its_last_good_sequence(
    site: Site, last_good: int | None
) -> None:
    add_demo(site.a, 2, seed=5)
    first, second = site.a.bundles[0].path, site.a.export()
    assert first is not None
    if last_good is None:  # the default: the last bundle imported
        _imported(site, first)
    revoked = enrolment.revoke_device(
        site.archive.ws, site.a.fingerprint, last_good_sequence=last_good
    )
    assert revoked.last_good_sequence == (1 if last_good is None else last_good)
    for sequence, path in ((1, first), (2, second)):
        if last_good is None and sequence == 1:
            continue
        if sequence <= (revoked.last_good_sequence or 0):
            _imported(site, path)
        else:
            _refused(site, path, "revoked")
    # The other device is not touched by A's revocation.
    _imported(site, _bytes(site.b))


def test_a_bundle_for_another_archive_is_refused_unread(site: Site) -> None:
    """A device this archive enrolled, which applied another archive's enrolment pack: its
    signature and chain are good here, its records are encrypted to the other archive."""
    elsewhere = make_archive(site.tmp / "elsewhere")
    root = site.tmp / "two-masters"
    root.mkdir(mode=0o700)
    ws, _ = Workspace.create(root / "workspace", PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    try:
        enrolment.write_request(ws, root / "request.json")
        request = enrolment.read_request(root / "request.json")
        (root / "ours").mkdir()
        (root / "theirs").mkdir()
        enrolment.issue_enrolment(site.archive.ws, request, root / "ours")
        theirs = enrolment.issue_enrolment(elsewhere.ws, request, root / "theirs")
        packs.apply_pack(ws, theirs.path, expect_fingerprint=elsewhere.ws.fingerprint)
        (root / "usb").mkdir()
        device = Device(ws, root / "usb")
        add_demo(device, 3, seed=29)
        path = device.export()
        report = _refused(site, path, UNREADABLE)
        assert (report.device, report.sequence) == (ws.fingerprint, 1)
        assert not list((site.archive.root / CUSTODIAN_FOLDER).glob("*"))
        assert elsewhere.import_(path)[0].outcome == "imported"
    finally:
        ws.lock()
        elsewhere.ws.lock()


# --- forgeries by an enrolled device's key -------------------------------------------------------


def test_a_bundle_id_reused_by_another_device_is_refused_and_harms_nothing(site: Site) -> None:
    """Device B (its key, its chain) sends a bundle whose manifest and inner headers carry the
    bundle id of A's bundle 1, already imported: it must be refused, A's files untouched."""
    first_a = _bytes(site.a)
    _imported(site, first_a)
    taken = manifest_of(first_a).bundle_id
    kept = site.archive.root / CUSTODIAN_FOLDER / f"{taken}.age"
    assert kept.exists()
    data = _bytes(site.b)
    own = str(manifest_of(data).bundle_id).encode()

    def renamed(lines: list[bytes]) -> list[bytes]:
        return [lines[0].replace(own, str(taken).encode()), *lines[1:]]

    members = rewrite_payload(
        data,
        "records.age",
        site.archive.archive_identities(),
        manifest_of(data).recipients[:1],
        renamed,
    )
    members = rewrite_payload(
        write_members([*read_members(data)[:2], *members]),
        "identities.age",
        site.archive.custodian_identities(),
        manifest_of(data).recipients[1:],
        renamed,
    )
    forged = resign(data, site.b.key, members=members, bundle_id=taken)
    path = site.tmp / "reused-id.fieldbundle"
    path.write_bytes(forged)
    before = snapshot(site.archive.ws)
    problems = []
    try:
        [report] = site.archive.import_(path)
        if report.outcome != "refused":
            problems.append(f"not refused: {report}")
    except Exception as error:
        problems.append(f"raised {type(error).__name__}: {error}")
    if not kept.exists():
        problems.append("the custodian's copy of A's bundle 1 identities is gone")
    if snapshot(site.archive.ws) != before:
        problems.append("the archive changed")
    assert not problems, problems


def _second_bundle_with(site: Site, device: Device, *lines: bytes) -> bytes:
    """The device's genuine next bundle (a testimony, its file, its witness's identity) with
    ``lines`` added to its records, re-signed."""
    add_with_files(device, 33, [b"a genuine file of the next bundle " * 100])
    data = device.export().read_bytes()
    names = [name for name, _ in read_members(data)]
    assert "identities.age" in names, names
    assert any(name.startswith("blobs/") for name in names), names
    return rewrite_records(data, site.archive, device.key, lambda found: [*found, *lines])


@pytest.mark.parametrize(
    "kind",
    [
        "testimony",
        "consent",
        "attachment",
        "withdrawal",
    ],
)
def test_a_record_that_conflicts_with_the_archives_copy_is_refused(site: Site, kind: str) -> None:
    _imported(site, _bytes(site.a))
    repo = site.a.ws.repository
    sent = sent_by(site.a)
    if kind == "testimony":
        tid, version = sorted(sent.testimonies)[0]
        original: DomainModel = repo.get_testimony(UUID(tid), version)
        change = {"title": "Another story"}
    elif kind == "consent":
        original = parse_canonical(ConsentRecord, sorted(sent.consents.items())[0][1])
        change = {"taken_by": "Someone else"}
    elif kind == "withdrawal":
        [body] = sent.withdrawals.values()
        original = parse_canonical(ConsentWithdrawal, body)
        change = {"received_by": "Nobody"}
    else:
        original = parse_canonical(Attachment, sorted(sent.attachments.items())[0][1])
        change = {"label": "relabelled"}
    line = record_line(kind, original.model_copy(update=change))
    forged = _second_bundle_with(site, site.a, line)
    if kind == "attachment":
        # Its file must travel with it, or the member check refuses it first.
        name = f"blobs/{original.id}"  # type: ignore[attr-defined]
        name += ".age"
        blob = dict(read_members(_bytes(site.a)))[name]
        members = _in_bundle_order([*read_members(forged)[2:], (name, blob)])
        forged = resign(forged, site.a.key, members=members)
    _refused(site, forged, "conflicts with the archive's copy")


@pytest.mark.parametrize("kind", ["amendment", "withdrawal"])
def test_records_about_another_devices_testimony_are_refused(site: Site, kind: str) -> None:
    _imported(site, _bytes(site.a))
    _imported(site, _bytes(site.b))
    tid = UUID(sorted(sent_by(site.a).testimony_ids())[0])
    if kind == "amendment":
        current = site.a.ws.repository.get_testimony(tid)
        records.amend_testimony(site.a.ws, tid, {"title": f"{current.title} (by B)"})
        line = record_line("testimony", records.seal_testimony(site.a.ws, tid))
    else:
        line = record_line("withdrawal", withdraw_some(site.a))
    forged = _second_bundle_with(site, site.b, line)
    _refused(site, forged)


# --- what the records themselves must be ---------------------------------------------------------


def _custody_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith(b"custody ")]


def _altered_event(line: bytes) -> bytes:
    body = json.loads(line.partition(b" ")[2])
    digest = body["event"]["payload_hash"]
    body["event"]["payload_hash"] = ("0" if digest[0] != "0" else "1") + digest[1:]
    return b"custody " + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    "change",
    ["an event altered", "the first event left out", "an event left out", "the last left out"],
)
def test_a_custody_log_that_does_not_hold_is_refused(site: Site, change: str) -> None:
    """The device's signed events since its last bundle must verify, link, start where its log
    started and end at the head the manifest names."""

    def transform(lines: list[bytes]) -> list[bytes]:
        events = _custody_lines(lines)
        assert len(events) >= 3
        if change == "an event altered":
            lines[events[1]] = _altered_event(lines[events[1]])
            return lines
        drop = {"the first event left out": 0, "an event left out": 1}.get(change, -1)
        return lines[: events[drop]] + lines[events[drop] + 1 :]

    forged = rewrite_records(_bytes(site.a), site.archive, site.a.key, transform)
    _refused(site, forged, "its custody log")
    _imported(site, _bytes(site.a))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("a draft", "it carries a record that was never sealed"),
        ("a consent of a testimony it lacks", "a record of a testimony the archive lacks"),
        ("a line of an unknown kind", "its payload is damaged"),
        ("a record not in canonical form", "its testimony record is damaged"),
        ("no newline at the end", "its payload is damaged"),
    ],
)
def test_records_a_bundle_must_not_carry_are_refused(site: Site, change: str, reason: str) -> None:
    repo = site.a.ws.repository
    sent = sent_by(site.a)
    tid, version = sorted(sent.testimonies)[0]
    testimony = repo.get_testimony(UUID(tid), version)

    def transform(lines: list[bytes]) -> list[bytes]:
        if change == "a draft":
            draft = testimony.model_copy(update={"status": RecordStatus.DRAFT})
            return [*lines, record_line("testimony", draft)]
        if change == "a consent of a testimony it lacks":
            consent = parse_canonical(ConsentRecord, sorted(sent.consents.items())[0][1])
            return [
                *lines,
                record_line("consent", consent.model_copy(update={"testimony_id": uuid4()})),
            ]
        if change == "a line of an unknown kind":
            return [*lines, b"note {}"]
        if change == "a record not in canonical form":
            index = next(i for i, line in enumerate(lines) if line.startswith(b"testimony "))
            return [*lines[:index], lines[index].replace(b'{"', b'{ "', 1), *lines[index + 1 :]]
        return lines

    data = _bytes(site.a)
    if change == "no newline at the end":
        recipients = manifest_of(data).recipients[:1]
        members = rewrite_payload(
            data, "records.age", site.archive.archive_identities(), recipients, transform
        )
        plain = io.BytesIO()
        age.decrypt(
            io.BytesIO(dict(members)["records.age"]), plain, site.archive.archive_identities()
        )
        cut = io.BytesIO()
        writer = age.EncryptingWriter(cut, list(recipients))
        writer.write(plain.getvalue()[:-1])
        writer.close()
        members = [(n, cut.getvalue() if n == "records.age" else c) for n, c in members]
        forged = resign(data, site.a.key, members=members)
    else:
        forged = rewrite_records(data, site.archive, site.a.key, transform)
    _refused(site, forged, reason)
    _imported(site, data)
