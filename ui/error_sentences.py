"""The sentence of every error the desktop app can meet, in the app's language: the table
``ui.error_text`` looks an error's type up in.

The core's errors carry plain English; a refusal (of a bundle, a pack, a request) gets its
translated reason (``ui.reason_texts``), a validation its translated template
(``ui.validation_texts``), another type its own sentence. ``CLI_ONLY`` names the types only the
command line raises, which stay English; ``tests/ui/test_error_sentences.py`` fails when a type
of the core is in neither.
"""

import math
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from fieldapp import errors
from fieldapp.services import (
    audio,
    custodian,
    importing,
    pack_resend,
    pack_writing,
    setup,
    setup_checks,
    standing,
)
from ui.reason_texts import translated_reason
from ui.validation_texts import translated_validation

#: Errors defined in, and raised only by, the command line (``fieldapp.cli``): the desktop app
#: never imports it, so it cannot meet them; the CLI prints their English message.
CLI_ONLY: frozenset[str] = frozenset(
    {
        # `fieldapp purge` without --yes; the app purges nothing.
        "fieldapp.cli.commands_import.PurgeNotConfirmedError",
        # `fieldapp wipe` without --yes; the app has no wipe.
        "fieldapp.cli.commands_workspace.WipeNotConfirmedError",
        # `fieldapp init` whose output pipe closed before the recovery code was printed; the
        # app shows the code on screen.
        "fieldapp.cli.commands_workspace.CodeNotShownError",
        # `fieldapp keys recovery-code`: no terminal and no --yes-print-code, groups typed back
        # wrong, or the code's output closed; the app's dialog says its own sentences.
        "fieldapp.cli.keys_recovery_code.RecoveryCodeNeedsTerminalError",
        "fieldapp.cli.keys_recovery_code.RecoveryCodeNotReadBackError",
        "fieldapp.cli.keys_recovery_code.RecoveryCodeNotPrintedError",
        "fieldapp.cli.keys_recovery_code.RecoveryCodePrintedToTerminalError",
        # A command on a copy whose keys.json is missing; the window offers the restore.
        "fieldapp.cli.session.KeysMissingError",
        # `fieldapp keys restore` with a wrong backup passphrase; the app's restore dialog says
        # its own sentence for it.
        "fieldapp.cli.commands_keys.WrongBackupPassphraseError",
        # `fieldapp keys shares` on no terminal, or stopped before every share was shown.
        "fieldapp.cli.commands_keys.SharesNeedTerminalError",
        "fieldapp.cli.commands_keys.SharesNotAllShownError",
        # Reading a passphrase from a terminal, an environment variable or a file: the app
        # reads passphrases from its own fields.
        "fieldapp.cli.secrets_input.EmptyPassphraseError",
        "fieldapp.cli.secrets_input.PassphraseFileError",
        "fieldapp.cli.secrets_input.PassphraseMismatchError",
        "fieldapp.cli.secrets_input.PassphraseNotAFileError",
        "fieldapp.cli.secrets_input.PassphraseUnavailableError",
    }
)


#: Services of the core the desktop app has no screen for, and so never imports.
NO_SCREEN_SERVICES: tuple[str, ...] = ()
#: Errors of the core that only those services raise (in ``fieldapp.errors``, where a service's
#: errors live): the command line prints their English message. ``tests/ui/test_error_sentences``
#: checks that no module of ``ui/`` imports a service above.
NO_SCREEN: frozenset[str] = frozenset(
    {
        # `keys shares` given counts out of bounds, which the app's spin boxes, held to the
        # service's own limits, never give (ui/views/key_shares_dialog.py).
        "fieldapp.errors.ShareCountError",
    }
)


class ErrorCounts(QObject):
    """The translation context of the sentences that count (``%n``); never instantiated.
    lupdate reads a class's ``tr(text, "", n)`` as a plural, with its English forms, but not
    the module-level translate function given a count: English would say "second(s)"."""


def _throttled(error: BaseException) -> str:
    seconds = math.ceil(getattr(error, "seconds", 0.0))
    if seconds <= 0:
        return QCoreApplication.translate(
            "errors", "Too many wrong passphrases; wait a moment before trying again."
        )
    return _wait_seconds(seconds)


def _wait_seconds(seconds: int) -> str:
    # A function of its own: after a ``translate`` call in the same function, lupdate puts a
    # class's ``tr`` in a context named for both, which the running app never asks for.
    return ErrorCounts.tr(
        "Too many wrong passphrases; wait %n second(s) before trying again.", "", seconds
    )


