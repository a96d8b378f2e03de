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
import threading
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

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

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
CODE_TWICE = "has a code that appears twice"

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{1,64}$")]
# A label is shown in every drop-down and printed by the CLI: no control character, C1 and DEL
# included, as a ``ShortText`` (NEL breaks a line, CSI starts a terminal escape).
Label = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f-\x9f]+$")
]
Language = Literal["en", "ko"]


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
VOCABULARY_MISSING = "The vocabulary {vocabulary} is missing."
VOCABULARY_NOT_USED = "The vocabulary {vocabulary} is not one this program uses."
VERSION_NOT_NEWER = (
    "The vocabulary {vocabulary} version {version} is not newer than the one in use."
)
VERSION_DROPS_CODES = (
    "The vocabulary {vocabulary} version {version} drops codes that records may use."
)
CODE_NOT_IN_VOCABULARY = "The code is not in the vocabulary {vocabulary}."
LACKS_NEEDED_CODES = "The vocabulary {vocabulary} lacks codes the program needs."
ACT_TYPE_WITHOUT_CATEGORY = "An act type has no COI category."
CATEGORIES_OUTSIDE_ACT_TYPES = (
    "The vocabulary {vocabulary} gives COI categories, which only act types have."
)
UNKNOWN_CATEGORY = "An act type names an unknown COI category."
CATEGORY_TWICE = "An act type names a COI category twice."


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
        index = {entry.code: entry for entry in self.entries}
        if len(index) != len(self.entries):
            raise ValueError(CODE_TWICE)
        self._codes_index = index
        return self

    # A private attribute, not a cached_property: that one lands in the instance's __dict__,
    # and a vocabulary once looked up could then no longer be revalidated inside another model
    # (a vocabulary pack's payload): pydantic took the cache for an extra field. Built at
    # validation, so that two equal vocabularies compare equal (pydantic compares private
    # attributes too), whether or not one was looked up.
    _codes_index: dict[str, VocabularyEntry] | None = PrivateAttr(default=None)

    @property
    def _by_code(self) -> Mapping[str, VocabularyEntry]:
        # Read once: each read of a private attribute goes through pydantic's __getattr__.
        index = self._codes_index
        if index is None:
            index = self._codes_index = {entry.code: entry for entry in self.entries}
        return index

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
            raise ValidationFailedError(VOCABULARY_MISSING, args={"vocabulary": missing[0]})
        unknown = sorted(set(by_name) - set(VOCABULARY_NAMES))
        if unknown:
            raise ValidationFailedError(
                VOCABULARY_NOT_USED, args={"vocabulary": unknown[0]}
            )
        self._by_name: Mapping[str, Vocabulary] = by_name
        # Every vocabulary's entries by code, for ``is_valid``: asked of every coded field of
        # every record validated (thousands a bundle), without a model attribute's lookup.
        self._entries: Mapping[str, Mapping[str, VocabularyEntry]] = {
            name: v._by_code for name, v in by_name.items()
        }
        self._check_consistent()

    def __getitem__(self, name: str) -> Vocabulary:
        return self._by_name[name]

    def versions(self) -> Mapping[str, int]:
        return {name: v.version for name, v in self._by_name.items()}

    def is_valid(self, vocabulary: str, code: str) -> bool:
        known = self._entries.get(vocabulary)
        return known is not None and code in known

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
            raise ValidationFailedError(VOCABULARY_NOT_USED, args={"vocabulary": name})
        if newer.version <= current.version:
            raise ValidationFailedError(
                VERSION_NOT_NEWER, args={"vocabulary": name, "version": newer.version}
            )
        if not current.codes() <= newer.codes() or _narrows_categories(current, newer):
            # Records sealed with a dropped code would no longer validate; nor would an incident
            # filed under a COI category its act type no longer lists (``Incident``).
            raise ValidationFailedError(
                VERSION_DROPS_CODES, args={"vocabulary": name, "version": newer.version}
            )
        return self._replaced(newer)

    def _replaced(self, newer: Vocabulary) -> "Vocabularies":
        others = (v for n, v in self._by_name.items() if n != newer.vocabulary)
        return Vocabularies([*others, newer])

    def taking_in(self, stored: Vocabulary) -> "Vocabularies":
        """This set (the bundled files) with a vocabulary a workspace stored from a pack.

        The stored version counts where it is newer (it was checked with ``updated_with`` when
        stored). Where the program's own file is as new or newer, as after a program update, the
        program's counts if it keeps every stored code; if it does not (the program and the
        archive both added codes, apart), the newer one with the other's missing entries after
        its own, so that no code a record may use is lost.
        """
        current = self._by_name.get(stored.vocabulary)
        if current is None:
            raise ValidationFailedError(
                VOCABULARY_NOT_USED, args={"vocabulary": stored.vocabulary}
            )
        newer, older = (stored, current) if stored.version > current.version else (current, stored)
        missing = tuple(e for e in older.entries if e.code not in newer.codes())
        if missing:
            newer = Vocabulary(
                vocabulary=newer.vocabulary,
                version=newer.version,
                description=newer.description,
                entries=(*newer.entries, *missing),
            )
        if newer is current:
            return self
        return self._replaced(newer)

    def _entry(self, vocabulary: str, code: str) -> VocabularyEntry:
        entry = self._by_name[vocabulary].get(code)
        if entry is None:
            raise ValidationFailedError(CODE_NOT_IN_VOCABULARY, args={"vocabulary": vocabulary})
        return entry

    def _check_consistent(self) -> None:
        for name, required in REQUIRED_CODES.items():
            if not required <= self._by_name[name].codes():
                raise ValidationFailedError(LACKS_NEEDED_CODES, args={"vocabulary": name})
        categories = self._by_name[COI_CATEGORIES].codes()
        for name, vocabulary in self._by_name.items():
            for entry in vocabulary.entries:
                if name == ACT_TYPES and not entry.coi_categories:
                    raise ValidationFailedError(ACT_TYPE_WITHOUT_CATEGORY)
                if name != ACT_TYPES and entry.coi_categories:
                    raise ValidationFailedError(
                        CATEGORIES_OUTSIDE_ACT_TYPES, args={"vocabulary": name}
                    )
                if not set(entry.coi_categories) <= categories:
                    raise ValidationFailedError(UNKNOWN_CATEGORY)
                if len(set(entry.coi_categories)) != len(entry.coi_categories):
                    raise ValidationFailedError(CATEGORY_TWICE)


