"""The set in force across open workspaces (holders), and a stored vocabulary taken into the
bundled set at unlock, after a program update too."""

from collections.abc import Iterator

import pytest

from fieldapp.domain import (
    Vocabulary,
    VocabularyEntry,
    active_vocabularies,
    bundled_vocabularies,
    install_vocabularies,
    is_valid,
)
from fieldapp.domain.vocabulary import hold_vocabularies, release_vocabularies
from fieldapp.errors import ValidationFailedError
from fieldapp.sync.vocabulary_pack import vocabulary_payload

ACTS = "act_types"


def acts_with(*codes: str, version: int, base: Vocabulary | None = None) -> Vocabulary:
    acts = base or bundled_vocabularies()[ACTS]
    added = tuple(
        VocabularyEntry(code=code, label=f"Label of {code}", coi_categories=("E",))
        for code in codes
    )
    return Vocabulary(vocabulary=ACTS, version=version, entries=(*acts.entries, *added))


@pytest.fixture(autouse=True)
def _nothing_held_after() -> Iterator[None]:
    yield
    for holder in ("archive", "laptop"):
        while True:  # release every count a failed test may have left
            before = active_vocabularies()
            release_vocabularies(holder)
            if active_vocabularies() is before:
                break
    install_vocabularies(None)
    assert active_vocabularies() is bundled_vocabularies()


def test_the_newest_version_any_holder_holds_is_in_force() -> None:
    bundled = bundled_vocabularies()
    hold_vocabularies("laptop", bundled.updated_with(acts_with("a", version=2)))
    hold_vocabularies("archive", bundled.updated_with(acts_with("a", "b", version=3)))
    assert active_vocabularies()[ACTS].version == 3
    release_vocabularies("archive")
    assert active_vocabularies()[ACTS].version == 2
    assert not is_valid(ACTS, "b")
    release_vocabularies("laptop")
    assert active_vocabularies() is bundled


def test_a_second_handle_closing_leaves_the_first_ones_set_in_force() -> None:
    held = bundled_vocabularies().updated_with(acts_with("a", version=2))
    hold_vocabularies("laptop", held)
    hold_vocabularies("laptop", held)  # a worker's handle on the same workspace
    release_vocabularies("laptop")
    assert is_valid(ACTS, "a")
    release_vocabularies("laptop")
    assert not is_valid(ACTS, "a")
    release_vocabularies("laptop")  # once too often: harmless
    assert not is_valid(ACTS, "a")


def test_a_refresh_replaces_the_holders_set_and_keeps_its_count() -> None:
    bundled = bundled_vocabularies()
    hold_vocabularies("laptop", bundled)
    install_vocabularies(bundled.updated_with(acts_with("a", version=2)), holder="laptop")
    assert is_valid(ACTS, "a")
    release_vocabularies("laptop")
    assert not is_valid(ACTS, "a")


def test_a_newer_stored_vocabulary_is_taken_in() -> None:
    stored = acts_with("a", version=2)
    assert bundled_vocabularies().taking_in(stored)[ACTS] == stored


def test_a_stored_vocabulary_the_program_has_caught_up_with_leaves_the_program_s() -> None:
    bundled = bundled_vocabularies()
    assert bundled.taking_in(bundled[ACTS]) is bundled


def test_a_program_update_and_an_archive_that_added_codes_apart_lose_no_code() -> None:
    program = bundled_vocabularies().updated_with(acts_with("from_program", version=3))
    stored = acts_with("from_archive", version=2)
    merged = program.taking_in(stored)[ACTS]
    assert merged.version == 3
    assert {"from_program", "from_archive"} <= merged.codes()
    assert merged.codes() == program[ACTS].codes() | stored.codes()


def test_an_unknown_stored_vocabulary_is_refused() -> None:
    unknown = acts_with(version=2).model_copy(update={"vocabulary": "act_kinds"})
    with pytest.raises(ValidationFailedError, match="not one this program uses"):
        bundled_vocabularies().taking_in(unknown)


def test_a_vocabulary_looked_up_can_still_travel_in_a_payload() -> None:
    acts = bundled_vocabularies()[ACTS]
    assert acts.get("other") is not None  # builds the index of codes
    assert vocabulary_payload((acts,)).vocabularies[0] == acts
