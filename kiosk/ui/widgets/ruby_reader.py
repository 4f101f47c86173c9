"""The page's reader with furigana: ``RubyHtml`` builds the page HTML with ruby anchors,
``RubyReader`` (a QTextBrowser) paints each anchor's reading centred over its base, in the
extra leading the page's line height leaves above every line. Text, selection, scrolling and
accessibility stay those of the ordinary browser. (Labels with furigana: ruby.RubyLabel.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextLine
from PySide6.QtWidgets import QTextBrowser, QWidget

from kiosk.content.phrases import BREAK_MARKS, LONG_PHRASE, position_map, strip_breaks
from kiosk.ui.widgets.phrasing import display_text
from kiosk.ui.widgets.ruby import RUBY_ANCHOR
from kiosk.ui.widgets.ruby_fit import (
    RubyBase,
    RubyBox,
    mark_ruby_bases,
    may_overhang,
    ruby_boxes,
    ruby_font,
    spacing_by_index,
    spacing_format,
    spread_for,
)
from kiosk.ui.widgets.ruby_sources import Pairs, segments_from_pairs


class RubyHtml:
    """Builds page HTML with ruby anchors and remembers each anchor's reading."""

    def __init__(self, lang: str | None = None) -> None:
        self.readings: list[str] = []
        self.lang = lang

    def __call__(self, text: str, ruby: Pairs | None = None, fit: int = LONG_PHRASE) -> str:
        """Escaped HTML of ``text`` with its stored ruby (``ruby`` pairs) anchored, and phrase
        break marks for lines of ``fit`` characters: marked for the whole text first (phrases
        cross ruby bases), then cut at the same places as the plain text."""
        shown = display_text(text, self.lang, fit)
        segments = segments_from_pairs(text, ruby) if ruby else []
        if any(s.reading for s in segments):  # a joiner before each base, none split (ruby_fit)
            shown = mark_ruby_bases(shown, position_map(text, shown), segments)
        to_shown = position_map(text, shown)
        if not segments:
            from kiosk.content.reading import Segment  # with the first page, not at start

            segments = [Segment(text)]
        parts = [escape(shown[: to_shown[0]])]  # marks before the first character (a joiner)
        position = 0
        for segment in segments:
            end = position + len(segment.text)
            piece = escape(shown[to_shown[position] : to_shown[end]])
            position = end
            if segment.reading:
                # Qt puts an anchor's name on its first character only: the name also says
                # how many characters (UTF-16 units, marks not counted) the base has
                units = len(segment.text.encode("utf-16-le")) // 2
                name = f"{RUBY_ANCHOR}{len(self.readings)}-{units}"
                parts.append(f'<a name="{name}">{piece}</a>')
                self.readings.append(segment.reading)
            else:
                parts.append(piece)
        return "".join(parts)


