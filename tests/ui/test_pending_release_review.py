"""H8's review of PendingRelease: a release that raises must not keep the others (a workspace
handle's lock among them) from running, when a job ends or at quit; a master key left in
memory behind a lock screen is the failure that matters. (At quit, ``wait_for_all`` releases
what is left whatever happened before.)"""

from tests.ui.lock_support import Gate
from tests.ui.test_pending_release import TIMEOUT_MS, _Receiver, _released, _start
from ui.pending_release import PendingRelease


class _ReleaseFailedError(RuntimeError):
    pass


def _raises() -> None:
    raise _ReleaseFailedError("a dialog's release failed")


def test_a_release_that_raises_lets_the_others_run_when_the_job_ends(qtbot) -> None:
    events: list[str] = []
    gate = Gate()
    job = _start(gate, _Receiver(events), "a")
    assert gate.reached.wait(TIMEOUT_MS / 1000)
    pending = PendingRelease()
    pending.release_after([job], _raises)  # a dialog's release, registered first
    pending.release_after([job], _released(events, "workspace locked"))

    with qtbot.capture_exceptions() as raised:
        gate.open()
        qtbot.waitUntil(lambda: not pending.holding, timeout=TIMEOUT_MS)

    assert "workspace locked" in events
    assert [type(error) for _kind, error, _trace in raised] == [_ReleaseFailedError]  # still said
