"""PySide6 6.12.0 took a reference from True at every signal emitted from Python, until the
interpreter aborted; pyproject.toml excludes it, and this test keeps such a version out."""

import sys

from PySide6.QtCore import QObject, Signal

EMITS = 200


class _Source(QObject):
    happened = Signal()


def test_emitting_a_signal_leaves_the_reference_count_of_true_alone(qtbot):
    source = _Source()
    before = sys.getrefcount(True)
    for _ in range(EMITS):
        source.happened.emit()
    assert sys.getrefcount(True) > before - EMITS // 2
