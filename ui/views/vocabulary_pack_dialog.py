"""Sending vocabularies: the archive takes newer code lists and writes them to every laptop.

The coordinator chooses vocabulary files (JSON, a newer version of a list the program has: act
types, perpetrators…) or none; ``vocabulary_packs.issue_vocabularies`` checks each against the
archive's set (a newer version that drops no code), stores them, and writes a pack to each
enrolled laptop not yet sent what the archive now holds — all of it, or nothing: a refused file
is said in one sentence and nothing is written. With no file chosen, the vocabularies the
archive holds go to the laptops that lack them (one enrolled since, say).

File names and vocabulary names come from the files: shown escaped, as plain text only.
"""

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QWidget

from fieldapp.services import vocabulary_packs
from fieldapp.services.vocabulary_packs import VocabulariesIssued, VocabularyChange
from ui.reason_texts import shown
from ui.storage import Drive, detect_drives
from ui.views.pack_result_text import vocabulary_title
from ui.views.pack_writer_dialog import PackWriterDialog, PackWriterTexts, Writer
from ui.widgets import file_dialogs

#: How the dialog asks for files: ``choose(parent, start_folder)`` -> the chosen paths.
ChooseFiles = Callable[[QWidget, Path], list[Path]]


class VocabularyPackDialog(PackWriterDialog):
    """Issues vocabularies from ``workspace`` (the archive's, opaque here);
    ``VocabularyPackDialog(workspace, parent=None, *, detect=detect_drives, choose_files=None)``.

    Signals (``PackWriterDialog``): ``packs_written(VocabulariesIssued)`` after each run,
    ``writing_failed(sentence)`` when a file or the run was refused.
    """

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
        choose_files: ChooseFiles | None = None,
    ) -> None:
        self._paths: list[Path] = []
        super().__init__(workspace, parent, detect=detect)
        self._detect = detect
        self._choose_files = choose_files or self._ask_for_files
        self.choose_button = QPushButton(self.tr("C&hoose vocabulary files…"))
        self.choose_button.setAccessibleName(self.tr("Choose the vocabulary files"))
        self.clear_button = QPushButton(self.tr("Cl&ear the choice"))
        self.clear_button.setAccessibleName(self.tr("Choose no vocabulary file"))
        self.file_list = QListWidget()
        self.file_list.setAccessibleName(self.tr("Chosen vocabulary files"))
        line = self.file_list.fontMetrics().lineSpacing()  # a few files: room for four
        self.file_list.setFixedHeight(line * 5)
        for button in (self.choose_button, self.clear_button):
            button.setAutoDefault(False)  # Enter belongs to the Send button
        choosing = QHBoxLayout()
        choosing.addWidget(self.choose_button)
        choosing.addWidget(self.clear_button)
        choosing.addStretch()
        self.choices.addLayout(choosing)
        self.choices.addWidget(self.file_list)
        order = (self.choose_button, self.clear_button, self.file_list, self.picker)
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.choose_button.clicked.connect(self.on_choose_requested)
        self.clear_button.clicked.connect(self.on_clear_requested)
        self.choose_button.setEnabled(self.is_archive)
        self._show_paths()
        self.choose_button.setFocus()

    def _make_texts(self) -> PackWriterTexts:
        return PackWriterTexts(
            title=self.tr("Send vocabularies"),
            intro=self.tr(
                "Choose the newer vocabulary files (.json) the archive is to use: each must"
                " keep every code of the version it follows. A vocabulary pack then goes to"
                " each enrolled laptop, which applies it (Sync > Apply pack). With no file"
                " chosen, the vocabularies the archive holds are sent to the laptops that"
                " lack them."
            ),
            write=self.tr("&Send vocabularies"),
            write_name=self.tr("Send vocabularies"),
            working=self.tr("Writing vocabulary packs…"),
            not_archive=self.tr(
                "Vocabularies are sent from the archive's workspace; this is a field laptop's."
            ),
        )

    # --- choosing ---------------------------------------------------------------------------

    def vocabulary_paths(self) -> list[Path]:
        return list(self._paths)

    def set_vocabulary_paths(self, paths: Sequence[Path]) -> None:
        """Choose these files (replacing any chosen before; none: send what the archive
        holds)."""
        if self.busy:
            return
        self._paths = list(dict.fromkeys(Path(path) for path in paths))
        self._show_paths()
        self._say("")

    def _show_paths(self) -> None:
        self.file_list.clear()
        for path in self._paths:
            # The name alone, and no tooltip: Qt shows a tooltip that looks like HTML as HTML.
            self.file_list.addItem(shown(path.name))
        if not self._paths:  # said in the list itself, where the files would be
            self.file_list.addItem(self.tr("No file: the vocabularies the archive holds"))
            self.file_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.clear_button.setEnabled(bool(self._paths) and not self.busy)

    @Slot()
    def on_choose_requested(self) -> None:
        if self.busy or not self.is_archive:
            return
        drives = self._detect()
        start = drives[0].path if drives else Path.home()
        chosen = self._choose_files(self, start)
        if chosen:
            self.set_vocabulary_paths(chosen)
            self.write_button.setFocus()

    @Slot()
    def on_clear_requested(self) -> None:
        self.set_vocabulary_paths([])
        self.choose_button.setFocus()

    def _ask_for_files(self, parent: QWidget, start: Path) -> list[Path]:
        chosen = file_dialogs.open_files(
            parent,
            self.tr("Choose the vocabulary files"),
            str(start),
            self.tr("Vocabularies (*.json)"),
        )
        return [Path(name) for name in chosen]

    # --- sending ----------------------------------------------------------------------------

    def _writer(self) -> Writer:
        paths = list(self._paths)

        def issue(handle: Any, folder: Path) -> VocabulariesIssued:
            return vocabulary_packs.issue_vocabularies(handle, paths, folder)

        return issue

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.choose_button.setEnabled(self.is_archive and not working)
        self.clear_button.setEnabled(bool(self._paths) and not working)

    def _report(self, result: Any, labels: Mapping[str, str]) -> str:
        issued: VocabulariesIssued = result
        self._paths = []  # the archive holds them now: a second run sends what it holds
        self._show_paths()
        lines = [self._change_line(change) for change in issued.changes]
        lines += [
            self.tr("{laptop}: {name}").format(
                laptop=self._laptop(pack, labels), name=pack.path.name
            )
            for pack in issued.sent
        ]
        if issued.sent:
            lines.append(self.tr("%n vocabulary pack(s) written.", "", len(issued.sent)))
        elif not issued.carried:
            lines.append(
                self.tr(
                    "No vocabulary pack was written: the archive holds no vocabulary beyond"
                    " the program's own."
                )
            )
        else:
            lines.append(
                self.tr(
                    "No vocabulary pack was written: every laptop has been sent these"
                    " vocabularies. A lost pack can be written again, unchanged, with"
                    " “fieldapp pack resend”."
                )
            )
        return "\n".join(lines)

    def _change_line(self, change: VocabularyChange) -> str:
        text = self.tr("{vocabulary}: version {old} → {new}, %n new code(s).", "", change.new_codes)
        return text.format(
            vocabulary=vocabulary_title(change.vocabulary),
            old=change.from_version,
            new=change.to_version,
        )
