"""The auditor's "Verify files" dialog on a real archive's files: an enrolled device's bundles,
its enrolment pack and the archive's signed roster; no workspace is opened by the dialog."""

import json
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fieldapp.errors import RosterUnreadableError
from fieldapp.services import enrolment, verification
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, enrol, make_device
from ui.error_text import error_text
from ui.views.verify_dialog import VerifyDialog
from ui.widgets.fingerprint_text import spoken_lines

from .verify_support import (
    WORK_TIMEOUT_MS,
    Stick,
    export_bundles,
    flip_a_byte_inside,
    make_stick,
    refused_through,
    verify_dialog,
    verify_through,
)

#: The verdict on good files checked against a roster whose key the auditor did not confirm:
#: anyone can sign a roster (and bundles) with keys of their own, so not "verified" (H5).
UNCONFIRMED_VERDICT = (
    "All {count} file(s) match this roster; the chains are unbroken. The roster is not"
    " confirmed as the coordinator's."
)
# Cancel is pressed at the first progress report: these take a while to hash after it.
CANCEL_ATTACHMENT_BYTES = 8 * 1024 * 1024
CANCEL_COPIES = 60


@pytest.fixture
def site(coordinator: Archive, device: Workspace, stick: Path, usb: Path) -> Stick:
    sent = enrol(coordinator, device, stick)
    return make_stick(coordinator, device, sent.path, usb)


def _given(dialog: VerifyDialog, files: list[Path], roster: Path, coordinator: str = "") -> None:
    dialog.add_file_paths(files)
    dialog.set_roster_path(roster)
    dialog.set_coordinator_text(coordinator)


def test_good_files_are_verified_against_the_confirmed_coordinator(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, [*site.bundles, site.pack], site.roster, site.coordinator)

    verify_through(qtbot, dialog)

    result = dialog.result
    assert result.verdict.text() == "All 4 file(s) verified; the chains are unbroken."
    assert result.roster.text() == (
        f"Roster: signed by the coordinator key {site.coordinator}, the one you entered, as"
        " expected. It lists 1 device(s)."
    )
    assert not result.caution.isVisible()
    assert not result.spoken.isVisible()
    lines = result.line_texts()
    device = f"“Laptop A” ({site.device})"
    for number, bundle in enumerate(site.bundles, start=1):
        assert f"{bundle.name} is verified: bundle {number} of the device {device}." in lines
    (pack_line,) = [line for line in lines if line.startswith(site.pack.name)]
    assert pack_line.startswith(f"{site.pack.name} is verified: an enrolment pack number 1")
    assert f"The device {device}, bundles 1-3: in order, no gap." in lines
    assert any(line.startswith("Packs to the device age1") for line in lines)
    assert lines[-1].endswith(", number 1: in order, no gap.")
    assert dialog.save_button.isEnabled()


def test_without_the_fingerprint_the_roster_key_is_shown_to_compare_aloud(
    qtbot, site: Stick
) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles, site.roster)

    verify_through(qtbot, dialog)

    result = dialog.result
    assert result.verdict.text() == UNCONFIRMED_VERDICT.format(count=3)
    assert result.caution.isVisible()
    assert "compare the roster's coordinator key" in result.caution.text()
    assert result.roster.text().startswith(
        f"Roster: signed by the coordinator key {site.coordinator}. It lists 1 device(s)."
    )
    assert result.spoken.isVisible()
    assert result.spoken.text() == spoken_lines(site.coordinator)


def test_a_roster_no_one_confirmed_never_gives_a_bare_verified(
    qtbot, coordinator: Archive, stick: Path, usb: Path, tmp_path: Path
) -> None:
    # A forger's stick: their own "coordinator" key signs a roster of their own device, whose
    # bundles are whole and in order. Without the real fingerprint, nothing here tells it from
    # the real archive's: the verdict must not read as if the files were proven genuine.
    forger = make_device(tmp_path / "forged", "Laptop A")
    try:
        enrol(coordinator, forger, stick)
        bundles = export_bundles(forger, usb, 2)
    finally:
        forger.lock()
    roster = usb / "roster.json"
    enrolment.export_roster(coordinator.ws, roster)
    dialog = verify_dialog(qtbot)
    _given(dialog, bundles, roster)

    verify_through(qtbot, dialog)

    verdict = dialog.result.verdict.text()
    assert "verified" not in verdict
    assert verdict == UNCONFIRMED_VERDICT.format(count=2)


