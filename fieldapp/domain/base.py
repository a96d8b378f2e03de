"""The base of every domain model, and the checked ways into one.

Every model is strict (no silent coercion of "1" to 1), refuses fields it does not know, and is
frozen: a record changes only by building a new one, which goes through validation again.

Pydantic's own ``ValidationError`` quotes the offending input in its text; that text would reach
logs and tracebacks with a witness's words in it. So every model hides its input from errors,
and at the boundary (``validate_model``, ``validate_model_json``) an error becomes one
``ValidationFailedError`` sentence that names the field and never its content.
"""

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from fieldapp.errors import ValidationFailedError

#: Records arrive from files a user chose and from bundles; a cap stops a hostile file from
#: making the parser allocate without bound. A narrative of 1,000,000 characters is 4 MB at most.
MAX_JSON_BYTES = 16 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)

# Phrases for pydantic's error types. Pydantic's own messages sometimes quote the input (a wrong
# union tag, for one), so only these fixed phrases, and the models' own messages, reach a person.
_PHRASES: Mapping[str, str] = {
    "missing": "is missing",
    "extra_forbidden": "is not a field of this record",
    "string_too_short": "is empty or too short",
    "string_too_long": "is too long",
    "too_short": "has too few items",
    "too_long": "has too many items",
    "string_pattern_mismatch": "is not in the expected form",
    "enum": "is not one of the allowed values",
    "literal_error": "is not one of the allowed values",
    "timezone_aware": "must include a time zone",
    "greater_than": "is too small",
    "greater_than_equal": "is too small",
    "less_than": "is too large",
    "less_than_equal": "is too large",
    "uuid_parsing": "is not in the expected form",
    "uuid_version": "is not in the expected form",
    "datetime_parsing": "is not in the expected form",
    "datetime_from_date_parsing": "is not in the expected form",
    "date_parsing": "is not in the expected form",
    "date_from_datetime_parsing": "is not in the expected form",
    "frozen_instance": "cannot be changed",
    "json_invalid": "is not valid JSON",
    "string_unicode": "contains characters that are not valid text",
}
_WRONG_TYPE = "has the wrong type"
_NOT_VALID = "is not valid"
TOO_LARGE = "is too large"
NON_FINITE = "holds a non-finite number"

# The sentences of a validation, as templates the desktop app translates part by part
# (``ui/validation_texts.py``): {subject} is the model's ``human_name``, {field} a field's path
# (``location_text``) and {phrase} one of the phrases above or a validator's own.
NOT_VALID = "The {subject} is not valid."
FIELD_PROBLEM = "The {subject} is not valid: the field {field} {phrase}."
WHOLE_PROBLEM = "The {subject} is not valid: it {phrase}."
FIELD_TWICE = "The {subject} is not valid: a field appears twice."
# A name from the input (an unknown field's key) is shown only if it cannot carry content.
_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class DomainModel(BaseModel):
    """A strict, frozen model whose validation errors never quote their input."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        hide_input_in_errors=True,
        # A nested record passed in as an instance is checked again: one built with
        # model_construct, or against other vocabularies, must not slip in unvalidated.
        revalidate_instances="always",
    )

    #: Fields that describe where a record is in its life rather than what it says; they are
    #: left out of the content hash, which must not change when a sealed record is exported.
    HASH_EXCLUDED_FIELDS: ClassVar[frozenset[str]] = frozenset()


def validate_model(model_type: type[M], data: Mapping[str, Any]) -> M:
    """Build ``model_type`` from Python values, raising ValidationFailedError."""
    try:
        return model_type.model_validate(dict(data))
    except ValidationError as e:
        # `from None`: the pydantic error, even with input hidden, is no use to a person and
        # chaining would put its details beside ours in every logged traceback.
        raise validation_failed(e) from None


def validate_model_json(
    model_type: type[M], raw: bytes | str, *, repeated_keys_checked_later: bool = False
) -> M:
    """Build ``model_type`` from JSON text, refusing oversized input and repeated keys (unless
    the caller refuses them itself, as ``parse_canonical`` does)."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(data) > MAX_JSON_BYTES:
        subject = human_name(model_type.__name__)
        raise ValidationFailedError(WHOLE_PROBLEM, args={"subject": subject, "phrase": TOO_LARGE})
    if not repeated_keys_checked_later:
        _refuse_duplicate_keys(data, human_name(model_type.__name__))
    try:
        return model_type.model_validate_json(data)
    except ValidationError as e:
        raise validation_failed(e) from None


def validation_failed(error: ValidationError) -> ValidationFailedError:
    """One sentence for a pydantic error: the first problem, its field, and how many more."""
    problems = error.errors(include_url=False, include_input=False)
    subject = human_name(error.title)
    if not problems:  # pragma: no cover - pydantic never raises an empty error
        return ValidationFailedError(NOT_VALID, args={"subject": subject})
    first = problems[0]
    path = location_text(first["loc"])
    args = {"subject": subject, "phrase": _phrase(first)}
    if path:
        args["field"] = path
    fields = tuple(dict.fromkeys(location_text(p["loc"]) for p in problems))
    return ValidationFailedError(
        FIELD_PROBLEM if path else WHOLE_PROBLEM,
        args=args,
        fields=fields,
        more=len(problems) - 1,
    )


def location_text(loc: Sequence[int | str]) -> str:
    """``("narrative", "redactions", 1)`` → ``narrative.redactions[1]``, with unsafe keys hidden."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if _SAFE_NAME.fullmatch(part) else "?"
            text += f".{name}" if text else name
    return text


def _phrase(problem: ErrorDetails) -> str:
    kind = problem["type"]
    if kind in ("value_error", "assertion_error"):
        # Raised by this package's own validators, whose messages never quote content.
        error = problem.get("ctx", {}).get("error")
        return str(error) if error is not None else _NOT_VALID
    if kind in _PHRASES:
        return _PHRASES[kind]
    if kind.endswith("_type") or kind == "is_instance_of":
        return _WRONG_TYPE
    return _NOT_VALID


def human_name(class_name: str) -> str:
    """``WitnessIdentity`` → ``witness identity``, for messages."""
    return _CAMEL_BOUNDARY.sub(" ", class_name).lower()


def _refuse_duplicate_keys(data: bytes, subject: str) -> None:
    # Pydantic's JSON parser keeps the last of two equal keys. Another reader (an auditor's
    # script) may keep the first, and then the two would disagree about what a record says.
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValidationFailedError(FIELD_TWICE, args={"subject": subject})
        return dict(pairs)

    def no_constants(_name: str) -> None:
        raise ValidationFailedError(WHOLE_PROBLEM, args={"subject": subject, "phrase": NON_FINITE})

    try:
        json.loads(data, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except (ValueError, RecursionError):
        # Not JSON at all (UnicodeDecodeError and JSONDecodeError are ValueErrors): pydantic
        # reports it next, by position and never by content.
        return
