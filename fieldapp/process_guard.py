"""Keep what an unlocked process holds in memory off the disk and out of other processes' reach.

Once a workspace is unlocked, this process's memory holds the master key, the device's signing
key and whatever testimonies and identities were read. A crash would write all of it to a core
file (systemd-coredump keeps them, readable by an administrator, for days), and a debugger
attached by the same user could read it live. So both entry points, the command line and the
desktop app, forbid both before anything is unlocked: the core size limit goes to zero (for this
process and the children it starts), and on Linux the process is marked not dumpable, which
writes no core whatever the limit and also refuses ptrace from other processes of the same
user. (The hard limit is left as it was: lowering it gains nothing once the process is not
dumpable, and would stop a child, a test of this very guard, from raising its own.)
"""

import contextlib
import ctypes
import resource
import sys

#: From <linux/prctl.h>.
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def forbid_core_dumps() -> None:
    """No core file and, on Linux, no ptrace or /proc/PID/mem by the same user (best effort:
    a system that refuses either call still runs, as it would without this)."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def dumpable() -> bool:
    """Whether a crash could still write a core file (for tests and a start-up check)."""
    if resource.getrlimit(resource.RLIMIT_CORE)[0] == 0:
        return False
    if sys.platform.startswith("linux"):
        return bool(ctypes.CDLL(None, use_errno=True).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    return True
