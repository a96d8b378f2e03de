"""Every reason the core gives for refusing a bundle, a pack or an enrolment request is a named
module-level template, so that the desktop app can translate it (``ui/reason_texts.py``): an
inline sentence or an f-string at a raise site would reach a Korean screen in English.

``reason_templates()`` collects them from the raise sites themselves (read from the source, not
from a list kept by hand), so a new reason cannot go unnoticed; ``tests/ui/test_reason_texts.py``
checks each against the UI's catalog and the Korean translations.
"""

import ast
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import fieldapp
from fieldapp import errors
from fieldapp.services import import_report, packs
from fieldapp.sync import payload

FIELDAPP = Path(fieldapp.__file__).parent
REFUSALS = {"BundleRejectedError", "PackRejectedError", "EnrolmentRequestRejectedError"}
CONSTANT_NAME = re.compile(r"_?[A-Z][A-Z0-9_]*")
PLACEHOLDER = re.compile(r"\{([A-Za-z_]*)\}")


@dataclass(frozen=True)
class Site:
    """One construction of a refusal: where, and the expression given as its reason."""

    module: str
    path: Path
    line: int
    reason: ast.expr
    args: ast.expr | None

    def __str__(self) -> str:
        return f"{self.path.relative_to(FIELDAPP.parent)}:{self.line}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(FIELDAPP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


@cache
def _trees() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple(
        (path, ast.parse(path.read_text(), filename=str(path)))
        for path in sorted(FIELDAPP.rglob("*.py"))
    )


def sites() -> Iterator[Site]:
    """Every call of the three refusals in ``fieldapp/`` that gives a reason."""
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _called(node) not in REFUSALS:
                continue
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            reason = node.args[0] if node.args else keywords.get("reason")
            if reason is not None:
                yield Site(_module_name(path), path, node.lineno, reason, keywords.get("args"))


def _constant(module: ModuleType, name: str) -> str | dict[str, str] | None:
    value = getattr(module, name, None) if CONSTANT_NAME.fullmatch(name) else None
    return value if isinstance(value, str | dict) else None


