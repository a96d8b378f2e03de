"""Review R2 of session 9's desktop app: what a newcomer's walk and an adversarial look found,
each on real widgets, real workspaces and real packs.

- a direction override in a name cannot reorder the uses written after it (history, panel);
- hostile notes (5,000 characters, markup, line breaks) stay plain text and keep the layout;
- a double click on Record asks once and records once;
- locking the window with the office's dialog (and its question) open leaves nothing open;
- a vocabulary pack names the vocabulary as a person would, in English and in Korean;
- a refused vocabulary pack reads one sentence, in both languages;
- the use filter with a search and paging lists each testimony once, exactly those allowed;
- the Consent tab's instructions sit above the form they are about.
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit

from fieldapp.domain import (
    ConsentScope,
    Vocabulary,
    VocabularyEntry,
    active_vocabularies,
    bundled_vocabularies,
    canonical_bytes,
)
from fieldapp.domain.base import FIELD_PROBLEM
from fieldapp.domain.fields import SHORT_TEXT_MAX
from fieldapp.errors import ValidationFailedError
from fieldapp.services import (
    office_withdrawals,
    receipts,
    records,
    vocabulary_packs,
    withdrawal_packs,
)
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_incident
from tests.fieldapp.services.test_enrolment_support import Archive, state
from tests.fieldapp.workspace.support import PASSPHRASE
from tests.ui.sync.conftest import coordinator, device, drive_of, enrolled, stick, usb
from tests.ui.sync.consent_archive import ConsentArchive, make_consent_archive
from ui import i18n
from ui.main_window import MainWindow
from ui.models.testimony_table import PAGE_SIZE
from ui.validation_texts import translated_validation
from ui.views import editor as editor_views
from ui.views.apply_pack_dialog import ApplyPackDialog
from ui.views.editor.consent_texts import scope_title
from ui.views.editor.incidents_section import IncidentsSection
from ui.views.editor.withdrawal_dialog import WithdrawalDialog
from ui.views.testimony_list import TestimonyListView

__all__ = ["coordinator", "device", "enrolled", "stick", "usb"]

WORK_TIMEOUT_MS = 30_000
A = ConsentScope
RLO = "\u202e"
HOSTILE_NAME = f"Kim {RLO}Evil Park"
LONG_NOTES = "<b>bold</b>\n" + RLO + "reversed line\n" + "N" * 5_000
HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile("[A-Za-z]{3,}")


@pytest.fixture
def archive(coordinator: Archive, enrolled: Workspace, usb: Path) -> ConsentArchive:
    return make_consent_archive(coordinator, enrolled, usb)


@pytest.fixture
def editor(qtbot) -> Iterator[editor_views.TestimonyEditor]:
    widget = editor_views.TestimonyEditor()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    widget.activateWindow()
    yield widget
    widget.clear()


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


@pytest.fixture
def bundled_after() -> Iterator[None]:
    yield
    assert active_vocabularies().versions() == bundled_vocabularies().versions()


def _open_office_dialog(qtbot, editor: editor_views.TestimonyEditor) -> WithdrawalDialog:
    qtbot.mouseClick(editor.consent.office_withdraw_button, Qt.MouseButton.LeftButton)
    dialog = editor.withdrawal_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _fill(dialog: WithdrawalDialog, scope: ConsentScope, by: str, notes: str = "") -> None:
    dialog.scope_boxes[scope].setChecked(True)
    dialog.received_by.setText(by)
    dialog.notes.setPlainText(notes)


def _yes(qtbot, box: QMessageBox) -> None:
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


# -- hostile text ----------------------------------------------------------------------------


def test_a_name_s_direction_override_cannot_reorder_the_uses_after_it(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    editor.show_section(editor.consent)
    dialog = _open_office_dialog(qtbot, editor)
    _fill(dialog, A.RECONTACT, HOSTILE_NAME, LONG_NOTES)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box is not None
    with qtbot.waitSignal(editor.withdrawal_recorded):
        _yes(qtbot, dialog.confirm_box)
    [held] = office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)
    assert held.received_by == HOSTILE_NAME  # kept as typed: only its display is escaped

    history = editor.consent.history.toPlainText()
    entry = next(p for p in history.split("\n\n") if p.startswith("Withdrawal received"))
    first_line = entry.splitlines()[0]
    # The override is shown as \u202e; nothing after it is in its reach any more.
    assert RLO not in first_line
    assert first_line.endswith("by Kim \\u202eEvil Park (In person): " + scope_title(A.RECONTACT))
    # Notes: markup as literal text, their own line breaks kept, 5,000 characters whole.
    assert "\nNotes: <b>bold</b>\n" in entry
    assert entry.endswith("N" * 5_000)
    answer = editor.consent.in_force.answers[A.RECONTACT]
    assert answer.textFormat() == Qt.TextFormat.PlainText
    assert RLO not in answer.text()
    assert answer.text().endswith("received at the office by Kim \\u202eEvil Park")


def test_hostile_notes_keep_the_dialog_and_the_tab_in_the_window(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    editor.show_section(editor.consent)
    dialog = _open_office_dialog(qtbot, editor)
    width = dialog.width()
    longest_name = "W" * 200  # the longest name a record holds (ShortText), without a space
    _fill(dialog, A.RESEARCH, longest_name, LONG_NOTES)
    assert dialog.notes.toPlainText() == LONG_NOTES
    assert dialog.width() == width  # the notes scroll inside their box
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box is not None
    with qtbot.waitSignal(editor.withdrawal_recorded):
        _yes(qtbot, dialog.confirm_box)
    assert editor.width() == 1000
    panel = editor.consent.in_force
    # The answer wraps inside the window (a label cannot break a 200-letter word: the panel
    # is allowed to be as wide as the window, not wider).
    assert panel.answers[A.RESEARCH].text().endswith(longest_name)
    assert panel.width() <= editor.width()


def test_the_name_box_takes_no_more_than_a_record_holds(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    dialog = _open_office_dialog(qtbot, editor)
    dialog.received_by.setFocus()
    qtbot.keyClicks(dialog.received_by, "P" * (SHORT_TEXT_MAX + 5))
    assert dialog.received_by.text() == "P" * SHORT_TEXT_MAX  # typed past it: not taken
    _fill(dialog, A.RESEARCH, dialog.received_by.text())
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box is not None
    with qtbot.waitSignal(editor.withdrawal_recorded):
        _yes(qtbot, dialog.confirm_box)
    [held] = office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)
    assert held.received_by == "P" * SHORT_TEXT_MAX


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_name_the_record_cannot_hold_is_refused_in_one_sentence(
    qtbot, qapp, editor, archive, language
):
    name = "Park\nKim"  # set by a program: a paste or keys cannot put a line break here
    editor.open_testimony(archive.ws, archive.everything)
    translators = i18n.install(qapp, language)
    try:
        dialog = _open_office_dialog(qtbot, editor)
        _fill(dialog, A.RESEARCH, name)
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        assert dialog.confirm_box is not None
        _yes(qtbot, dialog.confirm_box)
        sentence = editor.header.message.text()
    finally:
        i18n.remove(qapp, translators)
    assert office_withdrawals.office_withdrawals_for(archive.ws, archive.everything) == []
    assert sentence
    assert "\n" not in sentence
    if language == "ko":
        assert HANGUL.search(sentence), sentence
        assert not ENGLISH_WORD.search(sentence), sentence


# -- the office's dialog: double click, lock -------------------------------------------------


def test_double_clicking_record_asks_once_and_records_once(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    dialog = _open_office_dialog(qtbot, editor)
    _fill(dialog, A.RESEARCH, "Coordinator Park")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box is not None
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)  # the second of two
    dialog.record_button.click()  # and once more, as a queued keypress would
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert boxes == [dialog.confirm_box]
    with qtbot.waitSignal(editor.withdrawal_recorded):
        _yes(qtbot, boxes[0])
    qtbot.waitUntil(lambda: editor.withdrawal_dialog is None)
    assert len(office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)) == 1


def test_double_clicking_record_on_a_laptop_records_once(qtbot, editor, archive, enrolled):
    testimony_id = archive.everything  # the laptop's own record of it
    before = len(records.get_record(enrolled, testimony_id).withdrawals)
    editor.open_testimony(enrolled, testimony_id)
    qtbot.mouseClick(editor.consent.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = editor.withdrawal_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.scope_boxes[A.RESEARCH].setChecked(True)
    assert dialog.record_button.isEnabled()
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)  # the second of two
    dialog.record_button.click()
    qtbot.waitUntil(lambda: editor.withdrawal_dialog is None)
    assert len(records.get_record(enrolled, testimony_id).withdrawals) == before + 1


def _window(qtbot, ws: Workspace) -> MainWindow:
    root = ws.layout.root
    ws.lock()  # the window opens the workspace itself
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    return window


def test_locking_with_the_office_question_open_closes_it_and_records_nothing(qtbot, archive):
    root = archive.ws.layout.root
    window = _window(qtbot, archive.ws)
    window.testimony_list.testimony_activated.emit(archive.everything)
    editor = window.editor
    dialog = _open_office_dialog(qtbot, editor)
    _fill(dialog, A.RESEARCH, "Coordinator Park", "called the office")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitExposed(box)
    window.lock_action.trigger()
    assert not window.unlocked
    qtbot.waitUntil(lambda: not dialog.isVisible() and not box.isVisible())
    assert editor.withdrawal_dialog is None
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, WithdrawalDialog)
            and w.isVisible()] == []  # fmt: skip
    # Unlocked again: nothing was recorded, no question comes back.
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    ws = window._workspace
    assert ws is not None
    assert ws.layout.root == root
    assert office_withdrawals.office_withdrawals_for(ws, archive.everything) == []
    assert [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)
            and b.isVisible()] == []  # fmt: skip
    window.lock_action.trigger()


# -- packs on the laptop ---------------------------------------------------------------------


def _acts(version: int, *codes: str, label: str = "New act {code}") -> Vocabulary:
    acts = bundled_vocabularies()["act_types"]
    added = tuple(
        VocabularyEntry(code=code, label=label.format(code=code), coi_categories=("C",))
        for code in codes
    )
    return Vocabulary(vocabulary="act_types", version=version, entries=(*acts.entries, *added))


def _issue(coordinator: Archive, vocabulary: Vocabulary, folder: Path) -> Path:
    source = folder / f"act_types-{vocabulary.version}.json"
    source.write_text(json.dumps(json.loads(canonical_bytes(vocabulary))), "utf-8")
    [sent] = vocabulary_packs.issue_vocabularies(coordinator.ws, [source], folder).sent
    return sent.path


def _dialog(qtbot, laptop: Workspace, stick: Path) -> ApplyPackDialog:
    dialog = ApplyPackDialog(laptop, detect=lambda: [drive_of(stick)])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _apply(qtbot, dialog: ApplyPackDialog, pack: Path) -> None:
    with qtbot.waitSignal(dialog.pack_previewed, timeout=WORK_TIMEOUT_MS):
        dialog.set_pack_path(pack)
    with qtbot.waitSignal(dialog.pack_applied, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_vocabulary_pack_names_the_vocabulary_as_a_person_would(
    qtbot, qapp, bundled_after, language, coordinator, enrolled, stick
):
    translators = i18n.install(qapp, language)
    try:
        pack = _issue(coordinator, _acts(2, "forced_labour_abroad"), stick)
        dialog = _dialog(qtbot, enrolled, stick)
        _apply(qtbot, dialog, pack)
        text = dialog.status.text()
    finally:
        i18n.remove(qapp, translators)
    assert "act_types" not in text
    expected = {
        "en": "The vocabulary “Act types” is now version 2. New codes: 1.",
        "ko": "어휘 목록 “행위 유형”이(가) 이제 버전 2입니다. 새 코드: 1개.",
    }
    assert text == expected[language]


def test_a_vocabulary_label_s_direction_override_stays_in_the_label(
    qtbot, bundled_after, coordinator, enrolled, stick
):
    hostile = RLO + "<b>evil</b> & <a href='x'>act</a>"
    pack = _issue(coordinator, _acts(2, "hostile_act", label=hostile), stick)
    _apply(qtbot, _dialog(qtbot, enrolled, stick), pack)
    section = IncidentsSection()
    qtbot.addWidget(section)
    section.load((make_incident(act_type="hostile_act", coi_category="C"),))
    line = section.list.item(0).text()
    # Markup literally, the override escaped, the place after it where it belongs.
    assert line == "2009-03 · \\u202e<b>evil</b> & <a href='x'>act</a> · North Hamgyong"
    combo = section.form.act_type
    shown = [combo.itemText(i) for i in range(combo.count())]
    assert "\\u202e<b>evil</b> & <a href='x'>act</a>" in shown
    assert not any(RLO in text for text in shown)


def _tampered(pack: Path) -> Path:
    """``pack`` with one byte of its encrypted payload changed (the signature no longer holds)."""
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = pack.with_name("tampered-" + pack.name)
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("kind", ["vocabulary", "withdrawal"])
def test_a_refused_pack_reads_one_sentence(
    qtbot, qapp, bundled_after, language, kind, coordinator, archive, enrolled, stick
):
    if kind == "vocabulary":
        pack = _issue(coordinator, _acts(2, "first_new"), stick)
    else:
        office_withdrawals.record_office_withdrawal(
            archive.ws, archive.everything, [A.RESEARCH], received_by="Park", how_received="phone"
        )
        [sent] = withdrawal_packs.write_withdrawal_packs(archive.ws, stick)
        pack = sent.pack.path
    bad = _tampered(pack)
    before = state(enrolled)
    translators = i18n.install(qapp, language)
    try:
        dialog = _dialog(qtbot, enrolled, stick)
        with qtbot.waitSignal(dialog.pack_failed, timeout=WORK_TIMEOUT_MS) as blocker:
            dialog.set_pack_path(bad)
        qtbot.waitUntil(lambda: not dialog.busy)
    finally:
        i18n.remove(qapp, translators)
    (sentence,) = blocker.args
    assert "\n" not in sentence
    assert "Traceback" not in sentence
    assert sentence.endswith((".", "다.", "시오.")), sentence
    assert dialog.status.text() == sentence
    if language == "ko":
        assert HANGUL.search(sentence), sentence
        assert not ENGLISH_WORD.search(re.sub(r"\S*fieldpack\S*", "", sentence)), sentence
    assert state(enrolled) == before
    assert not dialog.apply_button.isEnabled()


def test_the_consent_tab_tells_how_to_fill_in_the_form_right_above_it(
    qtbot, editor, archive, enrolled, stick
):
    office_withdrawals.record_office_withdrawal(
        archive.ws, archive.everything, [A.RESEARCH], received_by="Park", how_received="phone"
    )
    [sent] = withdrawal_packs.write_withdrawal_packs(archive.ws, stick)
    _apply(qtbot, _dialog(qtbot, enrolled, stick), sent.pack.path)
    editor.open_testimony(enrolled, archive.everything)
    editor.show_section(editor.consent)
    consent = editor.consent
    assert consent.in_force.isVisible()
    assert consent.intro.isVisible()
    layout = consent.layout()
    assert layout.indexOf(consent.in_force) < layout.indexOf(consent.intro)
    scopes = consent.scope_answers[A.ARCHIVE].buttons()[0].parentWidget()
    assert layout.indexOf(consent.intro) + 1 == layout.indexOf(scopes)


def _apply_in_window(qtbot, window: MainWindow, pack: Path) -> ApplyPackDialog:
    window.apply_pack_action.trigger()
    [dialog] = [d for d in window.findChildren(ApplyPackDialog) if d.isVisible()]
    _apply(qtbot, dialog, pack)
    return dialog


def test_a_pack_applied_while_a_testimony_is_open_shows_in_its_editor(
    qtbot, archive, enrolled, stick
):
    office_withdrawals.record_office_withdrawal(
        archive.ws, archive.everything, [A.RESEARCH], received_by="Park", how_received="phone"
    )
    [sent] = withdrawal_packs.write_withdrawal_packs(archive.ws, stick)
    window = _window(qtbot, enrolled)
    window.testimony_list.testimony_activated.emit(archive.everything)
    editor = window.editor
    assert not editor.consent.in_force.isVisible()  # nothing told by the office yet
    _apply_in_window(qtbot, window, sent.pack.path).close()
    assert window.stack.currentWidget() is editor
    assert editor.testimony_id == archive.everything
    assert editor.consent.in_force.isVisibleTo(editor.consent)
    research = editor.consent.in_force.answers[A.RESEARCH].text()
    assert "received at the office" in research
    assert "Park" not in research  # the office's caseworker is not named on a laptop
    window.lock_action.trigger()


def test_content_purged_while_its_testimony_is_open_leaves_the_editor(
    qtbot, archive, enrolled, stick
):
    [sent] = receipts.write_receipts(archive.ws, stick)
    window = _window(qtbot, enrolled)
    window.testimony_list.testimony_activated.emit(archive.everything)
    editor = window.editor
    narrative = editor.narrative.findChildren(QPlainTextEdit)
    assert any(edit.toPlainText() for edit in narrative)
    dialog = _apply_in_window(qtbot, window, sent.path)
    with qtbot.waitSignal(dialog.content_purged, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    dialog.close()
    # The page of what remains, and nothing of the content left in the editor's widgets.
    assert editor.purged.isVisibleTo(editor)
    assert not editor.tabs.isVisibleTo(editor)
    assert not any(edit.toPlainText() for edit in narrative)
    window.lock_action.trigger()


# -- the use filter with search and paging ---------------------------------------------------


def _all_rows(qtbot, view: TestimonyListView) -> list:
    model = view.model
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    return [model.summary(row).id for row in range(model.rowCount())]


def test_the_use_filter_pages_through_a_large_list_with_a_search(qtbot, large_workspace):
    ws = large_workspace
    view = TestimonyListView()
    qtbot.addWidget(view)
    view.model.set_workspace(ws)
    everyone = _all_rows(qtbot, view)
    assert len(everyone) == len(set(everyone)) > 2 * PAGE_SIZE
    allowed = {
        summary_id
        for summary_id in everyone
        if office_withdrawals.consent_in_force(ws, summary_id).allows(A.RESEARCH)
    }
    assert 0 < len(allowed) < len(everyone)

    view.use_filter.setCurrentIndex(view.use_filter.findData(A.RESEARCH.value))
    listed = _all_rows(qtbot, view)
    assert len(listed) == len(set(listed))
    assert set(listed) == allowed

    word = records.get_record(ws, listed[0]).testimony.title.split()[-1]
    view.search.setText(word)
    view.on_search_requested()
    searched = _all_rows(qtbot, view)
    assert searched
    assert set(searched) <= allowed
    assert len(searched) == len(set(searched))

    view.use_filter.setCurrentIndex(0)  # Any use: the search alone again, a superset
    assert set(_all_rows(qtbot, view)) >= set(searched)
    view.search.setText("")
    view.on_search_requested()
    assert len(_all_rows(qtbot, view)) == len(everyone)


# -- found, not fixed here -------------------------------------------------------------------


def test_an_english_validation_sentence_names_the_field_as_a_person_would() -> None:
    error = ValidationFailedError(
        FIELD_PROBLEM,
        args={
            "subject": "consent withdrawal",
            "field": "received_by",
            "phrase": "contains control characters",
        },
    )
    assert "received_by" not in translated_validation(error)


def test_the_recontact_use_is_named_for_the_coordinator_too() -> None:
    assert "you" not in scope_title(A.RECONTACT).split()
