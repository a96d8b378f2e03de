"""Runs of sequence numbers by their ends: each operation against the same on sets of numbers."""

import tracemalloc
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.sequence_ranges import (
    SequenceRange,
    covers,
    intersect,
    merged,
    runs,
    subtract,
    text,
)

# The widest a device's sequences go (the manifest allows up to 2^53 - 1).
MAX_SEQUENCE = 2**53 - 1
numbers = st.frozensets(st.integers(min_value=1, max_value=60), max_size=40)
spans = st.lists(
    st.tuples(st.integers(1, 60), st.integers(0, 8)).map(
        lambda p: SequenceRange(p[0], p[0] + p[1])
    ),
    max_size=8,
)


def _numbers(ranges: list[SequenceRange]) -> set[int]:
    return {n for r in ranges for n in range(r.first, r.through + 1)}


def _disjoint_in_order(ranges: list[SequenceRange]) -> bool:
    return all(a.through + 1 < b.first for a, b in pairwise(ranges))


@given(numbers)
def test_runs_are_the_numbers_as_the_fewest_ranges(values: frozenset[int]) -> None:
    found = runs(sorted(values, reverse=True))
    assert _numbers(found) == set(values)
    assert _disjoint_in_order(found)


@given(spans)
def test_merged_holds_the_same_numbers_disjoint_and_in_order(
    given_spans: list[SequenceRange],
) -> None:
    found = merged(given_spans)
    assert _numbers(found) == _numbers(given_spans)
    assert _disjoint_in_order(found)


@given(spans, spans)
def test_subtract_intersect_and_covers_are_those_of_sets(
    left: list[SequenceRange], right: list[SequenceRange]
) -> None:
    a, b = merged(left), merged(right)
    assert _numbers(subtract(a, b)) == _numbers(a) - _numbers(b)
    assert _numbers(intersect(a, b)) == _numbers(a) & _numbers(b)
    assert _disjoint_in_order(subtract(a, b))
    for span in a:
        assert covers(b, span) == (_numbers([span]) <= _numbers(b))


def test_the_widest_gap_is_two_numbers_of_memory() -> None:
    tracemalloc.start()
    try:
        wide = [SequenceRange(2, MAX_SEQUENCE)]
        holes = [SequenceRange(10, 20), SequenceRange(MAX_SEQUENCE - 5, MAX_SEQUENCE)]
        rest = subtract(wide, holes)
        both = intersect(wide, holes)
        assert covers(wide, SequenceRange(3, MAX_SEQUENCE - 1))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rest == [SequenceRange(2, 9), SequenceRange(21, MAX_SEQUENCE - 6)]
    assert both == holes
    assert MAX_SEQUENCE in wide[0]
    assert 1 not in wide[0]
    assert peak < 64 * 1024


def test_text_is_short() -> None:
    assert text([SequenceRange(1, 3), SequenceRange(5, 5), SequenceRange(7, 8)]) == "1-3, 5, 7-8"
    assert text(runs([5, 1, 2, 3, 7, 8, 3])) == "1-3, 5, 7-8"
    assert text([]) == ""


def test_a_range_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before"):
        SequenceRange(3, 2)
