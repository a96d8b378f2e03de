"""What the first-run pages share: the choices made so far and the new workspace.

The recovery code is held here only until the person has read two groups of it back; then
``forget_recovery_code`` drops it (Python cannot overwrite a ``str`` in place: dropping every
reference is what it can do).
"""

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from fieldapp.services import setup


class PageId(IntEnum):
    ROLE = 0
    LABEL = 1
    PASSPHRASE = 2
    CUSTODIAN = 3
    CREATE = 4
    RECOVERY_CODE = 5
    READ_BACK = 6
    REQUEST = 7
    FINISH = 8


@dataclass
class SetupState:
    root: Path
    key_params: object | None
    coordinator: bool = False
    label: str = ""
    passphrase: str = ""
    custodian_file: Path | None = None
    custodian_passphrase: str = ""
    classic: bool = False
    working: bool = False
    # After creation:
    workspace: object | None = None  # opaque: handed to the services only
    fingerprint: str = ""
    recovery_code: str | None = None
    #: The recovery code was read back: the workspace is complete and will be kept.
    confirmed: bool = False
    request_file: Path | None = None

    def take(self, result: setup.SetupResult) -> None:
        """Keep what the set-up made, and forget the passphrases it needed."""
        self.workspace = result.workspace
        self.fingerprint = result.fingerprint
        self.recovery_code = result.recovery_code
        self.custodian_file = result.custodian_file
        self.passphrase = ""
        self.custodian_passphrase = ""

    def forget_recovery_code(self) -> None:
        self.recovery_code = None
