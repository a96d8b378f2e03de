"""The error classes, and the rule that a validation message never quotes a record's content."""

import inspect

import pytest

import fieldapp.errors as errors_module
from fieldapp.domain import Testimony, validate_model, validate_model_json
from fieldapp.errors import (
    BundleRejectedError,
    FieldappError,
    UnlockThrottledError,
    ValidationFailedError,
)

from .factories import as_fields, make_testimony

SECRET = "Ri Myong-hui of Onsong"


def _error_classes() -> list[type[FieldappError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors_module, inspect.isclass)
        if issubclass(cls, FieldappError)
    ]


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_every_error_has_a_sentence_of_its_own(cls: type[FieldappError]) -> None:
    message = cls("reason.") if cls is BundleRejectedError else cls()
    doc = cls.__doc__
    assert doc, "the docstring is the message a user reads"
    assert str(message).endswith(".")
    assert isinstance(message, FieldappError)
    if cls is not BundleRejectedError:
        # One line, whatever the docstring's wrapping: a terminal shows it as one sentence.
        assert str(message) == " ".join(inspect.cleandoc(doc).split())
        assert "\n" not in str(message)


def test_a_specific_message_replaces_the_default() -> None:
    assert str(ValidationFailedError("The title is too long.")) == "The title is too long."


def test_bundle_rejected_carries_its_reason() -> None:
    error = BundleRejectedError("its signature does not verify.")
    assert error.reason == "its signature does not verify."
    assert str(error) == "The bundle was refused: its signature does not verify."


def test_validation_error_names_the_field_but_not_the_content() -> None:
    fields = as_fields(make_testimony())
    fields["title"] = SECRET + "\x07"
    with pytest.raises(ValidationFailedError) as caught:
        validate_model(Testimony, fields)
    error = caught.value
    assert "title" in str(error)
    assert "Ri Myong" not in str(error)
    assert error.fields == ("title",)
    # Chaining would put pydantic's report in every logged traceback.
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_an_unknown_field_is_named_only_when_its_name_is_harmless() -> None:
    fields = as_fields(make_testimony())
    with pytest.raises(ValidationFailedError, match="witness_name") as caught:
        validate_model(Testimony, {**fields, "witness_name": SECRET})
    assert "Ri Myong" not in str(caught.value)
    with pytest.raises(ValidationFailedError) as caught:
        validate_model(Testimony, {**fields, SECRET: "x"})
    assert "Ri Myong" not in str(caught.value)
    assert "field ?" in str(caught.value)


def test_several_problems_are_counted_in_one_sentence() -> None:
    with pytest.raises(ValidationFailedError, match=r"more problems") as caught:
        validate_model(Testimony, {})
    assert "pseudonym" in caught.value.fields
    assert str(caught.value).startswith("The testimony is not valid:")


def test_model_level_problems_read_as_a_sentence() -> None:
    fields = as_fields(make_testimony())
    fields["ended_at"] = fields["started_at"].replace(year=2000)
    with pytest.raises(ValidationFailedError, match=r"^The testimony is not valid: it ends"):
        validate_model(Testimony, fields)


def test_json_with_a_repeated_key_is_refused() -> None:
    raw = make_testimony().model_dump_json()
    doubled = raw[:-1] + ',"title":"another title"}'
    with pytest.raises(ValidationFailedError, match="appears twice"):
        validate_model_json(Testimony, doubled)


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"\xff\xfe", b"[]", b'{"version": NaN}', b"null"], ids=repr
)
def test_malformed_json_gives_the_domain_error(raw: bytes) -> None:
    with pytest.raises(ValidationFailedError):
        validate_model_json(Testimony, raw)


def test_oversized_json_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fieldapp.domain.base.MAX_JSON_BYTES", 100)
    with pytest.raises(ValidationFailedError, match="too large"):
        validate_model_json(Testimony, make_testimony().model_dump_json())


def test_a_throttled_unlock_says_how_long_to_wait() -> None:
    error = UnlockThrottledError(seconds=2.2)
    assert error.seconds == 2.2
    assert "wait 3 seconds" in str(error)
    assert str(UnlockThrottledError()) == UnlockThrottledError.default_message()


def test_hints_are_sentences() -> None:
    for cls in _error_classes():
        assert cls.hint is None or cls.hint.endswith(".")
