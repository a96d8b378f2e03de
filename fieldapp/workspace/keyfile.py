"""``keys.json``: the master key wrapped under the passphrase and under the recovery code.

The file holds no secret in clear: each wrap is a ``crypto.keywrap`` blob (Argon2id or HKDF,
then ChaCha20-Poly1305). It is read strictly and capped before parsing, since a damaged or
planted key file must give one clear error and never a crash.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import WorkspaceDamagedError, WorkspaceExistsError, WorkspaceNotFoundError
from fieldapp.workspace.files import (
    TEMP_PREFIX,
    destroy_file,
    write_atomically,
    write_new_atomically,
)
from fieldapp.workspace.key_replacement import replace_existing

KEY_FILE_FORMAT = "fieldapp-keys/1"
MAX_KEY_FILE_BYTES = 16 * 1024
_FIELDS = {"format", "workspace_id", "passphrase_wrap", "recovery_wrap"}


@dataclass(frozen=True)
class KeyFile:
    workspace_id: str
    passphrase_wrap: bytes
    recovery_wrap: bytes

    def to_bytes(self) -> bytes:
        document = {
            "format": KEY_FILE_FORMAT,
            "passphrase_wrap": self.passphrase_wrap.decode("ascii"),
            "recovery_wrap": self.recovery_wrap.decode("ascii"),
            "workspace_id": self.workspace_id,
        }
        return json.dumps(document, sort_keys=True, indent=1).encode("ascii") + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes) -> "KeyFile":
        if len(data) > MAX_KEY_FILE_BYTES:
            raise WorkspaceDamagedError()
        try:
            document = json.loads(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise WorkspaceDamagedError() from None
        if not isinstance(document, dict) or set(document) != _FIELDS:
            raise WorkspaceDamagedError()
        if document["format"] != KEY_FILE_FORMAT:
            raise WorkspaceDamagedError()
        # Strings, and ASCII ones: a JSON escape (\u00e9) puts other characters in an ASCII file.
        if not all(isinstance(document[k], str) and document[k].isascii() for k in _FIELDS):
            raise WorkspaceDamagedError()
        return cls(
            workspace_id=document["workspace_id"],
            passphrase_wrap=document["passphrase_wrap"].encode("ascii"),
            recovery_wrap=document["recovery_wrap"].encode("ascii"),
        )

    @classmethod
    def parses(cls, data: bytes) -> bool:
        """Whether ``data`` is a key file (``fieldapp-keys/1``): what the wipe overwrites even
        under a name with other hard links (``files.destroy_file``)."""
        try:
            cls.from_bytes(data)
        except WorkspaceDamagedError:
            return False
        return True

    @classmethod
    def read(cls, path: Path) -> "KeyFile":
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_KEY_FILE_BYTES + 1)
        except FileNotFoundError:
            raise WorkspaceNotFoundError() from None
        return cls.from_bytes(data)

    def write(self, path: Path, *, replace: bool = True) -> None:
        """Write the key file atomically. With ``replace=False`` (a restore) an existing key
        file is never replaced, even one written after the caller last looked (a restore in
        another window or the CLI during this one's Argon2id): ``WorkspaceExistsError``, and
        nothing is changed."""
        if replace:
            write_atomically(path, self.to_bytes())
            return
        try:
            write_new_atomically(path, self.to_bytes())
        except FileExistsError:
            raise WorkspaceExistsError(
                "This workspace already has its keys; nothing was changed."
            ) from None

    def replace(self, path: Path) -> None:
        """Write the key file atomically in place of the one at ``path``, only if that one is
        still there when the new one takes its name (``key_replacement``): a passphrase or
        recovery code changed while an emergency wipe destroys the keys must not put them back.
        ``WorkspaceNotFoundError`` then, and nothing is left of the new file."""
        replace_existing(path, self.to_bytes())


def destroy_temporaries(root: Path) -> None:
    """Destroy (overwrite, then remove) every temporary a cut write left in the workspace's
    folder. A key file's replacement cut after its swap leaves the old key file there: a wrap
    of the master key under the passphrase or code just replaced, perhaps because it was
    seen. Unlinked only, its bytes would stay in the disk's free blocks; a second hard link
    to it (a ``cp -al`` snapshot) is overwritten too when its bytes are a key file."""
    for leftover in root.glob(f"{TEMP_PREFIX}*"):
        destroy_file(leftover, overwrite_linked_if=KeyFile.parses)
