"""The domain imports only the standard library, pydantic and itself (and fieldapp.errors)."""

import ast
import sys
from pathlib import Path

import pytest

import fieldapp.domain

DOMAIN_DIR = Path(fieldapp.domain.__file__).parent
CHECKED = sorted([*DOMAIN_DIR.rglob("*.py"), DOMAIN_DIR.parent / "errors.py"])
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core"}
ALLOWED_FIELDAPP = ("fieldapp.domain", "fieldapp.errors")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: p.name)
def test_domain_module_imports_point_only_down(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "fieldapp":
            assert name.startswith(ALLOWED_FIELDAPP), f"{path.name} imports {name}"
        else:
            assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, (
                f"{path.name} imports {name}"
            )
