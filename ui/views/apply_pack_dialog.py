"""Applying a pack from the coordinator: enrolment, receipt, revocation, vocabulary.

The pack is first opened and verified without being applied (``pack_preview``). For an
enrolment pack, the only moment a device learns whom to trust, the coordinator key's fingerprint
is shown in groups for reading aloud, and Apply stays disabled until the user ticks that it
matches what the coordinator read; the pack is then applied with ``expect_fingerprint`` set to
that very fingerprint, so a file swapped in meanwhile is refused. After a receipt, the dialog
offers to remove the archived content from the laptop, saying how many testimonies and what
that means. Every step that touches the workspace runs on a worker with its own handle.
"""

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import fieldapp.services.vocabulary_packs  # noqa: F401  (registers the vocabulary pack kind)
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import packs, receipts, session
from fieldapp.services.pack_preview import PackPreview, preview_pack
from fieldapp.services.packs import PackApplied
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views import pack_result_text
from ui.views.pack_result_text import RECEIPT
from ui.views.work_dialog import WorkDialog
from ui.widgets.file_chooser import ChooserTexts, FileChooser
from ui.widgets.fingerprint_text import fingerprint_label, spoken_lines
from ui.widgets.plain_text_label import PlainTextLabel

PACK_SUFFIX = ".fieldpack"
DIALOG_MIN_WIDTH = 640


