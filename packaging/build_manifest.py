"""What the frozen build (``packaging/fieldapp.spec``) holds and leaves out, in one place.

The spec imports this module, ``build.sh`` runs it to check the finished folder, and
``tests/packaging`` tests it without running PyInstaller (a build takes minutes).

    python packaging/build_manifest.py check dist/fieldapp    # exit 1 if a forbidden file is there
    python packaging/build_manifest.py sums dist/fieldapp     # write dist/fieldapp/SHA256SUMS
"""

import hashlib
import re
import sys
from pathlib import Path

import elf_needed

ROOT = Path(__file__).resolve().parent.parent

#: The programs of the one folder: executable name -> the script PyInstaller starts it with (it
#: takes files, not entry points). The first two are pyproject's scripts; the self-check imports
#: every module and loads every data file, so a build that lacks one fails before it ships.
ENTRY_SCRIPTS: dict[str, str] = {
    "fieldapp": "packaging/entry_cli.py",
    "fieldapp-gui": "packaging/entry_gui.py",
    "fieldapp-selfcheck": "packaging/frozen_smoke.py",
}
#: Which of them is a windowed (GUI) program; the others are console programs.
GUI_EXECUTABLES = frozenset({"fieldapp-gui"})
#: Packages whose every submodule is shipped: isal's C extension imports ``isal.igzip_lib``
#: from C, where PyInstaller's analysis does not see it.
WHOLE_PACKAGES: tuple[str, ...] = ("isal",)

#: Files the program reads at run time beside its modules: (package folder, glob). They are
#: placed at the same relative path in the frozen folder, where the code finds them through
#: ``Path(__file__).parent`` (ui/i18n) or ``importlib.resources`` (the vocabularies).
RUNTIME_DATA: tuple[tuple[str, str], ...] = (
    ("ui/i18n", "*.qm"),
    ("fieldapp/domain/vocabularies", "*.json"),
)
#: Dependencies that read files of their own at run time, which PyInstaller has no hook for:
#: distribution -> the package whose data files are shipped (collect_data_files).
THIRD_PARTY_DATA: dict[str, str] = {
    "shamir-mnemonic": "shamir_mnemonic",  # the SLIP-39 word list
}
#: Dependencies whose installed non-code files are not shipped, and why.
THIRD_PARTY_DATA_LEFT_OUT: dict[str, str] = {
    "PySide6-Essentials": "PyInstaller's Qt hooks collect what Qt loads (plugins, translations)",
    "PySide6-Addons": "PyInstaller's Qt hooks collect what Qt loads (plugins, translations)",
    "isal": "ISA-L's licence, readme and build files, never read at run time",
}
#: Files in the packages that are not read at run time: sources of the compiled translations.
NOT_RUNTIME_SUFFIXES = frozenset({".py", ".pyc", ".pyi", ".ts"})

#: Qt modules that speak to a network or to radios. The app has no networking code; the
#: frozen app must not carry a binding that would let any code reach one (defence in depth for
#: an air-gapped laptop).
EXCLUDED_QT_MODULES: tuple[str, ...] = (
    "QtNetworkAuth",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtHttpServer",
    "QtBluetooth",
    "QtNfc",
    "QtPositioning",
    "QtLocation",
    "QtRemoteObjects",
    "QtSerialPort",
    "QtSerialBus",
    # Not networking, but a channel to other programs on the machine, and unused.
    "QtDBus",
)
#: Networking Qt modules that must stay, and why. PySide6's QtMultimedia imports QtNetwork
#: when it is imported (the audio recorder and player fail without it), and libQt6Multimedia
#: is linked against libQt6Network. Its plugins (TLS back ends, network information) are left
#: out all the same: see DROPPED_FILE_PATTERN.
REQUIRED_QT_NETWORK_MODULES: dict[str, str] = {
    "QtNetwork": "PySide6.QtMultimedia imports it",
}
#: Python modules the app must not carry: TLS (every standard module that imports ``ssl`` does
#: so optionally, and nothing here speaks to a server), a GUI toolkit it does not use, and tools
#: of the tests and the build.
EXCLUDED_PYTHON: tuple[str, ...] = (
    "ssl",
    "_ssl",
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "tests",
    "benchmarks",
    "pip",
    "setuptools",
)

