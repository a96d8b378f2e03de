"""Runs of a device's bundle sequence numbers, held by their ends and never number by number.

A device key signs any sequence up to 2^53 - 1 (a seized laptop can number its next bundle far
ahead), and a roster may accept a gap of any width: verification reasons about such runs by
their first and last numbers, so what it holds follows how many files and gaps there are, never
how wide a gap is.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SequenceRange:
    """Sequences ``first`` to ``through``, both included (``through >= first``)."""

    first: int
    through: int

    def __post_init__(self) -> None:
        if self.through < self.first:
            raise ValueError("a range ends before it starts")

    def __contains__(self, sequence: object) -> bool:
        return isinstance(sequence, int) and self.first <= sequence <= self.through


def runs(numbers: Iterable[int]) -> list[SequenceRange]:
    """The numbers (in any order, repeats allowed) as the fewest ranges, in order."""
    spans: list[SequenceRange] = []
    for number in sorted(set(numbers)):
        if spans and number == spans[-1].through + 1:
            spans[-1] = SequenceRange(spans[-1].first, number)
        else:
            spans.append(SequenceRange(number, number))
    return spans


def merged(ranges: Iterable[SequenceRange]) -> list[SequenceRange]:
    """The same numbers as ``ranges`` (which may overlap or touch), as disjoint ranges in order."""
    out: list[SequenceRange] = []
    for span in sorted(ranges):
        if out and span.first <= out[-1].through + 1:
            if span.through > out[-1].through:
                out[-1] = SequenceRange(out[-1].first, span.through)
        else:
            out.append(span)
    return out


def subtract(
    spans: Sequence[SequenceRange], ranges: Sequence[SequenceRange]
) -> list[SequenceRange]:
    """The numbers of ``spans`` not in ``ranges`` (both disjoint and in order), as ranges."""
    out: list[SequenceRange] = []
    start_at = 0  # ranges before this index end before every span still to come
    for span in spans:
        while start_at < len(ranges) and ranges[start_at].through < span.first:
            start_at += 1
        start = span.first
        for other in ranges[start_at:]:
            if other.first > span.through or start > span.through:
                break
            if other.first > start:
                out.append(SequenceRange(start, other.first - 1))
            start = max(start, other.through + 1)
        if start <= span.through:
            out.append(SequenceRange(start, span.through))
    return out


def intersect(
    spans: Sequence[SequenceRange], ranges: Sequence[SequenceRange]
) -> list[SequenceRange]:
    """The numbers of ``spans`` that are in ``ranges`` (both disjoint and in order), as ranges."""
    out: list[SequenceRange] = []
    start_at = 0
    for span in spans:
        while start_at < len(ranges) and ranges[start_at].through < span.first:
            start_at += 1
        for other in ranges[start_at:]:
            if other.first > span.through:
                break
            out.append(
                SequenceRange(max(span.first, other.first), min(span.through, other.through))
            )
    return out


def covers(ranges: Sequence[SequenceRange], span: SequenceRange) -> bool:
    """Whether every number of ``span`` is in ``ranges`` (disjoint and in order)."""
    return not subtract([span], ranges)


def text(spans: Iterable[SequenceRange]) -> str:
    """``1-3, 5, 7-8``: ranges in order, short."""
    return ", ".join(
        str(s.first) if s.first == s.through else f"{s.first}-{s.through}" for s in spans
    )
