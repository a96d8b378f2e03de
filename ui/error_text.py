"""What a person reads when something fails: one translated sentence per error type.

The core's errors carry plain English; here each type the desktop app meets gets a translated
sentence. Another ``FieldappError`` falls back to its own message (written for people, and
never holding a record's content); anything else gets a generic sentence: never a traceback.
"""

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from fieldapp import errors
from fieldapp.services import audio, importing, setup


def _throttled(error: BaseException) -> str:
    seconds = math.ceil(getattr(error, "seconds", 0.0))
    if seconds <= 0:
        return QCoreApplication.translate(
            "errors", "Too many wrong passphrases; wait a moment before trying again."
        )
    return QCoreApplication.translate(
        "errors",
        "Too many wrong passphrases; wait %n second(s) before trying again.",
        None,
        seconds,
    )


# Exact types: a subclass (RecordPurgedError) often says something more specific than its parent.
_SENTENCES: dict[type[BaseException], Callable[[BaseException], str]] = {
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
    setup.FolderInUseError: lambda _: QCoreApplication.translate(
        "errors",
        "This folder already holds other files and no workspace; nothing was made. Choose an"
        " empty folder, or a new one, for the workspace.",
    ),
    setup.WorkspaceNotWritableError: lambda _: QCoreApplication.translate(
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
}


def error_text(error: BaseException) -> str:
    """The sentence to show for ``error``."""
    sentence = _SENTENCES.get(type(error))
    if sentence is not None:
        return sentence(error)
    if isinstance(error, errors.FieldappError):
        return error.message
    if isinstance(error, OSError):  # a stick pulled, a drive gone: never its path (a name)
        return QCoreApplication.translate(
            "errors",
            "The drive or folder could not be read or written: check that it is still"
            " connected, then try again.",
        )
    return QCoreApplication.translate(
        "errors", "Something went wrong and the operation did not complete."
    )
