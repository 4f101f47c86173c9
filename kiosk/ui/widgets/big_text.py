"""Large text drawn once, then shown from a picture.

Qt keeps rasterised glyphs up to QT_MAX_CACHED_GLYPH_SIZE (64 px); larger text is drawn from
the glyphs' outlines at every paint: ~3 ms for a line of 80 px Japanese against ~0.2 ms from
the glyph cache (measured on the kiosk's fonts). At 200 % the tile labels and titles are
80–96 px, and the same few labels are painted again and again (home shown after every tour,
a pressed tile, a screen switched back): 1,120 such paints of 75 different pictures in 60
tours. Raising Qt's limit is no way out: with PySide 6.11 the raster engine then draws
nothing at all above 64 px (tried: the reference screenshots caught empty tiles).

So a widget whose text is larger than the cache draws it once into a picture and then shows
that. The text is one colour, so a picture keeps only how much each pixel is covered: an
alpha mask, one byte a pixel where a pixmap takes four (issue 17: the kiosk's memory on a
small PC; Qt's QPixmapCache held up to 10 MiB of such pixmaps at 200 %, and still missed 12 %
of them). At each paint the mask is filled with the text's colour: pixel for pixel what
drawing directly gives (tests/ui/test_big_text.py), and a new colour (a theme) reuses it.
That costs ~0.25–0.4 ms a title where showing a kept pixmap took ~0.02 ms: at 200 % ~0.7 ms
more per tap on average (4.4 pictures a tap). Keeping the last few coloured too (2 MiB) saved
a third of that and gave back none of the memory: not done.

Masks are kept here, least recently used first out, within PICTURE_BUDGET bytes. The key
holds everything a mask depends on (text, size, font, readings, the widget's size), so a
change is a new picture, never a stale one. ``forget_pictures`` drops them all (after a
visitor has left: kiosk/ui/memory_care.py). A QImage needs no QApplication, so masks kept
here until the interpreter ends are safe.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.ui.widgets.ruby_fit import pixel_size

# Qt's own limit (qpaintengineex.cpp: cached when pixel size ≤ this), or what an operator set
GLYPH_CACHE_PX = int(os.environ.get("QT_MAX_CACHED_GLYPH_SIZE") or 64)
# Bytes of masks kept: a few screens' titles and tiles at 200 % on a 1920 px screen, more
# pictures than the 10 MiB of four-byte pixmaps held before.
PICTURE_BUDGET = 4 * 1024 * 1024
_masks: OrderedDict[str, QImage] = OrderedDict()
_kept_bytes = 0
# Masks are drawn in this colour: only its coverage is kept, whatever the text's colour.
_MASK_INK = QColor(0, 0, 0)


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
    colour: QColor,
    draw: Callable[[QPainter, QColor], None],
    columns: tuple[int, int] | None = None,
) -> bool:
    """Show the text ``draw(painter, colour)`` paints, in ``colour``, from a kept mask; the
    mask is drawn only when none is kept for it. ``key``: everything the text's shape depends
    on besides the widget's size (not its colour); ``columns``: the part of the widget's
    width the text may ink (ink_span) — a title's few words on a full-width label need a
    fraction of its pixels. Returns whether the mask was drawn now (a miss)."""
    ratio = widget.devicePixelRatioF()
    left, right = columns if columns is not None else (0, widget.width())
    left = _whole_device_pixel(left, ratio)
    area = QRect(left, 0, max(1, right - left), widget.height())
    full_key = f"{widget.width()}x{widget.height()}@{ratio:g}[{left}:{right}]:{key}"
    mask = _masks.get(full_key)
    missed = mask is None
    if mask is None:
        size = QSize(math.ceil(area.width() * ratio), math.ceil(area.height() * ratio))
        mask = QImage(size, QImage.Format.Format_Alpha8)
        mask.setDevicePixelRatio(ratio)
        mask.fill(Qt.GlobalColor.transparent)
        picture = QPainter(mask)
        picture.translate(-area.left(), 0)
        draw(picture, _MASK_INK)
        picture.end()
        if mask.sizeInBytes() <= PICTURE_BUDGET // 2:  # one huge label must not empty the rest
            _keep(full_key, mask)
    else:
        _masks.move_to_end(full_key)
    painter.drawImage(area.topLeft(), _coloured(mask, colour))
    return missed


def _coloured(mask: QImage, colour: QColor) -> QImage:
    """``colour`` wherever ``mask`` covers, as much as it covers (a short-lived image)."""
    image = QImage(mask.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(mask.devicePixelRatio())
    image.fill(colour)
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(QPoint(0, 0), mask)
    painter.end()
    return image


def _keep(key: str, mask: QImage) -> None:
    global _kept_bytes
    _masks[key] = mask
    _kept_bytes += mask.sizeInBytes()
    while _kept_bytes > PICTURE_BUDGET and len(_masks) > 1:
        _old_key, old = _masks.popitem(last=False)
        _kept_bytes -= old.sizeInBytes()


def kept_pictures() -> tuple[int, int]:
    """How many masks are kept, and the bytes they hold."""
    return len(_masks), _kept_bytes


def forget_pictures() -> int:
    """Drop every kept mask; returns the bytes they held."""
    global _kept_bytes
    freed = _kept_bytes
    _masks.clear()
    _kept_bytes = 0
    return freed
