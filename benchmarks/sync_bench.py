"""Bundles: export and auditor verification against the tools they replace, on the same data.

    .venv/bin/python benchmarks/sync_bench.py [--testimonies 1000] [--attachment-mib 1024]
        [--files 64] [--repeats 1] [--dir DIR]

A device workspace holds ``--testimonies`` demo testimonies (sealed where the corpus seals them)
and ``--attachment-mib`` MiB of random attachments in ``--files`` files. Then, each in its own
process (start-up and imports included), with the inputs in the page cache:

- our export (records, attachments re-addressed, signed container, fsync) against ``cp -r`` of
  the workspace's blob folder (what copying the ciphertext costs) and ``tar c | age -r`` of the
  same plaintext files (what the Go reference takes to encrypt them for one recipient);
- ``fieldapp verify`` of the bundle (signature and every member's SHA-256) against
  ``sha256sum`` of the bundle file.

The export is to the archive's post-quantum hybrid recipients (the default); the age CLI of
Debian 12 (1.1) has no hybrid recipients, so its reference is X25519: the header's cost is per
file and negligible beside the payload. Before each export run the device's database is put
back as it was, so every run exports the same bundle. The workspace is made with the fast test
Argon2id parameters so that unlocking it does not weigh on the export's time.
"""

import argparse
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._measure import Measurement, print_table, python_worker, run

PASSPHRASE = "benchmark passphrase"
_BUFFER = 1024 * 1024


def _worker(op: str, workspace: str, path: str) -> None:
    from fieldapp.services.export import export_bundle
    from fieldapp.services.importing import import_bundles
    from fieldapp.workspace import Workspace

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
    from fieldapp.services import attachments, enrolment, packs, records
    from fieldapp.workspace import Role, Workspace

    root = work / "device"
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    with ws, _archive(work) as arch:
        enrolment.write_request(ws, work / "request.json")
        sent = enrolment.issue_enrolment(arch, enrolment.read_request(work / "request.json"), work)
        packs.apply_pack(ws, sent.path, expect_fingerprint=arch.fingerprint)
        arch.checkpoint()
        demo = list(generate(testimonies))
        records.create_testimonies(ws, [(d.testimony, d.consents, d.identity) for d in demo])
        sealed = [d for d in demo if d.seal]
        if len(sealed) < len(files):
            raise SystemExit("sync_bench: fewer sealed testimonies than files; add testimonies")
        for item, path in zip(sealed, files, strict=False):
            with path.open("rb") as src:
                attachments.attach_file(
                    ws, item.testimony.id, src, kind=AttachmentKind.AUDIO, media_type="audio/wav"
                )
        for item in demo:
            for withdrawal in item.withdrawals:
                records.withdraw_consent(ws, withdrawal)
            for attachment in item.attachments:
                attachments.attach_file(
                    ws,
                    item.testimony.id,
                    io.BytesIO(attachment.data()),
                    kind=attachment.kind,
                    media_type=attachment.media_type,
                )
            if item.seal:
                records.seal_testimony(ws, item.testimony.id)
        ws.checkpoint()
        roster = work / "allowed_signers"
        roster.write_text(f'device namespaces="fieldapp-bundle@v1" {ws.public_key}\n')
    return root, str(roster)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--testimonies", type=int, default=1000)
    parser.add_argument("--attachment-mib", type=int, default=1024)
    parser.add_argument("--files", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    for tool in ("age", "tar", "sha256sum"):
        if not shutil.which(tool):
            sys.exit(f"sync_bench: {tool} is needed")
    work = Path(tempfile.mkdtemp(prefix="fieldapp-sync-bench-", dir=args.dir))
    try:
        _bench(work, args)
    finally:
        shutil.rmtree(work)


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
        return run(python_worker(__file__, "export", str(root), str(out)), 1)

    exports = [export_once() for _ in range(args.repeats)]
    ours = min(exports, key=lambda m: m.seconds)
    ours.peak_mib = max(m.peak_mib for m in exports)
    bundle = next(out.glob("*.fieldbundle"))
    cp = run(["cp", "-r", str(root / "blobs"), str(copy)], args.repeats)
    tar_age = run(
        ["sh", "-c", f"tar cf - -C {work} plain | age -r {recipient} > {work / 'plain.tar.age'}"],
        args.repeats,
    )
    archive_root, saved_archive = work / "archive", work / "saved-archive"
    shutil.copytree(archive_root, saved_archive)

    def import_once() -> Measurement:
        shutil.rmtree(archive_root)
        shutil.copytree(saved_archive, archive_root)
        return run(python_worker(__file__, "import", str(archive_root), str(bundle)), 1)

    imports = [import_once() for _ in range(args.repeats)]
    ours_import = min(imports, key=lambda m: m.seconds)
    key_file = work / "reference.key"
    key_file.write_text(reference_identity + "\n")
    untar = work / "untar"

    def age_untar_once() -> Measurement:
        _fresh(untar)
        command = f"age -d -i {key_file} {work / 'plain.tar.age'} | tar xf - -C {untar}"
        return run(["sh", "-c", command], 1)

    age_untar = min((age_untar_once() for _ in range(args.repeats)), key=lambda m: m.seconds)
    fieldapp = str(Path(sys.executable).with_name("fieldapp"))
    verify = run([fieldapp, "verify", str(bundle), "--roster", roster], args.repeats)
    sums = run(["sha256sum", str(bundle)], args.repeats)
    title = (
        f"bundles: {args.testimonies} testimonies, {args.files} attachments,"
        f" {args.attachment_mib} MiB; bundle {bundle.stat().st_size / 2**20:,.0f} MiB"
    )
    rows: list[tuple[str, Measurement, float | None, str]] = [
        ("cp -r blobs/", cp, None, ""),
        ("tar c | age -r", tar_age, None, ""),
        ("ours export", ours, ours.seconds / cp.seconds, "cp -r"),
        ("ours export (vs tar | age)", ours, ours.seconds / tar_age.seconds, "tar | age -r"),
        ("sha256sum bundle", sums, None, ""),
        ("ours verify", verify, verify.seconds / sums.seconds, "sha256sum"),
        ("age -d | tar x", age_untar, None, ""),
        (
            "ours import (verify, decrypt, check, re-address, commit)",
            ours_import,
            ours_import.seconds / age_untar.seconds,
            "age -d | tar x",
        ),
    ]
    print_table(title, rows, size)
    print("\n(tar c | age -r runs as a shell pipeline: its peak RSS is the shell's alone.)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(*sys.argv[2:5])
    else:
        main()
