"""The vocabulary dialog: a newer vocabulary file is taken by the archive and sent to each
laptop, which applies it; with no file, what the archive holds goes to a laptop that lacks it;
a file that drops a code is refused in one sentence and nothing is written or stored."""

import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from fieldapp.domain import (
    Vocabulary,
    VocabularyEntry,
    active_vocabularies,
    bundled_vocabularies,
    canonical_bytes,
)
from fieldapp.services import packs, vocabulary_packs
from fieldapp.services.vocabulary_packs import VocabulariesIssued
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, enrol, state
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.views.vocabulary_pack_dialog import VocabularyPackDialog

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000
NEW_CODE = "forced_labour_abroad"
HOSTILE_NAME = "<b>acts<b>\u202e.json"
ALREADY_SENT = (
    "No vocabulary pack was written: every laptop has been sent these vocabularies. A lost pack"
    " can be written again, unchanged, with “fieldapp pack resend”."
)


@pytest.fixture(autouse=True)
def _bundled_in_force_after() -> Iterator[None]:
    yield
    assert active_vocabularies().versions() == bundled_vocabularies().versions()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "vocabularies"
    folder.mkdir()
    return folder


def _act_types(folder: Path, name: str, *, drop: bool = False) -> Path:
    """act_types version 2 with one new code (or, ``drop``, without the first one)."""
    acts = bundled_vocabularies()["act_types"]
    added = VocabularyEntry(code=NEW_CODE, label="Forced labour abroad", coi_categories=("C",))
    entries = (*acts.entries[1:], added) if drop else (*acts.entries, added)
    newer = Vocabulary(vocabulary="act_types", version=2, entries=entries)
    path = folder / name
    path.write_text(json.dumps(json.loads(canonical_bytes(newer))), "utf-8")
    return path


