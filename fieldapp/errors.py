"""The errors of fieldapp: one base, flat kinds, each carrying the sentence a person reads.

A class's docstring is its default message; a raiser may give a more specific sentence. The UI
maps the *class* to translated text (``ui/error_text.py``) and the CLI prints the message, so a
message is plain English, one or two sentences, and never holds content from a record: messages
end up in logs, and a log must not hold a witness's words or name.
"""

import inspect
import math
from collections.abc import Sequence
from typing import ClassVar


class FieldappError(Exception):
    """The operation failed."""

    #: A next step the user can take, printed by the CLI as ``fieldapp: hint: …``.
    hint: ClassVar[str | None] = None

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    @classmethod
    def default_message(cls) -> str:
        # getdoc, unlike __doc__, inherits the docstring of a parent that has one.
        return inspect.getdoc(cls) or "The operation failed."

    @property
    def message(self) -> str:
        return str(self)


class ValidationFailedError(FieldappError):
    """The data is not valid."""

    def __init__(self, message: str | None = None, *, fields: Sequence[str] = ()) -> None:
        super().__init__(message)
        #: Paths of the fields at fault (``narrative.redactions[1]``), for the UI to highlight.
        self.fields = tuple(fields)


class ConsentRequiredError(FieldappError):
    """The witness's consent does not allow this."""

    hint = "Record the witness's consent, or a new version of it, before sealing."

    def __init__(self, message: str | None = None, *, missing: Sequence[object] = ()) -> None:
        super().__init__(message)
        #: The checklist items that are not met (``lifecycle.SealItem``), for the UI to list.
        self.missing = tuple(missing)


class IncompleteRecordError(FieldappError):
    """The record is not complete enough to be sealed."""

    def __init__(self, message: str | None = None, *, missing: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.missing = tuple(missing)


class RecordSealedError(FieldappError):
    """This record is sealed and cannot be changed."""

    hint = "Correct a sealed record with an amendment."


class InvalidTransitionError(FieldappError):
    """This step is not allowed for a record in its present state."""


class InvalidPseudonymError(FieldappError):
    """This is not a valid pseudonym code; check it for a typing mistake."""


class WrongPassphraseError(FieldappError):
    """The passphrase is wrong."""

    hint = "If the passphrase is lost, unlock the workspace with its recovery code."


class UnlockThrottledError(FieldappError):
    """Too many wrong passphrases; wait before trying again."""

    def __init__(self, message: str | None = None, *, seconds: float = 0.0) -> None:
        wait = math.ceil(seconds)
        if message is None and wait > 0:
            message = f"Too many wrong passphrases; wait {wait} seconds before trying again."
        super().__init__(message)
        #: How long to wait, for the UI to count down.
        self.seconds = seconds


class WorkspaceLockedError(FieldappError):
    """The workspace is locked; unlock it with its passphrase first."""


class WorkspaceNotFoundError(FieldappError):
    """No workspace was found at this location."""

    hint = "Create one with 'fieldapp init', or choose another with --workspace."


class WorkspaceDamagedError(FieldappError):
    """The workspace's files are damaged or were altered, and it cannot be opened."""

    hint = "Restore the workspace from its backup; keep the damaged copy for examination."


class AttachmentDamagedError(FieldappError):
    """An attachment is damaged or was altered: it is not the file that was recorded."""


class WorkspaceExistsError(FieldappError):
    """A workspace already exists at this location; it was left as it is."""

    hint = "Choose another folder with --workspace, or open the existing workspace."


class WrongRecoveryCodeError(FieldappError):
    """The recovery code is wrong."""


class RecordNotFoundError(FieldappError):
    """No such record in this workspace."""


class AmbiguousIdError(FieldappError):
    """More than one record starts with this id; give more of it."""


class StorageFullError(FieldappError):
    """The disk is full; nothing was changed. Free some space and try again."""


class BundleRejectedError(FieldappError):
    """The bundle was refused."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"The bundle was refused: {reason}")
        #: The sentence saying why, without the preamble, for the UI and the import report.
        self.reason = reason


class Cancelled(FieldappError):  # noqa: N818 - the name says what happened, as in magic-wormhole
    """The operation was cancelled; nothing was changed."""


class BundleTooLargeError(FieldappError):
    """The bundle would be larger than a bundle can be (4 GiB, or too many parts)."""

    hint = "Export fewer records or attachments at a time: each export makes one bundle."
