"""What the packaging tests share: packaging/'s modules loaded as the spec and build.sh run
them, and where PySide6's Qt lives."""

import importlib.util
import re
import sys
import types
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
# What counts as networking, independent of the manifest's own lists: a Qt module whose name
# says it reaches a network, a radio, a serial line or a web engine.
NETWORK_MODULE = re.compile(
    r"Network|Web|Http|Bluetooth|Nfc|Positioning|Location|RemoteObjects|Serial|Mqtt|Coap|Opcua"
    r"|Grpc|Protobuf|Can(Bus)?$"
)


def load_packaging_module(name: str) -> types.ModuleType:
    """A module of packaging/ (not a package: the spec and build.sh run them from there)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(PACKAGING))  # as when run from there: they import one another
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(PACKAGING))
    return module


manifest = load_packaging_module("build_manifest")
frozen_smoke = load_packaging_module("frozen_smoke")
elf_needed = load_packaging_module("elf_needed")
QT_FOLDER = Path(PySide6.__file__).parent / "Qt"


def shipped_qt_modules() -> list[str]:
    folder = QT_FOLDER.parent
    binaries = [path for path in folder.glob("Qt*.*") if path.suffix in {".so", ".pyd"}]
    return sorted({path.name.split(".")[0] for path in binaries})
