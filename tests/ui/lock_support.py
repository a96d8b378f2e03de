"""Tests of locking while work runs (no tests here): holding a real job half-way, what the
window shows, and whether a workspace handle is locked.

A job is held from a real callback it already takes (a progress report, a passphrase check)
or from real input it reads (a named pipe): ``Gate.hold`` blocks the worker's thread there
until the test opens the gate. A timer opens it anyway ``SAFETY_SECONDS`` after the job got
there, so that a failing test never hangs: code that waits for the job on the GUI thread
returns only once that timer has fired, which the tests see as ``gate.opened``.
"""

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from fieldapp.errors import WorkspaceLockedError

#: How long a held job waits for the test before it goes on by itself.
SAFETY_SECONDS = 10.0
#: What goes through the pipe before the job is held, and after.
PIPE_CHUNK = 256 * 1024


class Gate:
    """Holds the first thread that calls ``hold`` until ``open`` (or the safety timer)."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self._open = threading.Event()
        self._safety = threading.Timer(SAFETY_SECONDS, self._open.set)
        self._safety.daemon = True
        self._first = threading.Lock()

    @property
    def opened(self) -> bool:
        return self._open.is_set()

    def hold(self, *_args: object) -> None:
        """A callback for the job: the first call blocks, later ones pass."""
        if not self._first.acquire(blocking=False):
            return
        self._safety.start()
        self.reached.set()
        self._open.wait()

    def open(self) -> None:
        self._open.set()
        self._safety.cancel()


def feed_pipe(path: Path, gate: Gate) -> threading.Thread:
    """Make ``path`` a named pipe and start writing to it: a chunk, then the gate's hold (the
    reader, a job, is then waiting for more), then a chunk more and the end of the file."""
    os.mkfifo(path, 0o600)

    def write() -> None:
        # A job that stopped reading (cancelled) breaks the pipe: fine.
        with contextlib.suppress(BrokenPipeError), path.open("wb") as pipe:
            pipe.write(bytes(PIPE_CHUNK))  # once the job has opened the pipe
            pipe.flush()
            gate.hold()
            pipe.write(bytes(PIPE_CHUNK))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def is_locked(workspace: object) -> bool:
    """Whether ``workspace`` forgot its key (``session.lock`` ran on it)."""
    try:
        workspace.master_key  # type: ignore[attr-defined]  # noqa: B018 - the check itself
    except WorkspaceLockedError:
        return True
    return False


def _model_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            yield str(model.index(row, column).data() or "")


def _texts_of(widget: QWidget) -> Iterator[str]:
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        yield widget.toPlainText()
    elif isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget)


def visible_texts() -> list[str]:
    """Every text shown by a visible widget of the application."""
    return [
        text
        for widget in QApplication.allWidgets()
        if widget.isVisible()
        for text in _texts_of(widget)
        if text
    ]


def shown_anywhere(texts: list[str]) -> list[str]:
    """Those of ``texts`` that a visible widget shows (in part of one of its texts)."""
    shown = visible_texts()
    return [text for text in texts if any(text in seen for seen in shown)]