def _narrows_categories(current: Vocabulary, newer: Vocabulary) -> bool:
    """Whether ``newer`` takes from a code a COI category ``current`` lets it be filed under."""
    for entry in current.entries:
        kept = newer.get(entry.code)
        if kept is not None and not set(entry.coi_categories) <= set(kept.coi_categories):
            return True
    return False


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


# --- the set in force ------------------------------------------------------------------------
#
# Models validate through module functions (``is_valid``), with no workspace at hand, so the set
# in force is process-wide. Each open workspace *holds* its own set under its id (handles of one
# workspace, such as a worker's second handle, share the hold and count it); the set in force is
# the bundled one with, per vocabulary, the newest version any holder installed. That is safe
# because versions only grow and a newer version keeps every code of an older one
# (``updated_with``): the merged set accepts everything each holder's set accepts. In the field
# a process opens one workspace, so the merge is that workspace's own set; only tests (an
# archive and devices in one process) see more than one holder.

#: The holder of ``install_vocabularies`` calls that name none (tests, scripts).
DEFAULT_HOLDER = ""

_lock = threading.Lock()
_holders: dict[str, tuple[int, Vocabularies]] = {}  # holder -> (open handles, its set)
_installed: Vocabularies | None = None  # the merge, recomputed at each change


def active_vocabularies() -> Vocabularies:
    """The set models validate against: the installed updates, else the bundled files."""
    installed = _installed
    return installed if installed is not None else bundled_vocabularies()


def install_vocabularies(
    vocabularies: Vocabularies | None, *, holder: str = DEFAULT_HOLDER
) -> None:
    """Make ``vocabularies`` the set ``holder`` holds (``None``: withdraw it); the set in force
    is the newest version of each vocabulary among all holders (see above).

    The workspace calls this (through ``hold_vocabularies``) after unlocking, with the set it
    has built from applied packs through ``Vocabularies.updated_with``, which enforces the
    append-only rule.
    """
    with _lock:
        if vocabularies is None:
            _holders.pop(holder, None)
        else:
            count, _ = _holders.get(holder, (0, vocabularies))
            _holders[holder] = (count, vocabularies)
        _recompute()


def hold_vocabularies(holder: str, vocabularies: Vocabularies) -> None:
    """One more open handle of ``holder`` (a workspace id), holding ``vocabularies``."""
    with _lock:
        count, _ = _holders.get(holder, (0, vocabularies))
        _holders[holder] = (count + 1, vocabularies)
        _recompute()


def release_vocabularies(holder: str) -> None:
    """One handle of ``holder`` closed; the last one withdraws its set."""
    with _lock:
        count, held = _holders.get(holder, (0, None))
        if held is None:
            return
        if count > 1:
            _holders[holder] = (count - 1, held)
        else:
            del _holders[holder]
        _recompute()


def _recompute() -> None:
    global _installed
    sets = [held for _, held in _holders.values()]
    if not sets:
        _installed = None
        return
    newest: dict[str, Vocabulary] = {}
    for held in sets:
        for name in VOCABULARY_NAMES:
            candidate = held[name]
            if name not in newest or candidate.version > newest[name].version:
                newest[name] = candidate
    try:
        _installed = Vocabularies(newest.values())
    except ValidationFailedError:
        # Holders whose updates came from different archives (tests only): no merge is
        # consistent, so the last one installed is in force.
        _installed = sets[-1]


def is_valid(vocabulary: str, code: str) -> bool:
    """Whether ``code`` is in the active ``vocabulary`` (deprecated codes included)."""
    return active_vocabularies().is_valid(vocabulary, code)


def label(vocabulary: str, code: str, language: Language = "en") -> str:
    """The label of ``code`` in the active ``vocabulary``."""
    return active_vocabularies().label(vocabulary, code, language)
