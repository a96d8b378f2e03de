"""A lost bundle whose testimony a later bundle withdraws consent for: bundle 1 imported,
bundle 2 lost, a withdrawal for one of its testimonies in bundle 3 (the waiting-records story
of ``test_import_waiting``, reused by the adversarial import tests)."""

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from fieldapp.domain import ConsentScope, ConsentWithdrawal
from tests.fieldapp.services.import_support import Device, Site, add_demo, withdraw, withdraw_some

GAP_REASON = "Device A's bundle 2 lost in transit"


@dataclass
class Lost:
    lost: Path  # bundle 2, lost, then found
    third: Path  # bundle 3, carrying the withdrawal
    testimony: UUID  # carried by bundle 2 only
    withdrawal: ConsentWithdrawal


def carried(device: Device, sequence: int) -> list[UUID]:
    rows = device.ws.connection.execute(
        "SELECT id FROM testimonies WHERE exported_in = ? ORDER BY id", (sequence,)
    )
    return [UUID(row[0]) for row in rows]


def withdraw_from_lost(site: Site, *, archive_scope: bool) -> Lost:
    """Bundle 1 imported, bundle 2 lost, a withdrawal for one of its testimonies in bundle 3;
    the gap is not accepted yet."""
    first = site.a.bundles[0].path
    assert first is not None
    assert site.archive.import_(first)[0].outcome == "imported"
    add_demo(site.a, 3, seed=51)
    lost = site.a.export()
    candidates = carried(site.a, 2)
    assert candidates
    if archive_scope:
        testimony = candidates[0]
        withdrawal = withdraw(site.a, testimony, ConsentScope.ARCHIVE)
    else:
        testimony, withdrawal = withdraw_a_scope(site.a, candidates)
    third = site.a.export()
    return Lost(lost, third, testimony, withdrawal)


def withdraw_a_scope(device: Device, candidates: list[UUID]) -> tuple[UUID, ConsentWithdrawal]:
    for candidate in candidates:
        try:
            return candidate, withdraw_some(device, candidate)
        except AssertionError:
            continue
    raise AssertionError("no testimony of bundle 2 allows a scope other than archive")
