"""H8's review: quitting while a file is being attached from a named pipe no one writes to (a
FIFO picked in the file dialog). The attach's worker was stuck in ``open()``, where its cancel
flag is never looked at; quitting hides everything, then waits for that job
(``PendingRelease.wait_for_all``), with no end: the process stayed, its workspace key in
memory, until it was killed. Now the file is opened without blocking and every wait for data
looks at the flag (``cancellable_source``): the lock's cancel ends the job, and quitting."""

import os
import threading
from pathlib import Path

from tests.ui.conftest import PASSPHRASE
from ui.main_window import MainWindow

TIMEOUT_MS = 30_000
#: The test's own way out: the pipe is opened for writing then, so the stuck job ends.
SAFETY_SECONDS = 6.0
#: Quitting with nothing else to wait for takes well under this.
QUIT_SECONDS = 3.0


def _unblock(pipe: Path) -> None:
    fd = os.open(pipe, os.O_WRONLY)  # the stuck open() returns; the reader then sees the end
    os.close(fd)


def test_quit_does_not_wait_forever_for_an_attach_stuck_on_a_pipe(
    qtbot, workspace_root: Path, private_tmp: Path
) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    view = window.unlock_view
    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=TIMEOUT_MS):
        view.unlock_button.click()
    window.on_new_testimony_requested()
    section = window.editor.attachments
    pipe = private_tmp / "scan.pdf"
    os.mkfifo(pipe, 0o600)
    section.attach_path(pipe)
    assert section.busy
    safety = threading.Timer(SAFETY_SECONDS, _unblock, args=(pipe,))
    safety.daemon = True
    safety.start()
    clock = threading.Event()
    timer = threading.Timer(QUIT_SECONDS, clock.set)
    timer.start()
    try:
        window.close()
        quit_in_time = not clock.is_set()
    finally:
        timer.cancel()
        safety.cancel()
        if safety.is_alive():  # fired: its open() waits for a reader, the attach's or this one
            reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
            safety.join(SAFETY_SECONDS)
            os.close(reader)

    assert quit_in_time
