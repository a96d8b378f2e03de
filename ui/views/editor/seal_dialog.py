"""Sealing: the checklist of what is missing, in plain sentences, and Seal only when nothing
blocking is left. Placeholders of a blank draft are warned of, but do not block."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout, QWidget

from fieldapp.domain import SealItem
from ui.widgets.plain_text_label import PlainTextLabel


def item_sentence(item: SealItem) -> str:
    """What is missing, translated by the item (not by the domain's English sentence)."""
    sentences = {
        SealItem.CONSENT_RECORDED: QCoreApplication.translate(
            "seal", "No consent has been recorded for this testimony."
        ),
        SealItem.CONSENT_MATCHES: QCoreApplication.translate(
            "seal", "A consent record on file belongs to another testimony or witness."
        ),
        SealItem.ARCHIVE_ALLOWED: QCoreApplication.translate(
            "seal", "The witness has not agreed to the testimony being archived."
        ),
        SealItem.ARCHIVE_NOT_WITHDRAWN: QCoreApplication.translate(
            "seal", "The witness has withdrawn consent to archiving."
        ),
        SealItem.ESSENTIALS_EXPLAINED: QCoreApplication.translate(
            "seal",
            "The consent record does not show that the purpose, the risks and the right to "
            "withdraw were explained.",
        ),
        SealItem.GUARDIAN_AND_ASSENT: QCoreApplication.translate(
            "seal",
            "The witness is a minor: both a guardian's consent and the witness's own assent are "
            "needed.",
        ),
        SealItem.INTERVIEW_ENDED: QCoreApplication.translate(
            "seal", "The time the interview ended has not been recorded."
        ),
        SealItem.NARRATIVE_WRITTEN: QCoreApplication.translate("seal", "The narrative is empty."),
    }
    return sentences.get(item, item.sentence)


def placeholder_sentence(field: str) -> str:
    sentences = {
        "title": QCoreApplication.translate(
            "seal", "The title is still the placeholder of a new testimony."
        ),
        "interview_place": QCoreApplication.translate(
            "seal", "The place of the interview has not been recorded."
        ),
    }
    return sentences.get(field, field)


class SealDialog(QDialog):
    """Accepted means: seal now."""

    def __init__(
        self, missing: list[SealItem], placeholders: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Seal the testimony"))
        self.checklist = QListWidget()
        self.checklist.setAccessibleName(self.tr("What is missing before sealing"))
        for item in missing:
            self.checklist.addItem(item_sentence(item))
        self.warnings = QListWidget()
        self.warnings.setAccessibleName(self.tr("Warnings"))
        for field in placeholders:
            self.warnings.addItem(placeholder_sentence(field))
        if missing:
            heading = self.tr("The testimony cannot be sealed yet:")
        else:
            heading = self.tr(
                "Nothing blocking is missing. Sealing fixes the content and signs it; later "
                "corrections are made by amendment."
            )
        self.heading = PlainTextLabel(heading)
        self.heading.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.seal_button = self.buttons.addButton(
            self.tr("&Seal"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.seal_button.setAccessibleName(self.tr("Seal the testimony"))
        self.seal_button.setEnabled(not missing)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        if missing:
            layout.addWidget(self.checklist)
        if placeholders:
            layout.addWidget(PlainTextLabel(self.tr("Worth checking first:")))
            layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        (
            self.seal_button
            if not missing
            else self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        ).setFocus()
