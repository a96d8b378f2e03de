"""The export dialog and the import report, for a bundle of the laptop's custody log alone
(an opening of a strictly confidential testimony, and no record new): each says so."""

from pathlib import Path

from fieldapp.domain import ConfidentialityLevel
from fieldapp.services import access, importing
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony
from ui.views.import_report_text import paragraph

from .dialogs import export_dialog, export_through


def test_a_bundle_of_the_log_alone_is_said_on_both_sides(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    testimony = add_testimony(enrolled, confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    dialog = export_dialog(qtbot, enrolled, usb)
    first = export_through(qtbot, dialog)
    access.open_record(enrolled, testimony.id)

    second = export_through(qtbot, dialog)

    assert second.path is not None
    assert second.sequence == 2
    lines = dialog.status.text().splitlines()
    assert lines[1:] == [
        # Bundle 1's export event, and the opening.
        "It holds no new records, only this laptop's custody log: 2 event(s).",
    ]
    assert lines[0].startswith(f"Bundle 2 was written: {second.path.name} (")
    reports = importing.import_bundles(coordinator.ws, [first.path, second.path])  # type: ignore[list-item]
    assert [r.outcome for r in reports] == ["imported", "imported"], [r.reason for r in reports]
    assert paragraph(reports[1]) == (
        f"{second.path.name} was imported as bundle 2: 0 testimony(ies); 0 amendment(s);"
        " 0 consent version(s); 0 attachment(s); 2 custody event(s)."
    )
    assert "custody event" not in paragraph(reports[0])  # a bundle with records, as before
    # Nothing more: the dialog says so, and writes nothing.
    export_through(qtbot, dialog)
    assert dialog.status.text() == "There was nothing new to export."
    assert sorted(usb.iterdir()) == sorted([first.path, second.path])  # type: ignore[type-var]
