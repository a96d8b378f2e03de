"""Looking for plaintext on disk: every byte of every file under some folders, for marker strings.

A marker is a random string planted in a record (or a secret the program holds); finding any
of its encodings in a file means the file holds that text in clear. Text markers are looked for
as UTF-8 and as UTF-16 in both byte orders (what Qt, Windows and some SQLite paths write); raw
markers (random bytes put into an attachment) as they are.
"""

import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TEXT_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
#: Hangul syllables: 가 … 힣.
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


@dataclass(frozen=True)
class Finding:
    marker: str
    encoding: str
    path: Path
    offset: int

    def __str__(self) -> str:
        return f"{self.marker} ({self.encoding}) in {self.path} at byte {self.offset}"


@dataclass
class Markers:
    """Random markers, fresh for each run, by the label of the place they were planted."""

    texts: dict[str, str] = field(default_factory=dict)
    raw: dict[str, bytes] = field(default_factory=dict)

    def ascii(self, label: str) -> str:
        # Lower case letters and digits only: one full-text token, which the tokenizer keeps as
        # it is, so the search index holds exactly this string too.
        return self._add(label, "zq" + secrets.token_hex(10))

    def korean(self, label: str) -> str:
        syllables = (
            chr(_HANGUL_FIRST + secrets.randbelow(_HANGUL_LAST - _HANGUL_FIRST + 1))
            for _ in range(8)
        )
        return self._add(f"{label} (hangul)", "".join(syllables))

    def secret(self, label: str, value: str) -> str:
        """A value the program was given or made (a passphrase, a key), to look for as well."""
        return self._add(label, value)

    def raw_bytes(self, label: str, value: bytes | None = None) -> bytes:
        value = secrets.token_bytes(24) if value is None else value
        if label in self.raw:
            raise ValueError(f"marker label {label!r} used twice")
        self.raw[label] = value
        return value

    def _add(self, label: str, value: str) -> str:
        if label in self.texts:
            raise ValueError(f"marker label {label!r} used twice")
        self.texts[label] = value
        return value

    def needles(self) -> dict[tuple[str, str], bytes]:
        found: dict[tuple[str, str], bytes] = {}
        for label, text in self.texts.items():
            for encoding in TEXT_ENCODINGS:
                found[(label, encoding)] = text.encode(encoding)
        for label, value in self.raw.items():
            found[(label, "raw")] = value
        return found


def files_under(folders: Iterable[Path]) -> list[Path]:
    """Every file below ``folders``, hidden ones included; symbolic links are not followed."""
    paths: list[Path] = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames.sort()
            paths.extend(Path(dirpath) / name for name in sorted(filenames))
    return paths


def scan(folders: Iterable[Path], needles: Mapping[tuple[str, str], bytes]) -> list[Finding]:
    """Every place any needle occurs, reading each file whole."""
    findings = []
    for path in files_under(folders):
        data = path.read_bytes()
        for (label, encoding), needle in needles.items():
            offset = data.find(needle)
            if offset >= 0:
                findings.append(Finding(label, encoding, path, offset))
    return findings
