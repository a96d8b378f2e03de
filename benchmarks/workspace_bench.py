"""The workspace: unlock, bulk insert, full-text search at scale, attachment I/O against age.

    .venv/bin/python benchmarks/workspace_bench.py [--testimonies 100000] [--attachment-mib 1024]

Prints Markdown tables. Search times are in-process (the query alone); attachment I/O is
compared with the Go `age` CLI on the same file, each run as a separate process.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._measure import Measurement, compile_sources, print_table, python_worker, run

PASSPHRASE = "benchmark passphrase"
BATCH = 1000
QUERIES = [
    "arrested",
    "interrogation",
    "보위부",
    "강제송환",
    "famine hunger",
    "camp guards",
    "Hoeryong",
]
SEARCH_REPEATS = 21
UNLOCK_REPEATS = 5


def _bench_unlock(root: Path) -> list[str]:
    """The unlock and its key derivation alone, interleaved; the fastest of each. Argon2id
    over 256 MiB varies by tens of milliseconds between runs (the memory's page faults),
    more than all the rest of the unlock: a single run of each once gave a negative rest."""
    from crypto import keywrap
    from fieldapp.workspace import Workspace
    from fieldapp.workspace.keyfile import KeyFile

    wrap = KeyFile.read(root / "keys.json").passphrase_wrap
    totals, kdfs = [], []
    for _ in range(UNLOCK_REPEATS):
        start = time.perf_counter()
        Workspace.unlock(root, PASSPHRASE).lock()
        totals.append(time.perf_counter() - start)
        start = time.perf_counter()
        keywrap.unwrap_with_passphrase(wrap, PASSPHRASE)
        kdfs.append(time.perf_counter() - start)
    total, kdf = min(totals), min(kdfs)
    return [
        f"Fastest of {UNLOCK_REPEATS} of each, interleaved.",
        "",
        "| step | ms |",
        "|---|---:|",
        f"| Argon2id (256 MiB, 5 passes, 4 lanes) | {kdf * 1000:.0f} |",
        f"| everything else: open SQLCipher, migrate, load keys, sweep | {(total - kdf) * 1000:.0f} |",
        f"| unlock in all | {total * 1000:.0f} |",
    ]


def _bench_insert(ws: object, count: int) -> str:
    from fieldapp.demo.corpus import generate
    from fieldapp.services.records import create_testimonies

    records = generate(count, seed=7)
    start = time.perf_counter()
    done = 0
    while done < count:
        batch = []
        for record in records:
            batch.append((record.testimony, record.consents, record.identity))
            if len(batch) == BATCH:
                break
        if not batch:
            break
        done += create_testimonies(ws, batch)
    elapsed = time.perf_counter() - start
    return (
        f"Inserted {done:,} testimonies (with consent, identity and a signed custody event each)"
        f" in batches of {BATCH:,}: {elapsed:.1f} s, {done / elapsed:,.0f} per second."
    )


def _timed_row(name: str, query: Callable[[], list[object]], decimals: int = 1) -> str:
    """One table row: ``query`` run SEARCH_REPEATS times, its results and median and p95 ms."""
    times, rows = [], []
    for _ in range(SEARCH_REPEATS):
        start = time.perf_counter()
        rows = query()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return f"| {name} | {len(rows)} | {statistics.median(times):.{decimals}f} | {p95:.{decimals}f} |"


def _bench_search(ws: object) -> list[str]:
    from fieldapp.services.records import search_testimonies

    lines = ["| query | results (first page) | median ms | p95 ms |", "|---|---:|---:|---:|"]
    lines += [_timed_row(query, lambda q=query: search_testimonies(ws, q)) for query in QUERIES]
    return lines


def _bench_list(ws: object) -> list[str]:
    """The list's pages without a search: newest and oldest first, a later page, and by COI
    category."""
    from fieldapp.services.records import list_testimonies, search_testimonies
    from fieldapp.workspace import TestimonyFilter, TestimonyOrder

    lines = ["| page of 100 | results | median ms | p95 ms |", "|---|---:|---:|---:|"]
    cases = [
        ("newest first", TestimonyFilter()),
        ("oldest first", TestimonyFilter(order=TestimonyOrder.OLDEST)),
        ("by witness", TestimonyFilter(order=TestimonyOrder.WITNESS)),
        ("by witness, Z to A", TestimonyFilter(order=TestimonyOrder.WITNESS_DESCENDING)),
        ("page 50 (offset 5,000), newest first", TestimonyFilter(offset=5000)),
        # Strictly confidential testimonies are not found by category (migration 18).
        ("category E, newest first", TestimonyFilter(category="E")),
        ("category F, newest first", TestimonyFilter(category="F")),
    ]
    lines += [
        _timed_row(name, lambda f=filters: list_testimonies(ws, f), decimals=2)
        for name, filters in cases
    ]
    # The count beside the list (its "results" is the count), and a search within a category.
    repository = ws.repository  # type: ignore[attr-defined]
    for category in ("E", "F"):
        only = TestimonyFilter(category=category)
        lines.append(_timed_row(
            f"count of category {category}",
            lambda f=only: range(repository.count_testimonies(f)),  # type: ignore[arg-type]
            decimals=2,
        ))  # fmt: skip
        lines.append(_timed_row(
            f"category {category}, searching “arrested”",
            lambda f=only: search_testimonies(ws, "arrested", f),
            decimals=2,
        ))  # fmt: skip
    return lines


def _bench_uses(ws: object) -> list[str]:
    """The list's "may be used for" filter (the consent in force, worked out in SQL), a page of
    100 newest first, and with a search."""
    from fieldapp.domain import ConsentScope
    from fieldapp.services.records import list_testimonies, search_testimonies
    from fieldapp.workspace import TestimonyFilter

    lines = ["| use (first page of 100) | results | median ms | p95 ms |", "|---|---:|---:|---:|"]
    cases: list[tuple[str, object]] = [
        (scope.value, lambda s=scope: list_testimonies(ws, TestimonyFilter(allowed_for=s)))
        for scope in ConsentScope
    ]
    cases.append((
        "research, searching “arrested”",
        lambda: search_testimonies(
            ws, "arrested", TestimonyFilter(allowed_for=ConsentScope.RESEARCH)
        ),
    ))  # fmt: skip
    lines += [_timed_row(name, query) for name, query in cases]  # type: ignore[arg-type]
    return lines


def _worker(op: str, root: str, path: str) -> None:
    from fieldapp.domain import AttachmentKind
    from fieldapp.services import attachments
    from fieldapp.workspace import Workspace

    with Workspace.unlock(Path(root), PASSPHRASE) as ws:
        testimony_id = ws.repository.list_testimonies()[0].id
        start = time.perf_counter()
        if op == "attach":
            with open(path, "rb", buffering=1 << 20) as src:
                attachment = attachments.attach_file(
                    ws,
                    testimony_id,
                    src,
                    kind=AttachmentKind.DOCUMENT,
                    media_type="application/octet-stream",
                )
            Path(path + ".id").write_text(str(attachment.id))
        else:
            from uuid import UUID

            attachment_id = UUID(Path(path + ".id").read_text())
            for _ in attachments.read_attachment(ws, attachment_id):
                pass
        # The unlock (Argon2id, half a second by design) is timed apart, in the unlock table.
        Path(path + f".{op}.seconds").write_text(str(time.perf_counter() - start))


def _operation_only(measured: Measurement, plain: Path, op: str) -> Measurement:
    seconds = float(Path(f"{plain}.{op}.seconds").read_text())
    return Measurement(seconds, measured.peak_mib)


def _bench_attachments(root: Path, work: Path, size_mib: int, repeats: int) -> str:
    from crypto import age
    from fieldapp.workspace import Workspace
    from fieldapp.workspace.master_key import blob_identity

    plain = work / "attachment.bin"
    with plain.open("wb") as out:
        for _ in range(size_mib):
            out.write(os.urandom(1 << 20))
    with Workspace.unlock(root, PASSPHRASE) as ws:
        identity = blob_identity(ws.master_key)
    recipient = age.recipient_of(identity)
    key_file = work / "blob.key"
    key_file.write_text(identity + "\n")
    encrypted = work / "attachment.age"
    me = __file__
    age_enc = run(["age", "-e", "-r", recipient, "-o", encrypted, plain], repeats)
    # We fsync an attachment before it is recorded (a power cut must not leave a recorded
    # attachment without its bytes); age leaves its output in the page cache. Same durability:
    age_sync = run(
        ["sh", "-c", f"age -e -r {recipient} -o {encrypted} {plain} && sync -d {encrypted}"],
        repeats,
    )
    ours_attach = _operation_only(
        run(python_worker(me, "attach", str(root), str(plain)), 1), plain, "attach"
    )
    age_dec = run(["age", "-d", "-i", key_file, encrypted], repeats)
    ours_read = _operation_only(
        run(python_worker(me, "read", str(root), str(plain)), 1), plain, "read"
    )
    rows: list[tuple[str, Measurement, float | None, str]] = [
        ("age -e (file)", age_enc, None, ""),
        ("age -e, then sync the file (same durability as ours)", age_sync, None, ""),
        (
            "ours attach (encrypt + SHA-256 + fsync, after unlock)",
            ours_attach,
            ours_attach.seconds / age_sync.seconds,
            "age -e + sync",
        ),
        ("age -d (/dev/null)", age_dec, None, ""),
        (
            "ours read attachment (decrypt + SHA-256 check)",
            ours_read,
            ours_read.seconds / age_dec.seconds,
            "age -d",
        ),
    ]
    return print_table(f"attachments: {size_mib} MiB", rows, size_mib << 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--testimonies", type=int, default=100_000)
    parser.add_argument("--attachment-mib", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    compile_sources()
    if not shutil.which("age"):
        sys.exit("workspace_bench: the age CLI is needed (apt-get install age)")
    from fieldapp.workspace import Role, Workspace

    work = Path(tempfile.mkdtemp(prefix="fieldapp-bench-", dir=args.dir))
    root = work / "workspace"
    try:
        Workspace.create(root, PASSPHRASE, Role.INTERVIEWER)[0].lock()
        print("### unlock\n\n" + "\n".join(_bench_unlock(root)) + "\n", flush=True)
        with Workspace.unlock(root, PASSPHRASE) as ws:
            print(_bench_insert(ws, args.testimonies) + "\n", flush=True)
            print(f"### search over {args.testimonies:,} testimonies\n", flush=True)
            print("\n".join(_bench_search(ws)) + "\n", flush=True)
            print(f"### the list, over {args.testimonies:,} testimonies\n", flush=True)
            print("\n".join(_bench_list(ws)) + "\n", flush=True)
            print(f"### uses allowed, over {args.testimonies:,} testimonies\n", flush=True)
            print("\n".join(_bench_uses(ws)) + "\n", flush=True)
        db_mib = (root / "fieldapp.db").stat().st_size / 2**20
        print(f"Database size: {db_mib:,.0f} MiB.\n", flush=True)
        _bench_attachments(root, work, args.attachment_mib, args.repeats)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nPeak RSS of the benchmark process (insert and search): {peak:.0f} MiB.")
    finally:
        shutil.rmtree(work)
        subprocess.run(["sync"], check=False)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(*sys.argv[2:5])
    else:
        main()
