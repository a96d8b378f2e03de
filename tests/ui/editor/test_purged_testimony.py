"""A testimony purged from the laptop, opened: what remains of it on a read-only page — where its
content went (bundle, receipt, dates), its consent history, its signed custody with the export
and the receipt — with no form, no action and nothing of its content."""

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from fieldapp.domain.narrative import Narrative
from fieldapp.services import export, importing, packs, purged_view, receipts
from fieldapp.workspace import Workspace
from tests.fieldapp.services.conftest import coordinator, device, stick
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import PASSPHRASE
from tests.ui.sync.conftest import enrolled, usb
from tests.ui.test_mnemonics import Screens
from ui.main_window import MainWindow
from ui.models.editor_custody import KIND, SIGNATURE

__all__ = ["coordinator", "device", "enrolled", "stick", "usb"]

MARKER = "purged-page-marker-K3"


def _purged(coordinator: Archive, device: Workspace, usb: Path) -> UUID:
    """A testimony exported, imported, confirmed by a receipt applied here, then purged."""
    testimony = add_testimony(device, title=MARKER, narrative=Narrative(text=f"It was {MARKER}."))
    bundle = export.export_bundle(device, usb).path
    assert bundle is not None
    assert importing.import_bundles(coordinator.ws, [bundle])[0].outcome == "imported"
    (pack,) = receipts.write_receipts(coordinator.ws, usb)
    packs.apply_pack(device, pack.path)
    assert receipts.purge_archived(device).testimonies == 1
    return testimony.id


def _texts(root: QWidget) -> list[str]:
    """Every text a widget under ``root`` holds, visible or not."""
    texts = [label.text() for label in root.findChildren(QLabel)]
    texts += [edit.text() for edit in root.findChildren(QLineEdit)]
    texts += [edit.toPlainText() for edit in root.findChildren(QPlainTextEdit)]
    texts += [edit.toPlainText() for edit in root.findChildren(QTextEdit)]
    return texts


def _column(editor, column: int) -> list[str]:
    model = editor.purged.custody.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def _minute(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def test_a_purged_testimony_shows_what_remains_and_no_form(
    qtbot, editor, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    testimony_id = _purged(coordinator, enrolled, usb)
    remains = purged_view.purged_remains(enrolled, testimony_id)
    assert remains is not None

    editor.open_testimony(enrolled, testimony_id)

    assert editor.purged.isVisible()
    assert not editor.tabs.isVisible()  # no empty forms
    header = editor.header
    assert header.title.text() == f"{remains.pseudonym} · Purged · version 1"
    assert header.message.text() == ""  # not the refusal sentence: the page says it
    assert not header.seal_button.isVisible()
    assert not header.amend_button.isVisible()
    assert not editor.consent.withdraw_button.isVisible()
    purged_at = _minute(remains.purged_at or "")
    applied = _minute(remains.deliveries[0].receipt_applied_at or "")
    assert editor.purged.summary.text() == (
        f"Its content was removed from this laptop on {purged_at}, after the archive's receipt,"
        f" applied here on {applied}, confirmed that bundle 1 holds it. The archive keeps it whole."
    )
    facts = editor.purged.facts.toPlainText()
    assert str(testimony_id) in facts
    assert f"content hash {remains.versions[0].content_hash}, carried by bundle 1" in facts
    assert editor.purged.consent_history.toPlainText().startswith("Version 1")
    kinds = _column(editor, KIND)
    assert kinds == [
        "Created",
        "Consent recorded",
        "Sealed",
        "Exported",
        "Pack applied",
        "Purged",
    ]
    assert set(_column(editor, SIGNATURE)) == {"verified"}
    assert not [text for text in _texts(editor) if MARKER in text]


def test_the_page_is_read_from_the_keyboard(
    qtbot, editor, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    editor.open_testimony(enrolled, _purged(coordinator, enrolled, usb))
    page = editor.purged
    editor.header.close_button.setFocus()
    reached: list[QWidget] = []
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert page.facts in reached
    qtbot.keyClick(page.facts, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.custody  # its mnemonic, not the hidden tabs'
    qtbot.keyClick(page.facts, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.consent_history


def test_leaving_a_purged_testimony_empties_the_page_and_brings_back_the_tabs(
    qtbot, editor, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    purged_id = _purged(coordinator, enrolled, usb)
    other = add_testimony(enrolled)
    editor.open_testimony(enrolled, purged_id)

    editor.open_testimony(enrolled, other.id)

    assert editor.tabs.isVisible()
    assert not editor.purged.isVisible()
    assert editor.purged.custody.model.rowCount() == 0
    assert editor.purged.facts.toPlainText() == ""
    assert editor.header.title.text().startswith(other.pseudonym)
    editor.clear()
    assert editor.header.title.text() == ""


def test_opened_from_the_laptops_list(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    testimony_id = _purged(coordinator, enrolled, usb)
    root = enrolled.layout.root
    enrolled.lock()
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    model = window.testimony_list.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)

    window.testimony_list.testimony_activated.emit(testimony_id)

    editor = window.editor
    assert window.stack.currentWidget() is editor
    assert editor.purged.isVisible()
    assert "confirmed that bundle 1 holds it" in editor.purged.summary.text()
    assert "Purged" in _column(editor, KIND)
    screens = Screens()  # no Alt+letter with two owners, on each of its tabs
    for index in range(editor.purged.tabs.count()):
        editor.purged.tabs.setCurrentIndex(index)
        screens.check(f"purged page, tab {index}", window)
    assert screens.found == {}
    window.lock_action.trigger()
    assert editor.purged.summary.text() == ""
