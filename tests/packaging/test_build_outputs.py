"""The frozen build's checksums, spec, programs, desktop entry and icon, checked without
PyInstaller (a real build runs in ``packaging/build.sh``)."""

import configparser
import re
import subprocess
import sys
import tomllib
import types
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from tests.packaging.support import (
    PACKAGING,
    QT_FOLDER,
    ROOT,
    frozen_smoke,
    load_packaging_module,
    manifest,
)

# --- the checksums a laptop checks the folder with ----------------------------------------------

# docs/packaging.md's check for a file added to the folder (build.sh runs it after every build).
ADDED_FILE_CHECK = (
    "diff <(find . ! -type d ! -path ./SHA256SUMS ! -path ./SHA256SUMS.sig | LC_ALL=C sort)"
    " <(cut -c67- SHA256SUMS | LC_ALL=C sort)"
)
# Its check of every listed file: --strict, so that a line it cannot read fails (R2-7).
SUMS_CHECK = "sha256sum --quiet --strict -c SHA256SUMS"
# And of every line: a checksum and a plain name, as the build writes them (R2-7).
LINE_CHECK = r"grep -Ev '^[0-9a-f]{64}  \./' SHA256SUMS"


def _laptop(folder: Path, command: str) -> int:
    return subprocess.run(["bash", "-c", command], cwd=folder, check=False).returncode


def test_the_checksums_cover_symbolic_links_and_show_an_added_file(tmp_path: Path) -> None:
    # PyInstaller links _internal/libQt6Core.so.6 and 34 others to the real files: a link turned
    # towards another library, or a plugin dropped into the folder, must fail the laptop's check.
    folder = tmp_path / "fieldapp"
    (folder / "_internal" / "lib").mkdir(parents=True)
    (folder / "fieldapp").write_bytes(b"program")
    (folder / "_internal" / "lib" / "libQt6Core.so.6").write_bytes(b"qt core")
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    (tmp_path / "other.so").write_bytes(b"someone else's library")
    script = str(PACKAGING / "build_manifest.py")
    subprocess.run([sys.executable, script, "sums", str(folder)], check=True)
    names = [line[66:] for line in (folder / "SHA256SUMS").read_text().splitlines()]
    assert names == ["./_internal/lib/libQt6Core.so.6", "./_internal/libQt6Core.so.6", "./fieldapp"]
    assert _laptop(folder, SUMS_CHECK) == 0
    assert _laptop(folder, ADDED_FILE_CHECK) == 0
    (folder / "SHA256SUMS.sig").write_text("the release signature, made after the list")
    assert _laptop(folder, ADDED_FILE_CHECK) == 0
    (folder / "SHA256SUMS.sig.so").write_bytes(b"not the signature")
    assert _laptop(folder, ADDED_FILE_CHECK) != 0
    (folder / "SHA256SUMS.sig.so").unlink()

    (folder / "_internal" / "libQt6Core.so.6").unlink()
    (folder / "_internal" / "libQt6Core.so.6").symlink_to(tmp_path / "other.so")
    assert _laptop(folder, SUMS_CHECK) != 0
    (folder / "_internal" / "libQt6Core.so.6").unlink()
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    (folder / "_internal" / "lib" / "libqevil.so").write_bytes(b"a plugin")
    assert _laptop(folder, SUMS_CHECK) == 0  # why the second check
    assert _laptop(folder, ADDED_FILE_CHECK) != 0


def test_the_guide_and_the_build_give_the_added_file_check_as_tested() -> None:
    for check in (ADDED_FILE_CHECK, SUMS_CHECK, LINE_CHECK):
        assert check in (ROOT / "docs" / "packaging.md").read_text()
        assert check in (PACKAGING / "build.sh").read_text()
    assert "sha256sum --quiet -c" not in (PACKAGING / "build.sh").read_text()


def _listed(tmp_path: Path) -> Path:
    folder = tmp_path / "fieldapp"
    folder.mkdir()
    (folder / "fieldapp").write_bytes(b"program")
    (folder / "libqt-plugin.so").write_bytes(b"a plugin as built")
    subprocess.run(
        [sys.executable, str(PACKAGING / "build_manifest.py"), "sums", str(folder)], check=True
    )
    return folder


