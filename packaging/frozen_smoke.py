"""``fieldapp-selfcheck``: does this copy of the frozen folder hold everything the app loads?

The frozen build ships it beside ``fieldapp`` and ``fieldapp-gui``; ``build.sh`` runs it after
every build, and whoever copies the folder onto a laptop can run it there. It imports every
module of the program (a module imported only when a button is pressed — the audio recorder —
would otherwise fail in the field, not at start), loads the translations and the bundled
vocabularies, and checks that the database library is SQLCipher. It reads no workspace and
prints nothing but the names of its checks.

    dist/fieldapp/fieldapp-selfcheck       # exit 0: every check passed
"""

import os
import pkgutil
import sys
import traceback
from collections.abc import Callable
from importlib import import_module

#: The program's packages; every module in them must import in the frozen build.
PACKAGES = ("crypto", "fieldapp", "ui")
#: The languages whose translations must load (ours and Qt's own).
LANGUAGES = ("ko", "en")


def module_names(packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Every module of ``packages``, found through the importer that holds them (the frozen
    archive, or the file system)."""
    names = []
    for package in packages:
        root = import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            names.append(info.name)
    return names


def check_imports(packages: tuple[str, ...] = PACKAGES) -> None:
    failed = []
    for name in module_names(packages):
        try:
            import_module(name)
        except Exception as error:  # each failure is named, then all are reported
            failed.append(f"{name}: {type(error).__name__}: {error}")
    if failed:
        raise RuntimeError("modules that do not import:\n  " + "\n  ".join(failed))


def check_audio_back_end() -> None:
    # Qt Multimedia is imported by the modules above too; named here so that a missing module
    # (or the QtNetwork binding it imports) reads as what it is. Listing the devices loads Qt's
    # media back end (the FFmpeg plugin) as the recorder does; a machine with no sound server
    # lists none, which is no failure.
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtMultimedia import QMediaDevices

    _app = QCoreApplication.instance() or QCoreApplication([])
    QMediaDevices.audioInputs()
    QMediaDevices.audioOutputs()


def check_translations(languages: tuple[str, ...] = LANGUAGES) -> None:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    from ui import i18n

    app = QCoreApplication.instance() or QCoreApplication([])
    for language in languages:
        if not QTranslator(app).load(str(i18n.qm_path(language))):
            raise RuntimeError(f"our {language} translation does not load")
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator(app).load(QLocale("ko"), "qtbase", "_", qt_folder):
        raise RuntimeError("Qt's own Korean translation does not load")


def check_vocabularies() -> None:
    from fieldapp.domain.vocabulary import bundled_vocabularies

    bundled_vocabularies()


def check_sqlcipher() -> None:
    # A plain SQLite in its place would open every workspace database as garbage, or worse,
    # write a new one unencrypted: the version pragma exists only in SQLCipher.
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    if not row or not row[0]:
        raise RuntimeError("the database library is not SQLCipher")


CHECKS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("every module imports", check_imports),
    ("audio back end loads", check_audio_back_end),
    ("translations load", check_translations),
    ("bundled vocabularies parse", check_vocabularies),
    ("database library is SQLCipher", check_sqlcipher),
)


def main(checks: tuple[tuple[str, Callable[[], None]], ...] = CHECKS) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    for name, check in checks:
        try:
            check()
        except Exception:  # a self-check reports every failure, then exits 1
            failures += 1
            print(f"selfcheck: FAILED: {name}", file=sys.stderr)
            traceback.print_exc()
        else:
            print(f"selfcheck: ok: {name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
