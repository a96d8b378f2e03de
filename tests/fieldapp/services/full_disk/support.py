"""What the full-disk tests share: the phrases, and the checks each path is put through."""

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.errors import FieldappError
from fieldapp.services import (
    packs,
)
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.import_support import (
    Archive,
    Device,
    add_demo,
    sent_by,
    snapshot,
)
from tests.fieldapp.small_disk import fill, free
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE

FULL = "The disk is full"
BACKUP_PASSPHRASE = "the backup's own 백업 passphrase"
NEW_PASSPHRASE = "a new passphrase for the 노트북"
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}
#: One tmpfs page: room for one small file (a signature, a request) and no more.
PAGE = 4096


def synced(coordinator: Archive, device: Device, seed: int = 38) -> None:
    """Two demo testimonies (their ids from ``seed``: one seed a device) imported."""
    add_demo(device, 2, seed)
    [report] = coordinator.import_(device.export())
    assert report.outcome == "imported", report.reason


def fails_as_full(action: Callable[[], object]) -> None:
    """``action`` refused in a sentence saying the disk is full (an OSError fails the test)."""
    with pytest.raises(FieldappError) as refused:
        action()
    assert str(refused.value).startswith(FULL), f"{type(refused.value).__name__}: {refused.value}"


def left_on(stick: Path) -> list[str]:
    """What is on the stick besides the filler: temporaries too."""
    return sorted(p.name for p in stick.iterdir() if p.name != "filler")


def on_full_stick(stick: Path, ws: Workspace, write: Callable[[Path], object]) -> object:
    """``write(stick)`` on the full stick: refused as a full disk, nothing left on the stick, the
    workspace as it was; then, with room made, the same call; what it returned."""
    before = snapshot(ws)
    fails_as_full(lambda: write(stick))
    assert left_on(stick) == []
    assert snapshot(ws) == before
    free(stick)
    return write(stick)


def fill_workspace_disk(device: Device, leave: int = 4 * PAGE) -> None:
    """The device's disk filled, its WAL folded in first so that a write must find new room;
    by default with room for a few WAL pages: a transaction half-done would find some."""
    device.ws.checkpoint()
    fill(device.ws.layout.root.parent, leave=leave)


def reopened(device: Device) -> Workspace:
    """Room made on the device's disk, then the workspace locked and unlocked with its
    passphrase, as after a restart."""
    free(device.ws.layout.root.parent)
    device.ws.lock()
    device.ws = Workspace.unlock(device.ws.layout.root, PASSPHRASE)
    return device.ws


def apply_on_full_disk(device: Device, pack: Path) -> packs.PackApplied:
    """The pack refused on the full device as a full disk, nothing changed; applied once there is
    room, after a lock and unlock."""
    fill_workspace_disk(device)
    before = snapshot(device.ws)
    fails_as_full(lambda: packs.apply_pack(device.ws, pack))
    assert snapshot(device.ws) == before
    ws = reopened(device)
    assert snapshot(ws) == before
    applied = packs.apply_pack(ws, pack)
    assert not applied.already_applied
    return applied


def unenrolled(root: Path) -> Workspace:
    """A new field device that has not asked to be enrolled."""
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, label="Laptop", params=PARAMS)
    return ws


def first_testimony_of(device: Device) -> UUID:
    return UUID(sorted(sent_by(device).testimony_ids())[0])
