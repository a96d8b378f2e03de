"""Canonical bytes of a record: one byte string per record, for hashing, signing and bundles.

The form is JSON, and a subset of RFC 8785 (JCS) so that an auditor can reproduce it with other
tools: keys sorted, no whitespace, UTF-8, strings escaped as JSON requires and no more, integers
only (no floats, whose text form differs between languages). Values have one fixed text each:

- UUID: lower-case, hyphenated (``0f8fad5b-d9cb-469f-a165-70867728950e``)
- time: UTC with microseconds and ``Z`` (``2024-03-01T09:30:00.000000Z``)
- date: ``YYYY-MM-DD``
- enum: its value

A field at its default value is left out. So adding a field with a default to a model in a later
release never changes the bytes, or the hash, of a record made before it. The other side of that
rule: a field's default, once released, never changes.

``content_hash`` also leaves out a model's ``HASH_EXCLUDED_FIELDS`` (a testimony's status), so
that the hash fixed at sealing stays the hash of the exported and archived record.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from fieldapp.domain.base import DomainModel, human_name, validate_model_json
from fieldapp.errors import ValidationFailedError

#: Integers beyond ±(2⁵³ − 1) lose precision in JSON readers that use doubles (RFC 8785 §3.2.2.3).
MAX_SAFE_INTEGER = 2**53 - 1

M = TypeVar("M", bound=BaseModel)


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NOT_CANONICAL = "The {subject} is not in canonical form; it may have been altered."


def canonical_bytes(model: BaseModel) -> bytes:
    """The canonical encoding of ``model``, every field included."""
    return _encode_model(model, frozenset())


def content_bytes(model: BaseModel) -> bytes:
    """The canonical encoding without the fields that describe the record's life, not content."""
    excluded = model.HASH_EXCLUDED_FIELDS if isinstance(model, DomainModel) else frozenset()
    return _encode_model(model, excluded)


def content_hash(model: BaseModel) -> str:
    """SHA-256 of ``content_bytes(model)``, lower-case hex: what sealing fixes."""
    return hashlib.sha256(content_bytes(model)).hexdigest()


def reference_canonical_bytes(model: BaseModel) -> bytes:
    """The canonical encoding worked out value by value in Python, as this module's docstring
    states it. ``canonical_bytes`` takes pydantic's own JSON-mode values instead (three times
    faster: a bundle of thousands of records is encoded several times over); the tests hold the
    two equal for every kind of record, which is what lets the fast one be trusted."""
    return _encode(model.model_dump(mode="python", exclude_defaults=True))


def _encode_model(model: BaseModel, excluded: frozenset[str]) -> bytes:
    if isinstance(model, DomainModel):
        # pydantic's JSON-mode values are this module's values for the domain's models, whose
        # fields the tests check (see ``_encode_dumped``); any other model goes value by value.
        leave_out = set(excluded) if excluded else None
        dumped = model.model_dump(mode="json", exclude_defaults=True, exclude=leave_out)
        return _encode_dumped(dumped)
    return _encode(model.model_dump(mode="python", exclude_defaults=True, exclude=set(excluded)))


def parse_canonical(model_type: type[M], raw: bytes) -> M:
    """A record from its canonical bytes, refusing any other encoding of it.

    Accepting only the canonical form means a record has exactly one encoding: nothing can be
    hidden in key order, spacing, escapes or repeated keys, and the bytes a signature covered
    are the bytes that were parsed.
    """
    # No separate pass for repeated keys (``validate_model_json`` makes one): the parser keeps
    # one of two equal keys, so the encoding of what it kept is shorter than ``raw`` and the
    # comparison below refuses it. That pass cost as much as the parse itself.
    model = validate_model_json(model_type, raw, repeated_keys_checked_later=True)
    try:
        canonical: bytes | None = canonical_bytes(model)
    except (ValueError, TypeError):
        # A value with no canonical form (an integer beyond what JSON readers hold exactly)
        # cannot be the canonical form of anything.
        canonical = None
    if canonical != raw:
        subject = human_name(model_type.__name__)
        raise ValidationFailedError(NOT_CANONICAL, args={"subject": subject})
    return model


def _encode(value: Mapping[str, Any]) -> bytes:
    return _encode_dumped(_plain(value))


#: What ``json.dumps`` with these options builds on every call (thousands a bundle): one encoder,
#: which keeps no state between calls.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def _encode_dumped(value: Any) -> bytes:
    """JSON text of values that are already JSON's own (str, int, bool, None, list, dict).

    Safe for pydantic's JSON-mode values of a ``DomainModel`` because of what those models
    allow, which the tests check on every one's schema: every integer field is bounded within
    ±(2⁵³ − 1), every time is a ``UtcDateTime`` (whose JSON form is ``utc_text``), and no field
    is a float, bytes or a set."""
    return _ENCODER.encode(value).encode("utf-8")


def _plain(value: Any) -> Any:
    # The exact types that make up nearly every record first (a type test, not isinstance: a
    # subclass, such as a str enum, takes the general path below).
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is dict:
        return {_key(k): _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain(item) for item in value]
    if kind is UUID:
        return str(value)
    if kind is datetime:
        return utc_text(value)
    return _plain_other(value)


def _plain_other(value: Any) -> Any:
    # bool before int: True is an int in Python.
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError("integer out of the range JSON readers agree on")
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    # Floats, bytes, sets and anything else have no single agreed JSON form; a model that
    # holds one is a programming error, found by the round-trip tests.
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError("object keys must be strings")
    return key


def utc_text(value: datetime) -> str:
    """A time's one canonical text: UTC, microseconds, ``Z``."""
    if value.tzinfo is UTC:  # every validated time (``fields.UtcDateTime``): nothing to convert
        return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a time without a time zone has no canonical form")
    # isoformat, unlike strftime, pads the year to four digits on every platform.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
