"""Helpers shared by the tests of what an unlogged list or search tells of a strictly
confidential testimony (``test_search_confidential``, ``test_category_confidential``)."""

from tests.fieldapp.services.import_support import Archive, Device


def deliver(hq: Archive, laptop: Device) -> None:
    """Export what ``laptop`` has not sent yet and import it into ``hq``, which must take it."""
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
