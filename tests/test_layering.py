"""The direction of imports (STYLE.md): crypto ← fieldapp ← ui; no Qt in fieldapp; no network."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NETWORK_MODULES = {
    "socket",
    "ssl",
    "requests",
    "httpx",
    "urllib.request",
    "http.client",
    "aiohttp",
    "PySide6.QtNetwork",
    "ftplib",
    "smtplib",
    "asyncio.streams",
}

# package → top-level names it must never import
FORBIDDEN = {
    "crypto": {"fieldapp", "ui", "PySide6", "sqlcipher3"},
    "fieldapp": {"ui", "PySide6"},
    "ui": {"crypto", "sqlcipher3"},
}
# fieldapp's layers: a module in the key may not import the listed subpackages.
FIELDAPP_LAYERS = {
    "fieldapp.domain": {"fieldapp.workspace", "fieldapp.sync", "fieldapp.services", "fieldapp.cli"},
    "fieldapp.workspace": {"fieldapp.sync", "fieldapp.services", "fieldapp.cli"},
    "fieldapp.sync": {"fieldapp.services", "fieldapp.cli"},
    "fieldapp.services": {"fieldapp.cli"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py")) if (ROOT / package).exists() else []


def _starts(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


# The one allowed upward arrow: the CLI's `gui` command starts the desktop app, lazily.
ALLOWED = {("fieldapp.cli.commands_workspace", "ui.app")}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_import_only_downwards(package: str) -> None:
    wrong = [
        f"{_module_name(path)} imports {name}"
        for path in _sources(package)
        for name in _imports(path)
        if any(_starts(name, banned) for banned in FORBIDDEN[package])
        and (_module_name(path), name) not in ALLOWED
    ]
    assert not wrong, "\n".join(wrong)


def test_fieldapp_layers_point_down() -> None:
    wrong = []
    for path in _sources("fieldapp"):
        module = _module_name(path)
        for layer, banned in FIELDAPP_LAYERS.items():
            if _starts(module, layer):
                wrong += [
                    f"{module} imports {name}"
                    for name in _imports(path)
                    if any(_starts(name, b) for b in banned)
                ]
    assert not wrong, "\n".join(wrong)


def test_no_networking_code() -> None:
    hits = [
        f"{_module_name(path)} imports {name}"
        for package in ("crypto", "fieldapp", "ui")
        for path in _sources(package)
        for name in _imports(path)
        if any(_starts(name, banned) for banned in NETWORK_MODULES)
    ]
    assert not hits, "\n".join(hits)


def test_the_checker_sees_a_wrong_arrow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from fieldapp.workspace import x\nimport PySide6.QtCore\n")
    assert {"fieldapp.workspace", "PySide6.QtCore"} <= _imports(bad)
