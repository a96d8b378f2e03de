"""PendingRelease with real workers on real threads: a thing held for jobs is let go only once
every one of them has ended, after the result each delivered, and at once when none runs."""

import threading

from PySide6.QtCore import QObject, Slot

from fieldapp.progress import CancelToken, ProgressCallback
from tests.ui.lock_support import Gate
from ui import workers
from ui.pending_release import PendingRelease

TIMEOUT_MS = 10_000


class _Receiver(QObject):
    """Records each result it is delivered, on the GUI thread, in ``events``."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    @Slot(object)
    def on_succeeded(self, result: object) -> None:
        self.events.append(f"result {result}")


def _start(gate: Gate | None, receiver: _Receiver, name: str) -> workers.Job:
    def work(_progress: ProgressCallback, _cancel: CancelToken) -> str:
        if gate is not None:
            gate.hold()
        return name

    worker = workers.Worker(work)
    worker.succeeded.connect(receiver.on_succeeded)
    return workers.start(worker)


def _released(events: list[str], what: str = "released"):
    return lambda: events.append(what)


def test_nothing_running_is_let_go_at_once(qtbot) -> None:
    events: list[str] = []
    pending = PendingRelease()
    pending.release_after([], _released(events))
    pending.release_after([None], _released(events, "again"))
    assert events == ["released", "again"]
    assert not pending.holding


def test_a_thing_is_let_go_after_its_job_and_its_result(qtbot) -> None:
    events: list[str] = []
    receiver = _Receiver(events)
    gate = Gate()
    job = _start(gate, receiver, "a")
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    pending = PendingRelease()

    pending.release_after([job], _released(events))

    assert events == []
    assert pending.holding
    gate.open()
    qtbot.waitUntil(lambda: "released" in events, timeout=TIMEOUT_MS)
    assert events == ["result a", "released"]
    assert not pending.holding


def test_a_thing_used_by_two_jobs_waits_for_both(qtbot) -> None:
    events: list[str] = []
    receiver = _Receiver(events)
    first, second = Gate(), Gate()
    jobs = [_start(first, receiver, "first"), _start(second, receiver, "second")]
    assert first.reached.wait(TIMEOUT_MS / 1000)
    assert second.reached.wait(TIMEOUT_MS / 1000)
    pending = PendingRelease()
    pending.release_after(jobs, _released(events, "both"))
    pending.release_after(jobs[:1], _released(events, "first's"))

    first.open()
    qtbot.waitUntil(lambda: "first's" in events, timeout=TIMEOUT_MS)
    assert "both" not in events
    second.open()
    qtbot.waitUntil(lambda: "both" in events, timeout=TIMEOUT_MS)
    assert events == ["result first", "first's", "result second", "both"]


def test_a_job_ended_but_not_yet_delivered_is_let_go_after_its_result(qtbot) -> None:
    events: list[str] = []
    receiver = _Receiver(events)
    job = _start(None, receiver, "quick")
    assert job.wait(TIMEOUT_MS)  # its thread has ended; the result waits in the GUI's queue
    assert job.thread.isFinished()
    assert events == []
    pending = PendingRelease()

    pending.release_after([job], _released(events))

    qtbot.waitUntil(lambda: "released" in events, timeout=TIMEOUT_MS)
    assert events == ["result quick", "released"]


def test_at_quit_everything_is_waited_for_and_let_go(qtbot) -> None:
    events: list[str] = []
    receiver = _Receiver(events)
    gate = Gate()
    job = _start(gate, receiver, "last")
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    pending = PendingRelease()
    pending.release_after([job], _released(events))
    threading.Timer(0.2, gate.open).start()  # the job ends while the GUI thread waits

    pending.wait_for_all()

    assert events == ["result last", "released"]
    assert not pending.holding
