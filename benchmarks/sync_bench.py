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


def _worker(workspace: str, out: str) -> None:
    from fieldapp.services.export import export_bundle
    from fieldapp.workspace import Workspace

    with Workspace.unlock(Path(workspace), PASSPHRASE) as ws:
        result = export_bundle(ws, Path(out))
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


def _device(work: Path, testimonies: int, files: list[Path]) -> tuple[Path, str]:
    """A device workspace, enrolled, with the demo corpus and ``files`` attached and sealed."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from crypto import age, keywrap, sshkeys
    from fieldapp.demo.corpus import generate
    from fieldapp.domain import AttachmentKind
    from fieldapp.services import attachments, records
    from fieldapp.workspace import Role, Workspace
    from fieldapp.workspace.database import transaction
    from fieldapp.workspace.enrolment_state import Enrolment, write_enrolment

    root = work / "device"
    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    with ws:
        coordinator = sshkeys.public_key_to_openssh(
            ed25519.Ed25519PrivateKey.generate().public_key()
        )
        _, archive = age.generate_hybrid()
        _, custodian = age.generate_hybrid()
        with transaction(ws.connection):
            write_enrolment(
                ws.repository, Enrolment(coordinator, "bench", (archive,), (custodian,), "now")
            )
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
    _, recipient = age.generate_x25519()
    out, copy = work / "out", work / "copy"

    def export_once() -> Measurement:
        for path in root.glob("fieldapp.db*"):
            path.unlink()
        for path in saved.iterdir():
            shutil.copy2(path, root / path.name)
        _fresh(out)
        return run(python_worker(__file__, str(root), str(out)), 1)

    exports = [export_once() for _ in range(args.repeats)]
    ours = min(exports, key=lambda m: m.seconds)
    ours.peak_mib = max(m.peak_mib for m in exports)
    bundle = next(out.glob("*.fieldbundle"))
    cp = run(["cp", "-r", str(root / "blobs"), str(copy)], args.repeats)
    tar_age = run(
        ["sh", "-c", f"tar cf - -C {work} plain | age -r {recipient} > {work / 'plain.tar.age'}"],
        args.repeats,
    )
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
    ]
    print_table(title, rows, size)
    print("\n(tar c | age -r runs as a shell pipeline: its peak RSS is the shell's alone.)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(*sys.argv[2:4])
    else:
        main()
