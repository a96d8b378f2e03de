"""Every ValidationFailedError the core raises outside the command line is made from a named
module-level template, and every phrase the models' validators give is a named constant, so
that the desktop app can translate them (``ui/validation_texts.py``): an inline sentence or an
f-string would reach a Korean screen in English. The English message is unchanged: the
template filled in.

``validation_templates()`` and ``validator_phrases()`` read the raise sites themselves;
``tests/ui/test_validation_texts.py`` checks each against the UI's catalog and the Korean
translations.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp import errors
from fieldapp.domain import Incident, Testimony, base
from fieldapp.domain.base import validate_model, validate_model_json
from fieldapp.domain.lifecycle import edit
from tests.fieldapp.domain.factories import make_incident, make_testimony
from tests.fieldapp.test_reason_constants import FIELDAPP, Site, _trees, placeholders, templates_at

#: The command line's own errors stay English (its messages are its interface).
CLI = FIELDAPP / "cli"
#: Where the models' validators raise ValueError with a phrase shown after a field's name. The
#: ValueErrors of ``canonical`` are raised in serialising, never in validation.
VALIDATOR_MODULES = {
    path for path in (FIELDAPP / "domain").glob("*.py") if path.name != "canonical.py"
} | {FIELDAPP / "sync" / "enrolment.py"}
#: In fieldapp/sync/enrolment.py only the label's check gives phrases (the others' errors
#: become a refused request).
VALIDATOR_FUNCTIONS = {FIELDAPP / "sync" / "enrolment.py": {"plain_label"}}


def _module_of(path: Path) -> str:
    parts = path.relative_to(FIELDAPP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def validation_sites() -> Iterator[Site]:
    """Every ValidationFailedError made with a message in ``fieldapp/`` (not its CLI)."""
    for path, tree in _trees():
        if path.is_relative_to(CLI):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) == "ValidationFailedError":
                keywords = {keyword.arg: keyword.value for keyword in node.keywords}
                if node.args:
                    yield Site(
                        _module_of(path), path, node.lineno, node.args[0], keywords.get("args")
                    )


def validation_templates() -> set[str]:
    """Every template the core raises a ValidationFailedError with, and the sentences the error
    adds itself."""
    found = {errors.ValidationFailedError.default_message(), errors.MORE_PROBLEM}
    found.add(errors.MORE_PROBLEMS)
    for site in validation_sites():
        templates = templates_at(site)
        assert templates is not None, f"{site}: not a named constant"
        found.update(templates)
    return found


def _functions_in(tree: ast.Module, names: set[str] | None) -> Iterator[ast.AST]:
    if names is None:
        yield tree
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in names:
            yield node


def validator_sites() -> Iterator[Site]:
    """Every ``raise ValueError(…)`` of the models' validators."""
    for path, tree in _trees():
        if path not in VALIDATOR_MODULES:
            continue
        for scope in _functions_in(tree, VALIDATOR_FUNCTIONS.get(path)):
            for node in ast.walk(scope):
                if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                    continue
                if _called(node.exc) == "ValueError" and node.exc.args:
                    yield Site(_module_of(path), path, node.lineno, node.exc.args[0], None)


def validator_phrases() -> set[str]:
    """Every phrase a field can be said to have: the base's, and the validators' own."""
    found = set(base._PHRASES.values())
    found |= {base._WRONG_TYPE, base._NOT_VALID, base.TOO_LARGE, base.NON_FINITE}
    for site in validator_sites():
        phrases = templates_at(site)
        assert phrases is not None, f"{site}: not a named constant"
        found.update(phrases)
    return found


# --- the raise sites ----------------------------------------------------------------------------


def test_the_scans_find_the_raise_sites():
    assert len(list(validation_sites())) > 60
    assert len(list(validator_sites())) > 20


def test_every_validation_sentence_is_a_named_template():
    unnamed = [str(site) for site in validation_sites() if templates_at(site) is None]
    assert not unnamed, "give these sentences a module-level constant: " + ", ".join(unnamed)


def test_every_validator_phrase_is_a_named_constant():
    unnamed = [str(site) for site in validator_sites() if templates_at(site) is None]
    assert not unnamed, "give these phrases a module-level constant: " + ", ".join(unnamed)


def test_placeholders_match_the_values_given():
    for site in validation_sites():
        templates = templates_at(site) or []
        given = site.args
        if given is None:
            assert all(not placeholders(t) for t in templates), f"{site}: values missing"
        elif isinstance(given, ast.Dict) and all(isinstance(k, ast.Constant) for k in given.keys):
            names = {key.value for key in given.keys if isinstance(key, ast.Constant)}
            assert all(placeholders(t) == names for t in templates), f"{site}: {names}"


# --- the error keeps its template; the English is unchanged -------------------------------------


def test_a_pydantic_error_keeps_its_parts_and_reads_as_before():
    with pytest.raises(errors.ValidationFailedError) as failed:
        validate_model(Testimony, {**make_testimony().model_dump(), "title": ""})
    error = failed.value
    assert error.message == "The testimony is not valid: the field title is empty or too short."
    assert error.template == base.FIELD_PROBLEM
    assert error.template_args == {
        "subject": "testimony",
        "field": "title",
        "phrase": "is empty or too short",
    }
    assert (error.more, error.fields) == (0, ("title",))


def test_more_problems_are_counted_after_the_sentence():
    with pytest.raises(errors.ValidationFailedError) as failed:
        validate_model(Incident, {})
    error = failed.value
    assert error.more > 1
    assert error.message.endswith(f" ({error.more} more problems.)")
    with pytest.raises(errors.ValidationFailedError) as two:
        validate_model(Incident, {**make_incident().model_dump(), "summary": "", "zz": 1})
    assert two.value.more == 1
    assert two.value.message.endswith(" (1 more problem.)")


def test_a_models_own_validator_gives_its_phrase():
    incident = make_incident().model_dump()
    place = {"country": "CN", "province": "north_hamgyong"}
    with pytest.raises(errors.ValidationFailedError) as failed:
        validate_model(Incident, {**incident, "place_public": place})
    assert failed.value.template_args["phrase"] in validator_phrases()
    assert failed.value.message == (
        "The incident is not valid: the field place_public names a DPRK province for a place"
        " outside the DPRK."
    )


def test_a_whole_record_problem_reads_it():
    with pytest.raises(errors.ValidationFailedError) as failed:
        validate_model_json(Testimony, b"{" + b" " * base.MAX_JSON_BYTES + b"}")
    assert failed.value.message == "The testimony is not valid: it is too large."
    assert failed.value.template == base.WHOLE_PROBLEM


def test_a_raise_site_with_values_fills_its_template():
    with pytest.raises(errors.ValidationFailedError) as failed:
        edit(make_testimony(), {"version": 3})
    error = failed.value
    assert error.message == "The field version is set by the program and cannot be changed."
    assert error.template_args == {"field": "version"}
    assert error.fields == ("version",)


def test_a_message_without_values_is_kept_as_given_braces_and_all():
    error = errors.ValidationFailedError("A {brace} of the raiser's own.")
    assert error.message == "A {brace} of the raiser's own."
    assert (error.template, error.template_args, error.more) == (error.message, {}, 0)
    assert errors.ValidationFailedError().message == "The data is not valid."
