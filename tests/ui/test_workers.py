import threading

import pytest

from fieldapp.errors import Cancelled
from ui import workers


def test_result_and_progress_arrive_as_signals(qtbot):
    def work(progress, cancel):
        for step in range(3):
            progress(step + 1, 3)
        return "done"

    worker = workers.Worker(work)
    reports = []
    worker.progress.connect(lambda done, total: reports.append((done, total)))
    with qtbot.waitSignal(worker.succeeded) as blocker:
        job = workers.start(worker)
    assert blocker.args == ["done"]
    qtbot.waitUntil(lambda: not job.is_running())
    assert reports == [(1, 3), (2, 3), (3, 3)]


def test_an_exception_becomes_failed(qtbot):
    def work(progress, cancel):
        raise ValueError("boom")

    worker = workers.Worker(work)
    with qtbot.waitSignal(worker.failed) as blocker:
        workers.start(worker)
    assert isinstance(blocker.args[0], ValueError)


def test_cancelling_ends_with_cancelled(qtbot):
    def work(progress, cancel):
        cancel.raise_if_cancelled()
        pytest.fail("the token was set before the work began")

    worker = workers.Worker(work)
    worker.cancel()
    with qtbot.waitSignal(worker.cancelled):
        workers.start(worker)


def test_cancelled_raised_by_the_work_is_not_a_failure(qtbot):
    def work(progress, cancel):
        raise Cancelled()

    worker = workers.Worker(work)
    with qtbot.assertNotEmitted(worker.failed), qtbot.waitSignal(worker.cancelled):
        workers.start(worker)


def test_a_worker_reports_byte_counts_past_two_gibibytes(qtbot):
    def work(progress, _cancel) -> None:
        progress(3 << 30, 5 << 30)

    worker = workers.Worker(work)
    reports: list[tuple[int, int]] = []
    worker.progress.connect(lambda done, total: reports.append((done, total)))
    with qtbot.waitSignal(worker.finished, timeout=5_000):
        workers.start(worker)
    assert reports == [(3 << 30, 5 << 30)]


def test_job_wait_on_the_gui_thread_returns_once_the_work_has_ended(qtbot):
    ended = threading.Event()
    worker = workers.Worker(lambda _progress, _cancel: ended.set())
    job = workers.start(worker)
    assert ended.wait(5)
    try:
        assert job.wait(2_000)
    finally:
        qtbot.waitUntil(lambda: not job.is_running())
