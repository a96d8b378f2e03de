"""Timing and peak memory of one command in its own process, for the benchmark tables."""

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measurement:
    seconds: float
    peak_mib: float
    #: User and system CPU time of the program and the children it waited for: on a machine
    #: others share, the wall time varies with their load, the CPU time much less.
    cpu_seconds: float | None = None


def compile_sources() -> None:
    """Byte-compile the project, as an installed copy is, before its start-up is measured.

    With PYTHONDONTWRITEBYTECODE set (as on some CI machines) an editable install never writes
    its ``.pyc`` files, and each worker would compile every module from source first.
    """
    root = Path(__file__).resolve().parent.parent
    for package in ("fieldapp", "crypto"):
        compileall.compile_dir(root / package, quiet=1)


def _high_water_mark_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def run_once(argv: Sequence[str]) -> Measurement:
    """Run ``argv``; wall time and the peak RSS of the program itself.

    wait4's ru_maxrss would count the forked Python parent's pages from before exec, so the
    peak is read from /proc/PID/status (VmHWM, reset by exec and never decreasing) every few
    milliseconds until the program exits.
    """
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_kib = 0
    while True:
        peak_kib = max(peak_kib, _high_water_mark_kib(process.pid) or 0)
        # wait4 rather than poll: it also gives the CPU time the program used.
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {process.stderr.read().decode()[:500]}")
    process.stderr.close()
    return Measurement(elapsed, peak_kib / 1024, usage.ru_utime + usage.ru_stime)


def run(argv: Sequence[str], repeats: int) -> Measurement:
    """The median time and the largest peak memory over ``repeats`` runs."""
    runs = [run_once(argv) for _ in range(repeats)]
    return Measurement(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mib for r in runs),
        statistics.median(r.cpu_seconds or 0.0 for r in runs),
    )


def python_worker(script: str, *args: str) -> list[str]:
    return [sys.executable, script, "--worker", *args]


def print_table(
    title: str, rows: list[tuple[str, Measurement, float | None, str]], size_bytes: int
) -> str:
    """A Markdown table: operation, seconds, MB/s, peak memory, ratio to its reference."""
    lines = [
        f"### {title}",
        "",
        "| operation | seconds | CPU seconds | MB/s | peak RSS (MiB) | vs reference |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, m, ratio, reference in rows:
        speed = size_bytes / m.seconds / 1e6
        versus = f"{ratio:.2f}× {reference}" if ratio is not None else "(reference)"
        cpu = "—" if m.cpu_seconds is None else f"{m.cpu_seconds:.2f}"
        lines.append(
            f"| {name} | {m.seconds:.2f} | {cpu} | {speed:,.0f} | {m.peak_mib:.0f} | {versus} |"
        )
    text = "\n".join(lines)
    print(text, flush=True)
    return text
