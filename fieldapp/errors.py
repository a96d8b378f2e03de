"""The errors of fieldapp: one base, flat kinds, each carrying the sentence a person reads.

A class's docstring is its default message; a raiser may give a more specific sentence. The UI
maps the *class* to translated text (``ui/error_text.py``) and the CLI prints the message, so a
message is plain English, one or two sentences, and never holds content from a record: messages
end up in logs, and a log must not hold a witness's words or name.
"""

import errno
import inspect
import math
from collections.abc import Mapping, Sequence
from typing import ClassVar


class FieldappError(Exception):
    """The operation failed."""

    #: A next step the user can take, printed by the CLI as ``fieldapp: hint: …``.
    hint: ClassVar[str | None] = None

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    @classmethod
    def default_message(cls) -> str:
        # getdoc, unlike __doc__, inherits the docstring of a parent that has one; a docstring
        # wrapped over lines is one sentence on one line.
        return " ".join((inspect.getdoc(cls) or "The operation failed.").split())

    @property
    def message(self) -> str:
        return str(self)


#: The values a refusal's reason (or a validation's sentence) shows, by the name of their
#: placeholder in its template.
ReasonArgs = Mapping[str, str | int]

#: How many further problems a validation found, after its sentence (``ValidationFailedError``).
MORE_PROBLEM = "({more} more problem.)"
MORE_PROBLEMS = "({more} more problems.)"


class ValidationFailedError(FieldappError):
    """The data is not valid."""

    def __init__(
        self,
        message: str | None = None,
        *,
        args: ReasonArgs | None = None,
        fields: Sequence[str] = (),
        more: int = 0,
    ) -> None:
        # Like a refusal's reason: ``message`` is a named template of its raise site, filled in
        # with ``args`` (``{subject}``, ``{field}`` and ``{phrase}`` are parts the UI translates
        # on their own), so that the desktop app can translate it before filling it in.
        template = message or self.default_message()
        values = {name: str(value) for name, value in (args or {}).items()}
        sentence = template.format(**values) if args is not None else template
        if more > 0:
            sentence += " " + (MORE_PROBLEM if more == 1 else MORE_PROBLEMS).format(more=more)
        super().__init__(sentence)
        #: Paths of the fields at fault (``narrative.redactions[1]``), for the UI to highlight.
        self.fields = tuple(fields)
        #: What the sentence was made from, for the UI to translate: the template, its values
        #: (as text) and how many more problems there were.
        self.template = template
        self.template_args = values
        self.more = more


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

    hint = (
        "If the passphrase is lost, run 'fieldapp recover' with the recovery code to set a new one."
    )


class UnlockThrottledError(FieldappError):
    """Too many wrong passphrases; wait before trying again."""

    def __init__(self, message: str | None = None, *, seconds: float = 0.0) -> None:
        wait = math.ceil(seconds)
        if message is None and wait > 0:
            unit = "second" if wait == 1 else "seconds"
            message = f"Too many wrong passphrases; wait {wait} {unit} before trying again."
        super().__init__(message)
        #: How long to wait, for the UI to count down.
        self.seconds = seconds


class WorkspaceBusyError(FieldappError):
    """Another task is still writing to this workspace (an import, for example); nothing was
    changed."""

    hint = "Try again once it has finished."


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


class WipeInterruptedError(FieldappError):
    """An emergency wipe of this folder was interrupted; run 'fieldapp wipe --yes' again to
    finish it."""


class SetupUnfinishedError(WorkspaceNotFoundError):
    """The set-up of this workspace was not finished (its recovery code was never confirmed);
    set it up again: the set-up starts over."""

    hint = "Run 'fieldapp init' again, or open the desktop app: nothing was recorded there."


class NotEnrolledError(FieldappError):
    """This device is not enrolled with an archive yet."""

    hint = "Write an enrolment request (fieldapp enrol request) and apply the coordinator's pack."


class WrongRecoveryCodeError(FieldappError):
    """The recovery code is wrong."""


class RecordNotFoundError(FieldappError):
    """No such record in this workspace."""


class RecordPurgedError(RecordNotFoundError):
    """This record's content was purged from this device after the archive confirmed it."""


class AmbiguousIdError(FieldappError):
    """More than one record starts with this id; give more of it."""


class StorageFullError(FieldappError):
    """The disk is full; nothing was changed. Free some space and try again."""


#: The errors of a full disk (or quota): the user frees space, nothing else is wrong.
FULL_DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def _filled(template: str, args: ReasonArgs | None) -> tuple[str, dict[str, str]]:
    """The reason in English, and the values it shows as text. Reasons are module-level
    templates (``{fingerprint}`` where a value is shown) so that the UI can translate the
    template first and fill it in after; ``tests/fieldapp/test_reason_constants.py`` holds every
    raise site to that."""
    values = {name: str(value) for name, value in (args or {}).items()}
    return template.format(**values), values


