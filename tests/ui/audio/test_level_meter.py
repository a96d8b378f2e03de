"""The level meter: rises at once, falls back gradually, and says its value to screen readers."""

import pytest

from ui.audio.level_meter import DECAY, LevelMeter


def test_it_rises_at_once_and_falls_back_gradually(qtbot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    assert meter.level() == 0.0
    meter.set_level(0.8)
    assert meter.level() == 0.8
    meter.set_level(0.0)
    assert meter.level() == pytest.approx(0.8 * DECAY)
    meter.set_level(2.0)  # out of range: clamped
    assert meter.level() == 1.0
    meter.reset()
    assert meter.level() == 0.0


def test_it_has_an_accessible_name_and_value(qtbot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    assert meter.accessibleName() == "Input level"
    assert meter.accessibleDescription() == "0 percent"
    meter.set_level(0.47)
    assert meter.accessibleDescription() == "45 percent"
    meter.set_level(1.0)
    assert meter.accessibleDescription() == "100 percent"


def test_it_paints_its_level(qtbot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(200, 16)
    empty = meter.grab().toImage()
    meter.set_level(1.0)
    full = meter.grab().toImage()
    middle = (100, 8)
    assert empty.pixelColor(*middle) != full.pixelColor(*middle)
