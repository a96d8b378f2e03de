"""``testimony show`` of a testimony purged from the laptop prints what remains of it — its
versions and hashes, the bundle and the receipt, the consent, the signed custody — not only the
refusal, and nothing of its content."""

from pathlib import Path
from uuid import UUID

from fieldapp.domain.narrative import Narrative
from fieldapp.services import export, importing, packs, receipts
from fieldapp.workspace import Workspace
from tests.fieldapp.services.conftest import coordinator, device, stick
from tests.fieldapp.services.test_enrolment_support import Archive, enrol
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PASSPHRASE

from .support import succeeded

__all__ = ["coordinator", "device", "stick"]

MARKER = "purged-show-marker-P9"


def _purged(coordinator: Archive, device: Workspace, stick: Path) -> tuple[Path, UUID, str]:
    """The device's root (locked) and the purged testimony's id and pseudonym."""
    enrol(coordinator, device, stick)
    testimony = add_testimony(device, title=MARKER, narrative=Narrative(text=f"It was {MARKER}."))
    bundle = export.export_bundle(device, stick).path
    assert bundle is not None
    assert importing.import_bundles(coordinator.ws, [bundle])[0].outcome == "imported"
    (pack,) = receipts.write_receipts(coordinator.ws, stick)
    packs.apply_pack(device, pack.path)
    assert receipts.purge_archived(device).testimonies == 1
    root = device.layout.root
    device.lock()
    return root, testimony.id, testimony.pseudonym


def test_show_prints_what_remains(
    cli, coordinator: Archive, device: Workspace, stick: Path
) -> None:
    root, testimony_id, pseudonym = _purged(coordinator, device, stick)

    shown = succeeded(
        cli(
            "--workspace",
            root,
            "testimony",
            "show",
            str(testimony_id)[:8],
            FIELDAPP_PASSPHRASE=PASSPHRASE,
        )
    )

    lines = shown.out.splitlines()
    assert lines[:3] == [f"id: {testimony_id}", "status: purged", f"pseudonym: {pseudonym}"]
    assert lines[3].startswith("content: removed from this laptop at ")
    assert lines[4].startswith("version 1: content hash ")
    assert lines[4].endswith(", carried by bundle 1")
    assert "bundle 1 (" in lines[5]
    assert ": confirmed by the archive's receipt (pack 2), applied " in lines[5]
    assert "consent versions: 1" in lines
    kinds = [line.split(": ")[1].split(",")[0] for line in lines if " event " in line]
    assert kinds == [
        "create version 1",
        "consent version 1",
        "seal version 1",
        "export",
        "pack_apply",
        "purge version 1",
    ]
    assert "SIGNATURE NOT VALID" not in shown.out
    assert MARKER not in shown.out + shown.err


def test_show_json_of_what_remains(
    cli, coordinator: Archive, device: Workspace, stick: Path
) -> None:
    root, testimony_id, _ = _purged(coordinator, device, stick)

    document = succeeded(
        cli(
            "--workspace",
            root,
            "--json",
            "testimony",
            "show",
            str(testimony_id),
            FIELDAPP_PASSPHRASE=PASSPHRASE,
        )
    ).json()

    assert document["status"] == "purged"
    assert [v["bundle_sequence"] for v in document["versions"]] == [1]
    (delivery,) = document["deliveries"]
    assert (delivery["bundle_sequence"], delivery["receipt_sequence"]) == (1, 2)
    assert document["purged_at"] == document["custody"][-1]["claimed_at"]
    assert document["consent_in_force"]["version"] == 1
    assert "narrative" not in document
    assert MARKER not in str(document)
