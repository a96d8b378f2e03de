"""OpenSSH allowed_signers files (ssh-keygen(1), "ALLOWED SIGNERS"): read, write, verify against.

A line is ``principals [options] keytype base64-key [comment]``; ``#`` starts a comment line.
Principals are a comma-separated list of patterns (``*`` and ``?`` wildcards, ``!`` to negate);
the options understood are ``namespaces="pattern,…"``, ``valid-after="time"`` and
``valid-before="time"``. Verification follows ``ssh-keygen -Y verify``: a signature is accepted for
a principal when some line lists a pattern matching the principal, holds the signer's key, allows
the namespace and is valid at the time of verification.

The reader is stricter than ssh-keygen, never looser: ssh-keygen skips a line it cannot read, we
refuse the whole file, because a roster that does not say what its author meant should not be
half-trusted. Also refused: ``cert-authority`` (fieldapp does not use SSH certificates), option
names in other than lower case, quotes anywhere but around the whole principals field, and times
without an explicit UTC marker — ssh-keygen reads those as the verifying machine's local time, so
one file would mean different windows on different machines.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from crypto import sshsig
from crypto.errors import FormatError, LimitError, SignatureError
from crypto.sshkeys import (
    KEY_TYPES,
    PublicKey,
    is_control,
    parse_openssh_public_key,
    public_key_to_openssh,
    public_key_to_wire,
)

OPTION_CERT_AUTHORITY = "cert-authority"
OPTION_NAMESPACES = "namespaces"
OPTION_VALID_AFTER = "valid-after"
OPTION_VALID_BEFORE = "valid-before"

# Times are written as ssh-keygen reads them: YYYYMMDD[HHMM[SS]] with a "Z" for UTC.
TIME_FORMAT = "%Y%m%d%H%M%SZ"
_TIME_DIGITS = (8, 12, 14)
_UTC_SUFFIXES = ("Z", "UTC")

# A roster of thousands of devices is a few hundred KiB; the cap bounds the work of parsing.
MAX_ALLOWED_SIGNERS_BYTES = 1024 * 1024
# OpenSSH's match_pattern_list copies each sub-pattern into a 1024-byte buffer and quietly treats
# a longer one as "no match at all". We refuse such patterns instead of reproducing that.
MAX_PATTERN_BYTES = 1022

_WHITESPACE = " \t"


def _check_patterns(patterns: tuple[str, ...], what: str, forbidden: str) -> None:
    if not patterns:
        raise FormatError(f"The allowed signers entry has no {what}.")
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise TypeError(f"{what} are str")
        try:
            size = len(pattern.encode("utf-8"))
        except UnicodeEncodeError:
            raise FormatError(f"The allowed signers entry has invalid {what}.") from None
        if (
            size == 0
            or size > MAX_PATTERN_BYTES
            or any(char in forbidden or is_control(char) for char in pattern)
        ):
            raise FormatError(f"The allowed signers entry has invalid {what}.")


def _check_time(value: datetime | None, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, datetime):
        raise TypeError(f"{what} is a datetime")
    # ssh-keygen treats a zero time as "no limit" and refuses times before 1970.
    if value.tzinfo is None or value.microsecond or value.timestamp() <= 0:
        raise FormatError(
            f"The allowed signers entry's {what} must be a whole-second UTC time after 1970."
        )


@dataclass(frozen=True)
class Entry:
    """One line of an allowed_signers file: who may sign with which key, for what, and when."""

    principals: tuple[str, ...]  # patterns
    public_key: PublicKey
    namespaces: tuple[str, ...] | None = None  # patterns; None allows every namespace
    valid_after: datetime | None = None  # timezone-aware, inclusive
    valid_before: datetime | None = None  # timezone-aware, inclusive
    comment: str = ""

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; the entry keeps tuples so it stays immutable.
        object.__setattr__(self, "principals", tuple(self.principals))
        if self.namespaces is not None:
            object.__setattr__(self, "namespaces", tuple(self.namespaces))
        # A quote, a comma or a line break inside a pattern would change how the line reads
        # back; a backslash before the closing quote of namespaces="…" would escape it.
        _check_patterns(self.principals, "principals", ',"')
        if self.namespaces is not None:
            _check_patterns(self.namespaces, "namespaces", ',"\\')
        public_key_to_wire(self.public_key)  # TypeError for an unsupported key object
        _check_time(self.valid_after, "valid-after time")
        _check_time(self.valid_before, "valid-before time")
        # Kept in UTC, because the file says UTC: "…Z".
        for name in ("valid_after", "valid_before"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, value.astimezone(UTC))
        if (
            self.valid_after is not None
            and self.valid_before is not None
            and self.valid_before <= self.valid_after
        ):
            raise FormatError("The allowed signers entry's valid-before is not after valid-after.")
        plain = not any(is_control(char) for char in self.comment)
        if not plain or self.comment != self.comment.strip(_WHITESPACE):
            raise FormatError("The allowed signers entry's comment is not one plain line.")

    def __hash__(self) -> int:
        # cryptography's key objects compare equal by value but are not hashable.
        return hash(
            (
                self.principals,
                public_key_to_wire(self.public_key),
                self.namespaces,
                self.valid_after,
                self.valid_before,
                self.comment,
            )
        )

    def matches_principal(self, principal: str) -> bool:
        return _match_pattern_list(principal, self.principals)

    def allows_namespace(self, namespace: str) -> bool:
        return self.namespaces is None or _match_pattern_list(namespace, self.namespaces)

    def is_valid_at(self, when: datetime) -> bool:
        if when.tzinfo is None:
            raise ValueError("the verification time must be timezone-aware")
        # ssh-keygen compares whole seconds, both ends inclusive.
        seconds = math.floor(when.timestamp())
        if self.valid_after is not None and seconds < self.valid_after.timestamp():
            return False
        return not (self.valid_before is not None and seconds > self.valid_before.timestamp())


# --- patterns (OpenSSH match.c) ------------------------------------------------------------------


def _match_pattern(subject: bytes, pattern: bytes) -> bool:
    """Glob matching as OpenSSH's match_pattern: ``*`` any bytes, ``?`` one byte.

    Iterative with one backtrack point, so a hostile pattern costs at most
    len(subject) × len(pattern) steps instead of OpenSSH's exponential recursion.
    """
    s = p = 0
    star = -1
    resume = 0
    while s < len(subject):
        if p < len(pattern) and pattern[p] == ord("*"):
            star, resume = p, s
            p += 1
        elif p < len(pattern) and pattern[p] in (ord("?"), subject[s]):
            s += 1
            p += 1
        elif star >= 0:
            resume += 1
            s, p = resume, star + 1
        else:
            return False
    while p < len(pattern) and pattern[p] == ord("*"):
        p += 1
    return p == len(pattern)


def _match_pattern_list(subject: str, patterns: tuple[str, ...]) -> bool:
    """OpenSSH's match_pattern_list: some pattern matches and no ``!``-negated one does."""
    # OpenSSH matches bytes, so "?" is one byte of UTF-8, not one character.
    encoded = subject.encode("utf-8", errors="surrogatepass")
    positive = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        if _match_pattern(encoded, body.encode("utf-8")):
            if negated:
                return False
            positive = True
    return positive


