"""The page's reader with furigana: ``RubyHtml`` builds the page HTML with ruby anchors,
``RubyReader`` (a QTextBrowser) paints each anchor's reading centred over its base, in the
extra leading the page's line height leaves above every line. Text, selection, scrolling and
accessibility stay those of the ordinary browser. (Labels with furigana: ruby.RubyLabel.)
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from kiosk.content.phrases import LONG_PHRASE, position_map, strip_breaks
from kiosk.content.reading import Segment
from kiosk.ui.widgets.phrasing import display_text
from kiosk.ui.widgets.ruby import (
    RUBY_ANCHOR,
    Pairs,
    cursor_x,
    ruby_font,
    segments_from_pairs,
)


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
        to_shown = position_map(text, shown)
        parts = []
        position = 0
        segments = segments_from_pairs(text, ruby) if ruby else []
        for segment in segments or [Segment(text)]:
            end = position + len(segment.text)
            piece = escape(shown[to_shown[position] : to_shown[end]])
            position = end
            if segment.reading:
                parts.append(f'<a name="{RUBY_ANCHOR}{len(self.readings)}">{piece}</a>')
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
            x1 = cursor_x(line, relative)
            x2 = cursor_x(line, end)
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
