"""Furigana (ruby) in Qt, which has no <ruby>: two widgets that draw the readings themselves.

- ``RubyLabel``: a QLabel that lays its text out with QTextLayout, leaving room above every
  line for the readings and keeping line height ≥1.5 (a plain QLabel cannot do either). It
  stays a QLabel (style sheet roles, accessible text = the plain text without readings).
- ``RubyReader``: the page's QTextBrowser. Ruby bases are wrapped in ``<a name="ruby-N">``
  anchors by ``ruby_html``; after Qt paints the document, the readings are painted centred
  over each base, in the extra leading that the page's line height leaves above every line.
  Text, selection, scrolling and accessibility stay those of the ordinary browser.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from html import escape
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from kiosk.content.reading import Segment, has_kanji
from kiosk.fonts import JAPANESE

Pairs = Sequence[tuple[str, str]]
# Where a label finds the readings of a text it was not given any for: content titles (the
# window registers its store) and the kiosk's own Japanese strings (a table made at build time
# by scripts/make_ui_ruby.py from the same analysis). Nothing here analyses text: readings are
# content, computed at sync/import time, and the UI process only paints them.
_SOURCES: list[Callable[[str], Pairs | None]] = []
UI_RUBY = Path(__file__).resolve().parents[2] / "locale" / "ja" / "ruby.json"


def register_ruby_source(source: Callable[[str], Pairs | None]) -> None:
    """The content store's title lookup (one at a time: the newest window's store)."""
    _SOURCES[:] = [source]


@cache
def _ui_table() -> dict[str, list[list[str]]]:
    try:
        return json.loads(UI_RUBY.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def known_ruby(text: str) -> list[Segment]:
    """Stored readings for ``text`` (a content title or a kiosk string), or []."""
    for source in (*_SOURCES, lambda t: _ui_table().get(t)):
        try:
            pairs = source(text)
        except Exception:  # a closed store must not break painting
            pairs = None
        if pairs:
            return segments_from_pairs(text, pairs)
    return []


def segments_from_pairs(text: str, pairs: Iterable[Sequence[str]]) -> list[Segment]:
    """Stored (base, reading) pairs → segments; [] if they do not spell ``text`` exactly."""
    segments = [Segment(str(base), str(reading)) for base, reading in pairs]
    return segments if "".join(s.text for s in segments) == text else []


RUBY_SCALE = 0.5  # reading size relative to the base text
LINE_HEIGHT = 1.5  # WCAG 1.4.8: at least 1.5 × the font size
RUBY_ANCHOR = "ruby-"


def ruby_font(font: QFont) -> QFont:
    """Readings are kana: drawn in (and measured by) the Japanese face first."""
    small = QFont(font)
    families = small.families()
    if JAPANESE in families:
        small.setFamilies([JAPANESE, *(f for f in families if f != JAPANESE)])
    small.setPixelSize(max(10, round(_pixel_size(font) * RUBY_SCALE)))
    small.setBold(False)
    return small


def _pixel_size(font: QFont) -> float:
    return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72


class RubyLabel(QLabel):
    """A wrapping label with line height ≥1.5 and optional readings over kanji."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._segments: list[Segment] = []
        # Heights only: keeping QTextLayout objects alive past QApplication crashes PySide
        # at interpreter exit, and layouts are cheap to rebuild for painting.
        self._cache: dict[tuple[int, str, str, bool], float] = {}
        self.set_ruby_text(text)

    def set_ruby_text(self, text: str, furigana: bool = False, ruby: Pairs | None = None) -> None:
        """``ruby``: the text's stored (base, reading) pairs; None: look them up (titles and
        kiosk strings). Readings are never computed here."""
        if not (furigana and has_kanji(text)):
            self._segments = []
        elif ruby:
            self._segments = segments_from_pairs(text, ruby)
        else:
            self._segments = known_ruby(text)
        if text == self.text():
            self._cache.clear()
            self.updateGeometry()
            self.update()
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if (
            text != self.text()
            and self._segments
            and "".join(s.text for s in self._segments) != text
        ):
            self._segments = []
        self._cache.clear()
        super().setText(text)
        self.updateGeometry()

    def segments(self) -> list[Segment]:
        return list(self._segments)

    def has_ruby(self) -> bool:
        return any(s.reading for s in self._segments)

    # --- layout -------------------------------------------------------------------------

    def _metrics(self) -> tuple[float, float, float]:
        """(ruby band height, line pitch, text ascent offset) for the current font."""
        font = self.font()
        fm = QFontMetricsF(font)
        pitch = max(fm.height(), _pixel_size(font) * LINE_HEIGHT)
        ruby = QFontMetricsF(ruby_font(font)).height() if self.has_ruby() else 0.0
        return ruby, pitch, (pitch - fm.height()) / 2

    def _layout(self, width: int) -> tuple[QTextLayout, float, float, float]:
        margins = self.contentsMargins()
        usable = max(1, width - margins.left() - margins.right())
        layout = QTextLayout(self.text(), self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        ruby, pitch, offset = self._metrics()
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(usable)
            line.setPosition(QPointF(0, y + ruby + offset))
            y += ruby + pitch
        layout.endLayout()
        return layout, y, ruby, pitch

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        margins = self.contentsMargins()
        key = (width, self.text(), self.font().key(), self.has_ruby())
        height = self._cache.get(key)
        if height is None:
            if len(self._cache) > 16:
                self._cache.clear()
            height = self._cache[key] = self._layout(width)[1]
        return int(height + 0.999) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        natural = int(QFontMetricsF(self.font()).horizontalAdvance(self.text())) + 4
        margins = self.contentsMargins()
        width = min(natural + margins.left() + margins.right(), 900)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = int(_pixel_size(self.font()) * 3)
        return QSize(width, self.heightForWidth(max(width, self.width())))

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        layout, _height, ruby, _pitch = self._layout(self.width())
        margins = self.contentsMargins()
        origin = QPointF(margins.left(), margins.top())
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        centred = bool(self.alignment() & Qt.AlignmentFlag.AlignHCenter)
        usable = self.width() - margins.left() - margins.right()
        shifts = []
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            shift = (usable - line.naturalTextWidth()) / 2 if centred else 0.0
            shifts.append(shift)
            line.draw(painter, origin + QPointF(shift, 0))
        if self.has_ruby():
            painter.setFont(ruby_font(self.font()))
            position = 0
            for segment in self._segments:
                end = position + len(segment.text)
                if segment.reading:
                    self._draw_reading(
                        painter, layout, position, end, segment.reading, ruby, origin, shifts
                    )
                position = end
        painter.end()

    @staticmethod
    def _draw_reading(
        painter: QPainter,
        layout: QTextLayout,
        start: int,
        end: int,
        reading: str,
        band: float,
        origin: QPointF,
        shifts: list[float],
    ) -> None:
        """Centre ``reading`` over the base [start, end); split it if the base wraps."""
        pieces = []
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            lo, hi = max(start, line.textStart()), min(end, line.textStart() + line.textLength())
            if lo < hi:
                pieces.append((line, lo, hi, shifts[index]))
        used = 0
        for n, (line, lo, hi, shift) in enumerate(pieces):
            share = (
                len(reading) - used
                if n == len(pieces) - 1
                else round(len(reading) * (hi - lo) / (end - start))
            )
            text = reading[used : used + share]
            used += share
            x1 = _cursor_x(line, lo) + shift
            x2 = _cursor_x(line, hi) + shift
            top = line.position().y() - band
            rect = QRectF(origin.x() + x1 - band * 2, origin.y() + top, x2 - x1 + band * 4, band)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text
            )