#: The languages of the app (ui.settings.LANGUAGES): Qt's own translations for others stay out.
LANGUAGES: tuple[str, ...] = ("en", "ko")

#: Files PyInstaller's Qt hooks collect that the app must not carry, dropped from the build:
#: - Qt's TLS back ends, the OpenSSL library they load and the network-information plugins
#:   (QtNetwork's hook brings them all);
#: - the VNC platform plugin (``-platform vnc`` would serve the app's screen on a TCP port);
#: - the PDF image plugin and Qt Pdf (PDFium: a large parser no part of the app uses, which any
#:   image loading would reach);
#: - the on-screen keyboard (QML, never enabled) and Qt's translations in other languages;
#: - Qt's TUIO touch plugin (``-plugin TuioTouch`` takes touch input from UDP port 3333: another
#:   program's clicks in the app) and the QML debugger (``-qmljsdebugger`` listens on TCP).
#: - the GTK 3 platform theme: where the build machine has GTK it brings GTK and a dozen
#:   libraries with it, so the folder would depend on the machine it was built on; without it
#:   the app draws with Qt's own style, the same on every laptop, and loads no GTK.
#: Beyond these names, every Qt plugin linked against QtNetwork is left out (network_plugin).
DROPPED_FILE_PATTERN = re.compile(
    r"plugins/tls/|plugins/networkinformation/|plugins/platforms/libqvnc|(^|/)libssl\.so"
    r"|plugins/imageformats/libqpdf|(^|/)libQt6Pdf"
    r"|plugins/platforminputcontexts/libqtvirtualkeyboard|(^|/)libQt6VirtualKeyboard"
    r"|plugins/generic/libqtuiotouchplugin|plugins/qmltooling/"
    r"|plugins/platformthemes/libqgtk3"
    r"|Qt/translations/(?!\w+_(" + "|".join(LANGUAGES) + r")\.qm$)",
    re.IGNORECASE,
)
#: Libraries that come with the build, not with the system: each one a shipped file names as
#: NEEDED must be in the folder (a dropped one must not be).
BUNDLED_LIBRARY = re.compile(r"^(libQt6|libpyside6|libshiboken6|libav|libsw|libicu)")

#: Names no file in the frozen folder may contain (case-insensitive): the excluded bindings,
#: their C++ libraries, the dropped network plugins, TLS, PDFium and Tk.
FORBIDDEN_FILE_PATTERN = re.compile(
    r"QtNetwork|Qt6Network|WebEngine|WebSockets|WebChannel|WebView|HttpServer|Bluetooth|Nfc"
    r"|Positioning|QtLocation|Qt6Location|RemoteObjects|SerialPort|SerialBus|QtDBus\."
    r"|plugins/tls/|plugins/networkinformation/|plugins/platforms/libqvnc"
    r"|libssl\.|_ssl\.|libqpdf|libQt6Pdf|tkinter|tcl8|tk8"
    r"|libqtuiotouchplugin|plugins/qmltooling/",
    re.IGNORECASE,
)
#: Files that match the pattern but must stay (see REQUIRED_QT_NETWORK_MODULES): QtNetwork's
#: binding and C++ library, and nothing else of it.
ALLOWED_FILES = frozenset({"QtNetwork.abi3.so", "libQt6Network.so.6"})
#: Qt plugins linked against QtNetwork that must stay, and why; any other is left out by the
#: spec and forbidden by the check, whatever its name (a plugin that links QtNetwork can open a
#: socket: the TUIO plugin listens on UDP, the QML debugger on TCP).
NETWORK_LINKED_PLUGINS_KEPT: dict[str, str] = {
    "libffmpegmediaplugin.so": "Qt Multimedia's media back end (docs/packaging.md: kept)",
}
QT_NETWORK_LIBRARY = "libQt6Network.so.6"


def excluded_modules() -> list[str]:
    """Every module name the spec passes to PyInstaller's ``excludes``."""
    return [f"PySide6.{name}" for name in EXCLUDED_QT_MODULES] + list(EXCLUDED_PYTHON)


def dropped(destination: str) -> bool:
    """Whether a file PyInstaller collected (by its path in the folder) is to be left out."""
    return DROPPED_FILE_PATTERN.search(destination.replace("\\", "/")) is not None


