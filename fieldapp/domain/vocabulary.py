"""Controlled vocabularies: versioned data files of codes with English and Korean labels.

The bundled files live in ``fieldapp/domain/vocabularies/``; the archive can send newer versions
in a pack. Records store codes, never labels, so a relabelling changes no record's hash. A code,
once published, is never withdrawn: sealed records use it and must stay valid for decades. A
newer version may add codes, relabel them or mark them ``deprecated`` (no longer offered for new
records), and ``Vocabularies.updated_with`` refuses one that drops a code.

Models validate their codes against the *active* set: the bundled files until the workspace
installs updates from a pack with ``install_vocabularies``.
"""

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from fieldapp.domain.base import DomainModel, validate_model_json
from fieldapp.domain.canonical import MAX_SAFE_INTEGER
from fieldapp.errors import ValidationFailedError

COI_CATEGORIES = "coi_categories"
ACT_TYPES = "act_types"
PERPETRATOR_TYPES = "perpetrator_types"
DATE_PRECISION = "date_precision"
RELIABILITY = "reliability"
SOURCE_CONNECTION = "source_connection"
RECORDING_MODES = "recording_modes"
CONSENT_METHODS = "consent_methods"
DPRK_PROVINCES = "dprk_provinces"

#: Every vocabulary the models need; each is bundled as ``vocabularies/<name>.json``.
VOCABULARY_NAMES = (
    COI_CATEGORIES,
    ACT_TYPES,
    PERPETRATOR_TYPES,
    DATE_PRECISION,
    RELIABILITY,
    SOURCE_CONNECTION,
    RECORDING_MODES,
    CONSENT_METHODS,
    DPRK_PROVINCES,
)
#: Codes the program's rules refer to by name; a vocabulary must keep them.
REQUIRED_CODES: Mapping[str, frozenset[str]] = {
    DATE_PRECISION: frozenset({"exact", "month", "year", "estimate"}),
    SOURCE_CONNECTION: frozenset({"direct", "relative", "hearsay"}),
    CONSENT_METHODS: frozenset({"written", "oral_recorded", "oral_noted"}),
    COI_CATEGORIES: frozenset("ABCDEF"),
}
MAX_ENTRIES = 2000
_DATA_PACKAGE = "fieldapp.domain.vocabularies"

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{1,64}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")]
Language = Literal["en", "ko"]


class VocabularyEntry(DomainModel):
    """One code and its labels."""

    code: Code
    label: Label
    label_ko: Label | None = None
    #: For act types only: the COI categories the act belongs to, the usual one first.
    coi_categories: tuple[Code, ...] = ()
    #: Kept valid for existing records, no longer offered for new ones.
    deprecated: bool = False


class Vocabulary(DomainModel):
    """A named, versioned list of entries with unique codes."""

    vocabulary: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    version: Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]
    description: Label | None = None
    entries: Annotated[tuple[VocabularyEntry, ...], Field(min_length=1, max_length=MAX_ENTRIES)]

    @model_validator(mode="after")
    def _codes_unique(self) -> "Vocabulary":
        codes = [entry.code for entry in self.entries]
        if len(codes) != len(set(codes)):
            raise ValueError("has a code that appears twice")
        return self

    @functools.cached_property
    def _by_code(self) -> Mapping[str, VocabularyEntry]:
        return {entry.code: entry for entry in self.entries}

    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def get(self, code: str) -> VocabularyEntry | None:
        return self._by_code.get(code)

    def offered(self) -> tuple[VocabularyEntry, ...]:
        """The entries a form should offer: all but the deprecated ones, in file order."""
        return tuple(entry for entry in self.entries if not entry.deprecated)


