"""The destination picker: detected drives with free space, a chosen folder, Refresh."""

from pathlib import Path

from PySide6.QtCore import QLocale, Qt

from ui.storage import Drive
from ui.widgets.destination_picker import DestinationPicker

from .conftest import drive_of


def _folders(tmp_path: Path, *names: str) -> list[Path]:
    made = []
    for name in names:
        (tmp_path / name).mkdir()
        made.append(tmp_path / name)
    return made


def test_detected_drives_are_listed_with_their_free_space(qtbot, tmp_path: Path) -> None:
    first, second = _folders(tmp_path, "a", "b")
    drives = [drive_of(first, "FIELD-1"), drive_of(second, "FIELD-2")]
    picker = DestinationPicker(detect=lambda: drives)
    qtbot.addWidget(picker)
    assert picker.combo.count() == 2
    assert picker.destination() == first
    text = picker.combo.itemText(0)
    assert "FIELD-1" in text
    assert QLocale().formattedDataSize(drives[0].bytes_free) in text
    assert str(first) in text
    assert picker.combo.accessibleName()


def test_no_drive_means_no_destination_until_a_folder_is_chosen(qtbot, tmp_path: Path) -> None:
    picker = DestinationPicker(detect=list)
    qtbot.addWidget(picker)
    assert picker.destination() is None
    with qtbot.waitSignal(picker.destination_changed) as blocker:
        picker.set_folder(tmp_path)
    assert blocker.args == [tmp_path]
    assert picker.destination() == tmp_path


def test_refresh_finds_a_drive_plugged_in_later_and_keeps_the_choice(qtbot, tmp_path) -> None:
    first, second = _folders(tmp_path, "a", "b")
    plugged: list[Drive] = [drive_of(first)]
    picker = DestinationPicker(detect=lambda: list(plugged))
    qtbot.addWidget(picker)
    picker.set_folder(tmp_path)
    plugged.append(drive_of(second, "LATER"))
    qtbot.mouseClick(picker.refresh_button, Qt.MouseButton.LeftButton)
    assert picker.combo.count() == 3  # two drives and the chosen folder
    assert picker.destination() == tmp_path
    picker.combo.setCurrentIndex(1)
    assert picker.destination() == second
    plugged.clear()  # both sticks pulled out
    picker.on_refresh_requested()
    assert picker.destination() == tmp_path  # only the chosen folder is left