@pytest.mark.parametrize(
    "spoil",
    [
        lambda line: line[:63] + " " + line[63:],  # a digit short: sha256sum skips it
        lambda line: "\\" + line,  # an escaped name
        lambda line: line[:64] + " *" + line[66:],  # binary mode
        lambda line: line[:66] + line[68:],  # a name without ./
    ],
    ids=["short", "escaped", "binary", "bare"],
)
def test_the_laptop_refuses_a_line_that_is_no_checksum_and_name(
    tmp_path: Path, spoil: Callable[[str], str]
) -> None:
    folder = _listed(tmp_path)
    assert _laptop(folder, LINE_CHECK) != 0  # grep -v found no line: nothing printed
    sums = folder / "SHA256SUMS"
    lines = sums.read_text().splitlines(keepends=True)
    lines[-1] = spoil(lines[-1])
    sums.write_text("".join(lines))
    printed = subprocess.run(
        ["bash", "-c", LINE_CHECK], cwd=folder, capture_output=True, text=True, check=False
    )
    assert printed.stdout == lines[-1]


def test_sha256sum_strict_refuses_the_short_line_that_plain_c_skips(tmp_path: Path) -> None:
    folder = _listed(tmp_path)
    sums = folder / "SHA256SUMS"
    lines = sums.read_text().splitlines(keepends=True)
    lines[-1] = lines[-1][:63] + " " + lines[-1][63:]
    sums.write_text("".join(lines))
    assert _laptop(folder, "sha256sum --quiet -c SHA256SUMS") == 0  # why --strict
    assert _laptop(folder, SUMS_CHECK) != 0


@pytest.mark.parametrize("name", ["x\nb", "x\\b"], ids=["newline", "backslash"])
def test_the_sums_refuse_a_name_a_line_cannot_hold(tmp_path: Path, name: str) -> None:
    folder = _listed(tmp_path)
    (folder / name).write_bytes(b"#!/bin/sh\n")
    with pytest.raises(ValueError, match="escape"):
        manifest.checksum_lines(folder)


# --- the spec, run against stand-ins for PyInstaller's build steps ------------------------------


class _Analysis:
    def __init__(self, scripts: list[str], **options: object) -> None:
        self.options = options
        self.scripts = [("pyiboot01_bootstrap", "boot.py", "PYSOURCE")] + [
            (Path(script).stem, script, "PYSOURCE") for script in scripts
        ]
        self.pure: list[tuple[str, str, str]] = []
        plugins = "PySide6/Qt/plugins"
        tuio = QT_FOLDER / "plugins" / "generic" / "libqtuiotouchplugin.so"
        media = QT_FOLDER / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
        self.binaries = [
            ("PySide6/Qt/plugins/platforms/libqxcb.so", "xcb", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqvnc.so", "vnc", "BINARY"),
            ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "tls", "BINARY"),
            ("libssl.so.3", "ssl", "BINARY"),
            (f"{plugins}/generic/libqtuiotouchplugin.so", str(tuio), "BINARY"),
            (f"{plugins}/multimedia/libffmpegmediaplugin.so", str(media), "BINARY"),
        ]
        self.datas = [("ui/i18n/fieldapp_ko.qm", "qm", "DATA")]


def _run_spec() -> dict[str, list]:
    made: dict[str, list] = {"Analysis": [], "EXE": [], "COLLECT": []}

    def analysis(scripts: list[str], **options: object) -> _Analysis:
        made["Analysis"].append(_Analysis(scripts, **options))
        return made["Analysis"][-1]

    def exe(*parts: object, **options: object) -> dict:
        made["EXE"].append({"parts": parts, **options})
        return made["EXE"][-1]

    def collect(*parts: object, **options: object) -> None:
        made["COLLECT"].append({"parts": parts, **options})

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [package, f"{package}.igzip_lib"]  # type: ignore[attr-defined]
    hooks.collect_data_files = lambda package: [(f"/site/{package}/words.txt", package)]  # type: ignore[attr-defined]
    stand_ins = {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": hooks,
    }
    saved_modules = {name: sys.modules.get(name) for name in [*stand_ins, "build_manifest"]}
    saved_path = list(sys.path)
    sys.modules.update(stand_ins)
    try:
        code = compile((PACKAGING / "fieldapp.spec").read_text(), "fieldapp.spec", "exec")
        exec(  # noqa: S102 — the spec is our own file, run as PyInstaller runs it
            code,
            {
                "__name__": "__main__",
                "SPECPATH": str(PACKAGING),
                "Analysis": analysis,
                "PYZ": lambda pure: ("PYZ", pure),
                "EXE": exe,
                "COLLECT": collect,
            },
        )
    finally:
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        sys.path[:] = saved_path
    return made


