"""crypto.allowed_signers: reading, writing, and verifying as ssh-keygen -Y verify does.

The decisive tests write a file with ``format``, then ask ssh-keygen and ``verify`` the same
questions (principal, namespace, time, signer) and require the same answers.
"""

import subprocess
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from crypto import allowed_signers, sshkeys, sshsig
from crypto.allowed_signers import Entry
from crypto.errors import FormatError, LimitError, SignatureError

NAMESPACE = "fieldapp-bundle@v1"
MESSAGE = b'{"format": "fieldapp-bundle/1", "sequence": 3}\n'
T0 = datetime(2024, 1, 1, tzinfo=UTC)
T1 = datetime(2025, 6, 30, 12, 30, 15, tzinfo=UTC)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def _line(key: ed25519.Ed25519PrivateKey) -> str:
    return sshkeys.public_key_to_openssh(key.public_key())


def _ssh_time(when: datetime) -> str:
    return when.strftime("%Y%m%d%H%M%SZ")


# --- reading -------------------------------------------------------------------------------------


def test_parse_reads_what_ssh_keygen_reads() -> None:
    alice, bob = _key(), _key()
    text = (
        "# devices enrolled by the coordinator\n"
        "\n"
        f"   alice@example.org {_line(alice)}\r\n"
        f'bob@example.org,*@field.example,!eve@field.example namespaces="fieldapp-*,file",'
        f'valid-after="20240101Z",valid-before="202506301230z" {_line(bob)}   bob laptop  \n'
        f'"Ji-ho Park" valid-after="20240101000000UTC" {_line(alice)}\n'
        f'"#hash" \tnamespaces="a b" {_line(alice)}'
    )
    first, second, third, fourth = allowed_signers.parse(text)
    assert first == Entry(("alice@example.org",), alice.public_key())
    assert second.principals == ("bob@example.org", "*@field.example", "!eve@field.example")
    assert second.namespaces == ("fieldapp-*", "file")
    assert second.valid_after == T0
    assert second.valid_before == datetime(2025, 6, 30, 12, 30, tzinfo=UTC)
    assert second.comment == "bob laptop"
    assert second.public_key == bob.public_key()
    assert third.principals == ("Ji-ho Park",)
    assert third.valid_after == T0
    assert fourth.principals == ("#hash",)
    assert fourth.namespaces == ("a b",)
    assert allowed_signers.parse(text.encode()) == [first, second, third, fourth]
    assert allowed_signers.parse("") == []
    assert allowed_signers.parse("# only a comment\n\n  \n") == []


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ("cert-authority", "cert-authority"),
        ('cert-authority,namespaces="git"', "cert-authority"),
        ('namespaces="git",cert-authority', "cert-authority"),
        ('no-touch-required,namespaces="git"', "unknown option"),
        ('NAMESPACES="git"', "unknown option"),
        ('namespaces="git",namespaces="file"', "twice"),
        ("namespaces=git", "double quotes"),
        ('namespaces="git', "closing quote"),
        ('namespaces="git",', "unknown option"),
        ('namespaces="git"x', "unknown option"),
        ('namespaces=""', "invalid namespaces"),
        ('namespaces="git,,file"', "invalid namespaces"),
        ('namespaces="a\\"b"', "invalid namespaces"),
        ('valid-after="20240101"', "UTC"),
        ('valid-after="2024010100Z"', "YYYYMMDD"),
        ('valid-after="2024-01-01Z"', "YYYYMMDD"),
        ('valid-after="20240231Z"', "real date"),
        ('valid-after="20241301Z"', "real date"),
        ('valid-after="20240101250000Z"', "real date"),
        ('valid-after="19700101Z"', "1970"),
        ('valid-after="19691231Z"', "1970"),
        ('valid-after="20250101Z",valid-before="20240101Z"', "not after"),
        ('valid-after="20250101Z",valid-before="20250101Z"', "not after"),
    ],
)
def test_parse_refuses_bad_options(options: str, reason: str) -> None:
    line = f"alice@example.org {options} {_line(_key())}\n"
    with pytest.raises(FormatError, match=reason) as caught:
        allowed_signers.parse("# header\n" + line)
    assert "line 2" in str(caught.value)


def test_parse_refuses_bad_lines() -> None:
    key = _line(_key())
    ed_blob = key.split()[1]
    bad = {
        "principals only": "alice@example.org",
        "principals and options only": 'alice@example.org namespaces="git"',
        "no base64": "alice@example.org ssh-ed25519",
        "unsupported key type": "alice@example.org ssh-dss AAAAB3NzaC1kc3MAAACBAP",
        "security key": "alice@example.org sk-ssh-ed25519@openssh.com AAAA",
        "type mismatch": f"alice@example.org ecdsa-sha2-nistp256 {ed_blob}",
        "bad base64": f"alice@example.org ssh-ed25519 {ed_blob[:-1]}!",
        "empty principal": f",alice@example.org {key}",
        "quote inside principals": f'ali"ce {key}',
        "unterminated quoted principals": f'"alice {key}',
        "nothing after quoted principals": f'"alice"{key}',
        "control character": f"alice\x1b[2J@example.org {key}",
        "NUL": f"alice@example.org {key} \x00",
        "overlong principal": "a" * 1023 + f" {key}",
    }
    for name, line in bad.items():
        try:
            allowed_signers.parse(line + "\n")
        except FormatError:
            continue
        pytest.fail(f"accepted: {name}")
    with pytest.raises(FormatError):
        allowed_signers.parse(b"\xff" + key.encode())
    with pytest.raises(LimitError):
        allowed_signers.parse("#" * (allowed_signers.MAX_ALLOWED_SIGNERS_BYTES + 1))


