"""Screenshots of the desktop app for the docs, from a real window on a (virtual) X display.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python packaging/screenshots.py [--language ko]

Works on copies of the demo (``.demo``, built by ``fieldapp demo``; passphrase ``demo``) in a
temporary folder, so the demo itself is not changed, and saves each main screen to
``docs/screenshots/`` (Korean ones end in ``-ko``). Only demo data appears in them.
"""

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fieldapp.domain import ConsentScope, VocabularyEntry, bundled_vocabularies, canonical_bytes
from fieldapp.errors import FieldappError
from fieldapp.services import (
    enrolment,
    key_shares,
    office_withdrawals,
    packs,
    receipts,
    records,
    session,
    setup,
)
from fieldapp.services.demo import DEMO_PASSPHRASE, USB_FOLDER
from ui import i18n
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SIZE = (1180, 760)
NEW_PASSPHRASE = "amber lantern quietly folds"  # noqa: S105 - a demo laptop of the screenshots


class Shooter:
    def __init__(self, app: QApplication, suffix: str) -> None:
        self.app = app
        self.suffix = suffix

    def settle(self, milliseconds: int = 350) -> None:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()
        self.app.processEvents()

    def until(self, done: Callable[[], bool], limit_ms: int = 30_000) -> None:
        waited = 0
        while not done() and waited < limit_ms:
            self.settle(100)
            waited += 100

    def shoot(self, widget: QWidget, name: str) -> None:
        self.settle()
        picture = widget.screen().grabWindow(widget.winId())  # as the X server shows it
        path = OUT / f"{name}{self.suffix}.png"
        picture.save(str(path))
        print(path)


def _first_run(shooter: Shooter, work: Path) -> None:
    window = MainWindow(work / "new-laptop")
    window.resize(*SIZE)
    window.show()
    shooter.until(lambda: window.first_run is not None and window.first_run.isVisible())
    wizard = window.first_run
    shooter.shoot(wizard, "first-run-role")
    wizard.role_page.interviewer.setChecked(True)
    wizard.next()
    wizard.label_page.label.setText("Field laptop 3")
    wizard.next()
    wizard.passphrase_page.form.passphrase.setText(NEW_PASSPHRASE)
    wizard.passphrase_page.form.confirmation.setText(NEW_PASSPHRASE)
    shooter.shoot(wizard, "first-run-passphrase")
    wizard.next()
    wizard.next()  # create (Argon2id, on a worker)
    shooter.until(lambda: wizard.recovery_code_page.display.text() != "")
    shooter.shoot(wizard, "first-run-recovery-code")
    wizard.reject()  # the set-up is removed again
    shooter.settle()
    window.close()


def _unlock(shooter: Shooter, window: MainWindow, passphrase: str = DEMO_PASSPHRASE) -> None:
    window.unlock_view.passphrase.setText(passphrase)
    window.unlock_view.unlock_button.click()
    shooter.until(lambda: window.unlocked)


def _editor(shooter: Shooter, window: MainWindow) -> None:
    window.new_action.trigger()
    editor = window.editor
    shooter.shoot(window, "editor-consent")
    editor.show_section(editor.witness)
    shooter.shoot(window, "editor-witness")
    window.list_action.trigger()


def _open_sealed(shooter: Shooter, window: MainWindow) -> None:
    table = window.testimony_list.table
    table.setCurrentIndex(window.testimony_list.model.index(0, 0))
    window.testimony_list.on_row_activated(0)
    editor = window.editor
    editor.show_section(editor.narrative)
    shooter.shoot(window, "editor-narrative")
    editor.show_section(editor.incidents)
    shooter.shoot(window, "editor-incidents")
    editor.show_section(editor.custody)
    shooter.shoot(window, "editor-custody")
    window.list_action.trigger()


def _export(shooter: Shooter, window: MainWindow, usb: Path) -> None:
    from fieldapp.demo.corpus import generate

    workspace = window._workspace  # a sealed testimony waiting, for the summary to show
    (new,) = generate(1, seed=99)
    records.create_testimonies(workspace, [(new.testimony, new.consents, new.identity)])
    records.seal_testimony(workspace, new.testimony.id)
    window.export_action.trigger()
    dialog = next(d for d in window.findChildren(QWidget) if type(d).__name__ == "ExportDialog")
    dialog.picker.set_folder(usb)
    dialog.export_button.click()
    shooter.until(lambda: not dialog.busy)
    shooter.shoot(dialog, "export")
    dialog.close()


def _apply_pack(shooter: Shooter, work: Path) -> None:
    """A new laptop's enrolment pack, issued by a copy of the demo archive, before confirming."""
    result = setup.create_workspace(work / "laptop-4", "interviewer", NEW_PASSPHRASE, label="4")
    setup.confirm_setup(work / "laptop-4")  # the code "written down": a laptop in use
    device = result.workspace
    request = enrolment.read_request(setup.write_enrolment_request(device, work))
    archive = session.unlock(work / "archive", DEMO_PASSPHRASE)
    sent = enrolment.issue_enrolment(archive, request, work)
    archive.lock()
    device.lock()
    window = MainWindow(work / "laptop-4")
    window.resize(*SIZE)
    window.show()
    _unlock(shooter, window, NEW_PASSPHRASE)
    window.apply_pack_action.trigger()
    dialog = next(d for d in window.findChildren(QWidget) if type(d).__name__ == "ApplyPackDialog")
    dialog.set_pack_path(sent.path)
    shooter.until(lambda: dialog.fingerprint.text() != "")
    shooter.shoot(dialog, "apply-pack")
    dialog.close()
    window.close()


