"""The auditor's check of packs (``pack_verify``): real packs of every kind from the services,
checked against the roster's coordinator key with no secret, and chained per device addressed.

Every pack here was written by an archive's services (enrolment, receipt, revocation,
vocabulary) or, for the attacks, by ``build_pack`` with a real key; nothing is mocked.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldapp.domain import Vocabulary, VocabularyEntry, bundled_vocabularies, canonical_bytes
from fieldapp.sequence_ranges import SequenceRange
from fieldapp.services import (
    enrolment,
    export,
    importing,
    pack_resend,
    receipts,
    revocation_packs,
    vocabulary_packs,
)
from fieldapp.sync.bundle_verify import BUNDLE, PACK, BundleCheck, verify_bundles
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.pack_verify import REJECTED_NO_COORDINATOR, verdict, verify_containers
from fieldapp.sync.packs import build_pack
from fieldapp.sync.verify_rosters import AllowedSignersRoster
from fieldapp.workspace import Workspace
from tests.fieldapp.services.import_support import member_spans, read_members, write_members
from tests.fieldapp.services.test_enrolment_support import (
    Archive,
    enrol,
    make_archive,
    make_device,
)
from tests.fieldapp.services.test_export_support import add_testimony

#: The kinds of device A's packs 1 to 4, in order, as the services write them below.
KINDS = ["enrolment", "receipt", "revocation", "vocabulary"]


@dataclass
class PackSite:
    """An archive, device A with packs 1-4 (one of each kind) and bundle 1, device B (revoked)
    with its enrolment pack, and the roster exported in both forms."""

    archive: Archive
    a: Workspace
    b: Workspace
    folder: Path
    packs: list[Path]
    b_pack: Path
    bundle: Path
    roster: Path
    allowed: Path

    def close(self) -> None:
        for ws in (self.archive.ws, self.a, self.b):
            ws.lock()

    def allowed_roster(self) -> AllowedSignersRoster:
        return AllowedSignersRoster.parse(self.allowed.read_text())

    def check(self, *paths: Path) -> list[BundleCheck]:
        roster = self.allowed_roster()
        return verify_containers(paths, roster, roster.pack_keys()).files

    def forged(self, name: str, key: ed25519.Ed25519PrivateKey, **place: object) -> Path:
        """A pack to device A signed by ``key``: by default pack 2, after A's real pack 1."""
        first = self.check(self.packs[0])[0]
        path = self.folder / name
        with path.open("wb") as out:
            build_pack(
                out,
                ManifestKind.RECEIPT,
                b"{}",
                key,
                recipient=first.recipient or "",
                sequence=place.get("sequence", 2),  # type: ignore[arg-type]
                previous=place.get("previous", first.digest),  # type: ignore[arg-type]
            )
        return path


def _vocabulary_file(folder: Path) -> Path:
    acts = bundled_vocabularies()["act_types"]
    added = VocabularyEntry(
        code="forced_labour_abroad", label="Forced labour", coi_categories=("C",)
    )
    newer = Vocabulary(vocabulary="act_types", version=2, entries=(*acts.entries, added))
    path = folder / "act_types.json"
    path.write_text(json.dumps(json.loads(canonical_bytes(newer))), "utf-8")
    return path


def make_pack_site(tmp: Path) -> PackSite:
    tmp.chmod(0o700)
    stick, usb = tmp / "stick", tmp / "usb"
    stick.mkdir()
    usb.mkdir()
    coordinator = make_archive(tmp / "archive")
    a, b = make_device(tmp / "a", "Laptop A"), make_device(tmp / "b", "Laptop B")
    packs = [enrol(coordinator, a, stick).path]
    b_pack = enrol(coordinator, b, stick).path
    add_testimony(a)
    bundle = export.export_bundle(a, usb).path
    assert bundle is not None
    importing.import_bundles(coordinator.ws, [bundle])
    [receipt] = receipts.write_receipts(coordinator.ws, stick, to=a.fingerprint)
    enrolment.revoke_device(coordinator.ws, b.fingerprint)
    [revocation] = revocation_packs.write_revocation_packs(coordinator.ws, stick, to=a.fingerprint)
    issued = vocabulary_packs.issue_vocabularies(
        coordinator.ws, [_vocabulary_file(tmp)], stick, to=a.fingerprint
    )
    packs += [receipt.path, revocation.path, issued.sent[0].path]
    roster, allowed = tmp / "roster.json", tmp / "allowed_signers"
    enrolment.export_roster(coordinator.ws, roster, allowed)
    return PackSite(coordinator, a, b, tmp, packs, b_pack, bundle, roster, allowed)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[PackSite]:
    made = make_pack_site(tmp_path)
    yield made
    made.close()


def _reasons(checks: list[BundleCheck]) -> list[str | None]:
    return [check.reason for check in checks]


# --- genuine packs -------------------------------------------------------------------------------