def test_the_spoken_digits_confirm_the_coordinator_too(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    spoken = spoken_lines(site.coordinator).replace("\n", " ")
    _given(dialog, site.bundles[:1], site.roster, spoken)

    verify_through(qtbot, dialog)

    assert dialog.checked is not None
    assert dialog.checked.roster.confirmed
    assert "as expected" in dialog.result.roster.text()


def test_one_tampered_byte_refuses_that_file_and_only_it(
    qtbot, site: Stick, tmp_path: Path
) -> None:
    tampered = tmp_path / site.bundles[-1].name
    shutil.copy(site.bundles[-1], tampered)
    flip_a_byte_inside(tampered)
    dialog = verify_dialog(qtbot)
    _given(dialog, [*site.bundles[:-1], tampered, site.pack], site.roster, site.coordinator)

    verify_through(qtbot, dialog)

    lines = dialog.result.line_texts()
    assert dialog.result.verdict.text() == "1 of 4 file(s) refused."
    # The container's own check (each part's CRC) finds it before the manifest's hashes.
    assert f"{tampered.name} is refused: the file is damaged or is not a bundle." in lines
    verified = [line for line in lines if " is verified: " in line]
    assert len(verified) == 3  # the two bundles before it, and the pack


def test_two_files_of_one_name_are_told_apart_by_their_folders(
    qtbot, site: Stick, tmp_path: Path
) -> None:
    # The same name on two sticks, one of them tampered with: the auditor must learn which.
    genuine = site.bundles[-1]
    copy_folder = tmp_path / "second stick"
    copy_folder.mkdir()
    tampered = copy_folder / genuine.name
    shutil.copy(genuine, tampered)
    flip_a_byte_inside(tampered)
    dialog = verify_dialog(qtbot)
    _given(dialog, [*site.bundles, tampered], site.roster, site.coordinator)

    verify_through(qtbot, dialog)

    in_copy = f"{genuine.name} (in {copy_folder})"
    in_usb = f"{genuine.name} (in {genuine.parent})"
    listed = [dialog.file_list.item(row).text() for row in range(dialog.file_list.count())]
    assert listed[-2:] == [in_usb, in_copy]
    assert listed[0] == site.bundles[0].name  # a name given once stays short
    lines = dialog.result.line_texts()
    assert f"{in_copy} is refused: the file is damaged or is not a bundle." in lines
    assert any(line.startswith(f"{in_usb} is verified: bundle 3 ") for line in lines)


def test_the_verdict_is_where_the_keyboard_lands_after_a_check(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles, site.roster)

    verify_through(qtbot, dialog)

    # A screen reader reads what has the focus: the verdict first, then what it rests on.
    result = dialog.result
    assert dialog.focusWidget() is result.verdict
    shown_in_order = [result.verdict, result.caution, result.roster, result.spoken]
    assert all(label.isVisible() for label in shown_in_order)
    assert all(label.focusPolicy() & Qt.FocusPolicy.TabFocus for label in shown_in_order)
    chain = [result.verdict]
    while len(chain) < len(shown_in_order):
        chain.append(chain[-1].nextInFocusChain())
    assert chain == shown_in_order


def test_a_bundle_missing_from_the_chain_is_named(qtbot, site: Stick) -> None:
    first, _, third = site.bundles
    dialog = verify_dialog(qtbot)
    _given(dialog, [first, third], site.roster, site.coordinator)

    verify_through(qtbot, dialog)

    lines = dialog.result.line_texts()
    assert dialog.result.verdict.text() == "1 of 2 file(s) refused."
    assert f"{third.name} is refused: bundle 2 of its device is missing before it (a gap)." in lines
    assert f"The device “Laptop A” ({site.device}), bundles 1, 3: missing: 2." in lines


def test_a_chain_given_from_its_middle_says_its_start_was_not_checked(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles[1:], site.roster, site.coordinator)  # bundles 2 and 3

    verify_through(qtbot, dialog)

    # Nothing is refused (each is signed, and 3 follows 2), but "in order, no gap" alone
    # would read as the device's whole history: bundle 1 was never looked at.
    lines = dialog.result.line_texts()
    assert (
        f"The device “Laptop A” ({site.device}), bundles 2-3: in order, no gap. Bundle 1, before"
        " them, is not among the files checked."
    ) in lines


def test_a_wrong_coordinator_fingerprint_refuses_the_roster(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles, site.roster, site.device)  # a real key, not the coordinator's

    sentence = refused_through(qtbot, dialog)

    assert sentence.startswith(
        "The roster is not signed by the coordinator key you entered: it was signed by another key."
    )
    assert dialog.status.text() == sentence
    assert dialog.checked is None
    assert not dialog.result.isVisible()
    assert not dialog.save_button.isEnabled()


def test_a_fingerprint_that_is_not_one_is_refused_before_any_check(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles, site.roster, "SHA256:not-a-fingerprint")

    with qtbot.waitSignal(dialog.verification_failed) as blocker:
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)

    assert blocker.args[0].startswith("The coordinator key's fingerprint is not one")
    assert not dialog.busy