class BundleRejectedError(FieldappError):
    """The bundle was refused."""

    def __init__(
        self, reason: str, *, args: ReasonArgs | None = None, missing: int | None = None
    ) -> None:
        sentence, values = _filled(reason, args)
        super().__init__(f"The bundle was refused: {sentence}")
        #: The sentence saying why, without the preamble, for the CLI and the import report.
        self.reason = sentence
        #: What ``reason`` was made from, for the UI to translate: the template and its values.
        self.reason_template = reason
        self.reason_args = values
        #: Refused for a missing earlier bundle from its device: that bundle's number.
        self.missing = missing


class Cancelled(FieldappError):  # noqa: N818 - the name says what happened, as in magic-wormhole
    """The operation was cancelled; nothing was changed."""


class BundleTooLargeError(FieldappError):
    """The bundle would be larger than a bundle can be (4 GiB, or too many parts)."""

    hint = "Export fewer records or attachments at a time: each export makes one bundle."


class ArchiveRecordsReadOnlyError(FieldappError):
    """The archive keeps testimonies as their laptops sent them; nothing was changed. A
    testimony and its consent are recorded on the laptop that recorded it; a withdrawal of
    consent received at the office is recorded on the archive as an office withdrawal."""


class ConsentNotHeldError(FieldappError):
    """The archive holds no consent for this testimony yet, so there is nothing to withdraw;
    nothing was recorded."""

    hint = "Import the laptop's bundles first: the consent arrives with its testimony."


class NotADeviceError(FieldappError):
    """Only an interviewer's device exports bundles."""


class ExportConflictError(FieldappError):
    """The workspace changed while the bundle was being written; nothing was exported."""

    hint = "Export again: the new bundle will hold the changes too."


class ExportRunningError(FieldappError):
    """Another export from this workspace is running; nothing was exported."""

    hint = "Export again once it has finished (in the other window or command)."


class BundleFileExistsError(FieldappError):
    """A file with this bundle's name is already in the chosen folder; nothing was exported."""

    hint = "Move that file away, or export to another folder."


class BundleWriteError(FieldappError):
    """The bundle could not be written to the chosen folder; nothing was exported."""

    hint = "Check that the drive is connected and writable, then export again."


class RosterUnreadableError(FieldappError):
    """The roster could not be read: it is damaged, or it is not a roster of devices."""

    hint = "Take the roster again from the archive, through a channel you trust."


# --- enrolment, packs, revocation and the roster -------------------------------------------------


class PackRejectedError(FieldappError):
    """The pack was refused; nothing was changed."""

    def __init__(self, reason: str | None = None, *, args: ReasonArgs | None = None) -> None:
        sentence, values = (None, {}) if reason is None else _filled(reason, args)
        super().__init__(None if sentence is None else f"The pack was refused: {sentence}")
        #: The sentence saying why, without the preamble; its template and values, as above.
        self.reason = sentence
        self.reason_template = reason
        self.reason_args = values


class EnrolmentRequestRejectedError(FieldappError):
    """The enrolment request was refused."""

    def __init__(self, reason: str | None = None, *, args: ReasonArgs | None = None) -> None:
        sentence, values = (None, {}) if reason is None else _filled(reason, args)
        super().__init__(
            None if sentence is None else f"The enrolment request was refused: {sentence}"
        )
        self.reason = sentence
        self.reason_template = reason
        self.reason_args = values


class RosterRejectedError(FieldappError):
    """The roster was refused: it is not a valid roster signed by the expected coordinator."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(None if reason is None else f"The roster was refused: {reason}")
        self.reason = reason


class FingerprintMismatchError(FieldappError):
    """The key's fingerprint is not the one expected; nothing was changed."""

    hint = "Compare the fingerprint again, over a channel you trust (in person or by phone)."


class FingerprintNotConfirmedError(FieldappError):
    """The key's fingerprint was not confirmed; nothing was changed."""

    hint = (
        "Compare the fingerprint by voice, then answer yes, or pass --expect-fingerprint FP "
        "(--yes only in scripts that checked it another way)."
    )


class WrongRoleError(FieldappError):
    """This command is not for this kind of workspace."""


class ArchiveNotSetUpError(FieldappError):
    """This archive has no archive or custodian keys; it was not set up completely."""


class DeviceAlreadyEnrolledError(FieldappError):
    """A device with this key is already enrolled; nothing was changed."""

    hint = "A device is enrolled once. A new key (a new workspace) needs a new request."


class DeviceNotFoundError(FieldappError):
    """No enrolled device has this fingerprint."""

    hint = "List the enrolled devices with 'fieldapp device list'."


class RevokedDeviceRequestError(DeviceAlreadyEnrolledError):
    """This laptop was enrolled and then revoked: its bundles are refused, and a new request
    does not enrol it again; nothing was changed."""

    hint = (
        "If it is to be trusted again, reinstate it on the record, with a reason: fieldapp"
        " device reinstate FINGERPRINT --reason TEXT --out DIR (its pack goes to the laptop)."
    )


