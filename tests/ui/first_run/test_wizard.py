"""The first-run wizard end to end, on real workspaces: what is on disk afterwards, what opens
it, and that refusals, failures and cancelling leave nothing behind."""

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from crypto import age
from fieldapp.errors import WorkspaceNotFoundError
from fieldapp.services import archive, enrolment, session
from tests.ui.first_run.support import (
    CREATION_TIMEOUT_MS,
    CUSTODIAN_PASSPHRASE,
    PASSPHRASE,
    make_wizard,
)
from ui.views.first_run.state import PageId


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_an_interviewer_sets_up_a_laptop_and_writes_the_request(qtbot, private_tmp):
    root, stick = private_tmp / "workspace", private_tmp / "stick"
    stick.mkdir()
    driver = make_wizard(qtbot, root)
    wizard = driver.wizard

    driver.choose_role()
    driver.give_label("Laptop 7")
    driver.give_passphrase()
    driver.forward()
    assert not root.exists()  # nothing on disk before the Create page
    driver.create()
    assert (root / "keys.json").exists()
    assert wizard.passphrase_page.form.text() == ""  # not kept once the workspace exists
    assert wizard.state.passphrase == ""
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # no second creation
    code = driver.take_recovery_code()
    assert len(code.split("-")) == 7
    driver.read_back(code)

    # The code is gone from every widget and from the wizard's state.
    assert wizard.recovery_code_page.display.text() == ""
    assert all(field.text() == "" for field in wizard.read_back_page.fields)
    assert wizard.state.recovery_code is None

    assert driver.page == PageId.REQUEST
    page = wizard.request_page
    fingerprint = wizard.state.fingerprint
    shown = page.fingerprint.text().splitlines()
    assert enrolment.parse_spoken_fingerprint(" ".join(shown[:-1])) == fingerprint
    assert shown[-1] == fingerprint
    driver.type_into(page.folder, str(stick))
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.request_file is not None, timeout=CREATION_TIMEOUT_MS)
    request = enrolment.read_request(wizard.state.request_file)
    assert request.fingerprint == fingerprint
    assert request.request.label == "Laptop 7"
    assert wizard.state.request_file.parent == stick

    driver.forward()
    assert driver.page == PageId.FINISH
    assert "Apply pack" in wizard.finish_page.next_steps.text()
    with qtbot.waitSignal(wizard.setup_finished) as finished:
        driver.forward()
    ws = finished.args[0]
    assert enrolment.enrolment_status(ws)["fingerprint"] == fingerprint
    session.lock(ws)

    session.unlock(root, PASSPHRASE).lock()
    session.unlock_with_recovery_code(root, code).lock()


def test_a_coordinator_sets_up_the_archive_and_its_custodian_file(qtbot, private_tmp):
    root, custodian_file = private_tmp / "archive", private_tmp / "custodian.age"
    driver = make_wizard(qtbot, root)
    wizard = driver.wizard

    driver.choose_role(coordinator=True)
    driver.give_label("HQ")
    driver.give_passphrase()
    driver.forward()
    # The custodian's passphrase may not be the archive's.
    driver.give_custodian(custodian_file, PASSPHRASE)
    assert not driver.forward_button().isEnabled()
    assert wizard.custodian_page.status.text() == (
        "This passphrase must differ from the workspace's own."
    )
    driver.give_custodian(root / "custodian.age")  # not inside the archive
    assert driver.forward_button().isEnabled()
    driver.forward()
    assert driver.page == PageId.CUSTODIAN
    assert wizard.custodian_page.status.text() == (
        "Keep the custodian file apart from the archive, not inside its folder."
    )
    driver.give_custodian(custodian_file)
    driver.forward()
    assert not custodian_file.exists()
    driver.create()
    driver.read_back(driver.take_recovery_code())

    assert driver.page == PageId.FINISH  # no enrolment request for an archive
    assert wizard.finish_page.custodian_file.text() == str(custodian_file)
    assert "hand it to the custodian" in wizard.finish_page.next_steps.text()
    with qtbot.waitSignal(wizard.setup_finished) as finished:
        driver.forward()
    ws = finished.args[0]
    try:
        keys = archive.require_archive(ws)
    finally:
        session.lock(ws)

    text = io.BytesIO()
    with custodian_file.open("rb") as handle:
        age.decrypt(handle, text, passphrase=CUSTODIAN_PASSPHRASE)
    identities = age.parse_identities_file(text.getvalue().decode("ascii"))
    assert [age.recipient_of(i) for i in identities] == list(keys.custodian_recipients)
    assert age.parse_recipient(keys.archive_recipients[0]).post_quantum
    session.unlock(root, PASSPHRASE).lock()


def test_the_read_back_refuses_wrong_groups(qtbot, private_tmp):
    driver = make_wizard(qtbot, private_tmp / "workspace")
    driver.choose_role()
    driver.give_label("")
    driver.give_passphrase()
    driver.forward()
    driver.create()
    code = driver.take_recovery_code()
    page = driver.wizard.read_back_page
    groups = code.split("-")
    first, second = page.asked
    assert [label.text() for label in page.labels] == [f"Group {first + 1}", f"Group {second + 1}"]

    driver.type_into(page.fields[0], groups[first])
    driver.type_into(page.fields[1], "ZZZZ" if groups[second] != "ZZZZ" else "YYYY")
    assert not driver.forward_button().isEnabled()
    assert "does not match" in page.status.text()
    driver.type_into(page.fields[0], groups[second] if groups[second] != groups[first] else "0000")
    driver.type_into(page.fields[1], groups[second])
    assert not driver.forward_button().isEnabled()

    driver.type_into(page.fields[0], groups[first])
    assert driver.forward_button().isEnabled()
    assert page.status.text() == ""
    driver.forward()
    assert driver.page == PageId.REQUEST
    assert not driver.wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    with qtbot.waitSignal(driver.wizard.setup_finished) as finished:
        driver.wizard.reject()  # after the read-back, leaving (Escape, closing) finishes
    session.lock(finished.args[0])
    session.unlock(private_tmp / "workspace", PASSPHRASE).lock()


