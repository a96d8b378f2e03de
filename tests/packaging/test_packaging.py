"""The frozen build's lists, entry points, desktop entry and icon, checked without PyInstaller.

A real build takes minutes and runs in ``packaging/build.sh``; these tests check what it is made
from: ``packaging/build_manifest.py`` (what goes in and stays out), the spec that uses it, the
self-check the build runs, and the files the desktop needs.
"""

import configparser
import importlib.util
import re
import subprocess
import sys
import tomllib
import types
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import PySide6
import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from fieldapp.domain.vocabulary import VOCABULARY_NAMES

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
# What counts as networking, independent of the manifest's own lists: a Qt module whose name
# says it reaches a network, a radio, a serial line or a web engine.
NETWORK_MODULE = re.compile(
    r"Network|Web|Http|Bluetooth|Nfc|Positioning|Location|RemoteObjects|Serial|Mqtt|Coap|Opcua"
    r"|Grpc|Protobuf|Can(Bus)?$"
)


def _load(name: str) -> types.ModuleType:
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


manifest = _load("build_manifest")
frozen_smoke = _load("frozen_smoke")
elf_needed = _load("elf_needed")
QT_FOLDER = Path(PySide6.__file__).parent / "Qt"


def _shipped_qt_modules() -> list[str]:
    folder = QT_FOLDER.parent
    binaries = [path for path in folder.glob("Qt*.*") if path.suffix in {".so", ".pyd"}]
    return sorted({path.name.split(".")[0] for path in binaries})


# --- data files ---------------------------------------------------------------------------------


def test_every_compiled_translation_is_shipped_where_ui_finds_it() -> None:
    shipped = {(Path(source).name, destination) for source, destination in manifest.data_files()}
    compiled = sorted((ROOT / "ui" / "i18n").glob("*.qm"))
    assert compiled, "no compiled translation to check"
    for path in compiled:
        assert (path.name, "ui/i18n") in shipped


def test_every_bundled_vocabulary_is_shipped() -> None:
    shipped = {(Path(source).name, destination) for source, destination in manifest.data_files()}
    for name in VOCABULARY_NAMES:
        assert (f"{name}.json", "fieldapp/domain/vocabularies") in shipped


def test_no_data_file_of_the_packages_is_left_out() -> None:
    assert manifest.unlisted_data_files() == []


def test_a_new_data_file_is_reported_until_listed(tmp_path: Path) -> None:
    (tmp_path / "ui" / "i18n").mkdir(parents=True)
    (tmp_path / "ui" / "i18n" / "fieldapp_ko.qm").write_bytes(b"qm")
    (tmp_path / "ui" / "i18n" / "fieldapp_ko.ts").write_text("<TS/>")
    (tmp_path / "ui" / "widgets").mkdir()
    (tmp_path / "ui" / "widgets" / "seal.png").write_bytes(b"png")
    assert manifest.unlisted_data_files(tmp_path) == [tmp_path / "ui" / "widgets" / "seal.png"]


def test_every_dependency_that_reads_its_own_files_has_them_shipped() -> None:
    # A dependency that opens a file beside its modules (a word list, a table) fails in the
    # frozen build unless the spec collects it: a new one fails here until the manifest says.
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in dependencies:
        distribution = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)  # type: ignore[union-attr]
        data = [
            path
            for path in metadata.files(distribution) or []
            if path.parts[0] != ".."  # console scripts in the venv's bin/
            and not path.parts[0].endswith(".dist-info")
            and "__pycache__" not in path.parts
            and path.suffix not in {".py", ".pyc", ".pyi", ".so", ".pyd"}
            and path.name != "py.typed"
        ]
        if not data:
            continue
        if distribution in manifest.THIRD_PARTY_DATA:
            package = manifest.THIRD_PARTY_DATA[distribution]
            assert all(path.parts[0] == package for path in data), (distribution, data)
        else:
            assert distribution in manifest.THIRD_PARTY_DATA_LEFT_OUT, (distribution, data)


# --- what stays out -----------------------------------------------------------------------------


def test_every_networking_qt_module_pyside6_ships_is_excluded_or_required() -> None:
    networking = [name for name in _shipped_qt_modules() if NETWORK_MODULE.search(name)]
    assert "QtNetwork" in networking, "the pattern no longer finds the modules it must"
    excluded = set(manifest.excluded_modules())
    for name in networking:
        if name in manifest.REQUIRED_QT_NETWORK_MODULES:
            assert f"PySide6.{name}" not in excluded
        else:
            assert f"PySide6.{name}" in excluded, f"{name} is a networking module: exclude it"


