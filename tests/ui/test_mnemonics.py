"""No two keyboard mnemonics (``&X``, Korean ``(&X)``) on one screen share a letter.

For each screen the test collects the mnemonics of what is visible at the same time (buttons,
labels with a buddy, tab titles, group box titles, and the menu bar's titles with the main
window), in English and with the Korean translation installed; each menu's items are checked
on their own. Alt+letter with two owners cycles between them or picks one silently: a person
working from the keyboard alone cannot tell which field they reached.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)

from fieldapp.services import editing, records, session
from tests.fieldapp.services.test_enrolment_support import make_archive
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor.support import give_consent, open_identity
from tests.ui.first_run.support import Driver, make_wizard
from ui import i18n
from ui.audio.recorder_dialog import RecordAudioDialog
from ui.main_window import MainWindow
from ui.views.apply_pack_dialog import ApplyPackDialog
from ui.views.enrol_device_dialog import EnrolDeviceDialog
from ui.views.export_dialog import ExportDialog
from ui.views.first_run.state import PageId
from ui.views.import_dialog import ImportDialog
from ui.views.receipt_dialog import ReceiptDialog
from ui.views.settings_dialog import SettingsDialog


def mnemonic(text: str) -> str | None:
    """The letter after the first single ``&`` (``&&`` is a literal ampersand), upper-cased."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] != "&":
                return text[index + 1].upper()
            index += 1
        index += 1
    return None


def test_mnemonic_reading():
    assert mnemonic("&Lock") == "L"
    assert mnemonic("Inter&view") == "V"
    assert mnemonic("잠금(&L)") == "L"
    assert mnemonic("Save && close") is None
    assert mnemonic("A && &B") == "B"
    assert mnemonic("Plain") is None


def _texts(root: QWidget) -> list[str]:
    """The texts that carry a mnemonic in ``root`` as it is shown now."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i))
        elif isinstance(widget, QMenuBar):
            texts.extend(action.text() for action in widget.actions() if action.isVisible())
    return texts


def collisions(texts: list[str]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            owners[letter].append(text)
    return {letter: used for letter, used in owners.items() if len(used) > 1}


def test_collisions_are_found():
    assert collisions(["&Open", "&Apply", "C&lose", "Cance&l"]) == {"L": ["C&lose", "Cance&l"]}


class Screens:
    """Collects each screen's collisions, so that one run names them all."""

    def __init__(self) -> None:
        self.found: dict[str, dict[str, list[str]]] = {}
        self.checked = 0

    def check(self, name: str, root: QWidget) -> None:
        texts = _texts(root)
        assert texts, f"{name}: no mnemonic text seen"
        self.checked += 1
        clashes = collisions(texts)
        if clashes:
            self.found[name] = clashes


