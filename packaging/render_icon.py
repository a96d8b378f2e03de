"""Render packaging/icons/fieldapp.svg to the 256 px PNG beside it, with Qt's own SVG renderer.

    .venv/bin/python packaging/render_icon.py

Run it again after editing the SVG, and commit both files (the PNG is what desktops that do not
read SVG icons show).
"""

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent / "icons"
SVG = ICONS / "fieldapp.svg"
PNG = ICONS / "fieldapp.png"
SIZE = 256


def render(svg: Path = SVG, png: Path = PNG, size: int = SIZE) -> None:
    """Write ``png``, ``size`` × ``size`` pixels, from ``svg``; RuntimeError if either fails."""
    # Imported here so that importing this module needs no display and no Qt.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png), "PNG"):
        raise RuntimeError(f"could not write {png}")


if __name__ == "__main__":
    render()
    sys.exit(0)