def _returned_constants(attribute: str) -> list[str] | None:
    """What a property or method named ``attribute`` returns (``roster.refusal``), when every
    definition of it in fieldapp returns only named constants; None otherwise."""
    found: list[str] = []
    for path, tree in _trees():
        module = importlib.import_module(_module_name(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or node.name != attribute:
                continue
            for returned in ast.walk(node):
                if not isinstance(returned, ast.Return) or returned.value is None:
                    continue
                value = returned.value
                if isinstance(value, ast.Constant) and value.value is Ellipsis:
                    continue
                template = _constant(module, value.id) if isinstance(value, ast.Name) else None
                if not isinstance(template, str):
                    return None
                found.append(template)
    return found or None


def templates_at(site: Site, expr: ast.expr | None = None) -> list[str] | None:
    """The templates a site's reason can be; None when it is not a named constant (a literal,
    an f-string, a local variable, a call)."""
    module = importlib.import_module(site.module)
    expr = site.reason if expr is None else expr
    if isinstance(expr, ast.IfExp):
        body, orelse = templates_at(site, expr.body), templates_at(site, expr.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(expr, ast.Name):
        value = _constant(module, expr.id)
        return [value] if isinstance(value, str) else None
    if isinstance(expr, ast.Attribute):
        if expr.attr == "reason_template":
            return []  # another refusal's template, carried on: checked where it was made
        owner = getattr(module, expr.value.id, None) if isinstance(expr.value, ast.Name) else None
        if isinstance(owner, ModuleType):
            value = _constant(owner, expr.attr)
            return [value] if isinstance(value, str) else None
        return _returned_constants(expr.attr)
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
        table = _constant(module, expr.value.id)
        if isinstance(table, dict) and all(isinstance(v, str) for v in table.values()):
            return list(table.values())
    return None


def reason_templates() -> set[str]:
    """Every template the core can give as a refusal's reason."""
    found: set[str] = set()
    for site in sites():
        templates = templates_at(site)
        assert templates is not None, f"{site}: not a named constant"
        found.update(templates)
    return found


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


# --- the raise sites ----------------------------------------------------------------------------


def test_the_scan_finds_the_raise_sites():
    found = list(sites())
    assert len(found) > 100
    assert {site.module for site in found} >= {"fieldapp.sync.manifest", "fieldapp.services.packs"}


def test_every_reason_is_a_named_constant():
    unnamed = [str(site) for site in sites() if templates_at(site) is None]
    assert not unnamed, "give these reasons a module-level constant: " + ", ".join(unnamed)


def test_the_scan_refuses_literals_f_strings_and_locals():
    source = (
        "from fieldapp.errors import BundleRejectedError\n"
        "DAMAGED = 'the file is damaged.'\n"
        "def f(n, reason):\n"
        "    BundleRejectedError('it is damaged.')\n"
        "    BundleRejectedError(f'bundle {n} is missing')\n"
        "    BundleRejectedError(reason)\n"
        "    BundleRejectedError(DAMAGED.format())\n"
        "    BundleRejectedError(DAMAGED)\n"
    )
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    refusals = [call for call in calls if _called(call) == "BundleRejectedError"]
    site = Site("fieldapp.sync.container", FIELDAPP, 1, refusals[0].args[0], None)
    results = [templates_at(site, call.args[0]) for call in refusals]
    # DAMAGED resolves in the module the site is in (fieldapp.sync.container has one).
    assert results[:4] == [None, None, None, None]
    assert results[4] == ["the file is damaged or is not a bundle."]


def test_placeholders_match_the_values_given():
    for site in sites():
        templates = templates_at(site) or []
        given = site.args
        if given is None:
            assert all(not placeholders(t) for t in templates), f"{site}: values missing"
        elif isinstance(given, ast.Dict) and all(isinstance(k, ast.Constant) for k in given.keys):
            names = {key.value for key in given.keys if isinstance(key, ast.Constant)}
            assert all(placeholders(t) == names for t in templates), f"{site}: {names}"


def test_every_template_formats_and_has_no_stray_braces():
    for template in reason_templates():
        assert template, "an empty reason"
        assert template.strip() == template, repr(template)
        formatted = template.format(**dict.fromkeys(placeholders(template), "X"))
        assert not {"{", "}"} & set(formatted), template


def test_a_record_of_every_kind_has_its_own_sentence():
    kinds = set(payload.RECORD_TYPES) | set(payload.IDENTITY_TYPES) | {payload.CUSTODY}
    assert set(payload.REJECTED_RECORD) == kinds


# --- the errors carry the template and its values -----------------------------------------------


@pytest.mark.parametrize(
    ("error_type", "preamble"),
    [
        (errors.BundleRejectedError, "The bundle was refused: "),
        (errors.PackRejectedError, "The pack was refused: "),
        (errors.EnrolmentRequestRejectedError, "The enrolment request was refused: "),
    ],
)
def test_an_error_keeps_its_template_and_values(error_type, preamble):
    error = error_type(packs.REJECTED_OLD_PACK, args={"sequence": 3, "applied": 4})
    sentence = "it is pack number 3, and pack number 4 was already applied here: an old pack,"
    assert error.reason is not None
    assert error.reason.startswith(sentence)
    assert error.message == preamble + error.reason
    assert error.reason_template == packs.REJECTED_OLD_PACK
    assert error.reason_args == {"sequence": "3", "applied": "4"}


def test_an_error_without_values_is_its_template():
    error = errors.BundleRejectedError(payload.REJECTED_PAYLOAD, missing=None)
    assert error.reason == error.reason_template == payload.REJECTED_PAYLOAD
    assert error.reason_args == {}


def test_a_pack_refused_without_a_reason_has_none():
    error = errors.PackRejectedError()
    assert (error.reason, error.reason_template, error.reason_args) == (None, None, {})
    assert error.message == errors.PackRejectedError.default_message()


def test_the_import_report_keeps_the_refusals_template():
    refusal = errors.BundleRejectedError(
        "bundle {missing} from this device is missing: import it first",
        args={"missing": 2},
        missing=2,
    )
    report = import_report.ImportReport("b.fieldbundle", outcome="imported").refused(refusal)
    assert report.outcome == "refused"
    assert report.reason == "bundle 2 from this device is missing: import it first"
    assert report.reason_template == refusal.reason_template
    assert report.reason_args == {"missing": "2"}
    assert report.missing == 2