def test_the_spec_builds_one_folder_of_three_programs_from_the_manifest() -> None:
    made = _run_spec()
    [analysis] = made["Analysis"]
    word_list = ("/site/shamir_mnemonic/words.txt", "shamir_mnemonic")
    assert analysis.options["datas"] == [*manifest.data_files(), word_list]
    assert analysis.options["excludes"] == manifest.excluded_modules()
    assert "isal.igzip_lib" in analysis.options["hiddenimports"]
    assert analysis.options["pathex"] == [str(ROOT)]
    names = [exe["name"] for exe in made["EXE"]]
    assert names == ["fieldapp", "fieldapp-gui", "fieldapp-selfcheck"]
    for exe in made["EXE"]:
        scripts = [entry[0] for entry in exe["parts"][1]]
        own = Path(manifest.ENTRY_SCRIPTS[exe["name"]]).stem
        # the bootstrap, then the program's own script, and no other program's
        assert scripts == ["pyiboot01_bootstrap", own]
        assert exe["exclude_binaries"] is True
        assert exe["console"] is (exe["name"] != "fieldapp-gui")
    [collect] = made["COLLECT"]
    assert collect["name"] == "fieldapp"
    binaries = [entry[0] for entry in collect["parts"][3]]
    assert binaries == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    ]


# --- the programs -------------------------------------------------------------------------------


def test_every_script_of_pyproject_is_a_program_of_the_folder() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    scripts = {**project["scripts"], **project["gui-scripts"]}
    assert set(project["gui-scripts"]) == set(manifest.GUI_EXECUTABLES)
    for name, target in scripts.items():
        module, function = target.split(":")
        source = (ROOT / manifest.ENTRY_SCRIPTS[name]).read_text()
        assert f"from {module} import {function}\n" in source


def test_the_self_check_passes_on_this_checkout(qapp: object) -> None:
    assert frozen_smoke.main() == 0


def test_the_self_check_fails_when_a_module_does_not_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "shipped_elsewhere"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fine.py").write_text("")
    (package / "broken.py").write_text("import a_module_left_out_of_the_build\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuntimeError, match=r"shipped_elsewhere\.broken: ModuleNotFoundError"):
        frozen_smoke.check_imports(("shipped_elsewhere",))
    checks = (("modules import", lambda: frozen_smoke.check_imports(("shipped_elsewhere",))),)
    assert frozen_smoke.main(checks) == 1


# --- the desktop entry and the icon -------------------------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((PACKAGING / "fieldapp.desktop").read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_the_desktop_entry_starts_the_desktop_app_of_the_folder() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Fieldapp"
    assert re.search(r"[\uac00-\ud7a3]", entry["Name[ko]"]), "Name[ko] in Hangul"
    assert entry["Comment"]
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    program = entry["Exec"].split()[0]
    assert program in manifest.ENTRY_SCRIPTS
    assert program in manifest.GUI_EXECUTABLES
    assert (PACKAGING / "icons" / f"{entry['Icon']}.svg").is_file()
    assert (PACKAGING / "icons" / f"{entry['Icon']}.png").is_file()


def test_the_icon_is_an_svg_without_text() -> None:
    svg = PACKAGING / "icons" / "fieldapp.svg"
    root = ET.parse(svg).getroot()  # noqa: S314 — our own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find(".//{http://www.w3.org/2000/svg}text") is None
    assert QSvgRenderer(str(svg)).isValid()


def test_the_png_icon_is_256_pixels_and_rendered_from_the_svg(tmp_path: Path, qapp: object) -> None:
    committed = QImage(str(PACKAGING / "icons" / "fieldapp.png"))
    assert not committed.isNull()
    assert (committed.width(), committed.height()) == (256, 256)
    render_icon = load_packaging_module("render_icon")
    fresh_path = tmp_path / "fresh.png"
    render_icon.render(png=fresh_path)
    fresh = QImage(str(fresh_path)).convertToFormat(QImage.Format.Format_RGBA8888)
    old = committed.convertToFormat(QImage.Format.Format_RGBA8888)
    # Antialiasing may differ by a shade between Qt versions; a changed drawing does not.
    pairs = zip(bytes(fresh.constBits()), bytes(old.constBits()), strict=True)
    differing = sum(1 for a, b in pairs if abs(a - b) > 8)
    assert differing < 256 * 256 * 4 // 100, "run packaging/render_icon.py after editing the SVG"


def test_the_gtk_theme_stays_out_so_the_folder_does_not_depend_on_the_build_machine() -> None:
    plugins = "PySide6/Qt/plugins/platformthemes"
    assert manifest.dropped(f"{plugins}/libqgtk3.so")
    assert not manifest.dropped("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not manifest.dropped("PySide6/Qt/plugins/platforms/libqwayland-generic.so")