def test_every_kind_of_pack_verifies_and_chains_per_device(site: PackSite) -> None:
    roster = site.allowed_roster()
    report = verify_containers([*site.packs, site.b_pack], roster, roster.pack_keys())
    assert report.ok, _reasons(report.files)
    checks = report.files
    assert [c.kind for c in checks] == [*KINDS, "enrolment"]
    assert {c.container for c in checks} == {PACK}
    assert {c.signer for c in checks} == {site.archive.fingerprint}
    assert [c.sequence for c in checks] == [1, 2, 3, 4, 1]
    assert all(c.device is None for c in checks)  # a pack's signer is no device
    recipient_a, recipient_b = checks[0].recipient, checks[4].recipient
    assert recipient_a is not None
    assert recipient_b not in (None, recipient_a)
    assert {c.recipient for c in checks[:4]} == {recipient_a}
    chains = {chain.recipient: chain for chain in report.packs}
    assert [(c.sequences, c.intact) for c in (chains[recipient_a], chains[recipient_b])] == [
        ([1, 2, 3, 4], True),
        ([1], True),
    ]
    assert {chain.signer for chain in report.packs} == {site.archive.fingerprint}
    assert report.devices == []
    # Each pack names its predecessor's manifest: the chain the report checked.
    assert [c.previous for c in checks[1:4]] == [c.digest for c in checks[:3]]


def test_allowed_signers_gives_the_coordinators_line_for_packs(site: PackSite) -> None:
    roster = site.allowed_roster()
    assert roster.pack_keys() == [site.archive.ws.public_key]
    devices = roster.keys()
    assert site.archive.ws.public_key not in devices  # never a device


def test_bundles_and_packs_together_leave_the_bundles_verdict_as_it_was(site: PackSite) -> None:
    roster = site.allowed_roster()
    alone = verify_bundles([site.bundle], roster)
    mixed = verify_containers(
        [site.packs[0], site.bundle, site.packs[1]], roster, roster.pack_keys()
    )
    assert mixed.ok
    assert mixed.files[1] == alone.files[0]
    assert mixed.devices == alone.devices
    assert (alone.files[0].container, alone.files[0].kind) == (BUNDLE, "records")
    assert alone.files[0].signer == alone.files[0].device == site.a.fingerprint
    # verify_bundles alone still refuses a pack, for what it is not.
    assert "parts a bundle holds" in (verify_bundles([site.packs[0]], roster).files[0].reason or "")


# --- the chain -----------------------------------------------------------------------------------


def test_a_missing_pack_refuses_the_one_after_it(site: PackSite) -> None:
    roster = site.allowed_roster()
    report = verify_containers([site.packs[0], *site.packs[2:]], roster, roster.pack_keys())
    assert [c.ok for c in report.files] == [True, False, True]
    assert report.files[1].reason == "pack 2 to its device is missing before it (a gap)."
    [chain] = report.packs
    assert (chain.missing, chain.intact) == ([SequenceRange(2, 2)], False)
    wide = verify_containers([site.packs[0], site.packs[3]], roster, roster.pack_keys())
    assert wide.files[1].reason == "packs 2 to 3 to its device are missing before it (a gap)."


def test_a_pack_sent_again_byte_for_byte_is_a_replay(site: PackSite) -> None:
    again = site.folder / "again"
    again.mkdir()
    [copy] = pack_resend.resend_packs(site.archive.ws, site.a.fingerprint, again, first=4)
    assert copy.read_bytes() == site.packs[3].read_bytes()
    checks = site.check(*site.packs, copy)
    assert [c.ok for c in checks] == [True] * 4 + [False]
    assert checks[4].reason == "it repeats pack 4 to its device (a replay)."


def test_two_packs_with_one_sequence_to_one_device_are_a_fork(site: PackSite) -> None:
    fork = site.forged("fork.fieldpack", site.archive.ws.signing_key)
    roster = site.allowed_roster()
    report = verify_containers([*site.packs[:2], fork], roster, roster.pack_keys())
    assert [c.ok for c in report.files] == [True, False, False]
    assert set(_reasons(report.files)[1:]) == {"two different packs claim sequence 2 (a fork)."}
    assert report.packs[0].forks == [2]


def test_a_pack_naming_another_previous_breaks_the_chain(site: PackSite) -> None:
    stranger = site.forged("break.fieldpack", site.archive.ws.signing_key, previous="0" * 64)
    checks = site.check(site.packs[0], stranger)
    assert [c.ok for c in checks] == [True, False]
    assert checks[1].reason == "it does not follow pack 1 (its previous differs)."


def test_packs_to_two_devices_are_two_chains_each_from_one(site: PackSite) -> None:
    """B's pack 1 is no replay of A's, though both are number 1 from one coordinator."""
    roster = site.allowed_roster()
    report = verify_containers([site.packs[0], site.b_pack], roster, roster.pack_keys())
    assert report.ok
    assert len(report.packs) == 2


