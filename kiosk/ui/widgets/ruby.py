"""Furigana (ruby) in Qt, which has no <ruby>: two widgets that draw the readings themselves.

- ``RubyLabel``: a QLabel that lays its text out with QTextLayout, leaving room above every
  line for the readings and keeping line height ≥1.5 (a plain QLabel cannot do either). It
  stays a QLabel (style sheet roles, accessible text = the plain text without readings).
  Where a reading goes and how a base is spread for it: ruby_fit (JIS X 4051 / JLReq).
- ``RubyReader`` (ruby_reader.py): the page's QTextBrowser. Ruby bases are wrapped in
  ``<a name="ruby-N">`` anchors; after Qt paints the document, the readings are painted centred
  over each base, in the extra leading that the page's line height leaves above every line.
  Text, selection, scrolling and accessibility stay those of the ordinary browser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content.phrases import BREAK_MARKS, position_map, strip_breaks
from kiosk.i18n import current_language
from kiosk.ui.widgets.big_text import drawn_from_outlines, ink_span, paint_text_picture
from kiosk.ui.widgets.phrasing import chars_per_line, display_text
from kiosk.ui.widgets.ruby_fit import (
    RUBY_SCALE,
    RubyBase,
    RubyBox,
    base_chars,
    cursor_x,
    line_edges,
    mark_ruby_bases,
    may_overhang,
    pixel_size,
    ruby_boxes,
    ruby_font,
    spacing_by_index,
    spacing_format,
    spread_for,
)
from kiosk.ui.widgets.ruby_sources import Pairs, has_kanji, known_ruby, segments_from_pairs

if TYPE_CHECKING:  # the reading module loads with the first furigana, not at start (issue 17)
    from kiosk.content.reading import Segment

__all__ = ["RUBY_SCALE", "RubyLabel", "cursor_x", "ruby_font"]

LINE_HEIGHT = 1.5  # WCAG 1.4.8: at least 1.5 × the font size
CACHED_WIDTHS = 32  # the widths one label is asked about while a screen is fitted


class LaidOut(NamedTuple):
    """A label's text laid out at one width: what sizes and the scroll cover need."""

    height: float  # the lines with their readings' bands, margins not included
    lines: int
    ruby: float  # height of the readings' band over each line (0 without readings)
    pitch: float  # a line's height without its readings
    natural_width: float  # the widest line's natural width


RUBY_ANCHOR = "ruby-"
_pixel_size = pixel_size


