"""Setting up an archive: its age identities, and the custodian who alone opens identities.

Bundles carry testimonies to the archive identities and witness identities to the custodian's
recipients only (GDPR Art. 4(5): the data that re-identifies a witness is kept apart). The
archive's identities live in its encrypted database; the custodian's never touch the archive.
It is either given as recipients (``age1…``) or made here and written straight into an age
passphrase file for the custodian to carry away.

Set-up is two steps around ``Workspace.create``: ``prepare_archive`` checks every option and
makes the keys; ``store_archive_keys``, run by ``Workspace.create`` in the new database before
its key file exists, stores them and writes the custodian file. So an archive can never exist
whose custodian identity failed to reach the disk (every identities.age sent to it would be
lost), nor one without its keys: a cut leaves no archive or a whole one. (``set_up_archive``
stores them in a workspace made before, as the demo and tests do; the custodian file is then
written by ``prepare_archive`` itself.)
"""

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from fieldapp.workspace.database import Connection, transaction
from fieldapp.workspace.files import atomic_writer
from fieldapp.workspace.repository import Repository

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
    #: The custodian file's bytes (age, under the custodian's passphrase) while it is still to
    #: be written: ``store_archive_keys`` writes them.
    custodian_bytes: bytes | None = field(default=None, repr=False)

    @property
    def custodian_digest(self) -> str:
        """SHA-256 (hex) of the custodian file to write; empty when there is none."""
        if self.custodian_bytes is None:
            return ""
        return hashlib.sha256(self.custodian_bytes).hexdigest()


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


def _custodian_file_bytes(
    identity: str, recipient: str, passphrase: str, work_factor: int
) -> bytes:
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"{_CUSTODIAN_HEADER}# created: {created}\n# public key: {recipient}\n{identity}\n"
    encrypted = io.BytesIO()
    age.encrypt_passphrase(
        io.BytesIO(text.encode("ascii")),
        encrypted,
        passphrase,
        armor=True,
        work_factor=work_factor,
    )
    return encrypted.getvalue()


def _write_custodian_file(path: Path, data: bytes) -> None:
    if path.exists():
        raise OutputExistsError()
    with atomic_writer(path) as handle:
        handle.write(data)


def prepare_archive(
    *,
    classic: bool = False,
    custodian_recipients: Sequence[str] = (),
    custodian_out: Path | None = None,
    custodian_passphrase: str | None = None,
    work_factor: int | None = None,
    deferred: bool = False,
) -> ArchivePlan:
    """Check the options, make the keys, and write the custodian file if one is asked for
    (``deferred``: leave it to ``store_archive_keys``, as the set-up does).

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
    data = None
    if custodian_out is not None and custodian_passphrase:
        identity, recipient = _generate(kind)
        # None is the real cost, looked up now (the test suite lowers it in one place).
        factor = CUSTODIAN_WORK_FACTOR if work_factor is None else work_factor
        data = _custodian_file_bytes(identity, recipient, custodian_passphrase, factor)
        if not deferred:
            _write_custodian_file(custodian_out, data)
            data = None
        recipients = (*given, recipient)
    return ArchivePlan(kind, archive_identity, archive_recipient, recipients, custodian_out, data)


def store_archive_keys(connection: Connection, repository: Repository, plan: ArchivePlan) -> None:
    """Store the planned keys in a new archive's database, then write a deferred custodian
    file: ``Workspace.create``'s ``initialise``, before the archive's key file exists."""
    with transaction(connection):
        if state.archive_identities(connection):
            raise WrongRoleError("This archive is already set up; its keys were left as they are.")
        state.add_archive_key(connection, plan.archive_recipient, plan.archive_identity)
        state.set_recipients(repository, (plan.archive_recipient,), plan.custodian_recipients)
    if plan.custodian_file is not None and plan.custodian_bytes is not None:
        _write_custodian_file(plan.custodian_file, plan.custodian_bytes)


def describe_archive(ws: Workspace, plan: ArchivePlan) -> ArchiveSetup:
    """What the set-up made of ``plan`` in ``ws`` (its signing key is the coordinator's)."""
    return ArchiveSetup(
        archive_id=ws.workspace_id,
        kind=plan.kind,
        archive_recipients=(plan.archive_recipient,),
        custodian_recipients=plan.custodian_recipients,
        coordinator_fingerprint=ws.fingerprint,
        custodian_file=plan.custodian_file,
    )


def set_up_archive(ws: Workspace, plan: ArchivePlan) -> ArchiveSetup:
    """Store the planned keys in a new archive workspace (its signing key is the coordinator's)."""
    if ws.role is not Role.ARCHIVE:
        raise WrongRoleError("Only an archive workspace has archive keys.")
    store_archive_keys(ws.connection, ws.repository, plan)
    return describe_archive(ws, plan)


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
