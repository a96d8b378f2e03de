"""The whole cycle through the command line, with real files: an archive and two devices are
made with ``init``, enrolled by request and pack, record demo testimonies with files, seal and
export them; an auditor verifies the bundles against the signed roster; the archive imports
them; a later amendment and withdrawal travel in a second bundle. The archive is then checked
through the services: exactly the records sent, at the right versions, with the right hashes.

Every command runs in this process (``fieldapp.cli.main.main``) with its passphrases in the
environment. The keys ``init`` and the commands derive cost the suite's floor
(``tests/conftest.py``): the real costs are held by ``test_real_key_costs``, and the cycle takes
some 30 commands.
"""

import hashlib
import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from crypto import age
from fieldapp.demo.corpus import DemoRecord, generate
from fieldapp.domain import (
    AnonymityWish,
    ConsentScope,
    RecordStatus,
    content_hash,
    effective_consent,
)
from fieldapp.services import audit, records
from fieldapp.services.documents import record_document
from fieldapp.workspace import Workspace
from tests.fieldapp.services.import_support import (
    CUSTODIAN_FOLDER,
    Device,
    held_by,
    identities_in,
    manifest_of,
    plaintext_sha256,
    read_members,
    sent_by,
)

from .conftest import Runner
from .support import PASSPHRASE, Result, assert_refused, write_json

CUSTODIAN_PASSPHRASE = "custodian 보관 passphrase, not the archive's"
MAX_COMMANDS = 40


class Commands:
    """``fieldapp --workspace ROOT …`` for each workspace, counted, each one required to work."""

    def __init__(self, cli: Runner) -> None:
        self._cli = cli
        self.count = 0

    def __call__(self, root: Path | None, *argv: str | Path, ok: bool = True, **env: str) -> Result:
        self.count += 1
        env.setdefault("FIELDAPP_PASSPHRASE", PASSPHRASE)
        prefix: tuple[str | Path, ...] = ("--workspace", root) if root is not None else ()
        result = self._cli(*prefix, *argv, **env)
        if ok:
            assert result.code == 0, (argv, result.err)
        return result


@pytest.fixture
def run(cli: Runner) -> Iterator[Commands]:
    commands = Commands(cli)
    yield commands
    assert commands.count <= MAX_COMMANDS


def _document(record: DemoRecord) -> dict[str, Any]:
    """What ``testimony show --json`` prints for the demo record, less what a new one gets."""
    full = records.TestimonyRecord(
        record.testimony, record.consents, record.withdrawals, record.identity, ()
    )
    document = record_document(full, with_identity=True)
    for key in ("id", "status", "pseudonym"):
        del document[key]
    return document


def _statuses(root: Path) -> dict[tuple[str, int], str]:
    """Every testimony version's status on a device, read from its database."""
    with Workspace.unlock(root, PASSPHRASE) as ws:
        rows = ws.connection.execute("SELECT id, version, status FROM testimonies").fetchall()
    return {(tid, version): status for tid, version, status in rows}


def _sealable(seed: int, count: int) -> list[DemoRecord]:
    return [record for record in generate(12, seed=seed) if record.seal][:count]