# --- reading -------------------------------------------------------------------------------------


def _split_field(text: str) -> tuple[str, str]:
    for index, char in enumerate(text):
        if char in _WHITESPACE:
            return text[:index], text[index:].lstrip(_WHITESPACE)
    return text, ""


def _parse_time(value: str, where: str) -> datetime:
    # ssh-keygen takes "Z" or "UTC", in either case, for UTC; without one it reads local time.
    for suffix in _UTC_SUFFIXES:
        tail = value[-len(suffix) :]
        if tail.isascii() and tail.upper() == suffix:
            digits = value[: -len(suffix)]
            break
    else:
        raise FormatError(f"{where}: times must be in UTC (end in Z).")
    if len(digits) not in _TIME_DIGITS or not (digits.isascii() and digits.isdigit()):
        raise FormatError(f"{where}: a time is not YYYYMMDD[HHMM[SS]]Z.")
    fields = [int(digits[start : start + 2]) for start in range(4, len(digits), 2)]
    fields += [0] * (5 - len(fields))
    try:
        when = datetime(int(digits[:4]), *fields, tzinfo=UTC)
    except ValueError:
        raise FormatError(f"{where}: a time is not a real date.") from None
    if when.timestamp() <= 0:
        raise FormatError(f"{where}: a time is before 1970.")
    return when


