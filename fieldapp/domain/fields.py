"""Field types shared by the models: texts, codes, hashes, fingerprints, times.

Each is an ``Annotated`` type, so a model states a field's rules by naming its type, and every
model applies the same rules to the same kind of value.
"""

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from pydantic import AfterValidator, AwareDatetime, Field, PlainSerializer, StringConstraints

from fieldapp.domain import vocabulary
from fieldapp.domain.canonical import MAX_SAFE_INTEGER, utc_text

#: Earliest and latest years a record may name: births of the oldest witnesses, abductions of the
#: 1950s; and far enough ahead for any clock that is merely wrong.
MIN_YEAR = 1900
MAX_YEAR = 2200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000
TAG_MAX = 64
MAX_LIST_ITEMS = 200

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
CONTROL_CHARACTERS = "contains control characters"
IMPLAUSIBLE_TIME = "is not a plausible time"

# Control characters have no place in a name or a label: they can hide text in a list, break a
# one-line display, and a lone surrogate cannot even be written as UTF-8.
_SHORT_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Longer texts keep tabs and line breaks.
_LONG_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Every sorted list in a record is of strings or string enums, which sort by their text.
T = TypeVar("T", bound=str)


def no_control_characters(value: str) -> str:
    """Refuse any control character (a validator for one-line text)."""
    if _SHORT_FORBIDDEN.search(value):
        raise ValueError(CONTROL_CHARACTERS)
    return value


def only_line_breaks(value: str) -> str:
    """Refuse control characters other than tab and line breaks (a validator for long text)."""
    if _LONG_FORBIDDEN.search(value):
        raise ValueError(CONTROL_CHARACTERS)
    return value


def _to_utc(value: datetime) -> datetime:
    # One representation per instant: records compare, serialise and hash the same whatever
    # offset the device's clock was set to. (The offset says nothing reliable anyway.)
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        raise ValueError(IMPLAUSIBLE_TIME) from None
    if not MIN_YEAR <= utc.year <= MAX_YEAR:
        raise ValueError(IMPLAUSIBLE_TIME)
    return utc


#: What a code not in its vocabulary is said to be, by vocabulary.
NOT_A_KNOWN_CODE = {
    vocabulary.ACT_TYPES: "is not a known act type",
    vocabulary.COI_CATEGORIES: "is not a known COI category",
    vocabulary.PERPETRATOR_TYPES: "is not a known perpetrator type",
    vocabulary.DATE_PRECISION: "is not a known date precision",
    vocabulary.RELIABILITY: "is not a known reliability grade",
    vocabulary.SOURCE_CONNECTION: "is not a known source connection",
    vocabulary.RECORDING_MODES: "is not a known recording mode",
    vocabulary.CONSENT_METHODS: "is not a known consent method",
    vocabulary.DPRK_PROVINCES: "is not a known DPRK province",
}


def _in_vocabulary(name: str) -> Callable[[str], str]:
    def check(code: str) -> str:
        if not vocabulary.is_valid(name, code):
            raise ValueError(NOT_A_KNOWN_CODE[name])
        return code

    return check


def sorted_unique(values: Iterable[T]) -> tuple[T, ...]:
    """Values in one order with repeats removed, so equal sets give equal records and hashes."""
    return tuple(sorted(set(values)))


#: One line of text: a name, a title, a label. Surrounding whitespace is removed.
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT_MAX),
    AfterValidator(no_control_characters),
]
#: A paragraph or a few: a summary, notes, restrictions.
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=LONG_TEXT_MAX),
    AfterValidator(only_line_breaks),
]
#: A free tag for sorting and finding records.
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TAG_MAX),
    AfterValidator(no_control_characters),
]
#: A role or identifier of the organisation's own making, e.g. ``custodian``.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
#: A BCP 47 language tag, simplified: ``ko``, ``en``, ``ko-KP``.
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
#: ISO 3166-1 alpha-2, upper case: ``KP``, ``CN``, ``RU``.
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
#: A SHA-256 digest in lower-case hexadecimal, as sha256sum prints it.
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
#: An OpenSSH key fingerprint (``ssh-keygen -l``): ``SHA256:`` and unpadded base64.
KeyFingerprint = Annotated[str, StringConstraints(pattern=r"^SHA256:[A-Za-z0-9+/]{43}$")]
#: A media type without parameters: ``audio/ogg``, ``application/pdf``.
MediaType = Annotated[str, StringConstraints(pattern=r"^[a-z]+/[a-z0-9][a-z0-9.+-]{0,126}$")]
#: A time with its offset, held in UTC. A time without an offset is refused, not guessed. In
#: JSON it is the canonical text (``canonical.utc_text``), which pydantic's own would not be.
UtcDateTime = Annotated[
    AwareDatetime, AfterValidator(_to_utc), PlainSerializer(utc_text, when_used="json")
]
#: A whole number from 1 up, and no larger than every JSON reader holds exactly: a larger one
#: has no canonical form, so a record holding one could be neither hashed nor signed.
Positive = Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]

ActTypeCode = Annotated[str, AfterValidator(_in_vocabulary(vocabulary.ACT_TYPES))]
CoiCategoryCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.COI_CATEGORIES))
]
PerpetratorTypeCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.PERPETRATOR_TYPES))
]
DatePrecisionCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.DATE_PRECISION))
]
ReliabilityCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.RELIABILITY))
]
SourceConnectionCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.SOURCE_CONNECTION))
]
RecordingModeCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.RECORDING_MODES))
]
ConsentMethodCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.CONSENT_METHODS))
]
ProvinceCode = Annotated[
    str, AfterValidator(_in_vocabulary(vocabulary.DPRK_PROVINCES))
]