def test_qtnetwork_is_still_imported_by_qt_multimedia_which_the_app_uses() -> None:
    # The one networking binding allowed in the build is there only because QtMultimedia imports
    # it: once it no longer does (a later PySide6), this fails, and QtNetwork is to be excluded.
    assert list(manifest.REQUIRED_QT_NETWORK_MODULES) == ["QtNetwork"]
    assert any("QtMultimedia" in path.read_text() for path in (ROOT / "ui").rglob("*.py"))
    probe = "import sys, PySide6.QtMultimedia; print('PySide6.QtNetwork' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "True"


def test_test_tools_tk_and_tls_are_excluded() -> None:
    excluded = set(manifest.excluded_modules())
    for name in ("tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "ssl", "_ssl"):
        assert name in excluded


FORBIDDEN = (
    "_internal/PySide6/QtWebEngineCore.abi3.so",
    "_internal/PySide6/QtNetworkAuth.abi3.so",
    "_internal/PySide6/QtBluetooth.abi3.so",
    "_internal/PySide6/QtDBus.abi3.so",
    "_internal/PySide6/Qt/lib/libQt6WebSockets.so.6",
    "_internal/PySide6/Qt/lib/libQt6Positioning.so.6",
    "_internal/PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "_internal/PySide6/Qt/plugins/networkinformation/libqglib.so",
    "_internal/PySide6/Qt/plugins/platforms/libqvnc.so",
    "_internal/libssl.so.3",
    "_internal/PySide6/Qt/plugins/imageformats/libqpdf.so",
    "_internal/PySide6/Qt/lib/libQt6Pdf.so.6",
    "_internal/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
    "_internal/python3.11/lib-dynload/_tkinter.cpython-311-x86_64-linux-gnu.so",
    "_internal/PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
    "_internal/PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so",
)
ALLOWED = (
    "fieldapp",
    "fieldapp-gui",
    "_internal/PySide6/QtNetwork.abi3.so",
    "_internal/PySide6/Qt/lib/libQt6Network.so.6",
    "_internal/PySide6/Qt/lib/libQt6Multimedia.so.6",
    "_internal/PySide6/Qt/lib/libQt6DBus.so.6",
    "_internal/PySide6/Qt/lib/libQt6FFmpegStub-ssl.so.3",
    "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
    "_internal/PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "_internal/PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    "_internal/libcrypto.so.3",
    "_internal/ui/i18n/fieldapp_ko.qm",
)


@pytest.fixture
def fake_build(tmp_path: Path) -> Path:
    for relative in FORBIDDEN + ALLOWED:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    return tmp_path


def test_the_check_after_the_build_names_every_forbidden_file_and_no_other(
    fake_build: Path,
) -> None:
    found = manifest.forbidden_files(fake_build)
    assert sorted(found) == sorted(fake_build / relative for relative in FORBIDDEN)


def test_the_check_exits_1_on_a_forbidden_file_and_0_without(fake_build: Path) -> None:
    script = str(PACKAGING / "build_manifest.py")
    failed = subprocess.run([sys.executable, script, "check", str(fake_build)], check=False)
    assert failed.returncode == 1
    for relative in FORBIDDEN:
        (fake_build / relative).unlink()
    passed = subprocess.run([sys.executable, script, "check", str(fake_build)], check=False)
    assert passed.returncode == 0


def test_what_the_spec_drops_is_what_the_check_forbids() -> None:
    dropped = [relative for relative in FORBIDDEN + ALLOWED if manifest.dropped(relative)]
    assert dropped == [
        "_internal/PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "_internal/PySide6/Qt/plugins/networkinformation/libqglib.so",
        "_internal/PySide6/Qt/plugins/platforms/libqvnc.so",
        "_internal/libssl.so.3",
        "_internal/PySide6/Qt/plugins/imageformats/libqpdf.so",
        "_internal/PySide6/Qt/lib/libQt6Pdf.so.6",
        "_internal/PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
        "_internal/PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so",
    ]


def _network_linked_plugins() -> list[Path]:
    found = []
    for path in sorted((QT_FOLDER / "plugins").rglob("*.so")):
        if elf_needed.is_elf(path) and manifest.QT_NETWORK_LIBRARY in elf_needed.needed(path):
            found.append(path)
    return found


def test_every_qt_plugin_linked_against_qtnetwork_is_left_out_but_the_media_back_end() -> None:
    # A plugin that links QtNetwork can open a socket whatever its folder: Qt's TUIO touch
    # plugin (`-plugin TuioTouch`) takes input from UDP port 3333 and reached the build.
    plugins = _network_linked_plugins()
    names = {path.name for path in plugins}
    assert {"libqtuiotouchplugin.so", "libffmpegmediaplugin.so"} <= names
    for path in plugins:
        destination = path.relative_to(QT_FOLDER.parent.parent).as_posix()
        kept = path.name in manifest.NETWORK_LINKED_PLUGINS_KEPT
        assert manifest.left_out(destination, str(path)) is not kept, destination


def test_the_check_forbids_a_plugin_linked_against_qtnetwork_whatever_its_name(
    tmp_path: Path,
) -> None:
    plugins = QT_FOLDER / "plugins"
    copies = {
        "generic/libqtouch.so": plugins / "generic" / "libqtuiotouchplugin.so",
        "multimedia/libffmpegmediaplugin.so": plugins / "multimedia" / "libffmpegmediaplugin.so",
        "platforms/libqxcb.so": plugins / "platforms" / "libqxcb.so",
    }
    for relative, source in copies.items():
        path = tmp_path / "_internal" / "PySide6" / "Qt" / "plugins" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
    assert manifest.forbidden_files(tmp_path) == [
        tmp_path / "_internal" / "PySide6" / "Qt" / "plugins" / "generic" / "libqtouch.so"
    ]


def test_qt_translations_stay_for_the_languages_of_the_app_only() -> None:
    from ui import settings

    assert manifest.LANGUAGES == settings.LANGUAGES
    folder = "PySide6/Qt/translations"
    for language in settings.LANGUAGES:
        assert not manifest.dropped(f"{folder}/qtbase_{language}.qm")
        assert not manifest.dropped(f"{folder}/qtmultimedia_{language}.qm")
    assert manifest.dropped(f"{folder}/qtbase_de.qm")
    assert manifest.dropped(f"{folder}/qt_zh_CN.qm")


def test_elf_needed_reads_what_a_qt_library_links_against(tmp_path: Path) -> None:
    widgets = QT_FOLDER / "lib" / "libQt6Widgets.so.6"
    names = elf_needed.needed(widgets)
    assert "libQt6Gui.so.6" in names
    assert "libQt6Core.so.6" in names
    text = tmp_path / "notes.txt"
    text.write_text("not a library")
    assert not elf_needed.is_elf(text)
    with pytest.raises(elf_needed.NotElfError):
        elf_needed.needed(text)


def test_the_check_names_a_bundled_library_the_folder_lacks(tmp_path: Path) -> None:
    plugin = tmp_path / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes((QT_FOLDER / "plugins" / "platforms" / "libqxcb.so").read_bytes())
    missing = {name for _path, name in manifest.unresolved_libraries(tmp_path)}
    assert {"libQt6Gui.so.6", "libQt6Core.so.6", "libQt6XcbQpa.so.6"} <= missing
    assert not any(name.startswith("libc.so") for name in missing)  # the system's own
    for name in missing:
        (tmp_path / "_internal" / name).write_bytes(b"")
    assert manifest.unresolved_libraries(tmp_path) == []


# --- the checksums a laptop checks the folder with ----------------------------------------------

# docs/packaging.md's check for a file added to the folder (build.sh runs it after every build).
ADDED_FILE_CHECK = (
    "diff <(find . ! -type d ! -path ./SHA256SUMS | LC_ALL=C sort)"
    " <(cut -c67- SHA256SUMS | LC_ALL=C sort)"
)


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
    assert _laptop(folder, "sha256sum --quiet -c SHA256SUMS") == 0
    assert _laptop(folder, ADDED_FILE_CHECK) == 0

    (folder / "_internal" / "libQt6Core.so.6").unlink()
    (folder / "_internal" / "libQt6Core.so.6").symlink_to(tmp_path / "other.so")
    assert _laptop(folder, "sha256sum --quiet -c SHA256SUMS") != 0
    (folder / "_internal" / "libQt6Core.so.6").unlink()
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    (folder / "_internal" / "lib" / "libqevil.so").write_bytes(b"a plugin")
    assert _laptop(folder, "sha256sum --quiet -c SHA256SUMS") == 0  # why the second check
    assert _laptop(folder, ADDED_FILE_CHECK) != 0


def test_the_guide_and_the_build_give_the_added_file_check_as_tested() -> None:
    assert ADDED_FILE_CHECK in (ROOT / "docs" / "packaging.md").read_text()
    assert ADDED_FILE_CHECK in (PACKAGING / "build.sh").read_text()


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
    render_icon = _load("render_icon")
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
