"""The import report names a consent version that supersedes a withdrawal received at the
office (``ImportReport.allowed_again``), as the CLI does."""

from fieldapp.services.importing import AllowedAgain, ImportReport
from ui.views.import_report_text import paragraph, report_text

TESTIMONY = "0f8fad5b-d9cb-469f-a165-70867728950e"


def _imported(*again: AllowedAgain) -> ImportReport:
    report = ImportReport("/stick/bundle-3.fieldbundle", outcome="imported", sequence=3)
    report.consents = 1
    report.allowed_again = list(again)
    return report


def test_a_version_that_allows_a_use_again_is_named_under_its_bundle(qapp) -> None:
    again = AllowedAgain(TESTIMONY, 2, "2026-11-20T09:15:00+00:00", ["research", "recontact"])
    lines = paragraph(_imported(again)).split("\n")
    assert lines[0].startswith("bundle-3.fieldbundle was imported as bundle 3: ")
    assert lines[1:] == [
        f"Testimony {TESTIMONY}: consent version 2, taken after the laptop was told of the"
        " withdrawal received at the office on 2026-11-20, allows again: Research, Contacting"
        " the witness again."
    ]


def test_nothing_is_added_when_no_withdrawal_gives_way(qapp) -> None:
    assert "\n" not in paragraph(_imported())
    assert report_text([_imported()]).count("\n\n") == 1  # the paragraph, then the count line
