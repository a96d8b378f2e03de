"""Our age against the Go reference CLI and cp, on the same 1 GiB of random data.

    .venv/bin/python benchmarks/crypto_bench.py [--size-mib 1024] [--repeats 3] [--dir DIR]

Each operation runs in its own process so that its peak memory (RSS) is its own.
The input file sits in the page cache, so the table compares CPU cost, not disk speed.
A ratio below 1 means ours took less time than the reference.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._measure import Measurement, compile_sources, print_table, python_worker, run

_BUFFER = 1024 * 1024


def _worker(op: str, src: str, dst: str, key: str) -> None:
    from crypto import age

    with open(src, "rb", buffering=_BUFFER) as fin, open(dst, "wb", buffering=_BUFFER) as fout:
        if op == "encrypt":
            age.encrypt(fin, fout, [key])
        elif op == "decrypt":
            age.decrypt(fin, fout, [key])
        elif op == "readdress":
            old, new = key.split(",")
            age.readdress(fin, fout, [old], [new])


def _random_file(path: Path, size: int) -> None:
    with path.open("wb") as out:
        for _ in range(size // _BUFFER):
            out.write(os.urandom(_BUFFER))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    compile_sources()
    if not shutil.which("age"):
        sys.exit("crypto_bench: the age CLI is needed (apt-get install age)")

    from crypto import age

    size = args.size_mib * 1024 * 1024
    work = Path(tempfile.mkdtemp(prefix="fieldapp-bench-", dir=args.dir))
    try:
        _bench(work, size, args.repeats, age)
    finally:
        shutil.rmtree(work)


def _bench(work: Path, size: int, repeats: int, age: object) -> None:
    identity, recipient = age.generate_x25519()
    _, new_recipient = age.generate_x25519()
    key_file = work / "key.txt"
    key_file.write_text(identity + "\n")
    plain, enc, out = work / "plain.bin", work / "plain.age", work / "out.bin"
    _random_file(plain, size)
    subprocess.run(["age", "-e", "-r", recipient, "-o", enc, plain], check=True)
    me = __file__
    null = os.devnull

    def ours(op: str, src: Path, dst: str, key: str) -> Measurement:
        return run(python_worker(me, op, str(src), dst, key), repeats)

    cp = run(["cp", plain, out], repeats)
    rows: list[tuple[str, Measurement, float | None, str]] = [("cp (file)", cp, None, "")]

    age_enc = run(["age", "-e", "-r", recipient, "-o", out, plain], repeats)
    our_enc = ours("encrypt", plain, str(out), recipient)
    age_enc_null = run(["age", "-e", "-r", recipient, plain], repeats)
    our_enc_null = ours("encrypt", plain, null, recipient)
    age_dec = run(["age", "-d", "-i", key_file, "-o", out, enc], repeats)
    our_dec = ours("decrypt", enc, str(out), identity)
    age_dec_null = run(["age", "-d", "-i", key_file, enc], repeats)
    our_dec_null = ours("decrypt", enc, null, identity)
    keys = f"{identity},{new_recipient}"
    our_move = ours("readdress", enc, str(out), keys)

    rows += [
        ("age -e (file)", age_enc, None, ""),
        ("ours encrypt (file)", our_enc, our_enc.seconds / age_enc.seconds, "age -e"),
        ("age -e (/dev/null)", age_enc_null, None, ""),
        (
            "ours encrypt (/dev/null)",
            our_enc_null,
            our_enc_null.seconds / age_enc_null.seconds,
            "age -e",
        ),
        ("age -d (file)", age_dec, None, ""),
        ("ours decrypt (file)", our_dec, our_dec.seconds / age_dec.seconds, "age -d"),
        ("age -d (/dev/null)", age_dec_null, None, ""),
        (
            "ours decrypt (/dev/null)",
            our_dec_null,
            our_dec_null.seconds / age_dec_null.seconds,
            "age -d",
        ),
        ("ours readdress (file)", our_move, our_move.seconds / cp.seconds, "cp"),
    ]
    print_table(f"age: {size // 2**20} MiB, median of {repeats}", rows, size)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(*sys.argv[2:6])
    else:
        main()