@pytest.fixture(params=["en", "ko"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translators = i18n.install(qapp, request.param) if request.param != "en" else []
    yield request.param
    i18n.remove(qapp, translators)


@pytest.fixture
def window(qtbot, language: str, workspace_root: Path) -> MainWindow:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    return window


def _unlock(qtbot, window: MainWindow) -> None:
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        window.unlock_view.unlock_button.click()


def _editor_tabs(screens: Screens, window: MainWindow, state: str) -> None:
    tabs = window.editor.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        screens.check(f"editor ({state}), tab {tabs.tabText(index)!r}", window)


def test_the_main_window_and_the_editor(qtbot, window, language):
    screens = Screens()
    screens.check("unlock view", window)
    unlock = window.unlock_view
    qtbot.mouseClick(unlock.forgot_button, Qt.MouseButton.LeftButton)
    steps = unlock.recovery.steps
    for index in range(steps.count()):  # reached in turn by a code and a new passphrase
        steps.setCurrentIndex(index)
        screens.check(f"unlock view, recovery step {index + 1}", window)
    steps.setCurrentIndex(0)
    qtbot.mouseClick(unlock.recovery.back_button, Qt.MouseButton.LeftButton)
    _unlock(qtbot, window)
    screens.check("list view", window)
    menus = [action.menu() for action in window.menuBar().actions()]
    assert len(menus) == 3
    for menu in menus:  # a menu's items, while it is open
        if clashes := collisions([action.text() for action in menu.actions()]):
            screens.found[f"menu {menu.title()!r}"] = clashes

    window.new_action.trigger()
    editor = window.editor
    give_consent(qtbot, editor)
    open_identity(qtbot, editor)
    qtbot.mouseClick(editor.incidents.add_button, Qt.MouseButton.LeftButton)
    _editor_tabs(screens, window, "draft")

    # A sealed record shows Amend where the draft showed Seal.
    testimony_id = editor.testimony_id
    assert editor.save_now()
    ws = window._workspace  # the window's own handle: the editor's record is read through it
    changes = {"narrative": {"text": "The account."}, "ended_at": datetime.now(UTC)}
    records.edit_draft(ws, testimony_id, changes)
    records.seal_testimony(ws, testimony_id)
    editor.open_testimony(ws, testimony_id)
    assert editor.header.amend_button.isVisibleTo(window)
    _editor_tabs(screens, window, "sealed")

    assert screens.checked == 2 + steps.count() + 2 * editor.tabs.count()
    assert screens.found == {}, f"{language}: {screens.found}"


def test_the_dialogs(qtbot, language, workspace_root):
    screens = Screens()
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        draft = editing.new_draft(ws)
        dialogs = {
            "export dialog": ExportDialog(ws, detect=list),
            "apply-pack dialog": ApplyPackDialog(ws, detect=list),
            "recorder dialog": RecordAudioDialog(ws, draft.id),
            "settings dialog": SettingsDialog(),
        }
        for name, dialog in dialogs.items():
            qtbot.addWidget(dialog)
            dialog.show()
            screens.check(name, dialog)
            dialog.reject()
    finally:
        session.lock(ws)
    assert screens.found == {}, f"{language}: {screens.found}"


def test_the_coordinators_dialogs(qtbot, language, private_tmp):
    screens = Screens()
    archive = make_archive(private_tmp / "archive")
    try:
        dialogs = {
            "import dialog": ImportDialog(archive.ws, detect=list),
            "enrol-device dialog": EnrolDeviceDialog(archive.ws, detect=list),
            "receipt dialog": ReceiptDialog(archive.ws, detect=list),
        }
        for name, dialog in dialogs.items():
            qtbot.addWidget(dialog)
            dialog.show()
            screens.check(name, dialog)
            dialog.reject()
    finally:
        archive.ws.lock()
    assert screens.checked == 3
    assert screens.found == {}, f"{language}: {screens.found}"


def _check_page(screens: Screens, driver: Driver, role: str) -> None:
    screens.check(f"first-run ({role}), page {PageId(driver.page).name}", driver.wizard)


def test_the_first_run_pages(qtbot, language, private_tmp):
    screens = Screens()
    archive = make_wizard(qtbot, private_tmp / "archive")
    _check_page(screens, archive, "coordinator")
    # Ticked rather than clicked: a short (Korean) label leaves the button's centre empty.
    archive.wizard.role_page.coordinator.setChecked(True)
    archive.forward()
    _check_page(screens, archive, "coordinator")
    archive.give_label("Archive")
    archive.give_passphrase()
    _check_page(screens, archive, "coordinator")
    archive.forward()
    assert archive.page == PageId.CUSTODIAN
    _check_page(screens, archive, "coordinator")
    archive.wizard.reject()

    laptop = make_wizard(qtbot, private_tmp / "laptop")
    laptop.choose_role()
    laptop.give_label("Laptop")
    laptop.give_passphrase()
    laptop.forward()
    assert laptop.page == PageId.CREATE
    _check_page(screens, laptop, "interviewer")
    laptop.create()
    _check_page(screens, laptop, "interviewer")
    code = laptop.take_recovery_code()
    _check_page(screens, laptop, "interviewer")
    laptop.read_back(code)
    assert laptop.page == PageId.REQUEST
    _check_page(screens, laptop, "interviewer")
    laptop.forward()
    assert laptop.page == PageId.FINISH
    _check_page(screens, laptop, "interviewer")
    assert screens.checked == 9
    assert screens.found == {}, f"{language}: {screens.found}"