def test_a_roster_that_is_not_one_says_so_in_one_sentence(
    qtbot, site: Stick, tmp_path: Path
) -> None:
    not_a_roster = tmp_path / "notes.txt"
    not_a_roster.write_text("Meeting notes, not a roster.\n")
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles, not_a_roster)

    sentence = refused_through(qtbot, dialog)

    assert sentence == error_text(RosterUnreadableError())
    assert (
        sentence == "The roster could not be read: it is damaged, or it is not a roster of devices."
    )


def test_a_folder_adds_its_bundles_and_packs(qtbot, site: Stick) -> None:
    folder = site.bundles[0].parent
    nested = folder / "more"
    nested.mkdir()
    shutil.copy(site.pack, nested / site.pack.name)
    dialog = verify_dialog(qtbot, folder=lambda _parent, _start: folder)

    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WORK_TIMEOUT_MS)  # searched on a worker

    assert dialog.file_paths() == [*sorted(site.bundles), nested / site.pack.name]
    assert dialog.file_list.count() == 4  # roster.json and its signature are not checked
    assert dialog.verify_button.isEnabled()


def test_the_saved_report_is_the_report_document(qtbot, site: Stick, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    dialog = verify_dialog(qtbot, report=lambda _parent, _start: out)
    _given(dialog, [*site.bundles, site.pack], site.roster, site.coordinator)
    verify_through(qtbot, dialog)

    with qtbot.waitSignal(dialog.report_saved) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert blocker.args[0] == out
    checked = dialog.checked
    assert checked is not None
    expected = verification.report_document(checked.report, checked.roster)
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(expected))
    assert dialog.status.text() == "The report was saved as report.json."
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_the_report_is_written_on_the_worker_not_the_window(
    qtbot, site: Stick, tmp_path: Path
) -> None:
    # A stick may take seconds to sync a file: the window must not freeze meanwhile.
    out = tmp_path / "report.json"
    dialog = verify_dialog(qtbot, report=lambda _parent, _start: out)
    _given(dialog, site.bundles, site.roster, site.coordinator)
    verify_through(qtbot, dialog)

    with qtbot.waitSignal(dialog.report_saved, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.busy  # the click returned before the file was written
        assert not dialog.close_button.isEnabled()

    qtbot.waitUntil(lambda: not dialog.busy)
    assert json.loads(out.read_text(encoding="utf-8"))["ok"] is True
    assert dialog.save_button.isEnabled()  # the verdict is still the one shown


def test_a_report_that_cannot_be_written_says_so_and_keeps_the_verdict(
    qtbot, site: Stick, tmp_path: Path
) -> None:
    out = tmp_path / "gone" / "report.json"
    dialog = verify_dialog(qtbot, report=lambda _parent, _start: out)
    _given(dialog, site.bundles, site.roster, site.coordinator)
    verify_through(qtbot, dialog)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.status.text()))

    assert dialog.status.text().startswith("The folder ")  # the core's own sentence
    assert dialog.checked is not None
    assert dialog.result.isVisible()
    assert not out.exists()


