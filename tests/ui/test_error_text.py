from fieldapp import errors
from ui.error_text import error_text


def test_known_types_get_their_sentence(qapp):
    assert error_text(errors.WrongPassphraseError()) == "The passphrase is wrong."
    assert "No workspace" in error_text(errors.WorkspaceNotFoundError("raiser's words"))


def test_throttled_says_how_long(qapp):
    text = error_text(errors.UnlockThrottledError(seconds=29.2))
    assert "30 second" in text
    assert "%n" not in text


def test_other_fieldapp_errors_use_their_message(qapp):
    error = errors.BundleRejectedError("the signature does not verify.")
    assert error_text(error) == error.message


def test_anything_else_gets_a_generic_sentence(qapp):
    text = error_text(KeyError("/home/x/secret.db Traceback"))
    assert "secret" not in text
    assert "Traceback" not in text
    assert text


def test_a_drive_that_went_away_is_said_so_without_its_path(qapp):
    pulled = OSError(5, "Input/output error", "/media/usb/Kim Chol-su.fieldpack")
    text = error_text(pulled)
    assert text.startswith("The drive or folder could not be read or written")
    assert "Kim" not in text


def test_errors_the_app_meets_have_their_own_sentence():
    from fieldapp.errors import NotEnrolledError
    from fieldapp.services import setup, setup_checks

    assert "enrolment pack" in error_text(NotEnrolledError())
    assert "nothing was made" in error_text(setup_checks.WorkspaceNotWritableError())
    assert "enrolment request" in error_text(setup.RequestNotWrittenError())
    assert "Another export" in error_text(errors.ExportRunningError())
    # Never the folder's own name (a folder may be named after a witness): a fixed sentence.
    named = setup_checks.FolderInUseError("/home/x/Kim Chol-su already holds other files")
    assert error_text(named).startswith("This folder already holds other files")
    assert "Kim" not in error_text(named)
