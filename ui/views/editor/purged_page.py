"""What the editor shows of a testimony whose content this laptop purged: read-only, what remains.

A summary says when the content left and which bundle and receipt show that the archive holds
it; the facts kept (id, pseudonym, each version's content hash and bundle), the consent history
and the signed custody events follow in tabs of their own. There is no form here to stay empty
and no action: nothing of the content is kept, so nothing can be edited, sealed or amended.
Every value is shown as plain text (``PlainTextLabel``, read-only ``QPlainTextEdit``).
"""

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from fieldapp.services.purged_view import Delivery, PurgedRemains
from ui.views.editor.consent_history import history_text
from ui.views.editor.consent_in_force import TIME_FORMAT
from ui.views.editor.custody_section import CustodySection
from ui.widgets.plain_text_label import PlainTextLabel


def _when(iso: str | None) -> str:
    """An ISO time as the editor shows times (UTC), or the ISO text itself if unreadable."""
    try:
        moment = datetime.fromisoformat(iso or "")
    except ValueError:
        return iso or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(TIME_FORMAT)


def _read_only_text(accessible_name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the editor
    edit.setAccessibleName(accessible_name)
    return edit


class PurgedPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = PlainTextLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Where its content went"))
        self.facts = _read_only_text(self.tr("What remains on this laptop"))
        # The editor's own words (and contexts), so that their translations apply here too.
        self.consent_history = _read_only_text(
            QCoreApplication.translate("ConsentSection", "Consent history")
        )
        self.custody = CustodySection()
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.facts, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("What remains of the testimony"))
        self.tabs.addTab(summary_page, self.tr("What re&mains"))
        self.tabs.addTab(
            self.consent_history, QCoreApplication.translate("TestimonyEditor", "&Consent")
        )
        self.tabs.addTab(self.custody, QCoreApplication.translate("TestimonyEditor", "Custod&y"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def load(self, remains: PurgedRemains) -> None:
        self.summary.setText(self._summary_text(remains))
        self.facts.setPlainText(self._facts_text(remains))
        history = history_text(remains.consents, remains.withdrawals, remains.office_withdrawals)
        self.consent_history.setPlainText(
            history or self.tr("No consent of this testimony is kept on this laptop.")
        )
        self.custody.load(list(remains.custody))
        self.tabs.setCurrentIndex(0)

    def clear(self) -> None:
        self.summary.setText("")
        self.facts.clear()
        self.consent_history.clear()
        self.custody.clear()

    # -- texts -----------------------------------------------------------------------------
    def _summary_text(self, remains: PurgedRemains) -> str:
        confirmed = [d for d in remains.deliveries if d.receipt_applied_at is not None]
        whole = self.tr("The archive keeps it whole.")
        if remains.purged_at is None or not confirmed:
            # Only what the laptop holds is said: no date, or no receipt, that it does not keep.
            return self.tr("Its content was removed from this laptop.") + " " + whole
        bundles = ", ".join(str(d.bundle_sequence) for d in confirmed)
        receipt = _when(max(str(d.receipt_applied_at) for d in confirmed))
        if len(confirmed) == 1:
            text = self.tr(
                "Its content was removed from this laptop on {purged}, after the archive's"
                " receipt, applied here on {receipt}, confirmed that bundle {bundles} holds it."
            )
        else:
            text = self.tr(
                "Its content was removed from this laptop on {purged}, after the archive's"
                " receipts (the last applied here on {receipt}) confirmed that bundles {bundles}"
                " hold it."
            )
        sentence = text.format(purged=_when(remains.purged_at), receipt=receipt, bundles=bundles)
        return sentence + " " + whole

    def _facts_text(self, remains: PurgedRemains) -> str:
        lines = [
            self.tr("Testimony: {id}").format(id=remains.testimony_id),
            self.tr("Witness (pseudonym): {pseudonym}").format(pseudonym=remains.pseudonym),
        ]
        for version in remains.versions:
            text = (
                self.tr("Version {version}: content hash {hash}, carried by no bundle")
                if version.bundle_sequence is None
                else self.tr("Version {version}: content hash {hash}, carried by bundle {bundle}")
            )
            lines.append(
                text.format(
                    version=version.version,
                    hash=version.content_hash or "-",
                    bundle=version.bundle_sequence,
                )
            )
        lines += [self._delivery_text(delivery) for delivery in remains.deliveries]
        if remains.purged_at is not None:
            lines.append(
                self.tr("Content removed from this laptop: {time}").format(
                    time=_when(remains.purged_at)
                )
            )
        return "\n".join(lines)

    def _delivery_text(self, delivery: Delivery) -> str:
        if delivery.receipt_applied_at is None:
            text = self.tr(
                "Bundle {bundle} (id {id}), made {made}: no receipt applied here names it yet."
            )
        else:
            text = self.tr(
                "Bundle {bundle} (id {id}), made {made}: confirmed by the archive's receipt"
                " (pack {pack}), applied here {applied}."
            )
        return text.format(
            bundle=delivery.bundle_sequence,
            id=delivery.bundle_id,
            made=_when(delivery.bundle_made_at),
            pack=delivery.receipt_sequence,
            applied=_when(delivery.receipt_applied_at),
        )