def test_changing_what_is_checked_forgets_the_verdict(qtbot, site: Stick) -> None:
    dialog = verify_dialog(qtbot)
    _given(dialog, site.bundles, site.roster, site.coordinator)
    verify_through(qtbot, dialog)

    qtbot.keyClicks(dialog.coordinator_edit, " ")

    assert dialog.checked is None
    assert not dialog.result.isVisible()
    assert not dialog.save_button.isEnabled()


def test_cancel_stops_the_check_midway_with_no_verdict(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, tmp_path: Path
) -> None:
    (bundle,) = export_bundles(enrolled, usb, 1, recording=os.urandom(CANCEL_ATTACHMENT_BYTES))
    roster = usb / "roster.json"
    enrolment.export_roster(coordinator.ws, roster)
    copies = tmp_path / "copies"
    copies.mkdir()
    for number in range(CANCEL_COPIES):  # links: many files to hash, no disk space taken
        os.link(bundle, copies / f"copy-{number:03}.fieldbundle")
    dialog = verify_dialog(qtbot)
    _given(dialog, sorted(copies.iterdir()), roster)

    with qtbot.waitSignal(dialog.verification_failed, timeout=WORK_TIMEOUT_MS) as failed:
        with qtbot.waitSignal(dialog.progress_bar.valueChanged, timeout=WORK_TIMEOUT_MS):
            qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
        assert dialog.busy
        assert dialog.cancel_button.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert failed.args[0] == "The check was cancelled before it ended: there is no verdict."
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.checked is None
    assert not dialog.result.isVisible()
    assert dialog.verify_button.isEnabled()
    assert dialog.add_files_button.isEnabled()
    assert not dialog.cancel_button.isEnabled()
    assert not dialog.progress_bar.isVisible()


def test_labels_and_file_names_show_as_plain_text(
    qtbot, coordinator: Archive, stick: Path, usb: Path, tmp_path: Path
) -> None:
    bold = make_device(tmp_path / "bold", "<b>bold</b>")
    try:
        enrol(coordinator, bold, stick)
        (bundle,) = export_bundles(bold, usb, 1)
    finally:
        bold.lock()
    roster = usb / "roster.json"
    enrolment.export_roster(coordinator.ws, roster)
    hostile = tmp_path / "<img src=x>\x1b[31m\n\u202e.fieldbundle"
    shutil.copy(bundle, hostile)
    dialog = verify_dialog(qtbot)
    _given(dialog, [hostile], roster)

    verify_through(qtbot, dialog)

    shown_name = "<img src=x>\\x1b[31m\\n\\u202e.fieldbundle"
    assert dialog.file_list.item(0).text() == shown_name
    (file_line, chain_line) = dialog.result.line_texts()
    assert file_line == (
        f"{shown_name} is verified: bundle 1 of the device “<b>bold</b>” ({bold.fingerprint})."
    )
    assert chain_line.startswith("The device “<b>bold</b>” (")
    for label in (dialog.result.verdict, dialog.result.roster, dialog.status):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert all(not dialog.file_list.item(row).toolTip() for row in range(dialog.file_list.count()))


def test_an_allowed_signers_file_serves_unsigned_or_signed(
    qtbot, coordinator: Archive, site: Stick, tmp_path: Path
) -> None:
    signers = tmp_path / "allowed_signers"
    enrolment.export_roster(coordinator.ws, tmp_path / "roster.json", signers)
    dialog = verify_dialog(qtbot)
    _given(dialog, [*site.bundles, site.pack], signers)

    verify_through(qtbot, dialog)

    result = dialog.result
    assert result.verdict.text() == UNCONFIRMED_VERDICT.format(count=4)
    assert result.roster.text().startswith("Roster: an allowed_signers file with 1 key(s), not")
    assert result.caution.text().startswith("The roster is not signed")
    assert not result.spoken.isVisible()

    dialog.set_coordinator_text(site.coordinator)  # its signature beside it is then required
    verify_through(qtbot, dialog)

    assert "the one you entered, as expected" in dialog.result.roster.text()
    assert not dialog.result.caution.isVisible()
