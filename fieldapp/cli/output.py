"""How the CLI prints: JSON for scripts, short aligned lines for people.

Record text is printed as it is; the terminal is the user's own, and nothing here interprets
it. Errors go to stderr as one line.
"""

import json
import sys
from collections.abc import Sequence
from typing import Any

PROGRAM = "fieldapp"


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    sys.stdout.write("\n")


def print_result(as_json: bool, result: dict[str, Any]) -> None:
    """One result: JSON, or a line a field (``last good sequence: 4``; lists joined, yes or no,
    none for nothing)."""
    if as_json:
        print_json(result)
        return
    for key, value in result.items():
        if isinstance(value, list):
            value = ", ".join(map(str, value)) or "none"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        elif value is None:
            value = "none"
        print(f"{key.replace('_', ' ')}: {value}")


def counted(count: int, one: str, many: str) -> str:
    """``1 testimony``, ``2 testimonies``."""
    return f"{count} {one if count == 1 else many}"


def print_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        line = "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        print(line.rstrip())


def plain_text(text: str) -> str:
    """``text`` with every character a terminal would not print as itself escaped (``\\x1b``,
    ``\\u202e``, ``\\udcff`` for a name's byte that is not UTF-8): a file name comes from
    whoever named the file, and a terminal obeys escape sequences (it could be made to hide or
    rewrite the line that names it)."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def error(message: str, hint: str | None = None) -> None:
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    if hint:
        print(f"{PROGRAM}: hint: {hint}", file=sys.stderr)


def note(message: str) -> None:
    print(message, file=sys.stderr)