class RubyReader(QTextBrowser):
    """QTextBrowser that paints furigana over anchored ruby bases (see module doc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._readings: list[str] = []
        self._spans: list[tuple[int, int, str]] | None = None
        self._bases: list[RubyBase] = []  # per span: base characters (document positions)
        self._bands: dict[int, float] = {}  # block position -> height of its readings

    def createMimeDataFromSelection(self):  # noqa: ANN201, N802 - Qt override
        """Copied text carries no phrase break marks."""
        from PySide6.QtCore import QMimeData

        data = QMimeData()
        data.setText(strip_breaks(self.textCursor().selectedText().replace("\u2029", "\n")))
        return data

    def plain_text(self) -> str:
        """The document's text without phrase break marks (speech, search, tests)."""
        return strip_breaks(self.toPlainText())

    def set_ruby_html(self, html: str, readings: list[str]) -> None:
        self._readings = list(readings)
        self._spans = None
        self.setHtml(html)
        self._spread_bases()
        # a reading at a line's start or end may reach into the side margins; above the first
        # line its readings sit in the line's own extra height (Qt puts it above the glyphs,
        # and the page's pitch holds the band: ruby_fit.ruby_line_px), so the top margin is
        # the plain page's (it was band + 8: 28 px of nothing at 200 %)
        band = QFontMetricsF(ruby_font(self._font_at(0))).height()
        top = self.document().documentMargin()
        self.document().setDocumentMargin(max(12.0, band + 8))
        self.set_top_margin(top)

    def set_top_margin(self, px: float) -> None:
        """The document's margin above its first line only (the sides keep theirs)."""
        frame = self.document().rootFrame()
        edges = frame.frameFormat()
        edges.setTopMargin(px)
        frame.setFrameFormat(edges)

    def setHtml(self, html: str) -> None:  # noqa: N802 - Qt override
        if not html or RUBY_ANCHOR not in html:
            self._readings = []
        self._bases = []
        self._bands: dict[int, float] = {}
        super().setHtml(html)
        self._spans = None  # (not what a relayout during setHtml may have found)

    def ruby_spans(self) -> list[tuple[int, int, str]]:
        """(document position, length, reading) of every ruby base."""
        if self._spans is None:
            spans: list[tuple[int, int, str]] = []
            self._fonts: list[QFont] = []
            if self._readings:
                document = self.document()
                text = _units(document)
                block = document.begin()
                while block.isValid():
                    iterator = block.begin()
                    while not iterator.atEnd():
                        fragment = iterator.fragment()
                        for name in fragment.charFormat().anchorNames():
                            index, units = _anchor(name)
                            if 0 <= index < len(self._readings):
                                start = fragment.position()
                                spans.append(
                                    (start, _span(text, start, units), self._readings[index])
                                )
                                self._fonts.append(self._base_font(fragment))
                        iterator += 1
                    block = block.next()
            self._spans = spans
        return self._spans

    def _spread_bases(self) -> None:
        """Spread every base whose reading is wider (ruby_fit), in the document's formats.
        A one-kanji base's reading may reach over a neighbouring kana that has no reading of
        its own; at a line's edge that reaches into the document margin (wider than half a
        reading character), so it is never cut, and the reading stays centred."""
        document = self.document()
        spans = self.ruby_spans()
        text = _units(document)
        covered = {p for position, length, _r in spans for p in range(position, position + length)}

        def neighbour(position: int, step: int) -> bool:
            while 0 <= position < len(text):
                char = text[position]
                if char not in BREAK_MARKS:
                    return position not in covered and may_overhang(char)
                position += step
            return False

        bases = []
        smalls: dict[str, QFont] = {}
        for (position, length, reading), font in zip(spans, self._fonts, strict=True):
            chars = tuple(
                p for p in range(position, position + length) if text[p] not in BREAK_MARKS
            )
            base = "".join(text[p] for p in chars)
            key = font.key()
            if key not in smalls:  # one ruby font per base size: a page has two or three
                smalls[key] = ruby_font(font)
            small = smalls[key]
            overhang = (
                bool(chars) and neighbour(chars[0] - 1, -1),
                bool(chars) and neighbour(chars[-1] + 1, 1),
            )
            spread = spread_for(base, reading, font, small, overhang)
            bases.append(RubyBase(reading, chars, spread, small))
        self._bases = bases
        spacing = spacing_by_index(bases)
        if not spacing:
            return
        from PySide6.QtGui import QTextCursor  # with the first page (issue 17: cold start)

        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for position, extra in spacing.items():
            if position < 0:
                continue
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(spacing_format(extra, text[position] in BREAK_MARKS))
        cursor.endEditBlock()
        document.setModified(False)

    def ruby_band(self, block) -> float:  # noqa: ANN001 - QTextBlock
        """Height of the readings over the lines of ``block`` (0 without readings): a line
        is its readings and its text (ScrollPane pages and covers by these)."""
        if not self._bases:
            return 0.0
        bands = self._bands.get(block.position())
        if bands is None:
            small = ruby_font(self._font_at(block.position()))
            bands = self._bands[block.position()] = QFontMetricsF(small).height()
        return bands

    def ruby_boxes(self) -> list[RubyBox]:
        """Every reading and its base where they are painted, in viewport coordinates."""
        return [box for _base, box in self._placed()]

    def _placed(self, visible: QRectF | None = None) -> list[tuple[RubyBase, RubyBox]]:
        """(base, box) for every reading (only those whose block meets ``visible``)."""
        self.ruby_spans()
        document = self.document()
        scroll = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        boxes = []
        for base in self._bases:
            if not base.chars:
                continue
            block = document.findBlock(base.chars[0])
            layout = block.layout()
            if layout is None or layout.lineCount() == 0:
                continue
            rect = document.documentLayout().blockBoundingRect(block)
            origin = rect.topLeft() - scroll
            if visible is not None and (
                origin.y() + rect.height() < visible.top() or origin.y() > visible.bottom() + 100
            ):
                continue  # off screen: long pages paint only what shows
            relative = RubyBase(
                base.reading,
                tuple(c - block.position() for c in base.chars),
                base.spread,
                base.small,
            )
            boxes.extend(
                (base, replace(box.moved(origin.x(), origin.y()), chars=_at(box, block)))
                for box in ruby_boxes(layout, relative, _glyphs)
            )
        return boxes

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        if not self.ruby_spans():
            return
        visible = QRectF(event.rect())
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        small = None
        for base, box in self._placed(visible):
            if box.ruby.intersects(visible):
                if small is not base.small:
                    small = base.small
                    painter.setFont(small)
                painter.drawText(QPointF(box.ruby.left(), box.baseline), box.reading)
        painter.end()

    def _base_font(self, fragment) -> QFont:  # noqa: ANN001 - QTextFragment
        """The base's font as laid out: its format's font over the document's."""
        font = fragment.charFormat().font().resolve(self.document().defaultFont())
        if font.pixelSize() <= 0 and font.pointSizeF() <= 0:
            font = self.font()
        return font

    def _font_at(self, position: int) -> QFont:
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.document())
        cursor.setPosition(position + 1)
        font = cursor.charFormat().font()
        if font.pixelSize() <= 0 and font.pointSizeF() <= 0:
            return self.font()
        return font


def _at(box: RubyBox, block) -> tuple[int, ...]:  # noqa: ANN001 - QTextBlock
    """A box's base characters as document positions (they are block positions)."""
    return tuple(c + block.position() for c in box.chars)


def _anchor(name: str) -> tuple[int, int]:
    """A ruby anchor's (reading index, base length), or (-1, 0)."""
    if not name.startswith(RUBY_ANCHOR):
        return -1, 0
    index, _, units = name[len(RUBY_ANCHOR) :].partition("-")
    try:
        return int(index), int(units or 1)
    except ValueError:
        return -1, 0


def _span(text: Sequence[str], start: int, units: int) -> int:
    """Length from ``start`` that holds ``units`` characters, break marks not counted."""
    position, counted = start, 0
    while counted < units and position < len(text):
        if text[position] not in BREAK_MARKS:
            counted += 1
        position += 1
    return position - start


def _units(document) -> Sequence[str]:  # noqa: ANN001 - QTextDocument
    """The document's characters indexed by document position (Qt counts UTF-16 units):
    its raw text when every character is one unit, else one lookup per position."""
    raw = document.toRawText()
    if len(raw) == document.characterCount() - 1:
        return raw
    return [document.characterAt(p) for p in range(document.characterCount())]


def _glyphs(line: QTextLine) -> tuple[float, float]:
    """A document line's glyphs sit at the top of its line box; the extra line height (the
    room for the readings of the line below) is under them."""
    return line.y(), line.ascent() + line.descent()