# --- the signer ----------------------------------------------------------------------------------


def test_a_pack_signed_by_another_coordinator_or_a_device_is_refused(
    site: PackSite, tmp_path: Path
) -> None:
    rival = make_archive(tmp_path / "rival")
    try:
        for signer, key, fingerprint in (
            ("rival", rival.ws.signing_key, rival.fingerprint),
            ("device", site.a.signing_key, site.a.fingerprint),
        ):
            forged = site.forged(f"by-{signer}.fieldpack", key, sequence=1, previous=None)
            [check] = site.check(forged)
            assert (check.ok, check.container) == (False, PACK)
            assert check.reason == (
                f"it was signed by {fingerprint}, not by the coordinator key trusted here (or"
                " the signature was altered)."
            )
    finally:
        rival.ws.lock()


def test_a_roster_without_a_coordinator_key_refuses_every_pack_and_no_bundle(
    site: PackSite,
) -> None:
    lines = site.allowed.read_text().splitlines(keepends=True)
    devices_only = AllowedSignersRoster.parse("".join(lines[:-1]))
    assert devices_only.pack_keys() == []
    report = verify_containers([site.packs[0], site.bundle], devices_only, [])
    assert [c.ok for c in report.files] == [False, True]
    assert report.files[0].reason == REJECTED_NO_COORDINATOR
    assert report.packs == []


# --- damage --------------------------------------------------------------------------------------


def _positions(start: int, end: int, count: int = 6) -> set[int]:
    """A sample across ``start`` to ``end``: both ends and evenly between."""
    step = max(1, (end - start) // count)
    return {*range(start, end, step), end - 1}


def _verdict_of(site: PackSite, data: bytes, name: str) -> BundleCheck:
    path = site.folder / name
    path.write_bytes(data)
    roster = site.allowed_roster()
    return verdict(path, roster, roster.pack_keys())


def test_a_flipped_byte_in_any_member_is_refused(site: PackSite) -> None:
    """Each member altered and the container rebuilt around it (its CRC right again), so that
    the signature or the member's SHA-256 is what refuses it, not the ZIP's own check."""
    genuine = read_members(site.packs[1].read_bytes())
    for index, (name, data) in enumerate(genuine):
        for position in _positions(0, len(data)):
            altered = bytearray(data)
            altered[position] ^= 0x01
            members = [*genuine[:index], (name, bytes(altered)), *genuine[index + 1 :]]
            check = _verdict_of(site, write_members(members), "altered.fieldpack")
            assert not check.ok, (name, position)
            assert check.container == PACK
            if name in ("payload.age", "VERIFY.txt"):
                assert check.reason == (
                    "its parts do not match its manifest: it was altered or is incomplete."
                )


def test_a_flipped_byte_anywhere_in_the_file_is_refused(site: PackSite) -> None:
    data = site.packs[1].read_bytes()
    spans = member_spans(data)
    positions = _positions(0, len(data), 24) | {start for _, start, _ in spans}
    for position in sorted(positions):
        altered = bytearray(data)
        altered[position] ^= 0x80
        assert not _verdict_of(site, bytes(altered), "flipped.fieldpack").ok, position


def test_a_truncated_pack_is_refused(site: PackSite) -> None:
    data = site.packs[1].read_bytes()
    for length in (0, 30, len(data) // 2, len(data) - 22, len(data) - 1):
        check = _verdict_of(site, data[:length], "short.fieldpack")
        assert not check.ok, length
        # No longer a pack's container: checked as a bundle, which refuses it as before.
        assert check.reason == "the file is damaged or is not a bundle.", length


def test_members_of_a_pack_in_another_order_are_refused_as_a_pack(site: PackSite) -> None:
    members = read_members(site.packs[1].read_bytes())
    check = _verdict_of(site, write_members(reversed(members)), "shuffled.fieldpack")
    assert not check.ok
    assert (check.container, check.reason) == (
        PACK,
        "it does not hold exactly the parts a pack holds.",
    )


def test_a_refused_pack_keeps_no_place_in_its_chain(site: PackSite) -> None:
    """Pack 2 damaged: it is refused for that, and pack 3 after it for the gap it leaves."""
    members = read_members(site.packs[1].read_bytes())
    members[2] = (members[2][0], members[2][1][:-1] + bytes([members[2][1][-1] ^ 1]))
    damaged = site.folder / "damaged.fieldpack"
    damaged.write_bytes(write_members(members))
    checks = site.check(site.packs[0], damaged, site.packs[2])
    assert [c.ok for c in checks] == [True, False, False]
    assert checks[1].reason == (
        "its parts do not match its manifest: it was altered or is incomplete."
    )
    assert checks[2].reason == "pack 2 to its device is missing before it (a gap)."