def _dequote(text: str, start: int, where: str) -> tuple[str, int]:
    """A double-quoted option value at text[start:], as OpenSSH's opt_dequote reads it."""
    if text[start : start + 1] != '"':
        raise FormatError(f"{where}: an option value is not in double quotes.")
    value = []
    index = start + 1
    while index < len(text) and text[index] != '"':
        if text.startswith('\\"', index):
            index += 1
        value.append(text[index])
        index += 1
    if index == len(text):
        raise FormatError(f"{where}: an option value has no closing quote.")
    return "".join(value), index + 1


def _parse_options(text: str, where: str) -> tuple[dict[str, str], str]:
    """The options field at the start of text → ({name: value}, the rest of the line)."""
    options: dict[str, str] = {}
    index = 0
    while True:
        for name in (OPTION_NAMESPACES, OPTION_VALID_AFTER, OPTION_VALID_BEFORE):
            if text.startswith(name + "=", index):
                if name in options:
                    raise FormatError(f"{where}: the option {name} is given twice.")
                options[name], index = _dequote(text, index + len(name) + 1, where)
                break
        else:
            end = index + len(OPTION_CERT_AUTHORITY)
            if text.startswith(OPTION_CERT_AUTHORITY, index) and text[end : end + 1] in (
                "",
                ",",
                " ",
                "\t",
            ):
                raise FormatError(f"{where}: cert-authority keys are not supported.")
            raise FormatError(f"{where}: unknown option, or unsupported key type.")
        if index == len(text) or text[index] in _WHITESPACE:
            return options, text[index:].lstrip(_WHITESPACE)
        if text[index] != ",":
            raise FormatError(f"{where}: unknown option, or unsupported key type.")
        index += 1


def _parse_principals(text: str, where: str) -> tuple[tuple[str, ...], str]:
    if text.startswith('"'):
        # ssh-keygen allows the whole principals field in double quotes, e.g. for a space.
        end = text.find('"', 1)
        if end < 0:
            raise FormatError(f"{where}: the principals have no closing quote.")
        field, rest = text[1:end], text[end + 1 :]
        if rest[:1] not in ("", " ", "\t"):
            raise FormatError(f"{where}: no space after the quoted principals.")
        rest = rest.lstrip(_WHITESPACE)
    else:
        field, rest = _split_field(text)
        if '"' in field:
            raise FormatError(f"{where}: a quote inside the principals.")
    return tuple(field.split(",")), rest


def _parse_line(line: str, where: str) -> Entry | None:
    text = line.lstrip(_WHITESPACE)
    if not text or text.startswith("#"):
        return None
    principals, rest = _parse_principals(text, where)
    first, _ = _split_field(rest)
    options: dict[str, str] = {}
    if first not in KEY_TYPES:
        options, rest = _parse_options(rest, where)
    name, rest = _split_field(rest)
    encoded, comment = _split_field(rest)
    if not name or not encoded:
        raise FormatError(f"{where}: the key is missing.")
    try:
        key, _ = parse_openssh_public_key(f"{name} {encoded}")
    except FormatError as error:
        raise FormatError(f"{where}: {error}") from error
    namespaces = options.get(OPTION_NAMESPACES)
    after = options.get(OPTION_VALID_AFTER)
    before = options.get(OPTION_VALID_BEFORE)
    valid_after = None if after is None else _parse_time(after, where)
    valid_before = None if before is None else _parse_time(before, where)
    try:
        return Entry(
            principals=principals,
            public_key=key,
            namespaces=None if namespaces is None else tuple(namespaces.split(",")),
            valid_after=valid_after,
            valid_before=valid_before,
            comment=comment.rstrip(_WHITESPACE),
        )
    except FormatError as error:
        raise FormatError(f"{where}: {error}") from error