def _cursor_x(line, position: int) -> float:  # noqa: ANN001 - QTextLine
    value = line.cursorToX(position)
    return float(value[0] if isinstance(value, tuple) else value)


# --- the page reader -------------------------------------------------------------------------


class RubyHtml:
    """Builds page HTML with ruby anchors and remembers each anchor's reading."""

    def __init__(self) -> None:
        self.readings: list[str] = []

    def __call__(self, text: str, ruby: Pairs | None = None) -> str:
        """Escaped HTML of ``text`` with its stored ruby (``ruby`` pairs) anchored."""
        parts = []
        segments = segments_from_pairs(text, ruby) if ruby else []
        for segment in segments or [Segment(text)]:
            if segment.reading:
                parts.append(
                    f'<a name="{RUBY_ANCHOR}{len(self.readings)}">{escape(segment.text)}</a>'
                )
                self.readings.append(segment.reading)
            else:
                parts.append(escape(segment.text))
        return "".join(parts)


class RubyReader(QTextBrowser):
    """QTextBrowser that paints furigana over anchored ruby bases (see module doc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._readings: list[str] = []
        self._spans: list[tuple[int, int, str]] | None = None

    def set_ruby_html(self, html: str, readings: list[str]) -> None:
        self._readings = list(readings)
        self._spans = None
        self.setHtml(html)
        # the first line's readings sit above it: the top margin must hold them
        band = QFontMetricsF(ruby_font(self._font_at(0))).height()
        self.document().setDocumentMargin(max(12.0, band + 8))

    def setHtml(self, html: str) -> None:  # noqa: N802 - Qt override
        if not html or RUBY_ANCHOR not in html:
            self._readings = []
        self._spans = None
        super().setHtml(html)

    def ruby_spans(self) -> list[tuple[int, int, str]]:
        """(document position, length, reading) of every ruby base."""
        if self._spans is None:
            spans: list[tuple[int, int, str]] = []
            self._fonts: list[QFont] = []
            if self._readings:
                block = self.document().begin()
                while block.isValid():
                    iterator = block.begin()
                    while not iterator.atEnd():
                        fragment = iterator.fragment()
                        for name in fragment.charFormat().anchorNames():
                            if name.startswith(RUBY_ANCHOR):
                                index = int(name[len(RUBY_ANCHOR) :])
                                if index < len(self._readings):
                                    spans.append(
                                        (
                                            fragment.position(),
                                            fragment.length(),
                                            self._readings[index],
                                        )
                                    )
                                    self._fonts.append(self._small_font(fragment))
                        iterator += 1
                    block = block.next()
            self._spans = spans
        return self._spans

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        spans = self.ruby_spans()
        if not spans:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        visible = event.rect()
        document = self.document()
        offset = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        for (position, length, reading), small in zip(spans, self._fonts, strict=True):
            block = document.findBlock(position)
            layout = block.layout()
            if layout is None:
                continue
            block_rect = document.documentLayout().blockBoundingRect(block).translated(offset)
            if block_rect.bottom() < visible.top() or block_rect.top() > visible.bottom() + 100:
                continue  # off screen: long pages paint only what shows
            band = QFontMetricsF(small).height()
            painter.setFont(small)
            block_origin = block_rect.topLeft() - offset
            relative = position - block.position()
            line = layout.lineForTextPosition(relative)
            if not line.isValid():
                continue
            end = min(relative + length, line.textStart() + line.textLength())
            x1 = _cursor_x(line, relative)
            x2 = _cursor_x(line, end)
            top = block_origin + offset + QPointF(0, line.y())
            rect = QRectF(top.x() + x1 - band * 2, top.y() - band, x2 - x1 + band * 4, band)
            if rect.intersects(QRectF(visible)):
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, reading
                )
        painter.end()

    def _small_font(self, fragment) -> QFont:  # noqa: ANN001 - QTextFragment
        font = fragment.charFormat().font()
        if font.pixelSize() <= 0 and font.pointSizeF() <= 0:
            font = self.font()
        return ruby_font(font)

    def _font_at(self, position: int) -> QFont:
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.document())
        cursor.setPosition(position + 1)
        font = cursor.charFormat().font()
        if font.pixelSize() <= 0 and font.pointSizeF() <= 0:
            return self.font()
        return font