def _share_not_valid(error: BaseException) -> str:
    # By its position, never its words: the share is key material.
    position = getattr(error, "position", None)
    if position is None:
        return QCoreApplication.translate(
            "errors",
            "A share is not a valid share of a workspace's keys (a word may be mistyped, missing"
            " or out of place); nothing was written.",
        )
    return QCoreApplication.translate(
        "errors",
        "Share {position} is not a valid share of a workspace's keys (a word may be mistyped,"
        " missing or out of place); nothing was written.",
    ).format(position=position)


def _share_of_another_split(error: BaseException) -> str:
    position = getattr(error, "position", None)
    if position is None:
        return QCoreApplication.translate(
            "errors", "The shares are not all of one split of the keys; nothing was written."
        )
    return QCoreApplication.translate(
        "errors",
        "Share {position} is of another split of the keys than share 1; nothing was written.",
    ).format(position=position)


def _too_few_shares(error: BaseException) -> str:
    needed = getattr(error, "needed", None)
    if needed is None:
        return QCoreApplication.translate(
            "errors", "Too few shares were given to restore the keys; nothing was written."
        )
    return _shares_needed(needed)


def _shares_needed(needed: int) -> str:
    # A function of its own, as _wait_seconds is (lupdate's context for a class's ``tr``).
    return ErrorCounts.tr(
        "Too few shares were given: %n are needed to restore the keys; nothing was written.",
        "",
        needed,
    )


def _reason(error: BaseException) -> str | None:
    """A refusal's reason in the app's language (``ui.reason_texts``); None if it gave none."""
    template = getattr(error, "reason_template", None)
    if template is None:
        return None
    return translated_reason(template, getattr(error, "reason_args", {}))


def _bundle_refused(error: BaseException) -> str:
    return QCoreApplication.translate("errors", "The bundle was refused: {reason}").format(
        reason=_reason(error) or ""
    )


def _pack_refused(error: BaseException) -> str:
    reason = _reason(error)
    if reason is None:
        return QCoreApplication.translate("errors", "The pack was refused; nothing was changed.")
    return QCoreApplication.translate("errors", "The pack was refused: {reason}").format(
        reason=reason
    )


def _request_refused(error: BaseException) -> str:
    reason = _reason(error)
    if reason is None:
        return QCoreApplication.translate("errors", "The enrolment request was refused.")
    return QCoreApplication.translate(
        "errors", "The enrolment request was refused: {reason}"
    ).format(reason=reason)


