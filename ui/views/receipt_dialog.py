"""Writing receipts: the archive tells each device which of its bundles it holds.

One receipt pack goes to each device that sent a bundle since its last receipt; the interviewer
applies it on the laptop, which marks the archived testimonies (and may then remove their
content). Each pack is named with its laptop's label (``PackWriterDialog``).
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fieldapp.services import receipts
from fieldapp.services.pack_writing import PackSent
from ui.views.pack_writer_dialog import PackWriterDialog, PackWriterTexts, Writer


class ReceiptDialog(PackWriterDialog):
    """Writes the receipt packs of ``workspace`` (the archive's, opaque here);
    ``ReceiptDialog(workspace, parent=None, *, detect=detect_drives)``.

    Signals (``PackWriterDialog``): ``packs_written(list of PackSent)`` (empty when none was
    due), ``writing_failed(sentence)``.
    """

    def _make_texts(self) -> PackWriterTexts:
        return PackWriterTexts(
            title=self.tr("Write receipts"),
            intro=self.tr(
                "A receipt pack is written for each device that sent bundles since its last"
                " receipt. The interviewer applies it on the laptop (Sync > Apply pack), which"
                " marks the testimonies the archive holds."
            ),
            write=self.tr("&Write receipts"),
            write_name=self.tr("Write receipts"),
            working=self.tr("Writing receipts…"),
            not_archive=self.tr(
                "Receipts are written in the archive's workspace; this is a field laptop's."
            ),
        )

    def _writer(self) -> Writer:
        def write(handle: Any, folder: Path) -> list[PackSent]:
            return receipts.write_receipts(handle, folder)

        return write

    def _report(self, result: Any, labels: Mapping[str, str]) -> str:
        sent: list[PackSent] = result
        lines = [
            self.tr("{laptop}: {name}").format(
                laptop=self._laptop(pack, labels), name=pack.path.name
            )
            for pack in sent
        ]
        if sent:
            lines.append(self.tr("%n receipt pack(s) written.", "", len(sent)))
        else:
            lines.append(
                self.tr(
                    "No receipt was written: no device has sent a bundle since its last receipt."
                    " A lost receipt can be written again, unchanged, with “fieldapp pack"
                    " resend”."
                )
            )
        return "\n".join(lines)
