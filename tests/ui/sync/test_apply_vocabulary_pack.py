"""The apply-pack dialog with a vocabulary pack: what it is, what it changed in one sentence,
and the new code offered by the editor's drop-down once applied (on the worker's own handle)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fieldapp.domain import (
    Vocabulary,
    VocabularyEntry,
    active_vocabularies,
    bundled_vocabularies,
    canonical_bytes,
    is_valid,
)
from fieldapp.services import pack_writing, vocabulary_packs
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.vocabulary_pack import vocabulary_payload, vocabulary_payload_bytes
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from ui.views import editor as editor_views
from ui.views.apply_pack_dialog import ApplyPackDialog

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000
NEW_CODE = "forced_labour_abroad"


@pytest.fixture(autouse=True)
def _bundled_in_force_after() -> Iterator[None]:
    yield
    assert active_vocabularies().versions() == bundled_vocabularies().versions()


def _vocabulary_pack(coordinator: Archive, device: Workspace, folder: Path) -> Path:
    acts = bundled_vocabularies()["act_types"]
    added = VocabularyEntry(code=NEW_CODE, label="Forced labour abroad", coi_categories=("C",))
    newer = Vocabulary(vocabulary="act_types", version=2, entries=(*acts.entries, added))
    source = folder / "act_types.json"
    source.write_text(json.dumps(json.loads(canonical_bytes(newer))), "utf-8")
    issued = vocabulary_packs.issue_vocabularies(coordinator.ws, [source], folder)
    [sent] = issued.sent
    assert sent.device == device.fingerprint
    return sent.path


def _apply_in_dialog(qtbot, device: Workspace, stick: Path, pack: Path) -> ApplyPackDialog:
    dialog = ApplyPackDialog(device, detect=lambda: [drive_of(stick)])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.pack_previewed, timeout=WORK_TIMEOUT_MS):
        dialog.set_pack_path(pack)
    assert "brings newer vocabularies" in dialog.description.text()
    assert not dialog.confirm_box.isVisible()  # trusted already: nothing to read aloud
    with qtbot.waitSignal(dialog.pack_applied, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def test_a_vocabulary_pack_is_applied_and_said_in_a_sentence(
    qtbot, coordinator: Archive, enrolled: Workspace, stick: Path
) -> None:
    pack = _vocabulary_pack(coordinator, enrolled, stick)
    coordinator.ws.lock()  # only the device's own hold may bring the code into force
    assert not is_valid("act_types", NEW_CODE)

    dialog = _apply_in_dialog(qtbot, enrolled, stick, pack)

    assert dialog.status.text() == "The vocabulary “Act types” is now version 2. New codes: 1."
    stored = enrolled.connection.execute("SELECT name, version FROM vocabularies").fetchall()
    assert stored == [("act_types", 2)]
    # Applied on the worker's handle, which is locked again: the window's handle holds it.
    assert is_valid("act_types", NEW_CODE)

    editor = editor_views.TestimonyEditor()
    qtbot.addWidget(editor)
    editor.new_testimony(enrolled)
    assert editor.incidents.form.act_type.findData(NEW_CODE) >= 0
    editor.clear()


def test_a_version_the_laptop_has_says_nothing_new(
    qtbot, coordinator: Archive, enrolled: Workspace, stick: Path
) -> None:
    bundled = bundled_vocabularies()["act_types"]
    payload = vocabulary_payload_bytes(vocabulary_payload((bundled,)))
    sent = pack_writing.send_pack(
        coordinator.ws, enrolled.fingerprint, ManifestKind.VOCABULARY, payload, stick
    )
    dialog = _apply_in_dialog(qtbot, enrolled, stick, sent.path)
    assert dialog.status.text() == "Nothing new: this laptop already had these vocabularies."