def network_plugin(destination: str, source: Path) -> bool:
    """Whether a collected file (its path in the folder, and the file itself) is a Qt plugin
    linked against QtNetwork that is not one of NETWORK_LINKED_PLUGINS_KEPT."""
    if "plugins/" not in destination.replace("\\", "/"):
        return False
    if source.name in NETWORK_LINKED_PLUGINS_KEPT or source.is_symlink() or not source.is_file():
        return False
    return elf_needed.is_elf(source) and QT_NETWORK_LIBRARY in elf_needed.needed(source)


def left_out(destination: str, source: str) -> bool:
    """Whether the spec leaves out a file PyInstaller collected: by its name, or because it is
    a plugin that could reach a network."""
    return dropped(destination) or network_plugin(destination, Path(source))


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) for every runtime data file, as PyInstaller's
    ``datas`` takes them."""
    found = []
    for folder, pattern in RUNTIME_DATA:
        for path in sorted((root / folder).glob(pattern)):
            found.append((str(path), folder))
    return found


def unlisted_data_files(root: Path = ROOT) -> list[Path]:
    """Files in the packages that are neither code nor listed in RUNTIME_DATA: each is either
    read at run time (and must be listed) or a source (and its suffix belongs in
    NOT_RUNTIME_SUFFIXES)."""
    listed = {Path(source) for source, _ in data_files(root)}
    unlisted = []
    for package in ("crypto", "fieldapp", "ui"):
        for path in sorted((root / package).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            if path.suffix not in NOT_RUNTIME_SUFFIXES and path not in listed:
                unlisted.append(path)
    return unlisted


def forbidden_files(folder: Path) -> list[Path]:
    """The files under ``folder`` (a frozen build) that the app must not carry."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.name in ALLOWED_FILES:
            continue
        if FORBIDDEN_FILE_PATTERN.search(relative) or network_plugin(relative, path):
            found.append(path)
    return found


def unresolved_libraries(folder: Path) -> list[tuple[Path, str]]:
    """(file, library) for each bundled library a shipped file needs and the folder lacks."""
    present = {path.name for path in folder.rglob("*")}
    missing = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not elf_needed.is_elf(path):
            continue
        for name in elf_needed.needed(path):
            if BUNDLED_LIBRARY.match(name) and name not in present:
                missing.append((path, name))
    return missing


#: The checksum list, at the top of the folder (docs/packaging.md: "Put it on a laptop").
SUMS = "SHA256SUMS"
#: Its signature by the release key (packaging/sign_release.sh), beside it and never in it.
SUMS_SIGNATURE = f"{SUMS}.sig"


def checksum_lines(folder: Path) -> list[str]:
    """``sha256sum``'s line for every file and symbolic link in ``folder`` but SUMS and its
    signature, in byte order (as ``LC_ALL=C sort``). A link is checked through what it points
    to, so a link turned towards another library fails ``sha256sum -c``; and since every entry
    is named, a file added to the folder (a Qt plugin is loaded just for being there) shows when
    the list of names is compared with the folder."""
    entries = []
    for path in folder.rglob("*"):
        if path in (folder / SUMS, folder / SUMS_SIGNATURE):
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        name = "./" + path.relative_to(folder).as_posix()
        if "\n" in name or "\\" in name:
            raise ValueError(f"sha256sum would escape this name: {name!r}")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entries.append((name.encode(), f"{digest}  {name}\n"))
    return [line for _name, line in sorted(entries)]


def _check(folder: Path) -> int:
    forbidden = forbidden_files(folder)
    for path in forbidden:
        print(f"build: FORBIDDEN in the build: {path}", file=sys.stderr)
    missing = unresolved_libraries(folder)
    for path, name in missing:
        print(f"build: MISSING {name}, needed by {path}", file=sys.stderr)
    return 1 if forbidden or missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"check", "sums"}:
        print("usage: build_manifest.py check|sums DIST_FOLDER", file=sys.stderr)
        sys.exit(2)
    folder = Path(sys.argv[2])
    if sys.argv[1] == "sums":
        (folder / SUMS).write_text("".join(checksum_lines(folder)), encoding="utf-8")
        sys.exit(0)
    sys.exit(_check(folder))