def test_entry_validates_what_format_would_write() -> None:
    public = _key().public_key()
    for bad in (
        {"principals": ()},
        {"principals": ("a,b",)},
        {"principals": ('a"b',)},
        {"principals": ("a\nb",)},
        {"principals": ("",)},
        {"namespaces": ()},
        {"namespaces": ("a\\",)},
        {"valid_after": datetime(2024, 1, 1)},  # naive: whose local time?
        {"valid_after": T0 + timedelta(microseconds=1)},
        {"valid_after": T1, "valid_before": T0},
        {"comment": "two\nlines"},
        {"comment": " padded"},
    ):
        fields = {"principals": ("alice",), **bad}
        with pytest.raises(FormatError):
            Entry(public_key=public, **fields)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Entry(("alice",), _key())  # type: ignore[arg-type]
    # Lists are taken and kept as tuples.
    entry = Entry(["alice", "bob"], public, namespaces=["git"])  # type: ignore[arg-type]
    assert entry.principals == ("alice", "bob")
    assert entry.namespaces == ("git",)
    assert hash(entry) == hash(Entry(("alice", "bob"), public, namespaces=("git",)))


# --- writing -------------------------------------------------------------------------------------


def test_format_writes_ssh_keygen_lines() -> None:
    key = _key()
    entry = Entry(
        ("bob@example.org", "*@field.example"),
        key.public_key(),
        namespaces=("fieldapp-bundle@v1", "file"),
        valid_after=T0,
        valid_before=T1,
        comment="bob's laptop",
    )
    assert allowed_signers.format([entry]) == (
        'bob@example.org,*@field.example namespaces="fieldapp-bundle@v1,file",'
        f'valid-after="20240101000000Z",valid-before="20250630123015Z" {_line(key)}'
        " bob's laptop\n"
    )
    assert allowed_signers.format([Entry(("a b",), key.public_key())]) == f'"a b" {_line(key)}\n'
    # A time in another zone is written as the same instant in UTC.
    seoul = timezone(timedelta(hours=9))
    local = Entry(("c",), key.public_key(), valid_after=datetime(2024, 1, 1, 9, tzinfo=seoul))
    assert local.valid_after == T0
    assert 'valid-after="20240101000000Z"' in allowed_signers.format([local])
    assert allowed_signers.format([]) == ""


def test_format_then_parse_round_trips() -> None:
    entries = [
        Entry(("alice@example.org",), _key().public_key()),
        Entry(("Ji-ho Park", "*@example.org"), _key().public_key(), comment="interviewer 2"),
        Entry(("#1",), ec.generate_private_key(ec.SECP384R1()).public_key(), namespaces=("x y",)),
        Entry(("d",), _key().public_key(), valid_before=T1),
        Entry(("ü?*",), _key().public_key(), valid_after=T0, valid_before=T1),
    ]
    assert allowed_signers.parse(allowed_signers.format(entries)) == entries


# --- verifying -----------------------------------------------------------------------------------


def test_verify_enforces_principal_key_namespace_and_window() -> None:
    signer, other = _key(), _key()
    signature = sshsig.sign(MESSAGE, signer, NAMESPACE)
    entries = [
        Entry(("alice",), other.public_key()),  # right principal, wrong key
        Entry(
            ("bob", "!mallory", "*@field.example"), signer.public_key(), namespaces=("fieldapp-*",)
        ),
        Entry(("carol",), signer.public_key(), valid_after=T0, valid_before=T1),
    ]

    def ok(principal: str, namespace: str = NAMESPACE, at: datetime = T0) -> bool:
        try:
            allowed_signers.verify(MESSAGE, signature, namespace, principal, entries, at=at)
        except SignatureError:
            return False
        return True

    assert ok("bob")
    assert ok("x@field.example")
    assert not ok("mallory")
    assert not ok("alice")
    assert not ok("bob", "file")  # the signature is for NAMESPACE, not "file"
    assert ok("carol", at=T0)
    assert ok("carol", at=T1)
    assert ok("carol", at=T1 + timedelta(milliseconds=999))  # whole seconds, as ssh-keygen
    assert not ok("carol", at=T1 + timedelta(seconds=1))
    assert not ok("carol", at=T0 - timedelta(seconds=1))
    assert not ok("dave")
    entry = allowed_signers.verify(MESSAGE, signature, NAMESPACE, "bob", entries, at=T0)
    assert entry is entries[1]
    with pytest.raises(SignatureError):
        allowed_signers.verify(MESSAGE + b"x", signature, NAMESPACE, "bob", entries, at=T0)
    with pytest.raises(FormatError):
        allowed_signers.verify(MESSAGE, signature[:-2], NAMESPACE, "bob", entries)
    with pytest.raises(ValueError, match="timezone"):
        allowed_signers.verify(
            MESSAGE, signature, NAMESPACE, "carol", entries, at=datetime(2024, 2, 1)
        )
    assert allowed_signers.find_principals(signature, entries, at=T0) == list(entries[1].principals)


