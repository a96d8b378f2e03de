"""Bundles: export and auditor verification against the tools they replace, on the same data.

    .venv/bin/python benchmarks/sync_bench.py [--testimonies 1000] [--attachment-mib 1024]
        [--files 64] [--repeats 1] [--dir DIR]
    .venv/bin/python benchmarks/sync_bench.py --small-bundles 10000 [--devices 4] [--dir DIR]

A device workspace holds ``--testimonies`` demo testimonies (sealed where the corpus seals them)
and ``--attachment-mib`` MiB of random attachments in ``--files`` files. Then, each in its own
process (start-up and imports included), with the inputs in the page cache, best of
``--repeats`` runs:

- our export (records, attachments re-addressed, signed container, fsync) against ``cp -r`` of
  the workspace's blob folder (what copying the ciphertext costs) and ``tar c | age -r`` of the
  same plaintext files (what the Go reference takes to encrypt them for one recipient);
- ``fieldapp verify`` of the bundle (signature and every member's SHA-256) against
  ``sha256sum`` of the bundle file;
- our import (verify, decrypt, check every plaintext's hash, store re-addressed, commit)
  against ``age -d | tar x`` of that same ``tar | age`` file, and against the same pipeline
  with the checks an import makes done by stock tools (``sha256sum`` of the bundle before,
  of every extracted file after).

The plain files the references handle are the same data as the bundle's: the large files, every
small demo attachment of a sealed testimony and the records as JSON lines. Each reference run
writes into a folder (or file) emptied just before it, so its page cache comes from pages just
freed, as ours would; each is also measured followed by ``sync -f`` of what it wrote, since our
export and import make what they write durable before they return.

The export is to the archive's post-quantum hybrid recipients (the default); the age CLI of
Debian 12 (1.1) has no hybrid recipients, so its reference is X25519: the header's cost is per
file and negligible beside the payload. Before each export run the device's database is put
back as it was, so every run exports the same bundle. The workspace is made with the fast test
Argon2id parameters so that unlocking it does not weigh on the export's time.

``--small-bundles N`` measures something else: many small bundles into one archive. A real
(post-quantum) archive enrols ``--devices`` devices; in turn, each stores one demo testimony
(its consent versions, withdrawals and identity as the corpus makes them, no attachments),
seals it and exports a bundle holding it alone, until there are N bundles (testimonies the
corpus would not seal are skipped). That part runs in this process and times each
``export_bundle``. Then one new process unlocks the archive and imports the N bundles in the
order they were made, one ``import_bundles`` call each, timed one by one: bundles per second,
median and p95 per bundle, and whether the time per bundle grows as the archive fills. Every
bundle must be imported and the archive must end with N testimonies.
"""

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._measure import (
    Measurement,
    compile_sources,
    print_table,
    python_worker,
    run,
    run_once,
)

PASSPHRASE = "benchmark passphrase"
_BUFFER = 1024 * 1024


def _worker(op: str, workspace: str, path: str) -> None:
    from fieldapp.services.export import export_bundle
    from fieldapp.services.importing import import_bundles
    from fieldapp.workspace import Workspace

    if op == "import-many":
        _import_many(Path(workspace), Path(path))
        return
    with Workspace.unlock(Path(workspace), PASSPHRASE) as ws:
        if op == "import":
            (report,) = import_bundles(ws, [Path(path)])
            if report.outcome != "imported":
                raise SystemExit(f"sync_bench: import refused: {report.reason}")
            return
        result = export_bundle(ws, Path(path))
    if result.path is None:
        raise SystemExit("sync_bench: nothing was exported")