def test_a_weak_passphrase_is_refused_with_its_sentence(qtbot, private_tmp):
    driver = make_wizard(qtbot, private_tmp / "workspace")
    driver.choose_role()
    driver.give_label("Laptop 7")
    driver.give_passphrase("password1234")

    assert not driver.forward_button().isEnabled()
    status = driver.wizard.passphrase_page.status.text()
    assert status == (
        "Too weak: Avoid common passwords and words about this work; add unrelated words."
    )
    assert driver.wizard.passphrase_page.form.meter.bar.value() <= 1

    driver.give_passphrase("laptop 7 laptop 7")  # the label is a word a guesser knows
    assert not driver.forward_button().isEnabled()


def test_two_different_passphrases_are_refused(qtbot, private_tmp):
    driver = make_wizard(qtbot, private_tmp / "workspace")
    driver.choose_role()
    driver.give_label("")
    driver.give_passphrase(PASSPHRASE, PASSPHRASE + "!")

    assert not driver.forward_button().isEnabled()
    assert driver.wizard.passphrase_page.status.text() == (
        "The two passphrases differ; type the same one twice."
    )


def test_cancelling_before_creation_leaves_nothing(qtbot, private_tmp):
    driver = make_wizard(qtbot, private_tmp / "archive")
    driver.choose_role(coordinator=True)
    driver.give_label("HQ")
    driver.give_passphrase()
    driver.forward()
    driver.give_custodian(private_tmp / "custodian.age")
    driver.forward()
    assert driver.page == PageId.CREATE

    with qtbot.waitSignal(driver.wizard.rejected):
        qtbot.mouseClick(
            driver.wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton
        )
    assert _files(private_tmp) == []


def test_cancelling_before_the_code_was_read_back_removes_the_new_workspace(qtbot, private_tmp):
    driver = make_wizard(qtbot, private_tmp / "archive")
    driver.choose_role(coordinator=True)
    driver.give_label("HQ")
    driver.give_passphrase()
    driver.forward()
    driver.give_custodian(private_tmp / "custodian.age")
    driver.forward()
    driver.create()
    assert (private_tmp / "custodian.age").exists()

    with (
        qtbot.assertNotEmitted(driver.wizard.setup_finished),
        qtbot.waitSignal(driver.wizard.rejected),
    ):
        qtbot.keyClick(driver.wizard, Qt.Key.Key_Escape)
    assert _files(private_tmp) == []
    assert not session.workspace_exists(private_tmp / "archive")


def test_a_failed_creation_says_why_and_leaves_nothing(qtbot, private_tmp):
    (private_tmp / "a-file").write_bytes(b"not a folder")
    root = private_tmp / "a-file" / "workspace"
    driver = make_wizard(qtbot, root)
    driver.choose_role()
    driver.give_label("")
    driver.give_passphrase()
    driver.forward()

    driver.forward()
    page = driver.wizard.create_page
    qtbot.waitUntil(lambda: not page.busy, timeout=CREATION_TIMEOUT_MS)
    assert page.status.text().startswith(
        "The workspace could not be created in this folder; nothing was made."
    )
    assert driver.page == PageId.CREATE
    assert driver.wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert _files(private_tmp) == ["a-file"]


def test_a_removed_set_up_leaves_no_workspace_to_open(qtbot, private_tmp):
    root = private_tmp / "workspace"
    driver = make_wizard(qtbot, root)
    driver.choose_role()
    driver.give_label("")
    driver.give_passphrase()
    driver.forward()
    driver.create()
    driver.wizard.reject()

    assert not session.workspace_exists(root)
    with pytest.raises(WorkspaceNotFoundError):
        session.unlock(root, PASSPHRASE)


def test_the_first_pages_work_from_the_keyboard_alone(qtbot, private_tmp):
    driver = make_wizard(qtbot, private_tmp / "archive")
    wizard = driver.wizard
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    assert wizard.focusWidget() is wizard.role_page.interviewer

    qtbot.keyClick(wizard.role_page.interviewer, Qt.Key.Key_Down)  # radio buttons: arrows
    assert wizard.role_page.coordinator.isChecked()
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    assert driver.page == PageId.LABEL
    qtbot.keyClicks(wizard.label_page.label, "HQ")
    qtbot.keyClick(wizard.label_page.label, Qt.Key.Key_Return)
    assert driver.page == PageId.PASSPHRASE
    assert wizard.focusWidget() is wizard.passphrase_page.form.passphrase
    qtbot.keyClicks(wizard.focusWidget(), "amber lantern quietly folds")
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Tab)
    assert wizard.focusWidget() is wizard.passphrase_page.form.confirmation
    qtbot.keyClicks(wizard.focusWidget(), "amber lantern quietly folds")
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    assert driver.page == PageId.CUSTODIAN
    assert wizard.focusWidget() is wizard.custodian_page.file
