"""Writing withdrawal packs: the archive tells each laptop of the withdrawals witnesses gave at
the office.

A witness who calls the office to withdraw "recontact" must not be contacted again by the
interviewer whose laptop still holds the old consent: after the coordinator records such a
withdrawal (a testimony's Consent tab), one pack per laptop that sent the testimony carries it
(``withdrawal_packs.write_withdrawal_packs``), and the interviewer applies it (Sync > Apply
pack). Each pack is named with its laptop's label and what it tells.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fieldapp.services import withdrawal_packs
from fieldapp.services.withdrawal_packs import WithdrawalPackSent
from ui.views.pack_writer_dialog import PackWriterDialog, PackWriterTexts, Writer


class WithdrawalPackDialog(PackWriterDialog):
    """Writes the withdrawal packs of ``workspace`` (the archive's, opaque here);
    ``WithdrawalPackDialog(workspace, parent=None, *, detect=detect_drives)``.

    Signals (``PackWriterDialog``): ``packs_written(list of WithdrawalPackSent)`` (empty when
    every laptop knew already), ``writing_failed(sentence)``.
    """

    def _make_texts(self) -> PackWriterTexts:
        return PackWriterTexts(
            title=self.tr("Write withdrawal packs"),
            intro=self.tr(
                "A withdrawal pack is written for each laptop that sent a testimony whose"
                " witness withdrew consent at the office, and that was not told yet. The"
                " interviewer applies it on the laptop (Sync > Apply pack), which then no"
                " longer allows the uses withdrawn."
            ),
            write=self.tr("&Write withdrawal packs"),
            write_name=self.tr("Write withdrawal packs"),
            working=self.tr("Writing withdrawal packs…"),
            not_archive=self.tr(
                "Withdrawal packs are written in the archive's workspace; this is a field laptop's."
            ),
        )

    def _writer(self) -> Writer:
        def write(handle: Any, folder: Path) -> list[WithdrawalPackSent]:
            return withdrawal_packs.write_withdrawal_packs(handle, folder)

        return write

    def _report(self, result: Any, labels: Mapping[str, str]) -> str:
        sent: list[WithdrawalPackSent] = result
        if not sent:
            return self.tr(
                "No withdrawal to send: every laptop already knows of each withdrawal received"
                " at the office."
            )
        lines = [self._pack_line(written, labels) for written in sent]
        lines.append(self.tr("%n withdrawal pack(s) written.", "", len(sent)))
        return "\n".join(lines)

    def _pack_line(self, written: WithdrawalPackSent, labels: Mapping[str, str]) -> str:
        # Two counts, one plural form each: the line is joined from two translated parts.
        head = self.tr("{laptop}: {name}, %n withdrawal(s)", "", written.withdrawals).format(
            laptop=self._laptop(written.pack, labels), name=written.pack.path.name
        )
        return head + self.tr(" for %n testimony(ies).", "", written.testimonies)