#: The sentence of each error type the desktop app can meet, by exact type: a subclass
#: (RecordPurgedError) often says something more specific than its parent. A function makes the
#: sentence from the error (its values, its reason); a string is the type's own English sentence,
#: its docstring, translated by ``ui.error_text`` (``tests/ui/test_error_sentences.py`` holds each
#: to its docstring).
SENTENCES: dict[type[BaseException], Callable[[BaseException], str] | str] = {
    errors.ValidationFailedError: lambda error: translated_validation(
        cast(errors.ValidationFailedError, error)
    ),
    errors.BundleRejectedError: _bundle_refused,
    errors.PackRejectedError: _pack_refused,
    errors.EnrolmentRequestRejectedError: _request_refused,
    errors.WrongPassphraseError: lambda _: QCoreApplication.translate(
        "errors", "The passphrase is wrong."
    ),
    errors.UnlockThrottledError: _throttled,
    errors.WorkspaceNotFoundError: lambda _: QCoreApplication.translate(
        "errors", "No workspace was found in this folder."
    ),
    errors.WorkspaceDamagedError: lambda _: QCoreApplication.translate(
        "errors",
        "The workspace's files are damaged or were altered, and it cannot be opened. "
        "Restore it from its backup, and keep the damaged copy for examination.",
    ),
    errors.WorkspaceLockedError: lambda _: QCoreApplication.translate(
        "errors", "The workspace is locked; unlock it first."
    ),
    errors.WorkspaceBusyError: lambda _: QCoreApplication.translate(
        "errors",
        "Another task is still writing to this workspace (an import, for example); nothing was"
        " changed. Try again once it has finished.",
    ),
    errors.WrongRecoveryCodeError: lambda _: QCoreApplication.translate(
        "errors", "The recovery code is wrong."
    ),
    errors.RecordNotFoundError: lambda _: QCoreApplication.translate(
        "errors", "No such record in this workspace."
    ),
    errors.RecordPurgedError: lambda _: QCoreApplication.translate(
        "errors",
        "This testimony's content was removed from this laptop after the archive confirmed it"
        " holds it; the archive keeps it whole.",
    ),
    errors.RecordSealedError: lambda _: QCoreApplication.translate(
        "errors", "This record is sealed and cannot be changed; correct it with an amendment."
    ),
    errors.StorageFullError: lambda _: QCoreApplication.translate(
        "errors", "The disk is full; nothing was changed. Free some space and try again."
    ),
    errors.Cancelled: lambda _: QCoreApplication.translate(
        "errors", "The operation was cancelled; nothing was changed."
    ),
    errors.NotEnrolledError: lambda _: QCoreApplication.translate(
        "errors",
        "This laptop is not enrolled with an archive yet: write an enrolment request, then apply"
        " the coordinator's enrolment pack (Sync > Apply pack).",
    ),
    errors.BundleNeverSentError: lambda _: QCoreApplication.translate(
        "errors", "This laptop never exported a bundle with that number; nothing was changed."
    ),
    errors.BundleAcknowledgedError: lambda _: QCoreApplication.translate(
        "errors",
        "The archive's receipt says it holds this bundle: its records need not travel again.",
    ),
    errors.BundleAlreadyResentError: lambda _: QCoreApplication.translate(
        "errors", "This bundle's records were already sent again; nothing was changed."
    ),
    errors.BundleUnfinishedError: lambda _: QCoreApplication.translate(
        "errors",
        "This bundle's export was interrupted: export once, which finishes it; nothing was"
        " changed.",
    ),
    errors.ExportRunningError: lambda _: QCoreApplication.translate(
        "errors",
        "Another export from this workspace is running (in another window or command); export"
        " again once it has finished. Nothing was exported.",
    ),
    setup_checks.FolderInUseError: lambda _: QCoreApplication.translate(
        "errors",
        "This folder already holds other files and no workspace; nothing was made. Choose an"
        " empty folder, or a new one, for the workspace.",
    ),
    setup.SetupMarkerNotHonouredError: lambda _: QCoreApplication.translate(
        "errors",
        "This folder holds a workspace that its leftover set-up marker does not match, so the"
        " set-up did not start over; the workspace was kept as it is. Unlock the workspace in"
        " this folder, or choose another folder for a new one.",
    ),
    setup_checks.WorkspaceNotWritableError: lambda _: QCoreApplication.translate(
        "errors",
        "The workspace could not be created in this folder; nothing was made. Check that the"
        " folder exists and is writable, or choose another one.",
    ),
    audio.UnsupportedAudioError: lambda _: QCoreApplication.translate(
        "errors", "This recording is not in a format Fieldapp can play."
    ),
    audio.AudioDeviceError: lambda _: QCoreApplication.translate(
        "errors",
        "The microphone could not be opened, or it stopped; what was recorded before is kept.",
    ),
    setup.RequestNotWrittenError: lambda _: QCoreApplication.translate(
        "errors",
        "The enrolment request could not be written there. Check that the drive is connected"
        " and writable, then write it again.",
    ),
    importing.NotAnArchiveError: lambda _: QCoreApplication.translate(
        "errors", "Only the coordinator's archive imports bundles; this is a field laptop."
    ),
    errors.RevokedDeviceRequestError: lambda _: QCoreApplication.translate(
        "errors",
        "This laptop was revoked: its bundles are refused, and a new request does not enrol it"
        " again; nothing was changed. If it is to be trusted again, reinstate it on the command"
        " line (“fieldapp device reinstate”).",
    ),
    errors.DeviceAlreadyEnrolledError: lambda _: QCoreApplication.translate(
        "errors",
        "This device is already enrolled; nothing was changed. A lost enrolment pack can be"
        " written again, unchanged, with “fieldapp pack resend”.",
    ),
    errors.ConsentNotHeldError: lambda _: QCoreApplication.translate(
        "errors",
        "The archive holds no consent for this testimony yet, so there is nothing to withdraw;"
        " nothing was recorded. Import the laptop's bundles first.",
    ),
    # The docstrings of the other types, as they are (see above).
    errors.FieldappError: QT_TRANSLATE_NOOP("errors", "The operation failed."),
    errors.AlreadyEnrolledError: QT_TRANSLATE_NOOP(
        "errors", "This device is already enrolled with an archive; nothing was changed."
    ),
    errors.AmbiguousIdError: QT_TRANSLATE_NOOP(
        "errors", "More than one record starts with this id; give more of it."
    ),
    errors.ArchiveNotSetUpError: QT_TRANSLATE_NOOP(
        "errors", "This archive has no archive or custodian keys; it was not set up completely."
    ),
    errors.ArchiveRecordsReadOnlyError: QT_TRANSLATE_NOOP(
        "errors",
        "The archive keeps testimonies as their laptops sent them; nothing was changed. A"
        " testimony and its consent are recorded on the laptop that recorded it; a withdrawal of"
        " consent received at the office is recorded on the archive as an office withdrawal.",
    ),
    errors.AttachmentDamagedError: QT_TRANSLATE_NOOP(
        "errors", "An attachment is damaged or was altered: it is not the file that was recorded."
    ),
    errors.BundleFileExistsError: QT_TRANSLATE_NOOP(
        "errors",
        "A file with this bundle's name is already in the chosen folder; nothing was exported.",
    ),
    errors.BundleTooLargeError: QT_TRANSLATE_NOOP(
        "errors", "The bundle would be larger than a bundle can be (4 GiB, or too many parts)."
    ),
    errors.BundleWriteError: QT_TRANSLATE_NOOP(
        "errors", "The bundle could not be written to the chosen folder; nothing was exported."
    ),
    errors.ConsentRequiredError: QT_TRANSLATE_NOOP(
        "errors", "The witness's consent does not allow this."
    ),
    errors.CustodianError: QT_TRANSLATE_NOOP(
        "errors", "The witness identities could not be shown."
    ),
    errors.DeviceAlreadyRevokedError: QT_TRANSLATE_NOOP(
        "errors", "This device is already revoked; nothing was changed."
    ),
    errors.DeviceNotFoundError: QT_TRANSLATE_NOOP(
        "errors", "No enrolled device has this fingerprint."
    ),
    errors.DeviceRevokedError: QT_TRANSLATE_NOOP(
        "errors", "The archive revoked this device: it can no longer export bundles."
    ),
    errors.ExportConflictError: QT_TRANSLATE_NOOP(
        "errors", "The workspace changed while the bundle was being written; nothing was exported."
    ),
    errors.FingerprintMismatchError: QT_TRANSLATE_NOOP(
        "errors", "The key's fingerprint is not the one expected; nothing was changed."
    ),
    errors.FingerprintNotConfirmedError: QT_TRANSLATE_NOOP(
        "errors", "The key's fingerprint was not confirmed; nothing was changed."
    ),
    errors.FolderNotFoundError: QT_TRANSLATE_NOOP(
        "errors", "The folder does not exist; nothing was written."
    ),
    errors.IdentitiesFileDamagedError: QT_TRANSLATE_NOOP(
        "errors", "This identities file is damaged or was altered; nothing of it was shown."
    ),
    errors.IdentitiesForAnotherCustodianError: QT_TRANSLATE_NOOP(
        "errors",
        "This identities file is encrypted to another custodian, not to this custodian file.",
    ),
    errors.IncompleteRecordError: QT_TRANSLATE_NOOP(
        "errors", "The record is not complete enough to be sealed."
    ),
    errors.InvalidPseudonymError: QT_TRANSLATE_NOOP(
        "errors", "This is not a valid pseudonym code; check it for a typing mistake."
    ),
    errors.InvalidTransitionError: QT_TRANSLATE_NOOP(
        "errors", "This step is not allowed for a record in its present state."
    ),
    errors.NoRevocationsError: QT_TRANSLATE_NOOP(
        "errors", "No device is revoked: there is no revocation to send."
    ),
    errors.NotACustodianFileError: QT_TRANSLATE_NOOP(
        "errors", "This is not a custodian file; nothing was shown."
    ),
    errors.NotADeviceError: QT_TRANSLATE_NOOP(
        "errors", "Only an interviewer's device exports bundles."
    ),
    errors.NotAnIdentitiesFileError: QT_TRANSLATE_NOOP(
        "errors", "This file is neither a bundle nor an identities file; nothing was shown."
    ),
    errors.OutputExistsError: QT_TRANSLATE_NOOP(
        "errors", "The output file already exists; it was left as it is."
    ),
    errors.PackConflictError: QT_TRANSLATE_NOOP(
        "errors", "Another pack was written for this device at the same time; nothing was written."
    ),
    errors.RosterRejectedError: QT_TRANSLATE_NOOP(
        "errors",
        "The roster was refused: it is not a valid roster signed by the expected coordinator.",
    ),
    errors.RosterUnreadableError: QT_TRANSLATE_NOOP(
        "errors", "The roster could not be read: it is damaged, or it is not a roster of devices."
    ),
    errors.WorkspaceExistsError: QT_TRANSLATE_NOOP(
        "errors", "A workspace already exists at this location; it was left as it is."
    ),
    # The window offers a button to finish it; the CLI's sentence names the command.
    errors.WipeInterruptedError: lambda _: QCoreApplication.translate(
        "errors",
        "An emergency wipe of this folder was interrupted; finish it to destroy what is left.",
    ),
    errors.SetupUnfinishedError: QT_TRANSLATE_NOOP(
        "errors",
        "The set-up of this workspace was not finished (its recovery code was never confirmed);"
        " set it up again: the set-up starts over.",
    ),
    errors.WrongCustodianPassphraseError: QT_TRANSLATE_NOOP(
        "errors", "The custodian passphrase is wrong; nothing was shown."
    ),
    errors.WrongRoleError: QT_TRANSLATE_NOOP(
        "errors", "This command is not for this kind of workspace."
    ),
    # Restoring the keys from shares (ui/views/key_restore_dialog.py).
    errors.KeySharesError: QT_TRANSLATE_NOOP(
        "errors", "The key shares cannot be used; nothing was written."
    ),
    errors.ShareNotValidError: _share_not_valid,
    errors.SharesOfDifferentSplitsError: _share_of_another_split,
    errors.SameShareTwiceError: QT_TRANSLATE_NOOP(
        "errors", "The same share was given twice; nothing was written."
    ),
    errors.TooFewSharesError: _too_few_shares,
    errors.TooManySharesError: QT_TRANSLATE_NOOP(
        "errors", "At most 16 shares can be given; nothing was written."
    ),
    errors.SharesOfAnotherWorkspaceError: QT_TRANSLATE_NOOP(
        "errors",
        "The shares do not open this workspace copy: they are of another workspace's keys, or its"
        " database is damaged; nothing was written.",
    ),
    custodian.NotEnrolledDeviceError: QT_TRANSLATE_NOOP(
        "errors",
        "This file's device is not enrolled in the roster (or was revoked); nothing was shown.",
    ),
    importing.CustodianFolderNotAFolderError: QT_TRANSLATE_NOOP(
        "errors", "The archive's custodian folder is a link or not a folder; nothing was imported."
    ),
    # The CLI's sentence names the files; the window says what to do.
    pack_writing.PackNotNamedError: lambda _: QCoreApplication.translate(
        "errors",
        "The archive recorded the packs, but not every one could be written to the chosen folder;"
        " write them again, unchanged, with 'fieldapp pack resend'.",
    ),
    pack_resend.PackNotKeptError: QT_TRANSLATE_NOOP(
        "errors",
        "That pack was sent before this archive kept copies of its packs; it cannot be re-sent.",
    ),
    standing.DeviceNotRevokedError: QT_TRANSLATE_NOOP(
        "errors", "This device is not revoked; there is nothing to reinstate."
    ),
    standing.NoAcknowledgementInGapError: QT_TRANSLATE_NOOP(
        "errors",
        "No reinstatement of this device waits for an acknowledgement the gap could have carried;"
        " nothing was changed.",
    ),
    standing.NoGapError: QT_TRANSLATE_NOOP(
        "errors", "There is no gap to accept there: those bundles were imported or already excused."
    ),
}

#: Sentences a raiser gives instead of its type's, without values, where the desktop app can meet
#: them: ``ui.error_text`` shows their translation (another raiser's sentence reads as its type's
#: in a language other than English).
MESSAGES: tuple[str, ...] = (
    # fieldapp.services.audio (a recording longer than the player takes)
    QT_TRANSLATE_NOOP("errors", "This recording is too long to play here."),
    # fieldapp.sync.packs (an enrolment or revocation pack written on the archive)
    QT_TRANSLATE_NOOP("errors", "The pack's payload is larger than a pack's can be."),
    # fieldapp.services.packs and pack_preview (a pack opened on the archive)
    QT_TRANSLATE_NOOP("errors", "Packs are applied on a field device."),
    # fieldapp.domain.lifecycle (a purged testimony edited)
    QT_TRANSLATE_NOOP("errors", "This record has been purged."),
    # fieldapp.domain.pseudonym (a new testimony when every code is taken)
    QT_TRANSLATE_NOOP("errors", "No unused pseudonym code could be found."),
)