class DeviceAlreadyRevokedError(FieldappError):
    """This device is already revoked; nothing was changed."""


class NoRevocationsError(FieldappError):
    """No device is revoked: there is no revocation to send."""


class AlreadyEnrolledError(FieldappError):
    """This device is already enrolled with an archive; nothing was changed."""


class DeviceRevokedError(FieldappError):
    """The archive revoked this device: it can no longer export bundles."""

    hint = "Ask the coordinator; records made here can be handed over only by other means."


class OutputExistsError(FieldappError):
    """The output file already exists; it was left as it is."""

    hint = "Choose another name, or move the existing file away first."


class PackConflictError(FieldappError):
    """Another pack was written for this device at the same time; nothing was written."""

    hint = "Write the pack again."


# --- sending a lost bundle's records again (device) ----------------------------------------------


class BundleNeverSentError(FieldappError):
    """This device never exported a bundle with that number; nothing was changed."""

    hint = "The bundles this device sent are numbered 1, 2, … in the order they were exported."


class BundleAcknowledgedError(FieldappError):
    """A receipt from the archive says it holds this bundle; nothing was changed."""

    hint = "Its records are in the archive already and need not travel again."


class BundleAlreadyResentError(FieldappError):
    """This bundle's records were already sent again; nothing was changed."""

    hint = "They go in the next export, or went in one already."


class BundleUnfinishedError(FieldappError):
    """This bundle's export was interrupted and is not finished yet; nothing was changed."""

    hint = "Export once (it finishes the bundle, or sends its records again if its file is gone)."


# --- the custodian's identities files -------------------------------------------------------------


class CustodianError(FieldappError):
    """The witness identities could not be shown."""

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        super().__init__(message)
        #: The file at fault, for the CLI to name when several were given.
        self.path = path


class WrongCustodianPassphraseError(CustodianError):
    """The custodian passphrase is wrong; nothing was shown."""


class NotACustodianFileError(CustodianError):
    """This is not a custodian file; nothing was shown."""

    hint = "Give the file that 'fieldapp init --role archive --custodian-out FILE' wrote."


class NotAnIdentitiesFileError(CustodianError):
    """This file is neither a bundle nor an identities file; nothing was shown."""

    hint = "Give a bundle, or a <bundle-id>.age file from the archive's custodian folder."


class IdentitiesForAnotherCustodianError(CustodianError):
    """This identities file is encrypted to another custodian, not to this custodian file."""


class IdentitiesFileDamagedError(CustodianError):
    """This identities file is damaged or was altered; nothing of it was shown."""


class FolderNotFoundError(FieldappError):
    """The folder does not exist; nothing was written."""


# --- k-of-n shares of a workspace's keys (`fieldapp keys shares`, `keys restore --shares`) -------
# A share's words are key material: no sentence here ever holds one; a share is named by its
# position in what was given.


class KeySharesError(FieldappError):
    """The key shares cannot be used; nothing was written."""


class ShareCountError(KeySharesError):
    """Shares are made 2 to 16 at a time, with 2 or more of them needed to restore the keys and
    no more than were made (1 needed would make each share a copy of the keys)."""


class ShareNotValidError(KeySharesError):
    """A share is not a valid share of a workspace's keys (a word may be mistyped, missing or out
    of place); nothing was written."""

    hint = "Check that share's words against its paper, in order."

    def __init__(self, position: int | None = None) -> None:
        super().__init__(
            None
            if position is None
            else f"Share {position} is not a valid share of a workspace's keys (a word may be"
            " mistyped, missing or out of place); nothing was written."
        )
        #: Where the share came in what was given (1 for the first), never its words.
        self.position = position


class SharesOfDifferentSplitsError(KeySharesError):
    """The shares are not all of one split of the keys; nothing was written."""

    hint = "Give shares made together, by one run of 'fieldapp keys shares'."

    def __init__(self, position: int | None = None) -> None:
        super().__init__(
            None
            if position is None
            else f"Share {position} is of another split of the keys than share 1; nothing was"
            " written."
        )
        self.position = position


class SameShareTwiceError(KeySharesError):
    """The same share was given twice; nothing was written."""

    def __init__(self, first: int | None = None, second: int | None = None) -> None:
        super().__init__(
            None
            if first is None or second is None
            else f"Shares {first} and {second} are the same share; nothing was written."
        )


class TooFewSharesError(KeySharesError):
    """Too few shares were given to restore the keys; nothing was written."""

    def __init__(self, needed: int | None = None, given: int | None = None) -> None:
        super().__init__(
            None
            if needed is None or given is None
            else f"{needed} shares are needed; {given} {'was' if given == 1 else 'were'}"
            " given. Nothing was written."
        )
        self.needed = needed
        self.given = given


class TooManySharesError(KeySharesError):
    """At most 16 shares can be given; nothing was written."""


class SharesOfAnotherWorkspaceError(KeySharesError):
    """The shares do not open this workspace copy: they are of another workspace's keys, or its
    database is damaged; nothing was written."""