def _dialog_of(window: MainWindow, kind: str) -> Any:
    return next(d for d in window.findChildren(QWidget) if type(d).__name__ == kind)


def _coordinator(shooter: Shooter, work: Path, usb: Path) -> None:
    """The archive (a copy of the demo's) importing the bundle ``_export`` wrote, writing the
    receipt, and a new laptop's enrolment request opened, its digits ready to compare."""
    window = MainWindow(work / "archive")
    window.resize(*SIZE)
    window.show()
    _unlock(shooter, window)
    window.import_action.trigger()
    dialog = _dialog_of(window, "ImportDialog")
    dialog.set_bundle_paths(sorted(usb.glob("*.fieldbundle")))
    dialog.import_button.click()
    shooter.until(lambda: not dialog.busy)
    shooter.shoot(dialog, "import")
    dialog.close()
    shooter.shoot(window, "archive-list")
    _archive_consent(shooter, window)
    window.receipt_action.trigger()
    dialog = _dialog_of(window, "ReceiptDialog")
    dialog.picker.set_folder(usb)
    dialog.write_button.click()
    shooter.until(lambda: not dialog.busy)
    shooter.shoot(dialog, "receipts")
    dialog.close()
    _coordinator_packs(shooter, window, work, usb)
    _key_shares(shooter, window)
    result = setup.create_workspace(work / "laptop-5", "interviewer", NEW_PASSPHRASE, label="5")
    setup.confirm_setup(work / "laptop-5")  # the code "written down": a laptop in use
    request = setup.write_enrolment_request(result.workspace, usb)
    result.workspace.lock()
    window.enrol_device_action.trigger()
    dialog = _dialog_of(window, "EnrolDeviceDialog")
    dialog.picker.set_folder(usb)
    dialog.set_request_path(request)
    shooter.until(lambda: dialog.fingerprint.text() != "")
    shooter.shoot(dialog, "enrol-device")
    dialog.close()
    window.close()


def _archive_consent(shooter: Shooter, window: MainWindow) -> None:
    """The list of testimonies whose witness allows research, one's Consent tab, and the
    dialog that records a withdrawal received at the office (closed unrecorded)."""
    combo = window.testimony_list.use_filter
    combo.setCurrentIndex(combo.findData(ConsentScope.RESEARCH.value))
    shooter.settle(600)
    shooter.shoot(window, "archive-uses")
    model = window.testimony_list.model
    window.testimony_list.testimony_activated.emit(model.summary(0).id)
    shooter.settle(600)
    shooter.shoot(window, "archive-consent")
    window.editor.consent.office_withdraw_button.click()
    dialog = window.editor.withdrawal_dialog
    shooter.until(lambda: dialog is not None and dialog.isVisible())
    shooter.shoot(dialog, "office-withdrawal")
    dialog.reject()
    window.list_action.trigger()
    combo.setCurrentIndex(0)
    shooter.settle(300)


def _coordinator_packs(shooter: Shooter, window: MainWindow, work: Path, usb: Path) -> None:
    """A withdrawal of recontact received at the office and its laptop's pack written; then a
    newer act-types list (one code more) taken by the archive and sent to the laptops."""
    model = window.testimony_list.model
    for row in range(model.rowCount()):
        try:
            office_withdrawals.record_office_withdrawal(
                window._workspace,
                model.summary(row).id,
                [ConsentScope.RECONTACT],
                received_by="Coordinator Park",
                how_received="phone",
            )
            break
        except FieldappError:
            continue  # recontact not allowed there already: the next testimony
    window.withdrawal_packs_action.trigger()
    dialog = _dialog_of(window, "WithdrawalPackDialog")
    dialog.picker.set_folder(usb)
    dialog.write_button.click()
    shooter.until(lambda: not dialog.busy)
    shooter.shoot(dialog, "withdrawal-packs")
    dialog.close()
    acts = bundled_vocabularies()["act_types"]
    added = VocabularyEntry(
        code="forced_labour_abroad", label="Forced labour abroad", coi_categories=("C",)
    )
    newer = acts.model_copy(update={"version": acts.version + 1, "entries": (*acts.entries, added)})
    source = work / "act_types.json"
    source.write_bytes(canonical_bytes(newer))
    window.vocabularies_action.trigger()
    dialog = _dialog_of(window, "VocabularyPackDialog")
    dialog.set_vocabulary_paths([source])
    dialog.picker.set_folder(usb)
    dialog.write_button.click()
    shooter.until(lambda: not dialog.busy)
    shooter.shoot(dialog, "vocabularies")
    dialog.close()


