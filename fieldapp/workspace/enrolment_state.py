"""What a device knows of its archive once enrolled, kept in the encrypted database's meta.

Set only by applying an enrolment pack signed by the coordinator key the user confirmed; read
by export (to whom bundles are encrypted) and by pack application (which key to trust).
"""

import json
from dataclasses import dataclass

from fieldapp.errors import NotEnrolledError
from fieldapp.workspace.repository import Repository

META_COORDINATOR_KEY = "coordinator_key"
META_ARCHIVE_ID = "archive_id"
META_ARCHIVE_RECIPIENTS = "archive_recipients"
META_CUSTODIAN_RECIPIENTS = "custodian_recipients"
META_ENROLLED_AT = "enrolled_at"


@dataclass(frozen=True)
class Enrolment:
    coordinator_key: str
    archive_id: str
    archive_recipients: tuple[str, ...]
    custodian_recipients: tuple[str, ...]
    enrolled_at: str


def read_enrolment(repository: Repository) -> Enrolment | None:
    key = repository.meta(META_COORDINATOR_KEY)
    if key is None:
        return None
    return Enrolment(
        coordinator_key=key,
        archive_id=repository.meta(META_ARCHIVE_ID) or "",
        archive_recipients=tuple(json.loads(repository.meta(META_ARCHIVE_RECIPIENTS) or "[]")),
        custodian_recipients=tuple(json.loads(repository.meta(META_CUSTODIAN_RECIPIENTS) or "[]")),
        enrolled_at=repository.meta(META_ENROLLED_AT) or "",
    )


def require_enrolment(repository: Repository) -> Enrolment:
    enrolment = read_enrolment(repository)
    if enrolment is None:
        raise NotEnrolledError()
    return enrolment


def write_enrolment(repository: Repository, enrolment: Enrolment) -> None:
    """Store the enrolment (inside the caller's transaction)."""
    repository.set_meta(META_COORDINATOR_KEY, enrolment.coordinator_key)
    repository.set_meta(META_ARCHIVE_ID, enrolment.archive_id)
    repository.set_meta(META_ARCHIVE_RECIPIENTS, json.dumps(list(enrolment.archive_recipients)))
    repository.set_meta(META_CUSTODIAN_RECIPIENTS, json.dumps(list(enrolment.custodian_recipients)))
    repository.set_meta(META_ENROLLED_AT, enrolment.enrolled_at)