def test_patterns_match_as_openssh() -> None:
    match = allowed_signers._match_pattern_list
    assert match("alice@example.org", ("*@example.org",))
    assert match("alice", ("al?ce",))
    assert not match("alce", ("al?ce",))
    assert match("", ("*",))
    assert not match("", ("?",))
    assert match("a*b", ("a*b",))
    assert not match("alice", ("!alice", "*"))
    assert not match("alice", ("*", "!al*"))
    assert match("bob", ("*", "!al*"))
    assert not match("bob", ("!al*",))  # a negation alone allows nothing
    assert match("ü", ("??",))  # "?" is one byte of UTF-8, as in OpenSSH
    assert not match("ü", ("?",))
    assert not match("Alice", ("alice",))
    # A pattern made to backtrack costs len(subject) * len(pattern), not exponential time.
    started = time.monotonic()
    assert not match("a" * 2000, ("*a" * 30 + "*b",))
    assert time.monotonic() - started < 2


# --- against ssh-keygen --------------------------------------------------------------------------


def test_ssh_keygen_decides_as_we_do(ssh_keygen: str, workdir: Path) -> None:
    signers = [_key() for _ in range(3)]
    entries = [
        Entry(("alice@example.org",), signers[0].public_key(), namespaces=(NAMESPACE,)),
        Entry(("*@field.example", "!eve@field.example"), signers[1].public_key()),
        Entry(("Ji-ho Park",), signers[1].public_key(), namespaces=("fieldapp-*", "file")),
        Entry(("carol",), signers[2].public_key(), valid_after=T0, valid_before=T1),
        Entry(("#night",), signers[2].public_key(), namespaces=("f?le",), comment="spare key"),
    ]
    allowed_path = workdir / "allowed_signers"
    allowed_path.write_text("# written by fieldapp\n" + allowed_signers.format(entries))
    assert allowed_signers.parse(allowed_path.read_text()) == entries
    message_path = workdir / "manifest.json"
    message_path.write_bytes(MESSAGE)

    questions = [
        (signer, principal, namespace, when)
        for signer in range(3)
        for principal in ("alice@example.org", "dev@field.example", "eve@field.example",
                          "Ji-ho Park", "carol", "#night")
        for namespace in (NAMESPACE, "file")
        for when in (T0 - timedelta(seconds=1), T1)
    ]  # fmt: skip
    answers = {True: 0, False: 0}
    for signer, principal, namespace, when in questions:
        signature = sshsig.sign(MESSAGE, signers[signer], namespace)
        signature_path = workdir / f"s{signer}-{namespace}.sig"
        signature_path.write_text(signature)
        result = subprocess.run(
            [ssh_keygen, "-Y", "verify", "-f", str(allowed_path), "-I", principal,
             "-n", namespace, "-s", str(signature_path), "-O", f"verify-time={_ssh_time(when)}"],
            input=MESSAGE, capture_output=True, check=False, timeout=60,
        )  # fmt: skip
        try:
            allowed_signers.verify(MESSAGE, signature, namespace, principal, entries, at=when)
            ours = True
        except SignatureError:
            ours = False
        assert ours == (result.returncode == 0), (signer, principal, namespace, when, result)
        answers[ours] += 1
    # The grid holds both answers many times over, so agreeing is not trivial.
    assert answers[True] >= 5
    assert answers[False] >= 5


def test_find_principals_as_ssh_keygen(ssh_keygen: str, workdir: Path) -> None:
    known, unknown = _key(), _key()
    entries = [
        Entry(("early",), known.public_key(), valid_before=T0),
        Entry(("a@x", "*@y"), known.public_key(), namespaces=("other",)),
        Entry(("late",), known.public_key()),
    ]
    allowed_path = workdir / "allowed_signers"
    allowed_path.write_text(allowed_signers.format(entries))
    for key in (known, unknown):
        for when in (T0, T1):
            signature = sshsig.sign(MESSAGE, key, NAMESPACE)
            signature_path = workdir / "msg.sig"
            signature_path.write_text(signature)
            result = subprocess.run(
                [ssh_keygen, "-Y", "find-principals", "-f", str(allowed_path),
                 "-s", str(signature_path), "-O", f"verify-time={_ssh_time(when)}"],
                capture_output=True, check=False, timeout=60,
            )  # fmt: skip
            ours = allowed_signers.find_principals(signature, entries, at=when)
            assert ours == result.stdout.decode().splitlines()
            assert (result.returncode == 0) == bool(ours)
    signature = sshsig.sign(MESSAGE, known, NAMESPACE)
    assert allowed_signers.find_principals(signature, entries, at=T0) == ["early"]
    assert allowed_signers.find_principals(signature, entries, at=T1) == ["a@x", "*@y"]
