"""Helpers for tests that need a real workspace: creating one fast, fresh records, snapshots.

Fixtures live in each package's ``conftest.py``; these plain functions are what they share, so
that ``tests/fieldapp/services`` builds workspaces exactly as ``tests/fieldapp/workspace`` does.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from crypto import keywrap
from fieldapp.domain import ConsentRecord, Testimony, new_pseudonym
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.database import Connection
from tests.fieldapp.domain.factories import make_consent, make_testimony

PASSPHRASE = "correct horse battery staple 말"
WRONG_PASSPHRASE = "correct horse battery stapler"
#: The fast Argon2id parameters: every wrap made in these tests uses them.
PARAMS = keywrap.TEST_PARAMS
INTERVIEW_LENGTH = timedelta(hours=2)


@dataclass(frozen=True)
class CreatedWorkspace:
    workspace: Workspace
    recovery_code: str

    @property
    def root(self) -> Path:
        return self.workspace.layout.root


def create_workspace(root: Path, passphrase: str = PASSPHRASE) -> CreatedWorkspace:
    ws, code = Workspace.create(root, passphrase, Role.INTERVIEWER, params=PARAMS)
    return CreatedWorkspace(ws, code)


def new_testimony(**overrides: Any) -> tuple[Testimony, ConsentRecord]:
    """A testimony with an id and pseudonym of its own, and the consent that belongs to it."""
    testimony_id = overrides.pop("id", None) or uuid4()
    pseudonym = overrides.pop("pseudonym", None) or new_pseudonym()
    if "started_at" in overrides and "ended_at" not in overrides:
        overrides["ended_at"] = overrides["started_at"] + INTERVIEW_LENGTH
    testimony = make_testimony(id=testimony_id, pseudonym=pseudonym, **overrides)
    return testimony, make_consent(testimony_id=testimony_id, pseudonym=pseudonym)


def uuid_with_prefix(prefix: str) -> UUID:
    """A random UUID whose text starts with ``prefix`` (hex digits)."""
    return UUID(prefix + uuid4().hex[len(prefix) :])


def table_names(connection: Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [row[0] for row in rows]


def stored_state(connection: Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (the search index's shadow tables too), in a stable order."""
    return {
        name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)  # noqa: S608
        for name in table_names(connection)
    }


def file_snapshot(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """The bytes of every file under ``root``, by relative path."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name not in skip
    }
