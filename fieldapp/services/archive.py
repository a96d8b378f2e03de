"""Setting up an archive: its age identities, and the custodian who alone opens identities.

Bundles carry testimonies to the archive identities and witness identities to the custodian's
recipients only (GDPR Art. 4(5): the data that re-identifies a witness is kept apart). The
archive's identities live in its encrypted database; the custodian's never touch the archive.
It is either given as recipients (``age1…``) or made here and written straight into an age
passphrase file for the custodian to carry away.

Set-up is two steps around ``Workspace.create``: ``prepare_archive`` checks every option and
writes the custodian file *first*, so that an archive can never exist whose custodian identity
failed to reach the disk (every identities.age sent to it would be lost); ``set_up_archive``
then stores the keys in the new workspace.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crypto import age
from crypto.errors import CryptoError
from fieldapp.errors import (
    ArchiveNotSetUpError,
    DeviceNotFoundError,
    OutputExistsError,
    ValidationFailedError,
    WrongRoleError,
)
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.database import transaction
from fieldapp.workspace.files import atomic_writer

# The custodian file guards every witness identity for decades and is opened rarely: scrypt
# work factor 2^20 (about a second and 1 GiB), as for key backups, above age's default 18.
CUSTODIAN_WORK_FACTOR = 20
HYBRID = "hybrid"
CLASSIC = "classic"
_CUSTODIAN_HEADER = (
    "# fieldapp custodian identity. Keep it apart from the archive (GDPR Art. 4(5)).\n"
    "# It opens the identities.age of every bundle. age 1.1 and later read it still encrypted:\n"
    "#     age -d -i CUSTODIAN_FILE identities.age   (age asks for the custodian passphrase)\n"
    "# Post-quantum (AGE-SECRET-KEY-PQ-1) identities need age 1.3 or later.\n"
)


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NOT_AN_AGE_RECIPIENT = "A custodian recipient is not an age recipient (age1… or age1pq1…)."
RECIPIENTS_POST_QUANTUM = (
    "The custodian recipients must be post-quantum (age1pq1…), like the archive's keys (age "
    "forbids mixing the two kinds in one file)."
)
RECIPIENTS_CLASSIC = (
    "The custodian recipients must be classic (age1…), like the archive's keys (age forbids mixing "
    "the two kinds in one file)."
)
RECIPIENT_TWICE = "A custodian recipient is given twice."
NEEDS_A_CUSTODIAN = (
    "An archive needs a custodian: give --custodian-recipient, or --custodian-out FILE."
)
CUSTODIAN_FILE_UNPROTECTED = "The custodian file needs a passphrase."


@dataclass(frozen=True)
class ArchivePlan:
    """Checked options and fresh keys for a new archive, before its workspace exists."""

    kind: str  # HYBRID or CLASSIC
    archive_identity: str
    archive_recipient: str
    custodian_recipients: tuple[str, ...]
    custodian_file: Path | None


@dataclass(frozen=True)
class ArchiveSetup:
    archive_id: str
    kind: str
    archive_recipients: tuple[str, ...]
    custodian_recipients: tuple[str, ...]
    coordinator_fingerprint: str
    custodian_file: Path | None


def _generate(kind: str) -> tuple[str, str]:
    return age.generate_x25519() if kind == CLASSIC else age.generate_hybrid()


def _check_custodian_recipients(recipients: Sequence[str], kind: str) -> tuple[str, ...]:
    checked: list[str] = []
    for text in recipients:
        try:
            recipient = age.parse_recipient(text)
        except CryptoError as e:
            raise ValidationFailedError(NOT_AN_AGE_RECIPIENT) from e
        # One kind per archive: a classic custodian beside post-quantum archive keys would leave
        # the identities, the most dangerous data, open to "harvest now, decrypt later".
        if recipient.post_quantum != (kind == HYBRID):
            raise ValidationFailedError(
                RECIPIENTS_POST_QUANTUM if kind == HYBRID else RECIPIENTS_CLASSIC
            )
        normalised = text.strip()
        if normalised in checked:
            raise ValidationFailedError(RECIPIENT_TWICE)
        checked.append(normalised)
    return tuple(checked)


def _write_custodian_file(
    path: Path, identity: str, recipient: str, passphrase: str, work_factor: int
) -> None:
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"{_CUSTODIAN_HEADER}# created: {created}\n# public key: {recipient}\n{identity}\n"
    if path.exists():
        raise OutputExistsError()
    with atomic_writer(path) as handle:
        age.encrypt_passphrase(
            io.BytesIO(text.encode("ascii")),
            handle,
            passphrase,
            armor=True,
            work_factor=work_factor,
        )


def prepare_archive(
    *,
    classic: bool = False,
    custodian_recipients: Sequence[str] = (),
    custodian_out: Path | None = None,
    custodian_passphrase: str | None = None,
    work_factor: int = CUSTODIAN_WORK_FACTOR,
) -> ArchivePlan:
    """Check the options, make the keys, and write the custodian file if one is asked for.

    Call before ``Workspace.create``: a refused option leaves nothing behind.
    """
    kind = CLASSIC if classic else HYBRID
    given = _check_custodian_recipients(custodian_recipients, kind)
    if not given and custodian_out is None:
        raise ValidationFailedError(NEEDS_A_CUSTODIAN)
    if custodian_out is not None and custodian_out.exists():
        raise OutputExistsError()
    if custodian_out is not None and not custodian_passphrase:
        raise ValidationFailedError(CUSTODIAN_FILE_UNPROTECTED)
    archive_identity, archive_recipient = _generate(kind)
    recipients = given
    if custodian_out is not None and custodian_passphrase:
        identity, recipient = _generate(kind)
        _write_custodian_file(custodian_out, identity, recipient, custodian_passphrase, work_factor)
        recipients = (*given, recipient)
    return ArchivePlan(kind, archive_identity, archive_recipient, recipients, custodian_out)


def set_up_archive(ws: Workspace, plan: ArchivePlan) -> ArchiveSetup:
    """Store the planned keys in a new archive workspace (its signing key is the coordinator's)."""
    if ws.role is not Role.ARCHIVE:
        raise WrongRoleError("Only an archive workspace has archive keys.")
    with transaction(ws.connection):
        if state.archive_identities(ws.connection):
            raise WrongRoleError("This archive is already set up; its keys were left as they are.")
        state.add_archive_key(ws.connection, plan.archive_recipient, plan.archive_identity)
        state.set_recipients(ws.repository, (plan.archive_recipient,), plan.custodian_recipients)
    return ArchiveSetup(
        archive_id=ws.workspace_id,
        kind=plan.kind,
        archive_recipients=(plan.archive_recipient,),
        custodian_recipients=plan.custodian_recipients,
        coordinator_fingerprint=ws.fingerprint,
        custodian_file=plan.custodian_file,
    )


@dataclass(frozen=True)
class ArchiveKeys:
    """What an archive's packs and rosters need: its id and the recipients it tells devices."""

    archive_id: str
    archive_recipients: tuple[str, ...]
    custodian_recipients: tuple[str, ...]


def require_archive(ws: Workspace) -> ArchiveKeys:
    """The archive's recipients; refused on a device, or on an archive never set up."""
    if ws.role is not Role.ARCHIVE:
        raise WrongRoleError("This command is for the archive workspace.")
    archive = state.archive_recipients(ws.repository)
    custodian = state.custodian_recipients(ws.repository)
    if not archive or not custodian:
        raise ArchiveNotSetUpError()
    return ArchiveKeys(ws.workspace_id, archive, custodian)


def find_enrolled_device(ws: Workspace, fingerprint: str) -> state.DeviceRecord:
    """An enrolled device of this archive, by its key's fingerprint."""
    require_archive(ws)
    device = state.find_device(ws.connection, fingerprint)
    if device is None:
        raise DeviceNotFoundError()
    return device