class RubyLabel(QLabel):
    """A wrapping label with line height ≥1.5 and optional readings over kanji."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._segments: list[Segment] = []
        # What layout found, not the layouts: keeping QTextLayout objects alive past
        # QApplication crashes PySide at interpreter exit. Screens ask the same label for its
        # height, lines and natural width many times per show (layouts, fitting, the scroll
        # cover); a layout is rebuilt only to paint.
        self._cache: dict[tuple[int, int, int, str, QFont, bool], LaidOut] = {}
        self._source = ""
        # characters per line -> (text as laid out, with phrase break marks; index map from
        # text() into it)
        self._shown: dict[int, tuple[str, list[int]]] = {}
        self._lang = ""  # the language the phrase breaks in _shown were made for
        self.set_ruby_text(text)

    def set_ruby_text(self, text: str, furigana: bool = False, ruby: Pairs | None = None) -> None:
        """``ruby``: the text's stored (base, reading) pairs; None: look them up (titles and
        kiosk strings). Readings are never computed here."""
        before = self._segments
        if not furigana or not has_kanji(text):
            self._segments = []
        elif ruby:
            self._segments = segments_from_pairs(text, ruby)
        else:
            self._segments = known_ruby(text)
        if text == self.text() and self._segments != before:  # readings on or off
            self._cache.clear()
            self._shown.clear()  # the ruby bases are marked in the laid-out text
            self.updateGeometry()
            self.update()
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if text == self.text() and self._lang == current_language():
            return  # a screen shown again with the same words: what was laid out still holds
        self._lang = current_language()
        if self._segments and "".join(s.text for s in self._segments) != text:
            self._segments = []
        self._cache.clear()
        # Lines break only between phrases (kiosk.content.phrases); text() stays plain, so
        # the marks never reach speech, copy or the accessible name.
        self._source = text.replace("\n", "\u2028")  # QTextLayout's forced line break
        self._shown.clear()
        super().setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()  # same text in another language: QLabel itself sees no change

    def _display(self, usable: float) -> tuple[str, list[int]]:
        """The text marked for phrase breaks at this line width (kiosk.content.phrases)."""
        fit = chars_per_line(usable, _pixel_size(self.font()))
        shown = self._shown.get(fit)
        if shown is None:
            display = display_text(self._source, self._lang, fit=fit)  # the text's language
            if self.has_ruby():
                display = mark_ruby_bases(
                    display, position_map(self._source, display), self._segments
                )
            shown = self._shown[fit] = (display, position_map(self._source, display))
        return shown

    def _bases(
        self, display: str, positions: list[int], edges: set[tuple[int, int]]
    ) -> list[RubyBase]:
        """Every reading with its base's display characters and spread (ruby_fit). A reading
        may reach over a neighbouring kana without a reading, but not past a line's start
        or end: ``edges`` holds (base number, side) where it must not."""
        if not self.has_ruby():
            return []
        font = self.font()
        small = ruby_font(font)
        bases = []
        start = 0
        segments = self._segments
        for number, segment in enumerate(segments):
            end = start + len(segment.text)
            if segment.reading:
                overhang = (
                    number > 0
                    and not segments[number - 1].reading
                    and may_overhang(self._source[start - 1])
                    and (len(bases), 0) not in edges,
                    number + 1 < len(segments)
                    and not segments[number + 1].reading
                    and may_overhang(self._source[end])
                    and (len(bases), 1) not in edges,
                )
                bases.append(
                    RubyBase(
                        segment.reading,
                        base_chars(display, positions[start], positions[end - 1] + 1),
                        spread_for(segment.text, segment.reading, font, small, overhang),
                        small,
                    )
                )
            start = end
        return bases

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
        display, positions = self._display(usable)
        edges: set[tuple[int, int]] = set()
        for _attempt in range(3):  # a reading that overhangs a line's edge: lay out again
            layout, y, ruby, pitch = self._lay_lines(display, positions, edges, usable)
            found = {
                (number, side)
                for number, base in enumerate(self._bases_now)
                for side, at_edge in enumerate(line_edges(layout, base.chars))
                if at_edge and base.spread.hangs[side]
            } - edges
            if not found:
                break
            edges |= found
        self._last_shown = (display, positions)
        return layout, y, ruby, pitch

    def _lay_lines(
        self, display: str, positions: list[int], edges: set[tuple[int, int]], usable: int
    ) -> tuple[QTextLayout, float, float, float]:
        layout = QTextLayout(display, self.font())
        self._bases_now = self._bases(display, positions, edges)
        formats = []
        for index, extra in sorted(spacing_by_index(self._bases_now).items()):
            if 0 <= index < len(display):
                spaced = QTextLayout.FormatRange()
                spaced.start, spaced.length = index, 1
                spaced.format = spacing_format(extra, display[index] in BREAK_MARKS)
                formats.append(spaced)
        layout.setFormats(formats)
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

    def lines(self, width: int | None = None) -> list[str]:
        """The plain text of each laid-out line at ``width`` (default: the current width)."""
        layout = self._layout(self.width() if width is None else width)[0]
        display = self._last_shown[0]
        return [
            strip_breaks(display[line.textStart() : line.textStart() + line.textLength()])
            for line in (layout.lineAt(i) for i in range(layout.lineCount()))
        ]

    def line_spans(self) -> list[tuple[int, int]]:
        """(top, bottom) of every line in widget coordinates, its readings included."""
        laid = self._laid_out(self.width())
        ruby, pitch = laid.ruby, laid.pitch
        top = self.contentsMargins().top()
        spans = []
        for index in range(laid.lines):
            start = top + index * (ruby + pitch)
            spans.append((int(start), int(start + ruby + pitch + 0.999)))
        return spans

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def _laid_out(self, width: int) -> LaidOut:
        """What laying the text out at ``width`` gives (cached per width, text and font)."""
        margins = self.contentsMargins()  # a style sheet's border or padding changes them
        key = (
            width,
            margins.left(),
            margins.right(),
            self.text(),
            # The font itself: Qt hashes and compares it in C++ (font.key() built a string
            # on every call, half the cost of a hit; layouts ask hundreds of times a change).
            self.font(),
            self.has_ruby(),
        )
        laid = self._cache.get(key)
        if laid is None:
            if len(self._cache) >= CACHED_WIDTHS:
                self._cache.clear()
            layout, height, ruby, pitch = self._layout(width)
            natural = max(
                (layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())),
                default=0.0,
            )
            laid = self._cache[key] = LaidOut(height, layout.lineCount(), ruby, pitch, natural)
        return laid

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        margins = self.contentsMargins()
        height = self._laid_out(width).height
        return int(height + 0.999) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if self.has_ruby():  # as laid out: readings wider than their bases spread them
            natural = int(self._laid_out(100_000).natural_width) + 4
        else:
            natural = int(QFontMetricsF(self.font()).horizontalAdvance(self.text())) + 4
        margins = self.contentsMargins()
        width = min(natural + margins.left() + margins.right(), 900)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # One line's height: the layout asks heightForWidth at the real width. (The height at
        # a 3-character width was a minimum taller than the whole text at full width, which
        # left screens of empty space below the alert text.)
        width = int(_pixel_size(self.font()) * 3)
        return QSize(width, self.heightForWidth(100_000))

    def _shifts(self, layout: QTextLayout) -> list[float]:
        """Each line's x offset: centred labels centre every line."""
        if not self.alignment() & Qt.AlignmentFlag.AlignHCenter:
            return [0.0] * layout.lineCount()
        margins = self.contentsMargins()
        usable = self.width() - margins.left() - margins.right()
        return [
            (usable - layout.lineAt(i).naturalTextWidth()) / 2 for i in range(layout.lineCount())
        ]

    def _placed(self, layout: QTextLayout, shifts: list[float]) -> list[RubyBox]:
        margins = self.contentsMargins()
        right = self.width() - margins.right()
        return [
            box.moved(margins.left() + shifts[box.line], margins.top()).kept_within(
                margins.left(), right
            )
            for base in self._bases_now
            for box in ruby_boxes(layout, base)
        ]

    def text_layout(self) -> QTextLayout:
        """The laid-out text as painted (layout coordinates: add the contents margins)."""
        return self._layout(self.width())[0]

    def ruby_boxes(self) -> list[RubyBox]:
        """Every reading and its base as painted, in widget coordinates (tests measure these)."""
        layout = self._layout(self.width())[0]
        return self._placed(layout, self._shifts(layout))

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        painter = QPainter(self)
        self.drawFrame(painter)  # a style sheet's border (QLabel.paintEvent does the same)
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        if drawn_from_outlines(self.font(), self.devicePixelRatioF()):  # big_text.py
            margins = self.contentsMargins()
            look = (
                self.font().key(),
                int(self.alignment()),
                (margins.left(), margins.top(), margins.right()),
                self._lang,
                self._source,
                tuple(self._segments),
            )
            paint_text_picture(self, painter, repr(look), colour, self._draw, self._ink_columns())
        else:
            self._draw(painter, colour)
        painter.end()

    def _ink_columns(self) -> tuple[int, int]:
        """The columns the text may ink: its widest line where _shifts puts it (a narrower
        line lies within it, centred or flush left); readings stay over their lines."""
        margins = self.contentsMargins()
        natural = self._laid_out(self.width()).natural_width
        left = float(margins.left())
        if self.alignment() & Qt.AlignmentFlag.AlignHCenter:
            left += (self.width() - margins.left() - margins.right() - natural) / 2
        return ink_span(left, left + natural, self.font(), self.width())

    def _draw(self, painter: QPainter, colour: QColor) -> None:
        """The text and its readings (nothing of the frame or background)."""
        layout = self._layout(self.width())[0]
        margins = self.contentsMargins()
        origin = QPointF(margins.left(), margins.top())
        painter.setPen(colour)
        shifts = self._shifts(layout)
        for index in range(layout.lineCount()):
            layout.lineAt(index).draw(painter, origin + QPointF(shifts[index], 0))
        if self._bases_now:
            painter.setFont(ruby_font(self.font()))
            for box in self._placed(layout, shifts):
                painter.drawText(QPointF(box.ruby.left(), box.baseline), box.reading)
