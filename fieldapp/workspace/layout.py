"""Where a workspace lives and what it holds."""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "fieldapp"
WORKSPACE_ENV = "FIELDAPP_WORKSPACE"
KEY_FILE = "keys.json"
DATABASE_FILE = "fieldapp.db"
BLOB_FOLDER = "blobs"
UNLOCK_COUNTER_FILE = "unlock-attempts.json"


def default_workspace_dir() -> Path:
    """``--workspace`` wins, then ``FIELDAPP_WORKSPACE``, then the platform's user data folder."""
    chosen = os.environ.get(WORKSPACE_ENV)
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workspace"


def default_demo_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"


@dataclass(frozen=True)
class WorkspaceLayout:
    root: Path

    @property
    def key_file(self) -> Path:
        return self.root / KEY_FILE

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def blobs(self) -> Path:
        return self.root / BLOB_FOLDER

    @property
    def unlock_counter(self) -> Path:
        return self.root / UNLOCK_COUNTER_FILE

    def database_companions(self) -> list[Path]:
        """The database and the files SQLite keeps beside it (WAL and shared memory)."""
        return [self.database, *(self.root / f"{DATABASE_FILE}{s}" for s in ("-wal", "-shm"))]

    def exists(self) -> bool:
        return self.key_file.exists()
