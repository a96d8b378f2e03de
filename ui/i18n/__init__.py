"""The app's translations: Qt ``.ts`` sources and the compiled ``.qm`` files beside them.

``packaging/translations.sh`` refreshes ``fieldapp_ko.ts`` from the sources (``pyside6-lupdate``)
and compiles it (``pyside6-lrelease``); the ``.qm`` is committed so that a fresh checkout runs in
Korean without a build step.
"""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

FOLDER = Path(__file__).parent
# Ours, in the order installed: the last one's language is the app's (vocabulary labels follow it).
_INSTALLED: list[QTranslator] = []


def qm_path(language: str) -> Path:
    return FOLDER / f"fieldapp_{language}.qm"


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for ``language``; returns them, for ``remove``. Qt's own strings
    (standard buttons, dialogs) come from Qt's translations, ours from
    ``fieldapp_<language>.qm`` (for English, the source language, only its plural forms)."""
    installed = []
    qt_own = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt_own.load(QLocale(language), "qtbase", "_", qt_folder):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    ours = QTranslator(app)
    if ours.load(str(qm_path(language))):
        app.installTranslator(ours)
        installed.append(ours)
        _INSTALLED.append(ours)
    return installed


def remove(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _INSTALLED:
            _INSTALLED.remove(translator)


def current_language() -> str:
    """The language the app runs in: that of our last installed translations, else ``en``."""
    return _INSTALLED[-1].language().split("_")[0] if _INSTALLED else "en"
