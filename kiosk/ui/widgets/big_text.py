"""Large text drawn once, then shown from a picture.

Qt keeps rasterised glyphs up to QT_MAX_CACHED_GLYPH_SIZE (64 px); larger text is drawn from
the glyphs' outlines at every paint: ~3 ms for a line of 80 px Japanese against ~0.2 ms from
the glyph cache (measured on the kiosk's fonts). At 200 % the tile labels and titles are
80–96 px, and the same few labels are painted again and again (home shown after every tour,
a pressed tile, a screen switched back): 1,120 such paints of 75 different pictures in 60
tours. Raising Qt's limit is no way out: with PySide 6.11 the raster engine then draws
nothing at all above 64 px (tried: the reference screenshots caught empty tiles).

So a widget whose text is larger than the cache paints it into a pixmap kept in
QPixmapCache — Qt-owned (nothing outlives the application), bounded (10 MiB), least
recently used first out — and shows that. The key holds everything the picture depends on,
so a change of text, size, font, colour or readings is a new picture, never a stale one.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPixmap, QPixmapCache
from PySide6.QtWidgets import QWidget

from kiosk.ui.widgets.ruby_fit import pixel_size

# Qt's own limit (qpaintengineex.cpp: cached when pixel size ≤ this), or what an operator set
GLYPH_CACHE_PX = int(os.environ.get("QT_MAX_CACHED_GLYPH_SIZE") or 64)
KEY_PREFIX = "hiroba-text:"


def drawn_from_outlines(font: QFont, device_pixel_ratio: float = 1.0) -> bool:
    """Whether Qt draws ``font``'s glyphs from their outlines (no glyph cache) at every paint."""
    return pixel_size(font) * device_pixel_ratio > GLYPH_CACHE_PX


def ink_span(left: float, right: float, font: QFont, width: int) -> tuple[int, int]:
    """The columns a text drawn from ``left`` to ``right`` (its advances) may ink, within a
    widget ``width`` wide: a glyph's ink may reach past its advance (bold strokes, a reading
    over a line's edge), so a quarter of the font size is kept on each side."""
    pad = math.ceil(pixel_size(font) / 4)
    return max(0, math.floor(left) - pad), min(width, math.ceil(right) + pad)


def _whole_device_pixel(left: int, ratio: float) -> int:
    """The nearest column at or left of ``left`` that starts on a whole device pixel: at a
    fractional scale (1.25) a picture placed between device pixels would put its text a
    fraction of a pixel off where direct drawing puts it."""
    for column in range(left, max(-1, left - 16), -1):
        if abs(column * ratio - round(column * ratio)) < 1e-6:
            return column
    return 0


def paint_text_picture(
    widget: QWidget,
    painter: QPainter,
    key: str,
    draw: Callable[[QPainter], None],
    columns: tuple[int, int] | None = None,
) -> bool:
    """Show the picture ``draw`` paints on a transparent pixmap, drawing it only when
    QPixmapCache no longer holds it. ``key``: everything the picture depends on besides the
    widget's size; ``columns``: the part of the widget's width the text may ink (ink_span) —
    a title's few words on a full-width label need a fraction of its pixels. Returns whether
    the picture was drawn now (a miss)."""
    ratio = widget.devicePixelRatioF()
    left, right = columns if columns is not None else (0, widget.width())
    left = _whole_device_pixel(left, ratio)
    area = QRect(left, 0, max(1, right - left), widget.height())
    full_key = f"{KEY_PREFIX}{widget.width()}x{widget.height()}@{ratio:g}[{left}:{right}]:{key}"
    pixmap = QPixmap()
    missed = not QPixmapCache.find(full_key, pixmap)
    if missed:
        size = QSize(math.ceil(area.width() * ratio), math.ceil(area.height() * ratio))
        pixmap = QPixmap(size)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        picture = QPainter(pixmap)
        picture.translate(-area.left(), 0)
        draw(picture)
        picture.end()
        QPixmapCache.insert(full_key, pixmap)
    painter.drawPixmap(area.topLeft(), pixmap)
    return missed
