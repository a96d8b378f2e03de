"""The vocabulary files: all load, are consistent, and govern which codes records accept."""

import json
import re
from importlib import resources

import pytest

from fieldapp.domain import (
    Incident,
    Vocabulary,
    active_vocabularies,
    bundled_vocabularies,
    install_vocabularies,
    is_valid,
    label,
    parse_vocabulary,
    validate_model,
)
from fieldapp.domain.vocabulary import (
    ACT_TYPES,
    COI_CATEGORIES,
    REQUIRED_CODES,
    VOCABULARY_NAMES,
    Vocabularies,
)
from fieldapp.errors import ValidationFailedError

from .factories import make_incident

HANGUL = re.compile(r"[\uac00-\ud7a3]")
MIN_ACT_TYPES, MAX_ACT_TYPES = 30, 50


def _raw(name: str) -> bytes:
    return (resources.files("fieldapp.domain.vocabularies") / f"{name}.json").read_bytes()


def _act_types_with(code: str, *categories: str) -> Vocabulary:
    """The bundled act types, one version on, with one more code."""
    data = json.loads(_raw(ACT_TYPES))
    data["version"] += 1
    data["entries"].append({"code": code, "label": code, "coi_categories": list(categories)})
    return parse_vocabulary(json.dumps(data).encode())


def _with(vocabulary: Vocabulary, **changes: object) -> Vocabulary:
    return Vocabulary(**{**dict(vocabulary), **changes})


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_each_file_loads_strictly_and_is_named_for_its_vocabulary(name: str) -> None:
    vocabulary = parse_vocabulary(_raw(name))
    assert vocabulary.vocabulary == name
    assert vocabulary.version >= 1
    assert vocabulary.offered()
    for entry in vocabulary.entries:
        assert entry.label.strip() == entry.label
        if entry.label_ko is not None:
            assert HANGUL.search(entry.label_ko), f"{name}.{entry.code}: Korean label expected"


def test_the_bundled_set_is_consistent() -> None:
    vocabularies = bundled_vocabularies()
    for name, required in REQUIRED_CODES.items():
        assert required <= vocabularies[name].codes()
    assert vocabularies[COI_CATEGORIES].codes() == set("ABCDEF")
    acts = vocabularies[ACT_TYPES]
    assert MIN_ACT_TYPES <= len(acts.entries) <= MAX_ACT_TYPES
    used = {category for entry in acts.entries for category in entry.coi_categories}
    assert used == set("ABCDEF"), "every COI category has act types"


@pytest.mark.parametrize(
    ("act", "category"),
    [
        ("torture", "E"),
        ("forced_repatriation", "C"),
        ("starvation", "D"),
        ("songbun_discrimination", "B"),
        ("religious_persecution", "A"),
        ("abduction_of_foreign_national", "F"),
        ("public_execution", "E"),
        ("forced_labour", "E"),
    ],
)
def test_act_types_map_to_their_usual_coi_category(act: str, category: str) -> None:
    assert bundled_vocabularies().coi_categories_of(act)[0] == category


def test_labels_in_english_and_korean_with_fallback() -> None:
    assert label(ACT_TYPES, "torture") == "Torture"
    assert label(ACT_TYPES, "torture", "ko") == "고문"
    assert label("perpetrator_types", "ministry_of_state_security", "ko") == "국가보위성"
    assert is_valid("dprk_provinces", "north_hamgyong")
    assert not is_valid("dprk_provinces", "seoul")
    assert not is_valid("no_such_vocabulary", "x")
    with pytest.raises(ValidationFailedError):
        label(ACT_TYPES, "no_such_act")


def test_a_label_without_korean_falls_back_to_english() -> None:
    vocabulary = parse_vocabulary(
        b'{"vocabulary":"reliability","version":2,"entries":[{"code":"high","label":"High"}]}'
    )
    entry = vocabulary.get("high")
    assert entry is not None
    assert entry.label_ko is None


@pytest.mark.parametrize(
    "raw",
    [
        b'{"vocabulary":"x","version":1,"entries":[{"code":"a","label":"A","extra":1}]}',
        b'{"vocabulary":"x","version":1,"entries":[{"code":"a","label":"A"},{"code":"a","label":"B"}]}',
        b'{"vocabulary":"x","version":1,"entries":[{"code":"a b","label":"A"}]}',
        b'{"vocabulary":"x","version":0,"entries":[{"code":"a","label":"A"}]}',
        b'{"vocabulary":"x","version":"1","entries":[{"code":"a","label":"A"}]}',
        b'{"vocabulary":"x","version":1,"entries":[]}',
        b'{"vocabulary":"x","version":1,"version":2,"entries":[{"code":"a","label":"A"}]}',
    ],
    ids=["extra field", "repeated code", "bad code", "version 0", "string version", "empty",
         "repeated key"],
)  # fmt: skip
def test_malformed_vocabularies_are_refused(raw: bytes) -> None:
    with pytest.raises(ValidationFailedError):
        parse_vocabulary(raw)


def test_an_update_may_add_but_never_drop_codes() -> None:
    current = bundled_vocabularies()
    acts = current[ACT_TYPES]
    newer = _act_types_with("forced_sterilisation", "B", "E")
    assert current.updated_with(newer).is_valid(ACT_TYPES, "forced_sterilisation")

    dropped = _with(newer, entries=newer.entries[1:])
    with pytest.raises(ValidationFailedError, match="drops codes"):
        current.updated_with(dropped)
    with pytest.raises(ValidationFailedError, match="not newer"):
        current.updated_with(acts)


def test_a_set_must_be_complete_and_cross_consistent() -> None:
    bundled = bundled_vocabularies()
    everything = [bundled[name] for name in VOCABULARY_NAMES]
    with pytest.raises(ValidationFailedError, match="missing"):
        Vocabularies(everything[1:])
    acts = bundled[ACT_TYPES]
    unknown_category = acts.entries[0].model_copy(update={"coi_categories": ("G",)})
    broken = _with(acts, entries=(unknown_category, *acts.entries[1:]))
    with pytest.raises(ValidationFailedError, match="unknown COI category"):
        Vocabularies([broken if v.vocabulary == ACT_TYPES else v for v in everything])


@pytest.mark.usefixtures("restore_vocabularies")
def test_records_validate_against_the_installed_vocabularies() -> None:
    with pytest.raises(ValidationFailedError, match="act type"):
        validate_model(Incident, {**dict(make_incident()), "act_type": "forced_sterilisation"})
    install_vocabularies(
        active_vocabularies().updated_with(_act_types_with("forced_sterilisation", "B"))
    )
    incident = make_incident(act_type="forced_sterilisation", coi_category="B")
    assert incident.act_type == "forced_sterilisation"
    install_vocabularies(None)
    assert not is_valid(ACT_TYPES, "forced_sterilisation")