class ApplyPackDialog(WorkDialog):
    """Applies one pack to ``workspace`` (an unlocked device's, opaque here).

    Signals: ``pack_previewed(PackPreview)``, ``pack_applied(PackApplied)``,
    ``content_purged(PurgeResult)``, ``pack_failed(sentence)``.
    """

    pack_previewed = Signal(object)
    pack_applied = Signal(object)
    content_purged = Signal(object)
    pack_failed = Signal(str)

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._preview: PackPreview | None = None
        self._archived = 0
        self.setWindowTitle(self.tr("Apply a pack"))

        intro = QLabel(self.tr("Choose the pack file the coordinator gave you (.fieldpack)."))
        intro.setWordWrap(True)
        self.chooser = FileChooser(
            ChooserTexts(
                file=self.tr("Pack file"),
                choose=self.tr("C&hoose pack…"),
                choose_name=self.tr("Choose the pack file"),
                open=self.tr("&Open"),
                open_name=self.tr("Open the pack"),
                caption=self.tr("Choose the pack file"),
                filters=self.tr("Packs (*{suffix})").format(suffix=PACK_SUFFIX),
            ),
            detect=detect,
        )
        # The chooser's parts, as the tests and the tab order name them.
        self.path_edit = self.chooser.path_edit
        self.choose_button = self.chooser.choose_button
        self.open_button = self.chooser.open_button
        self.description = PlainTextLabel()
        self.description.setAccessibleName(self.tr("What the pack is"))
        self.description.setWordWrap(True)
        self.fingerprint = fingerprint_label(self.tr("Coordinator key fingerprint, as numbers"))
        self.fingerprint_text = PlainTextLabel()
        self.fingerprint_text.setAccessibleName(self.tr("Coordinator key fingerprint"))
        self.fingerprint_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_box = QCheckBox(
            self.tr("The coordinator read exactly these groups to me, in this order")
        )
        self.confirm_box.setAccessibleName(self.tr("The fingerprint matches"))
        self.apply_button = QPushButton(self.tr("&Apply"))
        self.apply_button.setAccessibleName(self.tr("Apply the pack"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Working"))
        self.progress_bar.setRange(0, 0)  # applying and purging report no steps
        self.progress_bar.setVisible(False)  # until work runs: a busy bar would mislead
        self.status.setAccessibleName(self.tr("Result"))
        self.purge_note = QLabel(pack_result_text.purge_note())
        self.purge_note.setWordWrap(True)
        self.purge_button = QPushButton()
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        # Enter applies (when Apply is enabled) and nothing else: in the path box it also opens
        # the pack, and the purge is never one stray key away.
        for button in (self.purge_button, self.close_button):
            button.setAutoDefault(False)
        self.apply_button.setDefault(True)
        self._lay_out(intro)
        self._reset()

        self.chooser.path_edited.connect(self.on_path_edited)
        self.chooser.open_requested.connect(self.on_open_requested)
        self.confirm_box.toggled.connect(self.on_confirmation_toggled)
        self.apply_button.clicked.connect(self.on_apply_requested)
        self.purge_button.clicked.connect(self.on_purge_requested)
        self.close_button.clicked.connect(self.reject)

    def _lay_out(self, intro: QLabel) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        layout.addWidget(intro)
        layout.addWidget(self.chooser)
        for widget in (
            self.description,
            self.fingerprint,
            self.fingerprint_text,
            self.confirm_box,
            self.progress_bar,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.status)
        layout.addWidget(self.purge_note)
        layout.addWidget(self.purge_button)
        layout.addLayout(buttons)
        order = (
            self.path_edit,
            self.choose_button,
            self.open_button,
            self.confirm_box,
            self.apply_button,
            self.purge_button,
            self.close_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def pack_path(self) -> Path | None:
        return self.chooser.path()

    def set_pack_path(self, path: Path) -> None:
        """Choose the pack at ``path`` and open it (as the file dialog does)."""
        self.chooser.set_path(path)

    # --- choosing and opening ---------------------------------------------------------------

    @Slot()
    def on_path_edited(self) -> None:
        self._reset()

    @Slot(object)
    def on_open_requested(self, path: Path) -> None:
        if self.busy:
            return
        self._reset()
        workspace = self._workspace

        def preview(_progress: ProgressCallback, _cancel: CancelToken) -> PackPreview:
            with session.worker_handle(workspace) as handle:
                return preview_pack(handle, path)

        self._run(preview, self.on_preview_succeeded, self.tr("Checking the pack…"))

    @Slot(object)
    def on_preview_succeeded(self, preview: PackPreview) -> None:
        self._set_working(False)
        self._preview = preview
        self._say("")
        self.description.setText(pack_result_text.description(preview))
        if preview.needs_confirmation:
            self.fingerprint.setText(spoken_lines(preview.coordinator_fingerprint))
            self.fingerprint_text.setText(
                pack_result_text.fingerprint_sentence(preview.coordinator_fingerprint)
            )
            for widget in (self.fingerprint, self.fingerprint_text, self.confirm_box):
                widget.setVisible(True)
            self.confirm_box.setFocus()
        else:
            self.apply_button.setFocus()
        self._update_apply()
        self.pack_previewed.emit(preview)

    @Slot(bool)
    def on_confirmation_toggled(self, _checked: bool) -> None:
        self._update_apply()

    def _update_apply(self) -> None:
        preview = self._preview
        ready = preview is not None and (
            not preview.needs_confirmation or self.confirm_box.isChecked()
        )
        self.apply_button.setEnabled(ready and not self.busy)

    # --- applying ---------------------------------------------------------------------------

    @Slot()
    def on_apply_requested(self) -> None:
        preview, path = self._preview, self.pack_path()
        if self.busy or preview is None or path is None:
            return
        if preview.needs_confirmation and not self.confirm_box.isChecked():
            return
        workspace = self._workspace
        expected = preview.coordinator_fingerprint

        def apply(_progress: ProgressCallback, _cancel: CancelToken) -> tuple[PackApplied, int]:
            with session.worker_handle(workspace) as handle:
                applied = packs.apply_pack(handle, path, expect_fingerprint=expected)
                return applied, len(receipts.archived_testimonies(handle))

        self._run(apply, self.on_apply_succeeded, self.tr("Applying the pack…"))

    @Slot(object)
    def on_apply_succeeded(self, outcome: tuple[PackApplied, int]) -> None:
        applied, archived = outcome
        self._set_working(False)
        self._preview = None  # applied: Apply stays off until another pack is opened
        self._update_apply()
        self.confirm_box.setEnabled(False)
        text = pack_result_text.result_text(applied)
        if applied.kind == RECEIPT:
            text = f"{text}\n{self._purgeable_sentence(archived)}"
            self._offer_purge(archived)
        self._say(text)
        self.pack_applied.emit(applied)

    # --- purging ----------------------------------------------------------------------------

    def _purgeable_sentence(self, archived: int) -> str:
        # In the dialog's own translation context, where its English plural forms have always
        # been looked up.
        return self.tr(
            "%n testimony(ies) are archived and can be removed from this laptop.", "", archived
        )

    def _offer_purge(self, archived: int) -> None:
        self._archived = archived
        text = pack_result_text.purge_offer(archived)
        self.purge_button.setText(text)
        self.purge_button.setAccessibleName(text)
        self.purge_note.setVisible(archived > 0)
        self.purge_button.setVisible(archived > 0)
        self.purge_button.setEnabled(archived > 0)

    @Slot()
    def on_purge_requested(self) -> None:
        if self.busy or self._archived <= 0:
            return
        workspace = self._workspace

        def purge(_progress: ProgressCallback, _cancel: CancelToken) -> receipts.PurgeResult:
            with session.worker_handle(workspace) as handle:
                return receipts.purge_archived(handle)

        self.purge_button.setEnabled(False)
        self._run(purge, self.on_purge_succeeded, self.tr("Removing archived content…"))

    @Slot(object)
    def on_purge_succeeded(self, result: receipts.PurgeResult) -> None:
        self._set_working(False)
        self.purge_button.setVisible(False)
        self.purge_note.setVisible(False)
        self._say(pack_result_text.purged_text(result))
        self.content_purged.emit(result)

    # --- running work -----------------------------------------------------------------------

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        sentence = error_text(error)
        self._say(sentence)
        self._update_apply()
        self.pack_failed.emit(sentence)

    def _reset(self) -> None:
        self._preview = None
        self.description.setText("")
        for label in (self.fingerprint, self.fingerprint_text):
            label.setText("")
            label.setVisible(False)
        self.confirm_box.setChecked(False)
        self.confirm_box.setEnabled(True)
        self.confirm_box.setVisible(False)
        self.purge_note.setVisible(False)
        self.purge_button.setVisible(False)
        self._say("")
        self._update_apply()

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        for widget in (self.path_edit, self.choose_button, self.open_button, self.close_button):
            widget.setEnabled(not working)
        self.progress_bar.setVisible(working)
        self._update_apply()
