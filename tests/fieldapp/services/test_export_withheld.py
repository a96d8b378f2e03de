"""Identities withheld because their witness asked for anonymity (schema v6): marked once, not
read again by later exports, and sent as soon as a later consent allows naming."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.domain import AnonymityWish
from fieldapp.services import records
from fieldapp.services.export import export_bundle
from fieldapp.workspace import export_selection as selection
from fieldapp.workspace.database import transaction
from tests.fieldapp.domain.factories import make_consent

from .test_export_support import FieldDevice, add_testimony, bundle_identities, enrolled_device


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FieldDevice]:
    made = enrolled_device(tmp_path)
    yield made
    made.ws.lock()


def _withheld(device: FieldDevice) -> set[str]:
    rows = device.ws.connection.execute("SELECT pseudonym FROM identities WHERE withheld = 1")
    return {str(row[0]) for row in rows}


def test_an_anonymous_witness_is_withheld_until_a_consent_allows_naming(
    device: FieldDevice,
) -> None:
    ws = device.ws
    anonymous = add_testimony(ws, anonymity=AnonymityWish.ANONYMOUS)
    named = add_testimony(ws)
    first = export_bundle(ws, device.out)
    assert first.path is not None
    assert [p.pseudonym for _, p in bundle_identities(first.path, device.keys)] == [named.pseudonym]
    # Marked: later exports do not read the anonymous witness again.
    assert _withheld(device) == {anonymous.pseudonym}
    assert [w.pseudonym for w in selection.witnesses_waiting(ws.connection)] == []
    add_testimony(ws, anonymity=AnonymityWish.ANONYMOUS)
    second = export_bundle(ws, device.out)
    assert second.path is not None
    assert bundle_identities(second.path, device.keys) == []
    assert anonymous.pseudonym in _withheld(device)

    # The witness now allows naming: the mark is cleared and the name goes to the custodian.
    records.add_consent(
        ws,
        make_consent(
            testimony_id=anonymous.id,
            pseudonym=anonymous.pseudonym,
            version=2,
            anonymity=AnonymityWish.NAMED_CONFIDENTIALLY,
        ),
    )
    assert anonymous.pseudonym not in _withheld(device)
    third = export_bundle(ws, device.out)
    assert third.path is not None
    assert [p.pseudonym for _, p in bundle_identities(third.path, device.keys)] == [
        anonymous.pseudonym
    ]
    assert anonymous.pseudonym not in _withheld(device)


def test_a_mark_is_never_set_for_a_witness_who_allows_naming(device: FieldDevice) -> None:
    """The wish is checked by the marking statement itself, not taken from the caller."""
    named = add_testimony(device.ws)
    with transaction(device.ws.connection):
        selection.withhold_anonymous(device.ws.connection, [named.pseudonym])
    assert _withheld(device) == set()