def test_the_full_cycle_through_the_cli(run: Commands, tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    stick = tmp_path / "stick"
    stick.mkdir()
    files = tmp_path / "files"
    files.mkdir()
    archive, a, b = tmp_path / "archive", tmp_path / "laptop-a", tmp_path / "laptop-b"
    custodian_file = tmp_path / "custodian.age"

    # --- set-up: the archive with its custodian file, two devices, enrolment -----------------
    made = run(
        archive, "--json", "init", "--role", "archive", "--label", "HQ",
        "--custodian-out", custodian_file,
        FIELDAPP_CUSTODIAN_PASSPHRASE=CUSTODIAN_PASSPHRASE,
    ).json()  # fmt: skip
    assert made["archive_keys"] == "hybrid"
    coordinator = made["fingerprint"]
    fingerprints = {}
    for root, label in ((a, "Laptop A"), (b, "Laptop B")):
        run(root, "init", "--role", "interviewer", "--label", label)
        request = stick / f"{root.name}-request.json"
        asked = run(root, "--json", "enrol", "request", "--out", request).json()
        fingerprints[root] = asked["fingerprint"]
        issued = run(
            archive, "--json", "enrol", "issue", request, "--out", stick / f"{root.name}.fieldpack",
            "--expect-fingerprint", asked["fingerprint"],
        ).json()  # fmt: skip
        assert issued["coordinator_fingerprint"] == coordinator
        applied = run(root, "--json", "pack", "apply", issued["pack"], "--expect-fingerprint",
                      coordinator).json()  # fmt: skip
        assert applied["kind"] == "enrolment"
    roster = tmp_path / "roster.json"
    run(archive, "roster", "export", "--out", roster)

    # --- the field: demo testimonies with files, sealed, exported -------------------------------
    rng = random.Random(5)
    attached: dict[str, bytes] = {}  # attachment id -> the file's bytes
    testimonies: dict[Path, list[str]] = {a: [], b: []}
    chosen = {a: _sealable(38, 2), b: _sealable(17, 1)}
    assert any(
        r.consents[-1].anonymity is not AnonymityWish.ANONYMOUS for r in [*chosen[a], *chosen[b]]
    )
    for root, demo in chosen.items():
        for index, record in enumerate(demo):
            document = write_json(files / f"{root.name}-{index}.json", _document(record))
            created = run(root, "--json", "testimony", "new", "--json", document).json()
            testimonies[root].append(created["id"])
            data = rng.randbytes(150_000 + 10_000 * index)
            path = files / f"{root.name}-{index}.wav"
            path.write_bytes(data)
            added = run(
                root, "--json", "attach", created["id"], path, "--kind", "audio",
                "--media-type", "audio/wav", "--label", "interview excerpt (test)",
            ).json()  # fmt: skip
            assert added["sha256"] == hashlib.sha256(data).hexdigest()
            attached[added["id"]] = data
            run(root, "testimony", "seal", created["id"])
    bundles = {root: [Path(run(root, "export", "--out", stick).out.strip())] for root in (a, b)}
    for paths in bundles.values():
        assert paths[0].is_file()

    # --- an auditor checks them, with no secret; the archive imports them -----------------------
    checked = run(
        None, "verify", bundles[a][0], bundles[b][0], "--roster", roster,
        "--coordinator", coordinator, "--json",
    ).json()  # fmt: skip
    assert checked["ok"] is True
    assert [f["status"] for f in checked["files"]] == ["OK", "OK"]
    reports = run(archive, "--json", "import", bundles[a][0], bundles[b][0]).json()
    assert [r["outcome"] for r in reports] == ["imported", "imported"]
    assert [r["device"] for r in reports] == [fingerprints[a], fingerprints[b]]
    assert [r["testimonies"] for r in reports] == [2, 1]
    assert [r["identities"] for r in reports] == [
        any(r.consents[-1].anonymity is not AnonymityWish.ANONYMOUS for r in chosen[root])
        for root in (a, b)
    ]

    # --- a later cycle: an amendment with a new file, a withdrawal -------------------------------
    amended, withdrawn = testimonies[a]
    changes = write_json(files / "changes.json", {"title": "[DEMO] Corrected account"})
    run(a, "testimony", "amend", amended, "--json", changes)
    page = files / "page.png"
    page.write_bytes(rng.randbytes(40_000))
    added = run(a, "--json", "attach", amended, page, "--kind", "scan", "--media-type",
                "image/png").json()  # fmt: skip
    attached[added["id"]] = page.read_bytes()
    run(a, "testimony", "seal", amended)
    demo_consent = effective_consent(chosen[a][1].consents, chosen[a][1].withdrawals)
    scope = sorted(demo_consent.allowed_scopes() - {ConsentScope.ARCHIVE})[0]
    run(a, "consent", "withdraw", withdrawn, "--scopes", scope.value, "--how", "phone",
        "--by", "Caseworker 02")  # fmt: skip
    bundles[a].append(Path(run(a, "export", "--out", stick).out.strip()))
    assert bundles[a][1].name.endswith("-000002.fieldbundle")

    tampered = tmp_path / "tampered.fieldbundle"
    data = bytearray(bundles[a][1].read_bytes())
    data[len(data) // 2] ^= 0x40
    tampered.write_bytes(data)
    refused = run(archive, "import", tampered, ok=False)
    assert "was refused, nothing of it was imported" in assert_refused(refused)
    second = run(archive, "import", bundles[a][1])
    assert f"imported: {bundles[a][1]} (bundle 2): 0 testimonies; 1 amendment" in second.out
    assert f"1 withdrawal ({scope.value})" in second.out
    again = run(archive, "import", bundles[a][1], bundles[a][0])
    assert again.out.count("already imported, nothing changed") == 2
    checked = run(
        None, "verify", *bundles[a], *bundles[b], "--roster", roster, "--json"
    ).json()  # fmt: skip
    assert checked["ok"] is True
    assert all(chain["intact"] for chain in checked["devices"])

    # What left each device, by its own record (content hashes included), before any purge.
    sent = {}
    for root in (a, b):
        with Workspace.unlock(root, PASSPHRASE) as ws:
            sent[root] = sent_by(Device(ws, stick))

    # --- receipts back to the devices: their testimonies are archived, then purged from A ------
    sent_receipts = run(archive, "--json", "receipt", "--out", stick).json()
    receipt_of = {item["device"]: item["path"] for item in sent_receipts}
    assert set(receipt_of) == {fingerprints[a], fingerprints[b]}
    nothing_new = run(archive, "receipt", "--out", stick)
    assert nothing_new.out == ""
    assert "No receipt written: no device sent a bundle since its last receipt" in nothing_new.err
    applied = run(a, "--json", "pack", "apply", receipt_of[fingerprints[a]]).json()
    assert applied["kind"] == "receipt"
    assert applied["details"]["mismatched"] == 0
    # Read by a person: what the receipt did, and what may follow.
    told = run(b, "pack", "apply", receipt_of[fingerprints[b]])
    assert "kind: receipt" in told.out
    assert (
        "The archive holds 1 testimony version more from this device."
        " `fieldapp purge --archived --yes` removes their content from this laptop."
    ) in told.err
    statuses = {root: _statuses(root) for root in (a, b)}
    assert statuses[a] == {
        (amended, 1): "archived",
        (amended, 2): "archived",
        (withdrawn, 1): "archived",
    }
    assert statuses[b] == {(testimonies[b][0], 1): "archived"}
    purged = run(a, "--json", "purge", "--archived", "--yes").json()
    assert purged["testimonies"] == 2
    assert set(_statuses(a).values()) == {"purged"}

    # --- what the archive holds, read through the services ---------------------------------------
    with Workspace.unlock(archive, PASSPHRASE) as held:
        sent_a, sent_b = sent[a], sent[b]
        holding = held_by(held)
        assert holding.testimonies == {**sent_a.testimonies, **sent_b.testimonies}
        assert holding.consents == {**sent_a.consents, **sent_b.consents}
        assert holding.withdrawals == {**sent_a.withdrawals, **sent_b.withdrawals}
        assert holding.attachments == {**sent_a.attachments, **sent_b.attachments}
        expected = {amended: 2, withdrawn: 1, testimonies[b][0]: 1}
        assert {tid for tid, _ in holding.testimonies} == set(expected)
        for tid, latest in expected.items():
            assert sorted(v for t, v in holding.testimonies if t == tid) == list(
                range(1, latest + 1)
            )
            testimony = held.repository.get_testimony(UUID(tid))
            assert (testimony.version, testimony.status) == (latest, RecordStatus.ARCHIVED)
            assert content_hash(testimony) == sent_a.testimonies.get(
                (tid, latest), sent_b.testimonies.get((tid, latest))
            )
        assert held.repository.get_testimony(UUID(amended)).title == "[DEMO] Corrected account"
        for attachment_id, data_sent in attached.items():
            sha = hashlib.sha256(data_sent).hexdigest()
            assert plaintext_sha256(held, UUID(attachment_id)) == sha
        consent = effective_consent(
            held.repository.consents_for(UUID(withdrawn)),
            held.repository.withdrawals_for(UUID(withdrawn)),
        )
        assert not consent.allows(scope)
        assert audit.verify_custody(held).intact
        # The custodian, with the file init wrote and its own passphrase, opens the identities.
        plain = io.BytesIO()
        with custodian_file.open("rb") as handle:
            age.decrypt(handle, plain, passphrase=CUSTODIAN_PASSPHRASE)
        custodian = age.parse_identities_file(plain.getvalue().decode("ascii"))
        kept = 0
        for path in [*bundles[a], *bundles[b]]:
            members = dict(read_members(path.read_bytes()))
            if "identities.age" in members:
                manifest = manifest_of(path.read_bytes())
                copy = archive / CUSTODIAN_FOLDER / f"{manifest.bundle_id}.age"
                assert identities_in(copy.read_bytes(), manifest, custodian)
                kept += 1
        assert kept >= 1
