"""What the frozen build takes in and leaves out, checked without PyInstaller.

A real build takes minutes and runs in ``packaging/build.sh``; these tests check
``packaging/build_manifest.py`` (data files, dependencies' own files, what stays out: networking
modules and plugins, test tools) and the check ``build.sh`` runs on the folder it built.
"""

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from fieldapp.domain.vocabulary import VOCABULARY_NAMES
from tests.packaging.support import (
    NETWORK_MODULE,
    PACKAGING,
    QT_FOLDER,
    ROOT,
    elf_needed,
    manifest,
    shipped_qt_modules,
)

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
    networking = [name for name in shipped_qt_modules() if NETWORK_MODULE.search(name)]
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