def parse(text: str | bytes) -> list[Entry]:
    """Parse an allowed_signers file. Any line that cannot be read refuses the whole file."""
    if not isinstance(text, str | bytes | bytearray):
        raise TypeError("allowed signers are a str or bytes")
    if len(text) > MAX_ALLOWED_SIGNERS_BYTES:
        raise LimitError("The allowed signers file is larger than this program allows.")
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError("The allowed signers file is not valid UTF-8.") from None
    entries = []
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.removesuffix("\r")
        where = f"allowed signers, line {number}"
        if any(is_control(char) and char != "\t" for char in line):
            raise FormatError(f"{where}: control characters.")
        entry = _parse_line(line, where)
        if entry is not None:
            entries.append(entry)
    return entries


# --- writing -------------------------------------------------------------------------------------


def _format_entry(entry: Entry) -> str:
    principals = ",".join(entry.principals)
    if any(char in _WHITESPACE for char in principals) or principals.startswith("#"):
        principals = f'"{principals}"'
    options = []
    if entry.namespaces is not None:
        options.append(f'{OPTION_NAMESPACES}="{",".join(entry.namespaces)}"')
    if entry.valid_after is not None:
        options.append(f'{OPTION_VALID_AFTER}="{entry.valid_after.strftime(TIME_FORMAT)}"')
    if entry.valid_before is not None:
        options.append(f'{OPTION_VALID_BEFORE}="{entry.valid_before.strftime(TIME_FORMAT)}"')
    fields = [principals]
    if options:
        fields.append(",".join(options))
    fields.append(public_key_to_openssh(entry.public_key))
    if entry.comment:
        fields.append(entry.comment)
    return " ".join(fields) + "\n"


def format(entries: Iterable[Entry]) -> str:
    """Write entries as an allowed_signers file that ssh-keygen reads as they mean."""
    return "".join(_format_entry(entry) for entry in entries)


# --- verifying -----------------------------------------------------------------------------------


def _verification_time(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None:
        raise ValueError("the verification time must be timezone-aware")
    return at


def verify(
    message: sshsig.Message,
    signature: str | bytes,
    namespace: str,
    principal: str,
    entries: Iterable[Entry],
    *,
    at: datetime | None = None,
) -> Entry:
    """Verify a signature by ``principal`` for ``namespace``, as ``ssh-keygen -Y verify`` does.

    ``at`` is the time of verification (now by default; ``-O verify-time``). Returns the entry
    that allowed the signer. Raises ``SignatureError`` when no entry allows the signer's key for
    this principal, namespace and time, or when the signature does not verify; ``FormatError``
    when the signature is malformed.
    """
    when = _verification_time(at)
    signer = sshsig.parse_signature(signature).public_key_blob
    for entry in entries:
        if (
            public_key_to_wire(entry.public_key) == signer
            and entry.matches_principal(principal)
            and entry.allows_namespace(namespace)
            and entry.is_valid_at(when)
        ):
            sshsig.verify(message, signature, namespace, [entry.public_key])
            return entry
    raise SignatureError(
        "No allowed signer entry lets this key sign for this person, purpose and time."
    )


def find_principals(
    signature: str | bytes, entries: Iterable[Entry], *, at: datetime | None = None
) -> list[str]:
    """The principals of the first entry holding the signer's key, as ``-Y find-principals``.

    Like ssh-keygen, this looks the key up (checking the validity window, not the namespace)
    and does **not** verify the signature: use it to learn whom to verify for, then ``verify``.
    An empty list when no entry matches.
    """
    when = _verification_time(at)
    signer = sshsig.parse_signature(signature).public_key_blob
    for entry in entries:
        if public_key_to_wire(entry.public_key) == signer and entry.is_valid_at(when):
            return list(entry.principals)
    return []