def _key_shares(shooter: Shooter, window: MainWindow) -> None:
    """The first of five shares of the demo archive's keys (3 restore them): demo keys only."""
    window.key_shares_action.trigger()
    dialog = _dialog_of(window, "KeySharesDialog")
    dialog.count.setValue(5)
    dialog.threshold.setValue(3)
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    dialog.make_button.click()
    shooter.until(lambda: dialog.words.toPlainText() != "")
    shooter.shoot(dialog, "key-shares")
    dialog.reject()


def _key_restore(shooter: Shooter, work: Path) -> None:
    """A copy of the demo laptop that lost its keys.json: the window offers the restore, and
    the dialog takes shares one at a time (demo keys only; the field is empty once added)."""
    copy = work / "laptop copy"
    shutil.copytree(work / "interviewer", copy)
    laptop = session.unlock(copy, DEMO_PASSPHRASE)
    shares = key_shares.make_key_shares(laptop, 2, 3)
    laptop.lock()
    (copy / "keys.json").unlink()
    window = MainWindow(copy)
    window.resize(*SIZE)
    window.show()
    shooter.shoot(window, "keys-missing")
    window.welcome_view.restore_button.click()
    dialog = _dialog_of(window, "KeyRestoreDialog")
    dialog.source_page.from_shares.setChecked(True)
    dialog.source_page.next_button.click()
    dialog.shares_page.field.setText(shares[0])
    dialog.shares_page.add_button.click()
    shooter.shoot(dialog, "key-restore")
    dialog.reject()
    window.close()


def _purged(shooter: Shooter, work: Path, usb: Path) -> None:
    """The interviewer's laptop after applying the archive's receipt and purging: a purged
    testimony opens on what remains of it."""
    laptop = session.unlock(work / "interviewer", DEMO_PASSPHRASE)
    for pack in sorted(usb.glob("receipt-*.fieldpack")):
        packs.apply_pack(laptop, pack)
    purged = receipts.purge_archived(laptop)
    laptop.lock()
    if not purged.testimonies:
        return
    window = MainWindow(work / "interviewer")
    window.resize(*SIZE)
    window.show()
    _unlock(shooter, window)
    model = window.testimony_list.model
    purged_row = next(
        row for row in range(model.rowCount()) if model.summary(row).status.value == "purged"
    )
    window.testimony_list.testimony_activated.emit(model.summary(purged_row).id)
    shooter.settle(600)
    shooter.shoot(window, "purged")
    window.close()


def _recorder(shooter: Shooter, window: MainWindow) -> None:
    from ui.audio.recorder_dialog import RecordAudioDialog

    window.new_action.trigger()
    dialog = RecordAudioDialog(window._workspace, window.editor.testimony_id, window)
    dialog.show()
    shooter.shoot(dialog, "audio-recorder")
    dialog.reject()
    window.list_action.trigger()


def _verify(shooter: Shooter, stick: Path) -> None:
    """The auditor's check of the demo stick's bundles and packs against its signed roster,
    the coordinator's key not entered: its digits shown to compare aloud."""
    from fieldapp.services import verification
    from ui.views.verify_dialog import VerifyDialog

    dialog = VerifyDialog(detect=list)
    dialog.resize(SIZE[0] - 200, SIZE[1])
    dialog.show()
    dialog.add_file_paths(verification.container_files(stick))
    dialog.set_roster_path(stick / "roster.json")
    dialog.verify_button.click()
    shooter.until(lambda: not dialog.busy)
    shooter.shoot(dialog, "verify")
    dialog.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", type=Path, default=Path(".demo"))
    parser.add_argument("--language", choices=("en", "ko"), default="en")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    i18n.install(app, args.language)
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    shooter = Shooter(app, "" if args.language == "en" else "-ko")
    with tempfile.TemporaryDirectory(prefix="fieldapp-shots-") as folder:  # demo data only
        work = Path(folder)
        shutil.copytree(args.demo / "interviewer", work / "interviewer")
        shutil.copytree(args.demo / "archive", work / "archive")
        shutil.copytree(args.demo / USB_FOLDER, work / USB_FOLDER)
        usb = work / "usb"
        usb.mkdir()
        _first_run(shooter, work)
        window = MainWindow(work / "interviewer")
        window.resize(*SIZE)
        window.show()
        shooter.shoot(window, "unlock")
        _unlock(shooter, window)
        shooter.shoot(window, "testimony-list")
        window.testimony_list.search.setText("강제송환")
        shooter.settle(900)
        shooter.shoot(window, "search-korean")
        window.testimony_list.search.setText("")
        shooter.settle(600)
        _open_sealed(shooter, window)
        _editor(shooter, window)
        _recorder(shooter, window)
        _export(shooter, window, usb)
        window.close()
        _coordinator(shooter, work, usb)
        _purged(shooter, work, usb)
        _apply_pack(shooter, work)
        _key_restore(shooter, work)
        _verify(shooter, work / USB_FOLDER)
    return 0


if __name__ == "__main__":
    sys.exit(main())
