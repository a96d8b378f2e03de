"""Waiting on the GUI thread for a worker: ``Completion`` returns, ``Job.wait`` does not."""

import threading

from PySide6.QtCore import QObject, Slot

from ui import workers
from ui.audio.completion import Completion


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    @Slot(object)
    def on_succeeded(self, result: object) -> None:
        self.results.append(result)


def test_waiting_delivers_the_result_before_returning(qtbot) -> None:
    release = threading.Event()

    def work(_progress, _cancel) -> str:
        release.wait(5)
        return "done"

    receiver = _Receiver()
    worker = workers.Worker(work)
    worker.succeeded.connect(receiver.on_succeeded)
    completion = Completion(worker)
    job = workers.start(worker)
    assert not completion.done
    release.set()
    completion.wait(receiver)
    assert completion.done
    assert receiver.results == ["done"]
    qtbot.waitUntil(lambda: not job.is_running())