def _random_files(folder: Path, count: int, size: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"recording-{index:03d}.wav"
        with path.open("wb") as out:
            for _ in range(size // _BUFFER):
                out.write(os.urandom(_BUFFER))
            out.write(os.urandom(size % _BUFFER))
        paths.append(path)
    return paths


def _archive(work: Path) -> object:
    """An archive workspace (post-quantum keys, a custodian kept in a file), left unlocked."""
    from crypto import keywrap
    from fieldapp.services import archive
    from fieldapp.workspace import Role, Workspace

    plan = archive.prepare_archive(
        custodian_out=work / "custodian.age", custodian_passphrase="bench", work_factor=10
    )
    ws, _ = Workspace.create(work / "archive", PASSPHRASE, Role.ARCHIVE, params=keywrap.TEST_PARAMS)
    archive.set_up_archive(ws, plan)
    return ws


def _device(work: Path, testimonies: int, files: list[Path]) -> tuple[Path, str]:
    """A device workspace, enrolled with a real archive, with the demo corpus and ``files``
    attached and sealed."""
    from crypto import keywrap
    from fieldapp.demo.corpus import generate
    from fieldapp.domain import AttachmentKind
    from fieldapp.services import attachments, enrolment, packs
    from fieldapp.services.demo import store_demo_records
    from fieldapp.workspace import Role, Workspace

    root = work / "device"
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    with ws, _archive(work) as arch:
        enrolment.write_request(ws, work / "request.json")
        sent = enrolment.issue_enrolment(arch, enrolment.read_request(work / "request.json"), work)
        packs.apply_pack(ws, sent.path, expect_fingerprint=arch.fingerprint)
        arch.checkpoint()
        demo = list(generate(testimonies))
        sealed = [d for d in demo if d.seal]
        if len(sealed) < len(files):
            raise SystemExit("sync_bench: fewer sealed testimonies than files; add testimonies")
        extra = {item.testimony.id: path for item, path in zip(sealed, files, strict=False)}

        def attach_extra(item: object) -> None:
            path = extra.get(item.testimony.id)
            if path is not None:
                with path.open("rb") as src:
                    attachments.attach_file(
                        ws,
                        item.testimony.id,
                        src,
                        kind=AttachmentKind.AUDIO,
                        media_type="audio/wav",
                    )

        store_demo_records(ws, demo, attach_extra)
        ws.checkpoint()
        _reference_extras(files[0].parent if files else work / "plain", sealed)
        roster = work / "allowed_signers"
        roster.write_text(f'device namespaces="fieldapp-bundle@v1" {ws.public_key}\n')
    return root, str(roster)


def _reference_extras(folder: Path, sealed: list[Any]) -> None:
    """The rest of what the bundle carries, in plain files beside the large ones, so that the
    reference tools handle the same data: every small demo attachment of a sealed testimony
    (one file each, as the archive stores them) and the records as JSON lines."""
    from fieldapp.domain import canonical_bytes

    folder.mkdir(exist_ok=True)
    with (folder / "records.jsonl").open("wb") as lines:
        for item in sealed:
            for model in (item.testimony, *item.consents, *item.withdrawals, item.identity):
                lines.write(canonical_bytes(model) + b"\n")
            for index, attachment in enumerate(item.attachments):
                (folder / f"{item.testimony.id}-{index}").write_bytes(attachment.data())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--testimonies", type=int, default=1000)
    parser.add_argument("--attachment-mib", type=int, default=1024)
    parser.add_argument("--files", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument(
        "--small-bundles",
        type=int,
        default=0,
        metavar="N",
        help="instead: N one-testimony bundles from --devices devices into one archive",
    )
    parser.add_argument("--devices", type=int, default=4, help="with --small-bundles")
    args = parser.parse_args()
    compile_sources()
    if args.small_bundles:
        if args.small_bundles < 10 or args.devices < 1:
            sys.exit("sync_bench: --small-bundles needs N >= 10 and --devices >= 1")
        work = Path(tempfile.mkdtemp(prefix="fieldapp-small-bundles-", dir=args.dir))
        try:
            _small_bundles(work, args.small_bundles, args.devices)
        finally:
            shutil.rmtree(work)
        return
    for tool in ("age", "tar", "sha256sum"):
        if not shutil.which(tool):
            sys.exit(f"sync_bench: {tool} is needed")
    work = Path(tempfile.mkdtemp(prefix="fieldapp-sync-bench-", dir=args.dir))
    try:
        _bench(work, args)
    finally:
        shutil.rmtree(work)


def _best(runs: Sequence[Measurement]) -> Measurement:
    """The fastest run (the least disturbed by the rest of the machine), with the largest peak
    memory of them all: the statistic every row of the table uses."""
    best = min(runs, key=lambda m: m.seconds)
    return Measurement(best.seconds, max(m.peak_mib for m in runs), best.cpu_seconds)


def _reference(command: str, written: Path, repeats: int, *, durable: bool = False) -> Measurement:
    """A reference pipeline, best of ``repeats``: each run writes ``written`` (a folder that
    exists, or a file) afresh with nothing else left to write back; ``durable`` adds ``sync -f`` of what it
    wrote, as our export and import fsync theirs before they say they are done."""
    runs = []
    for _ in range(repeats):
        if written.is_dir():
            _fresh(written)
        else:
            written.unlink(missing_ok=True)
        os.sync()
        synced = f" && sync -f {written}" if durable else ""
        runs.append(run_once(["sh", "-c", command + synced]))
    return _best(runs)


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def _bench(work: Path, args: argparse.Namespace) -> None:
    from crypto import age

    size = args.attachment_mib * 1024 * 1024
    files = _random_files(work / "plain", args.files, size // args.files)
    root, roster = _device(work, args.testimonies, files)
    saved = work / "saved-db"
    saved.mkdir()
    for path in root.glob("fieldapp.db*"):
        shutil.copy2(path, saved / path.name)
    reference_identity, recipient = age.generate_x25519()
    out, copy = work / "out", work / "copy"

    def export_once() -> Measurement:
        for path in root.glob("fieldapp.db*"):
            path.unlink()
        for path in saved.iterdir():
            shutil.copy2(path, root / path.name)
        _fresh(out)
        os.sync()  # nothing left to write back but what the run itself writes
        return run(python_worker(__file__, "export", str(root), str(out)), 1)

    ours = _best([export_once() for _ in range(args.repeats)])
    bundle = next(out.glob("*.fieldbundle"))
    blobs = root / "blobs"
    plain_age = work / "plain.tar.age"
    tar_command = f"tar cf - -C {work} plain | age -r {recipient} > {plain_age}"
    copy.mkdir()
    cp = _reference(f"cp -r {blobs} {copy / 'blobs'}", copy, args.repeats)
    tar_age = _reference(tar_command, plain_age, args.repeats)
    cp_synced = _reference(f"cp -r {blobs} {copy / 'blobs'}", copy, args.repeats, durable=True)
    tar_age_synced = _reference(tar_command, plain_age, args.repeats, durable=True)
    archive_root, saved_archive = work / "archive", work / "saved-archive"
    shutil.copytree(archive_root, saved_archive)

    def import_once() -> Measurement:
        shutil.rmtree(archive_root)
        shutil.copytree(saved_archive, archive_root)
        os.sync()
        return run(python_worker(__file__, "import", str(archive_root), str(bundle)), 1)

    ours_import = _best([import_once() for _ in range(args.repeats)])
    key_file = work / "reference.key"
    key_file.write_text(reference_identity + "\n")
    untar = work / "untar"
    untar.mkdir()
    untar_command = f"age -d -i {key_file} {plain_age} | tar xf - -C {untar}"
    age_untar = _reference(untar_command, untar, args.repeats)
    untar_synced = _reference(untar_command, untar, args.repeats, durable=True)
    # The checks an import makes, with stock tools: every member's hash before decrypting
    # (sha256sum of the bundle stands for it), every plaintext's hash after.
    checked_command = (
        f"sha256sum {bundle} > /dev/null && {untar_command}"
        f" && find {untar} -type f -exec sha256sum {{}} + > /dev/null"
    )
    checked = _reference(checked_command, untar, args.repeats)
    fieldapp = str(Path(sys.executable).with_name("fieldapp"))
    verify_argv = [fieldapp, "verify", str(bundle), "--roster", roster]
    verify = _best([run_once(verify_argv) for _ in range(args.repeats)])
    sums = _best([run_once(["sha256sum", str(bundle)]) for _ in range(args.repeats)])
    title = (
        f"bundles: {args.testimonies} testimonies, {args.files} attachments,"
        f" {args.attachment_mib} MiB; bundle {bundle.stat().st_size / 2**20:,.0f} MiB"
    )

    def reference(name: str, m: Measurement) -> tuple[str, Measurement, None, str]:
        return name, m, None, ""

    def against(
        name: str, m: Measurement, ref: Measurement, ref_name: str
    ) -> tuple[str, Measurement, float, str]:
        return name, m, m.seconds / ref.seconds, ref_name

    rows: list[tuple[str, Measurement, float | None, str]] = [
        reference("cp -r blobs/", cp),
        reference("tar c | age -r", tar_age),
        against("ours export", ours, cp, "cp -r"),
        against("ours export (vs tar | age)", ours, tar_age, "tar | age -r"),
        reference("cp -r blobs/; sync", cp_synced),
        reference("tar c | age -r; sync", tar_age_synced),
        against("ours export (vs cp -r; sync)", ours, cp_synced, "cp -r; sync"),
        against("ours export (vs tar | age; sync)", ours, tar_age_synced, "tar | age -r; sync"),
        reference("sha256sum bundle", sums),
        against("ours verify", verify, sums, "sha256sum"),
        reference("age -d | tar x", age_untar),
        against(
            "ours import (verify, decrypt, check, re-address, commit)",
            ours_import,
            age_untar,
            "age -d | tar x",
        ),
        reference("age -d | tar x; sync", untar_synced),
        against(
            "ours import (vs age -d | tar x; sync)",
            ours_import,
            untar_synced,
            "age -d | tar x; sync",
        ),
        reference("sha256sum bundle; age -d | tar x; sha256sum files", checked),
        against(
            "ours import (vs the same checks with stock tools)",
            ours_import,
            checked,
            "checked age -d | tar x",
        ),
    ]
    print_table(title, rows, size)
    print("\n(tar c | age -r runs as a shell pipeline: its peak RSS is the shell's alone.)")


# --- many small bundles into one archive -----------------------------------------------------------


def _peak_rss_mib() -> float:
    """This process's peak RSS: VmHWM (reset by exec), else getrusage (which, on Linux, also
    counts the pages of the process that forked this one, from before the exec)."""
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _spread(times: Sequence[float]) -> dict[str, float]:
    """Median and p95 of per-bundle times, and the medians of the first and last tenth (ms)."""
    tenth = max(1, len(times) // 10)
    return {
        "median": statistics.median(times) * 1000,
        "p95": _percentile(times, 0.95) * 1000,
        "first": statistics.median(times[:tenth]) * 1000,
        "last": statistics.median(times[-tenth:]) * 1000,
    }


def _deciles(times: Sequence[float]) -> str:
    tenth = max(1, len(times) // 10)
    medians = [statistics.median(times[i : i + tenth]) * 1000 for i in range(0, len(times), tenth)]
    return ", ".join(f"{m:.1f}" for m in medians[:10])


def _import_many(root: Path, listing: Path) -> None:
    """Worker: import every bundle in ``listing`` (one path a line) into the archive at ``root``,
    one call each; print what was measured as JSON."""
    from fieldapp.services.importing import import_bundles
    from fieldapp.workspace import Workspace

    paths = [Path(line) for line in listing.read_text().splitlines() if line]
    started = time.perf_counter()
    with Workspace.unlock(root, PASSPHRASE) as ws:
        unlocked = time.perf_counter()
        times = []
        for path in paths:
            before = time.perf_counter()
            (report,) = import_bundles(ws, [path])
            times.append(time.perf_counter() - before)
            if report.outcome != "imported" or report.testimonies != 1:
                raise SystemExit(
                    f"sync_bench: {path.name}: {report.outcome}, {report.testimonies} testimonies"
                    f" ({report.reason})"
                )
        finished = time.perf_counter()
        count = ws.repository.count_testimonies()
        ws.checkpoint()
    if count != len(paths):
        raise SystemExit(f"sync_bench: the archive holds {count} testimonies, not {len(paths)}")
    print(
        json.dumps(
            {
                "unlock": unlocked - started,
                "seconds": finished - unlocked,
                "times": times,
                "testimonies": count,
                "peak_mib": _peak_rss_mib(),
            }
        )
    )


def _enrolled_devices(work: Path, arch: Any, count: int, stack: contextlib.ExitStack) -> list[Any]:
    from crypto import keywrap
    from fieldapp.services import enrolment, packs
    from fieldapp.workspace import Role, Workspace

    devices = []
    for index in range(count):
        ws, _ = Workspace.create(
            work / f"device-{index}",
            PASSPHRASE,
            Role.INTERVIEWER,
            label=f"bench device {index}",
            params=keywrap.TEST_PARAMS,
        )
        stack.enter_context(ws)
        request = work / f"request-{index}.json"
        enrolment.write_request(ws, request)
        sent = enrolment.issue_enrolment(arch, enrolment.read_request(request), work)
        packs.apply_pack(ws, sent.path, expect_fingerprint=arch.fingerprint)
        devices.append(ws)
    return devices


def _export_many(
    work: Path, n: int, count: int
) -> tuple[list[Path], list[float], dict[str, float]]:
    """N one-testimony bundles, round robin over ``count`` enrolled devices."""
    from fieldapp.demo.corpus import DEFAULT_SEED, generate
    from fieldapp.services import records
    from fieldapp.services.export import export_bundle

    paths: list[Path] = []
    times: list[float] = []
    skipped = size = 0
    with contextlib.ExitStack() as stack:
        arch: Any = stack.enter_context(_archive(work))  # type: ignore[arg-type]
        devices = _enrolled_devices(work, arch, count, stack)
        arch.checkpoint()
        corpora = [generate(10 * n + 100, seed=DEFAULT_SEED + i) for i in range(count)]
        outboxes = [work / f"outbox-{i}" for i in range(count)]
        for outbox in outboxes:
            outbox.mkdir()
        started = time.perf_counter()
        while len(paths) < n:
            turn = len(paths) % count
            ws, item = devices[turn], next(corpora[turn])
            while not item.seal:
                skipped += 1
                item = next(corpora[turn])
            tid = item.testimony.id
            records.create_testimony(
                ws, item.testimony, item.consents, item.identity, item.withdrawals
            )
            records.seal_testimony(ws, tid)
            before = time.perf_counter()
            result = export_bundle(ws, outboxes[turn])
            times.append(time.perf_counter() - before)
            if result.path is None or result.testimonies != 1:
                raise SystemExit(f"sync_bench: export {len(paths) + 1} held no testimony")
            paths.append(result.path)
            size += result.size
        elapsed = time.perf_counter() - started
        for ws in devices:
            ws.checkpoint()
    return paths, times, {"elapsed": elapsed, "skipped": skipped, "bytes": size}


def _small_bundles(work: Path, n: int, count: int) -> None:
    from fieldapp.workspace.workspace import CUSTODIAN_FOLDER

    paths, export_times, made = _export_many(work, n, count)
    export_peak = _peak_rss_mib()
    listing = work / "bundles.txt"
    listing.write_text("".join(f"{path}\n" for path in paths))
    archive_root = work / "archive"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--worker", "import-many", str(archive_root), str(listing)],
        capture_output=True,
        text=True,
        check=False,
    )
    whole = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sync_bench: the import failed: {done.stderr[-2000:]}")
    imported = json.loads(done.stdout)
    import_times = imported["times"]
    database = archive_root / "fieldapp.db"
    custodian = [p for p in (archive_root / CUSTODIAN_FOLDER).iterdir() if p.is_file()]
    db_mib = database.stat().st_size / 2**20
    ex, im = _spread(export_times), _spread(import_times)
    exported = sum(export_times)
    lines = [
        f"### {n:,} one-testimony bundles from {count} devices into one archive",
        "",
        "| operation | bundles | seconds | bundles/s | median ms | p95 ms"
        " | first 10% median ms | last 10% median ms | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| export (each `export_bundle`) | {n:,} | {exported:.1f} | {n / exported:,.1f}"
        f" | {ex['median']:.1f} | {ex['p95']:.1f} | {ex['first']:.1f} | {ex['last']:.1f}"
        f" | {export_peak:.0f} |",
        f"| import (each `import_bundles`, one process) | {n:,} | {imported['seconds']:.1f}"
        f" | {n / imported['seconds']:,.1f} | {im['median']:.1f} | {im['p95']:.1f}"
        f" | {im['first']:.1f} | {im['last']:.1f} | {imported['peak_mib']:.0f} |",
        "",
        f"- Bundles: {made['bytes'] / n / 1024:.1f} KiB on average, {made['bytes'] / 2**20:,.1f} MiB"
        f" in all; making them (create, seal, export) took {made['elapsed']:.1f} s"
        f" ({made['skipped']:,} demo records the corpus does not seal were skipped).",
        f"- Import process: {whole:.1f} s in all, of which unlock {imported['unlock']:.2f} s;"
        f" archive database {db_mib:,.1f} MiB ({db_mib * 1024 / n:.1f} KiB a bundle),"
        f" {len(custodian):,} identities.age files in custodian/.",
        f"- Import ms per bundle, median of each tenth in order: {_deciles(import_times)}.",
        f"- Export ms per bundle, median of each tenth in order: {_deciles(export_times)}.",
        f"- Checked: all {n:,} imported, the archive holds {imported['testimonies']:,} testimonies.",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(*sys.argv[2:5])
    else:
        main()
