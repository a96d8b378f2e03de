"""The list's "May be used for" filter: on the archive it lists exactly the testimonies whose
consent in force allows a use (as the services say), with search and status too; it is reached
and changed from the keyboard; a device has it as well."""

from pathlib import Path
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from fieldapp.domain import ConsentScope, RecordStatus
from fieldapp.services import office_withdrawals, records, session
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.ui.conftest import PASSPHRASE
from tests.ui.sync.consent_archive import ConsentArchive, allowed_by_the_core, make_consent_archive
from ui.views.editor.consent_texts import scope_title
from ui.views.testimony_list import TestimonyListView


@pytest.fixture
def archive(coordinator: Archive, enrolled: Workspace, usb: Path) -> ConsentArchive:
    return make_consent_archive(coordinator, enrolled, usb)


def _view(qtbot, ws: Workspace, *, can_create: bool = False) -> TestimonyListView:
    view = TestimonyListView()
    qtbot.addWidget(view)
    view.set_workspace(ws, can_create=can_create)
    return view


def _shown(view: TestimonyListView) -> set[UUID]:
    return {view.model.summary(row).id for row in range(view.model.rowCount())}


def _choose(view: TestimonyListView, scope: ConsentScope | None) -> None:
    index = view.use_filter.findData(None if scope is None else scope.value)
    assert index >= 0
    view.use_filter.setCurrentIndex(index)


def test_each_use_lists_exactly_what_the_consent_in_force_allows(qtbot, archive):
    view = _view(qtbot, archive.ws)
    assert _shown(view) == archive.ids
    for scope in ConsentScope:
        _choose(view, scope)
        assert view.model.allowed_for is scope
        assert _shown(view) == allowed_by_the_core(archive.ws, archive.ids, scope), scope
    # The cases are not all alike: each use the laptop's records left out is left out here.
    _choose(view, ConsentScope.RESEARCH)
    assert _shown(view) == {archive.everything, archive.un_withdrawn_on_laptop}
    _choose(view, ConsentScope.UN_REPORTING)
    assert _shown(view) == {archive.everything, archive.no_research}
    _choose(view, None)
    assert view.model.allowed_for is None
    assert _shown(view) == archive.ids


def test_an_office_withdrawal_takes_the_testimony_out_of_that_use(qtbot, archive):
    view = _view(qtbot, archive.ws)
    _choose(view, ConsentScope.PUBLIC_MEDIA)
    assert archive.everything in _shown(view)
    office_withdrawals.record_office_withdrawal(
        archive.ws,
        archive.everything,
        [ConsentScope.PUBLIC_MEDIA],
        received_by="Coordinator Park",
        how_received="phone",
    )
    view.refresh()
    assert _shown(view) == allowed_by_the_core(archive.ws, archive.ids, ConsentScope.PUBLIC_MEDIA)
    assert archive.everything not in _shown(view)
    assert len(_shown(view)) == 2


def test_the_use_filter_joins_the_search_and_the_status_filter(qtbot, archive):
    view = _view(qtbot, archive.ws)
    word = records.get_record(archive.ws, archive.everything).testimony.title.split()[0]
    view.search.setText(word)
    view.on_search_requested()
    assert _shown(view) == archive.ids  # one title for all three
    _choose(view, ConsentScope.RESEARCH)
    assert _shown(view) == {archive.everything, archive.un_withdrawn_on_laptop}
    status = records.get_record(archive.ws, archive.everything).testimony.status
    other = next(s for s in RecordStatus if s is not status)
    view.status_filter.setCurrentIndex(view.status_filter.findData(other.value))
    assert _shown(view) == set()
    view.status_filter.setCurrentIndex(view.status_filter.findData(status.value))
    assert _shown(view) == {archive.everything, archive.un_withdrawn_on_laptop}


def test_the_filter_is_named_labelled_and_reached_from_the_keyboard(qtbot, archive):
    view = _view(qtbot, archive.ws)
    view.show()
    qtbot.waitExposed(view)
    combo = view.use_filter
    assert combo.accessibleName()
    [label] = [w for w in view.findChildren(QLabel) if w.buddy() is combo]
    assert label.text() == "May be &used for:"
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names == ["Any use", *(scope_title(s) for s in ConsentScope)]

    # Tab order: search, status, use, (New testimony, hidden on the archive), table.
    view.status_filter.setFocus()
    qtbot.waitUntil(view.status_filter.hasFocus)
    qtbot.keyClick(view.status_filter, Qt.Key.Key_Tab)
    qtbot.waitUntil(combo.hasFocus)
    # Down moves to the next item without opening the popup: "Keep in the archive", first.
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert view.model.allowed_for is ConsentScope.ARCHIVE
    scopes = list(ConsentScope)
    for _ in range(scopes.index(ConsentScope.RESEARCH) - scopes.index(ConsentScope.ARCHIVE)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert view.model.allowed_for is ConsentScope.RESEARCH
    assert _shown(view) == {archive.everything, archive.un_withdrawn_on_laptop}
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(view.table.hasFocus)


def test_a_laptop_has_the_filter_too(qtbot, workspace_root):
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        view = _view(qtbot, ws, can_create=True)
        view.show()
        qtbot.waitExposed(view)
        ids = {s.id for s in records.list_testimonies(ws)}
        assert len(ids) == 5
        for scope in ConsentScope:
            _choose(view, scope)
            assert _shown(view) == allowed_by_the_core(ws, ids, scope)
        view.use_filter.setFocus()
        qtbot.waitUntil(view.use_filter.hasFocus)
        qtbot.keyClick(view.use_filter, Qt.Key.Key_Tab)
        qtbot.waitUntil(view.new_button.hasFocus)
    finally:
        ws.lock()