def _dialog(qtbot, workspace: Workspace, usb: Path, **kwargs: object) -> VocabularyPackDialog:
    dialog = VocabularyPackDialog(workspace, detect=lambda: [drive_of(usb)], **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _send(qtbot, dialog: VocabularyPackDialog) -> VocabulariesIssued:
    with qtbot.waitSignal(dialog.packs_written, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def _listed(dialog: VocabularyPackDialog) -> list[str]:
    return [dialog.file_list.item(row).text() for row in range(dialog.file_list.count())]


def test_a_newer_vocabulary_is_sent_and_the_laptop_applies_it(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, files: Path
) -> None:
    source = _act_types(files, HOSTILE_NAME)
    asked: list[Path] = []

    def choose(_parent: QWidget, start: Path) -> list[Path]:
        asked.append(start)
        return [source]

    dialog = _dialog(qtbot, coordinator.ws, usb, choose_files=choose)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert _listed(dialog) == ["No file: the vocabularies the archive holds"]
    assert not dialog.clear_button.isEnabled()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert asked == [usb]  # the detected stick first
    assert _listed(dialog) == ["<b>acts<b>\\u202e.json"]  # escaped, shown as plain text
    assert dialog.write_button.hasFocus()

    issued = _send(qtbot, dialog)

    [sent] = issued.sent
    assert sent.device == enrolled.fingerprint
    assert sorted(usb.iterdir()) == [sent.path]
    assert dialog.status.text().splitlines() == [
        "“Act types”: version 1 → 2, 1 new code(s).",
        f"“Laptop A”: {sent.path.name}",
        "1 vocabulary pack(s) written.",
    ]
    assert vocabulary_packs.issued_vocabularies(coordinator.ws) == {"act_types": 2}
    assert _listed(dialog) == ["No file: the vocabularies the archive holds"]  # held now
    applied = packs.apply_pack(enrolled, sent.path)
    assert applied.kind == "vocabulary"
    stored = enrolled.connection.execute("SELECT name, version FROM vocabularies").fetchall()
    assert stored == [("act_types", 2)]

    # Again, no file: the laptop has these very vocabularies; nothing is written.
    before = state(coordinator.ws)
    assert _send(qtbot, dialog).sent == []
    assert dialog.status.text() == ALREADY_SENT
    assert sorted(usb.iterdir()) == [sent.path]
    assert state(coordinator.ws) == before


def test_with_no_file_a_laptop_enrolled_later_gets_what_the_archive_holds(
    qtbot, coordinator: Archive, enrolled: Workspace, other: Workspace, usb: Path, files: Path
) -> None:
    vocabulary_packs.issue_vocabularies(coordinator.ws, [_act_types(files, "a.json")], files)
    enrol(coordinator, other, files)
    dialog = _dialog(qtbot, coordinator.ws, usb)

    [sent] = _send(qtbot, dialog).sent

    assert sent.device == other.fingerprint
    assert dialog.status.text().splitlines() == [
        f"“Laptop B”: {sent.path.name}",
        "1 vocabulary pack(s) written.",
    ]
    packs.apply_pack(other, sent.path)
    assert other.connection.execute("SELECT name, version FROM vocabularies").fetchall() == [
        ("act_types", 2)
    ]


def test_with_nothing_beyond_the_program_s_none_is_written(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    before = state(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, usb)
    assert _send(qtbot, dialog) == VocabulariesIssued([], [], {})
    assert dialog.status.text() == (
        "No vocabulary pack was written: the archive holds no vocabulary beyond the program's own."
    )
    assert list(usb.iterdir()) == []
    assert state(coordinator.ws) == before


def test_a_file_that_drops_a_code_is_refused_and_nothing_is_written(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, files: Path
) -> None:
    dropping = _act_types(files, "act_types.json", drop=True)
    dialog = _dialog(qtbot, coordinator.ws, usb)
    dialog.set_vocabulary_paths([dropping])
    before = state(coordinator.ws)

    with qtbot.waitSignal(dialog.writing_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)

    (sentence,) = blocker.args
    assert sentence.startswith("The vocabulary file act_types.json was refused: ")
    assert "drops codes" in sentence
    assert sentence.endswith("nothing was changed.")
    assert "\n" not in sentence
    assert dialog.status.text() == sentence
    assert list(usb.iterdir()) == []
    assert state(coordinator.ws) == before
    assert vocabulary_packs.issued_vocabularies(coordinator.ws) == {}
    assert _listed(dialog) == ["act_types.json"]  # kept, to choose another
    assert dialog.write_button.isEnabled()
    assert dialog.clear_button.isEnabled()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.vocabulary_paths() == []
    assert dialog.status.text() == ""


def test_a_laptop_s_workspace_is_told_in_one_sentence(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    before = state(enrolled)
    dialog = _dialog(qtbot, enrolled, usb)
    assert dialog.status.text() == (
        "Vocabularies are sent from the archive's workspace; this is a field laptop's."
    )
    assert not dialog.write_button.isEnabled()
    assert not dialog.choose_button.isEnabled()
    dialog.on_write_requested()
    assert not dialog.busy
    assert state(enrolled) == before


def test_named_controls_distinct_mnemonics_and_tab_order(
    qtbot, coordinator: Archive, usb: Path, files: Path
) -> None:
    dialog = _dialog(qtbot, coordinator.ws, usb)
    dialog.set_vocabulary_paths([_act_types(files, "a.json")])
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
    assert len(_texts(dialog)) >= 7
    dialog.activateWindow()
    qtbot.waitUntil(dialog.choose_button.hasFocus)
    order = [
        dialog.choose_button,
        dialog.clear_button,
        dialog.file_list,
        dialog.picker.combo,
        dialog.picker.choose_button,
        dialog.picker.refresh_button,
        dialog.write_button,
        dialog.close_button,
    ]
    for here, there in pairwise(order):
        assert here.hasFocus(), here
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        assert there.hasFocus(), there
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # Cl&ear the choice
    qtbot.waitUntil(lambda: dialog.vocabulary_paths() == [])
