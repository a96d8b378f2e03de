"""A new recovery code on demand: the paper was lost, seen by someone, photographed at a
checkpoint, or a recovery set a new passphrase whose new code was never shown.

Two steps, as the first-run set-up's: ``make_recovery_code`` generates the code (nothing is
written) and picks two of its groups; the person copies it onto paper; ``confirm_read_back``
takes those two groups typed back from the paper; only then does ``store_recovery_code``
write it to ``keys.json``, in one atomic write that keeps the passphrase wrap. Until that
write the old code keeps working, and after it only the new one does: a cut anywhere leaves
exactly one valid code, and one that is on paper.

Changing a key wrap records no custody event (neither a change of passphrase nor a recovery
does): the log is about records and packs, and ``keys.json`` is not in it.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from crypto import keywrap
from fieldapp.workspace import Workspace

#: Groups typed back from the paper, as the set-up asks.
GROUPS_TO_READ_BACK = 2
GROUP_SEPARATOR = "-"
#: Crockford's base32 reads these as the digits they look like, as the recovery code does.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalise_group(text: str) -> str:
    """A group as typed (spaces, lower case, O for 0) as the code writes it."""
    return "".join(text.split()).upper().translate(_LOOK_ALIKES)


@dataclass
class NewRecoveryCode:
    """A code made and not stored yet: ``code`` to show once, ``asked`` the indices (from 0)
    of the groups to type back. ``forget`` drops the code (Python cannot overwrite a str)."""

    code: str
    asked: tuple[int, ...]
    confirmed: bool = field(default=False)

    @property
    def groups(self) -> list[str]:
        return self.code.split(GROUP_SEPARATOR) if self.code else []

    def matches(self, typed: Sequence[str]) -> list[bool]:
        """For each group asked, whether ``typed`` (in the order of ``asked``) is it."""
        groups = self.groups
        return [
            index < len(typed) and bool(groups) and normalise_group(typed[index]) == groups[asked]
            for index, asked in enumerate(self.asked)
        ]

    def forget(self) -> None:
        self.code = ""
        self.confirmed = False


def make_recovery_code() -> NewRecoveryCode:
    """A new code and the groups to read back; nothing is written (microseconds)."""
    code = keywrap.generate_recovery_code()
    count = len(code.split(GROUP_SEPARATOR))
    asked = sorted(secrets.SystemRandom().sample(range(count), GROUPS_TO_READ_BACK))
    return NewRecoveryCode(code, tuple(asked))


def confirm_read_back(new: NewRecoveryCode, typed: Sequence[str]) -> bool:
    """Whether ``typed`` are the groups asked; if so the code may be stored."""
    new.confirmed = bool(new.code) and all(new.matches(typed))
    return new.confirmed


def store_recovery_code(workspace: Workspace, new: NewRecoveryCode) -> None:
    """Write ``new`` to ``keys.json`` (the old code stops working). Only after
    ``confirm_read_back``: storing a code no one read back is the caller's mistake, refused
    with ``ValueError`` before anything is written."""
    if not new.confirmed or not new.code:
        raise ValueError("a recovery code is stored only once it was read back")
    workspace.set_recovery_code(new.code)
