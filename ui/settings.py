"""The app's own preferences: the idle time before locking and the language.

Kept with ``QSettings`` in the user's configuration folder. They are preferences only — never a
record, a path of a record, a name or a key — so they may live outside the encrypted workspace
and are readable before it is unlocked (the unlock screen needs the language).
"""

from PySide6.QtCore import QLocale, QSettings

from ui.idle_lock import DEFAULT_IDLE_MINUTES

ORGANISATION = "fieldapp"
APPLICATION = "fieldapp"
LANGUAGES = ("en", "ko")
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 60

_IDLE_KEY = "lock/idle_minutes"
_LANGUAGE_KEY = "ui/language"


def _store() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def idle_minutes() -> int:
    """Minutes without input before the workspace locks (1 to 60; 5 unless changed)."""
    value = _store().value(_IDLE_KEY, DEFAULT_IDLE_MINUTES)
    try:
        minutes = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES  # a hand-edited file must not disable locking
    return min(max(minutes, MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)


def set_idle_minutes(minutes: int) -> None:
    _store().setValue(_IDLE_KEY, min(max(int(minutes), MIN_IDLE_MINUTES), MAX_IDLE_MINUTES))


def language() -> str:
    """``en`` or ``ko``: the chosen language, else the system's if we have it, else English."""
    value = _store().value(_LANGUAGE_KEY, "")
    if value in LANGUAGES:
        return str(value)
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def set_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(code)
    _store().setValue(_LANGUAGE_KEY, code)