class Vocabularies:
    """A consistent set of every vocabulary the models need."""

    def __init__(self, vocabularies: Iterable[Vocabulary]) -> None:
        by_name = {v.vocabulary: v for v in vocabularies}
        missing = [name for name in VOCABULARY_NAMES if name not in by_name]
        if missing:
            raise ValidationFailedError(f"The vocabulary {missing[0]} is missing.")
        unknown = sorted(set(by_name) - set(VOCABULARY_NAMES))
        if unknown:
            raise ValidationFailedError(
                f"The vocabulary {unknown[0]} is not one this program uses."
            )
        self._by_name: Mapping[str, Vocabulary] = by_name
        self._check_consistent()

    def __getitem__(self, name: str) -> Vocabulary:
        return self._by_name[name]

    def versions(self) -> Mapping[str, int]:
        return {name: v.version for name, v in self._by_name.items()}

    def is_valid(self, vocabulary: str, code: str) -> bool:
        known = self._by_name.get(vocabulary)
        return known is not None and known.get(code) is not None

    def label(self, vocabulary: str, code: str, language: Language = "en") -> str:
        """The label of a code in English or Korean (English where no Korean one is written)."""
        entry = self._entry(vocabulary, code)
        if language == "ko" and entry.label_ko:
            return entry.label_ko
        return entry.label

    def coi_categories_of(self, act_type: str) -> tuple[str, ...]:
        """The COI categories an act type may be filed under, the usual one first."""
        return self._entry(ACT_TYPES, act_type).coi_categories

    def updated_with(self, newer: Vocabulary) -> "Vocabularies":
        """This set with one vocabulary replaced by a newer version of it."""
        name = newer.vocabulary
        current = self._by_name.get(name)
        if current is None:
            raise ValidationFailedError(f"The vocabulary {name} is not one this program uses.")
        if newer.version <= current.version:
            raise ValidationFailedError(
                f"The vocabulary {name} version {newer.version} is not newer than the one in use."
            )
        if not current.codes() <= newer.codes():
            # Records sealed with a dropped code would no longer validate.
            raise ValidationFailedError(
                f"The vocabulary {name} version {newer.version} drops codes that records may use."
            )
        return Vocabularies([*(v for n, v in self._by_name.items() if n != name), newer])

    def _entry(self, vocabulary: str, code: str) -> VocabularyEntry:
        entry = self._by_name[vocabulary].get(code)
        if entry is None:
            raise ValidationFailedError(f"The code is not in the vocabulary {vocabulary}.")
        return entry

    def _check_consistent(self) -> None:
        for name, required in REQUIRED_CODES.items():
            if not required <= self._by_name[name].codes():
                raise ValidationFailedError(f"The vocabulary {name} lacks codes the program needs.")
        categories = self._by_name[COI_CATEGORIES].codes()
        for name, vocabulary in self._by_name.items():
            for entry in vocabulary.entries:
                if name == ACT_TYPES and not entry.coi_categories:
                    raise ValidationFailedError("An act type has no COI category.")
                if name != ACT_TYPES and entry.coi_categories:
                    raise ValidationFailedError(
                        f"The vocabulary {name} gives COI categories, which only act types have."
                    )
                if not set(entry.coi_categories) <= categories:
                    raise ValidationFailedError("An act type names an unknown COI category.")
                if len(set(entry.coi_categories)) != len(entry.coi_categories):
                    raise ValidationFailedError("An act type names a COI category twice.")


def parse_vocabulary(raw: bytes) -> Vocabulary:
    """A vocabulary from the bytes of a file or a pack; ValidationFailedError if malformed."""
    return validate_model_json(Vocabulary, raw)


@functools.cache
def bundled_vocabularies() -> Vocabularies:
    """The vocabularies shipped with the program (read once)."""
    folder = resources.files(_DATA_PACKAGE)
    return Vocabularies(
        parse_vocabulary((folder / f"{name}.json").read_bytes()) for name in VOCABULARY_NAMES
    )


_installed: Vocabularies | None = None


def active_vocabularies() -> Vocabularies:
    """The set models validate against: the installed updates, else the bundled files."""
    return _installed if _installed is not None else bundled_vocabularies()


def install_vocabularies(vocabularies: Vocabularies | None) -> None:
    """Make ``vocabularies`` the active set (``None``: back to the bundled files).

    The workspace calls this after unlocking, with the set it has built from applied packs
    through ``Vocabularies.updated_with``, which enforces the append-only rule.
    """
    global _installed
    _installed = vocabularies


def is_valid(vocabulary: str, code: str) -> bool:
    """Whether ``code`` is in the active ``vocabulary`` (deprecated codes included)."""
    return active_vocabularies().is_valid(vocabulary, code)


def label(vocabulary: str, code: str, language: Language = "en") -> str:
    """The label of ``code`` in the active ``vocabulary``."""
    return active_vocabularies().label(vocabulary, code, language)
