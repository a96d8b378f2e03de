"""Unexpected errors: one sentence for the person, a content-free line in the log.

A traceback's *message* may hold what a record holds (a validation error repeats the value it
refused; a path names a file), so the log keeps only the error's type and where it happened
(file, line, function), never its text or any variable. The log is a plain file in the user's log
folder, rotated small; it helps a maintainer find the failing line without reading a word of a
testimony.
"""

import logging
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs

LOGGER_NAME = "fieldapp.ui"
MAX_LOG_BYTES = 256 * 1024
_logger = logging.getLogger(LOGGER_NAME)


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir("fieldapp", appauthor=False))


def start_logging(folder: Path | None = None) -> Path:
    """Log to ``folder/fieldapp.log`` (the user's log folder by default); returns the file."""
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "fieldapp.log"
    handler = RotatingFileHandler(path, maxBytes=MAX_LOG_BYTES, backupCount=1, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for old in list(_logger.handlers):  # one log at a time
        _logger.removeHandler(old)
        old.close()
    _logger.addHandler(handler)
    _logger.setLevel(logging.INFO)
    return path


def describe(error: BaseException) -> str:
    """The error's type and the frames it passed through: no message, no values."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(frames))
    return f"{type(error).__module__}.{type(error).__qualname__} at {where or 'unknown'}"


def log_error(error: BaseException) -> None:
    _logger.error("%s", describe(error))


def install_exception_hook(show: Callable[[BaseException], None]) -> None:
    """Route errors nobody caught (in a slot, say) to the log and to ``show`` — which tells the
    person in one sentence — instead of printing a traceback."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        error.__traceback__ = tb
        log_error(error)
        show(error)

    sys.excepthook = hook
