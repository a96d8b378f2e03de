"""Progress split over the parts of a run, and the cancel token."""

import pytest

from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken, split_progress


def test_each_part_reports_its_share_of_the_whole_run() -> None:
    seen: list[tuple[int, int]] = []
    first, second, third = split_progress([100, 300, 0], lambda d, t: seen.append((d, t)))
    first(0, 50)
    first(50, 50)
    second(0, 10)
    second(5, 10)
    second(10, 10)
    third(0, 0)  # weighs nothing, knows no total: the run stays where it was
    # One part's end is the next one's start, said once.
    assert seen == [(0, 400), (100, 400), (250, 400), (400, 400)]


def test_a_part_reporting_past_its_total_does_not_spill_into_the_next() -> None:
    seen: list[tuple[int, int]] = []
    first, _ = split_progress([10, 10], lambda d, t: seen.append((d, t)))
    first(15, 10)
    assert seen == [(10, 20)]


def test_the_token_raises_only_once_cancelled() -> None:
    token = CancelToken()
    token.raise_if_cancelled()
    token.cancel()
    with pytest.raises(Cancelled):
        token.raise_if_cancelled()
