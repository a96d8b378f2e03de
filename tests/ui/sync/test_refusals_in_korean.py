"""With Korean installed, a refused pack and a refused bundle reach the screen in Korean: the
apply-pack dialog's sentence and the import report's paragraph carry the core's reason
translated (``ui/reason_texts.py``), not its English; checked on real packs and bundles."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp.errors import PackRejectedError
from fieldapp.services import importing
from fieldapp.services.pack_preview import preview_pack
from fieldapp.sync.packs import pack_tag
from fieldapp.workspace import Workspace
from tests.fieldapp.services.import_support import snapshot
from tests.fieldapp.services.test_enrolment_support import Archive, issue, state
from ui import i18n
from ui.views import import_report_text

from .test_apply_pack_dialog import WORK_TIMEOUT_MS
from .test_apply_pack_dialog import _dialog as _pack_dialog
from .test_import_dialog import _bundle, _dialog, _import, _paragraphs

HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile("[A-Za-z]{3,}")


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def test_a_pack_for_another_laptop_is_refused_in_korean_naming_its_tag(
    qtbot, korean, coordinator: Archive, enrolled: Workspace, other: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, other, stick)
    before = state(enrolled)
    dialog = _pack_dialog(qtbot, enrolled, stick)
    with qtbot.waitSignal(dialog.pack_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_pack_path(sent.path)
    (sentence,) = blocker.args
    assert sentence.startswith("팩이 거부되었습니다: 다른 기기에 보낸 팩입니다.")
    tag, own = pack_tag(other.fingerprint), pack_tag(enrolled.fingerprint)
    assert f"…-{tag}-….fieldpack" in sentence
    assert f"…-{own}-….fieldpack" in sentence
    assert "addressed" not in sentence
    left = sentence.replace(tag, "").replace(own, "").replace("fieldpack", "")
    assert not ENGLISH_WORD.search(left), sentence
    assert dialog.status.text() == sentence
    assert state(enrolled) == before


def test_a_bundle_refused_at_import_is_reported_in_korean(
    qtbot, korean, coordinator: Archive, enrolled: Workspace, usb: Path, tmp_path: Path
) -> None:
    lost = _bundle(enrolled, usb)
    later = _bundle(enrolled, usb)
    lost.rename(tmp_path / lost.name)  # the stick lost it: the later one is refused
    before = snapshot(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, [later])

    (report,) = _import(qtbot, dialog)

    assert report.reason_template == importing.import_chain.REJECTED_MISSING
    assert report.reason_args == {"missing": "1"}
    assert snapshot(coordinator.ws) == before
    refused = _paragraphs(dialog)[0].splitlines()[0]
    reason = import_report_text.refusal_reason(report)
    assert reason == "이 기기의 번들 1이(가) 없습니다. 그 번들을 먼저 가져오십시오."
    assert reason.rstrip(".") in refused
    assert report.reason is not None
    assert report.reason not in refused
    # Left in English: the file's name and the laptop's label, as they were typed.
    assert not ENGLISH_WORD.search(refused.replace(later.name, "").replace("Laptop", "")), refused
    assert HANGUL.search(refused)


def test_without_korean_the_same_refusal_reads_as_before(
    qtbot, coordinator: Archive, enrolled: Workspace, other: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, other, stick)
    dialog = _pack_dialog(qtbot, enrolled, stick)
    with qtbot.waitSignal(dialog.pack_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_pack_path(sent.path)
    with pytest.raises(PackRejectedError) as refused:
        preview_pack(enrolled, sent.path)
    assert blocker.args == [refused.value.message]
    assert refused.value.message.startswith("The pack was refused: it is addressed to another")
