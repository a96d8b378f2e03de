"""An export writes each record as the workspace stores it: the payload's lines carry the stored
canonical bytes, byte for byte, and a record gone since the export was planned is said so."""

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from fieldapp.domain import ConsentScope
from fieldapp.errors import RecordNotFoundError
from fieldapp.services.export import export_bundle
from fieldapp.workspace import export_selection as selection
from tests.fieldapp.sync.test_bundle_support import decrypt_member

from .test_export_support import FieldDevice, add_testimony, enrolled_device, withdraw


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FieldDevice]:
    made = enrolled_device(tmp_path)
    yield made
    made.ws.lock()


def _stored(device: FieldDevice, table: str) -> set[bytes]:
    rows = device.ws.connection.execute(f"SELECT body FROM {table}")  # noqa: S608
    return {bytes(row[0]) for row in rows}


def test_the_payload_lines_are_the_stored_bytes(device: FieldDevice) -> None:
    testimonies = [add_testimony(device.ws) for _ in range(3)]
    withdraw(device.ws, testimonies[0], ConsentScope.PUBLIC_MEDIA)
    stored = {
        "testimony": _stored(device, "testimonies"),
        "consent": _stored(device, "consents"),
        "withdrawal": _stored(device, "withdrawals"),
        "custody": _stored(device, "custody_events"),
    }
    result = export_bundle(device.ws, device.out)
    assert result.path is not None
    data = result.path.read_bytes()
    plain = decrypt_member(data, "records.age", device.keys.archive_identity)
    lines = [line.partition(b" ") for line in plain.splitlines()[1:]]
    found: dict[str, set[bytes]] = {}
    for kind, _, body in lines:
        if kind == b"custody":
            body = body.removeprefix(b'{"event":').rpartition(b',"signature":')[0]
        found.setdefault(kind.decode(), set()).add(body)
    # The first bundle: every record, and every custody event before the export's own.
    for kind in ("testimony", "consent", "withdrawal", "custody"):
        assert found[kind] == stored[kind], kind


def test_a_record_gone_since_the_plan_is_not_found(device: FieldDevice) -> None:
    testimony = add_testimony(device.ws)
    db = device.ws.connection
    assert selection.record_bodies(db, "testimonies", testimony.id, [1]) == list(
        _stored(device, "testimonies")
    )
    with pytest.raises(RecordNotFoundError):
        selection.record_bodies(db, "testimonies", testimony.id, [1, 2])
    with pytest.raises(RecordNotFoundError):
        selection.record_bodies(db, "withdrawals", testimony.id, [uuid4()])
    assert selection.record_bodies(db, "consents", testimony.id, []) == []
