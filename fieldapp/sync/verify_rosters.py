"""Who may have signed a bundle: the roster an auditor verifies against (``Roster``).

Two serve: an OpenSSH allowed_signers file, read as ``ssh-keygen -Y verify`` reads it
(``AllowedSignersRoster``: it knows when a key's line expires, not which bundles came before),
and the archive's list of enrolled devices with each revoked one's last good bundle
(``DeviceListRoster``, from a signed roster.json).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from crypto import allowed_signers, sshkeys
from fieldapp.sync.manifest import BUNDLE_NAMESPACE, PACK_NAMESPACE

REJECTED_REVOKED = "its device was revoked before it made this bundle."
#: An allowed_signers file knows when a key's line expires, not which bundles came before.
REJECTED_EXPIRED = (
    "its device's key is no longer valid in this allowed_signers file (the device was revoked"
    " since), which does not say whether this bundle came before; check it against roster.json."
)


class Roster(Protocol):
    """Who may sign bundles: the source of trust for verification."""

    def keys(self) -> Sequence[str]:
        """Every device key (``ssh-ed25519 …``) that may have signed a bundle."""
        ...

    def key_allowed(self, fingerprint: str, sequence: int) -> bool:
        """Whether that device's key may have signed its bundle number ``sequence``."""
        ...

    @property
    def refusal(self) -> str:
        """Why a bundle whose key is not allowed (``key_allowed``) is refused."""
        ...


class AllowedSignersRoster:
    """An OpenSSH allowed_signers file, read as ``ssh-keygen -Y verify`` reads it.

    A key counts for bundles when its line allows the namespace ``fieldapp-bundle@v1`` and is
    valid now (valid-after, valid-before). It says nothing of sequences: a revoked device is
    refused for every bundle once its line expires, as ssh-keygen would.
    """

    def __init__(
        self, entries: Iterable[allowed_signers.Entry], at: datetime | None = None
    ) -> None:
        when = at or datetime.now(UTC)
        given = list(entries)
        self._entries = [e for e in given if e.allows_namespace(BUNDLE_NAMESPACE)]
        self._valid = {
            sshkeys.fingerprint(e.public_key) for e in self._entries if e.is_valid_at(when)
        }
        self._pack_keys = [
            sshkeys.public_key_to_openssh(e.public_key)
            for e in given
            if e.allows_namespace(PACK_NAMESPACE) and e.is_valid_at(when)
        ]

    @classmethod
    def parse(cls, text: str | bytes) -> "AllowedSignersRoster":
        """Raises crypto's FormatError for a file that is not an allowed_signers file."""
        return cls(allowed_signers.parse(text))

    def keys(self) -> Sequence[str]:
        return [sshkeys.public_key_to_openssh(e.public_key) for e in self._entries]

    def key_allowed(self, fingerprint: str, sequence: int) -> bool:
        return fingerprint in self._valid

    def pack_keys(self) -> Sequence[str]:
        """The keys valid now for ``fieldapp-pack@v1``: the coordinator's line, as ssh-keygen
        would read it for a pack's VERIFY.txt."""
        return list(self._pack_keys)

    @property
    def refusal(self) -> str:
        return REJECTED_EXPIRED


@dataclass(frozen=True)
class EnrolledDevice:
    fingerprint: str
    public_key: str
    #: For a revoked device, the last bundle it made before it was revoked; None: not revoked.
    last_good_sequence: int | None = None
    revoked: bool = False


class DeviceListRoster:
    """A roster of enrolled devices, with the sequence of each revoked one's last good bundle."""

    def __init__(self, devices: Iterable[EnrolledDevice]) -> None:
        self._devices = {d.fingerprint: d for d in devices}

    def keys(self) -> Sequence[str]:
        return [d.public_key for d in self._devices.values()]

    def key_allowed(self, fingerprint: str, sequence: int) -> bool:
        device = self._devices.get(fingerprint)
        if device is None:
            return False
        return not device.revoked or sequence <= (device.last_good_sequence or 0)

    @property
    def refusal(self) -> str:
        return REJECTED_REVOKED
