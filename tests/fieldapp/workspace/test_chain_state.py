"""The sequences an archive excuses, as ranges: answers that cost the same whatever numbers a
device's bundles claim (a bundle numbered 2**53 is as easy to sign as bundle 2)."""

import tracemalloc

import pytest

from fieldapp.sequence_ranges import SequenceRange
from fieldapp.workspace.chain_state import Excused

FAR = 2**53 - 1


@pytest.mark.parametrize(
    ("ranges", "first", "stop", "missing"),
    [
        ((), 1, 1, None),
        ((), 1, 5, 1),
        (((2, 2),), 2, 3, None),
        (((2, 2),), 2, 4, 3),
        (((3, 4), (2, 2)), 2, 5, None),  # adjacent, out of order
        (((2, 6), (4, 9)), 2, 12, 10),  # overlapping
        (((5, 9),), 2, 12, 2),  # the first one is missing, not one after the range
        (((2, 3), (5, 6)), 2, 12, 4),
        (((2, FAR),), 2, FAR + 1, None),
        (((2, FAR - 2),), 2, FAR, FAR - 1),
    ],
)
def test_the_first_missing_sequence(
    ranges: tuple[tuple[int, int], ...], first: int, stop: int, missing: int | None
) -> None:
    spans = tuple(SequenceRange(low, high) for low, high in ranges)
    assert Excused(spans).first_missing(first, stop) == missing


def test_membership_and_what_lies_before() -> None:
    excused = Excused((SequenceRange(4, 6),)).with_range(9, FAR)
    assert [n for n in range(1, 12) if n in excused] == [4, 5, 6, 9, 10, 11]
    assert FAR in excused
    assert FAR + 1 not in excused
    assert not excused.any_before(4)
    assert excused.any_before(5)
    assert Excused().with_range(5, 4) == Excused()  # an empty range excuses nothing


def test_a_far_range_costs_no_memory() -> None:
    tracemalloc.start()
    try:
        excused = Excused((SequenceRange(2, FAR),))
        assert excused.first_missing(2, FAR + 1) is None
        assert excused.first_open(2) == FAR + 1
        assert FAR - 7 in excused
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024
