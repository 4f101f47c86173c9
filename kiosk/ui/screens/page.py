"""Page: the simplified page — large text, short lines, headings, lists and tables."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.model import Block, BlockKind
from kiosk.ui.theme import Metrics, Theme, font_px
from kiosk.ui.widgets.buttons import set_style_property
from kiosk.ui.widgets.phrasing import phrased_html
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.ruby_fit import ruby_line_px
from kiosk.ui.widgets.ruby_reader import RubyHtml, RubyReader
from kiosk.ui.widgets.scroll import ScrollPane
from kiosk.viewmodels.screens import PageVM

MAX_LINE_CHARS = 40  # full-width characters per line (DESIGN)
LINE_PITCH = 1.5  # WCAG 1.4.8: lines at least 1.5 × the font size apart
# With furigana a line's pitch is its glyph box plus its readings' band (ruby_fit.ruby_line_px,
# at 64 px text 120 px): it was 2 × the text size (128 px), 8 px of nothing per line, and with
# the title and date above it a page at 200 % on 1280×800 showed two lines of text.
COMPACT_BELOW_LINES = 10  # a screen area of fewer body lines gets the smaller title
SPACING = 12  # px between title, date and text
DENSE_SPACING = 0  # the same on a short screen with furigana (the date's own leading)
MIN_CELL_CHARS = 6  # narrower table cells cut words: the table is shown one row at a time


def _stacked_table(block: Block, escape: Callable[[str, int], str], fit: int, para: str) -> str:
    """A table too wide for big text, as one framed paragraph per row: "header：value" lines
    (the first cell in bold), so no cell is squeezed to a few characters."""
    header = block.rows[0] if block.header and block.rows else ()
    out = []
    for row in block.rows[1:] if header else block.rows:
        lines = []
        for index, cell in enumerate(row):
            name = header[index] if index < len(header) else ""
            value = escape(cell, fit)
            if index == 0:
                lines.append(f"<b>{value}</b>")
            else:
                lines.append(f"{escape(name, fit)}：{value}" if name else value)
        out.append(f'<p style="{para}">' + "<br>".join(lines) + "</p>")
    return "\n".join(out)


def blocks_to_html(
    blocks: tuple[Block, ...],
    theme: Theme,
    metrics: Metrics,
    escape: Callable[[str, int], str] = lambda text, _fit: escape(text),
    line_height: float = LINE_PITCH,
    chars_per_line: int = MAX_LINE_CHARS,
    line_px: Callable[[int], int] | None = None,
) -> str:
    """Our own markup from plain text (escaped); no source HTML ever reaches the widget.

    ``escape(text, fit)`` turns plain text into safe HTML; the screen passes one that marks
    phrase breaks for lines of ``fit`` characters (kiosk.ui.widgets.phrasing) and, for
    furigana, ruby bases (kiosk.ui.widgets.ruby.RubyHtml) with taller lines: ``line_px(size)``,
    the pitch in px for text of ``size`` px, replaces ``line_height`` × size.

    Line heights are in px, as minimum heights (× each block's font size): Qt's percentages
    scale the tallest font on the line, and the invisible phrase marks come from a fallback
    font with a taller line, which would push lines ~40 % further apart.
    """

    def pitch(size: int) -> str:
        px = line_px(size) if line_px is not None else round(size * line_height)
        return f"line-height:{px}px"

    fit = chars_per_line
    parts: list[str] = []
    para = f"{pitch(metrics.body)}; margin-top:0; margin-bottom:{metrics.body // 2}px"
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            size = metrics.title if block.level <= 2 else font_px(metrics.body * 1.15)
            parts.append(
                f'<p style="{para}; {pitch(size)}; margin-top:{metrics.body // 2}px;'
                f" font-size:{size}px;"
                f' font-weight:bold">{escape(block.text, fit * metrics.body // size)}</p>'
            )
        elif block.kind is BlockKind.PARAGRAPH:
            text = escape(block.text, fit).replace("\n", "<br>")
            parts.append(f'<p style="{para}">{text}</p>')
        elif block.kind is BlockKind.LIST:
            tag = "ol" if block.ordered else "ul"
            entries = "".join(f'<li style="{para}">{escape(i, fit - 2)}</li>' for i in block.items)
            parts.append(f'<{tag} style="margin-left:{metrics.body}px">{entries}</{tag}>')
        elif block.kind is BlockKind.TABLE:
            rows = []
            columns = max((len(r) for r in block.rows), default=1)
            cell_fit = max(2, (fit - columns) // max(1, columns))
            if columns > 1 and cell_fit < MIN_CELL_CHARS:
                parts.append(_stacked_table(block, escape, fit, para))
                continue
            for index, row in enumerate(block.rows):
                cell = "th" if block.header and index == 0 else "td"
                cells = "".join(
                    f'<{cell} style="padding:8px 16px; {pitch(metrics.body)}">'
                    f"{escape(c, cell_fit)}</{cell}>"
                    for c in row
                )
                rows.append(f"<tr>{cells}</tr>")
            parts.append(
                f'<table border="1" cellspacing="0" cellpadding="8" '
                f'style="border-color:{theme.text}; margin-bottom:{metrics.body}px">'
                f"{''.join(rows)}</table>"
            )
        elif block.kind is BlockKind.IMAGE:
            parts.append(f'<p style="{para}; font-style:italic">［{escape(block.text, fit)}］</p>')
    return "\n".join(parts)


class PageScreen(QWidget):
    screen_name = "page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = RubyLabel()
        self.title.setProperty("role", "title")
        self.date = QLabel()
        self.date.setProperty("role", "muted")
        self.reader = RubyReader()
        self.reader.setObjectName("reader")
        self.reader.setOpenLinks(False)
        self.reader.setOpenExternalLinks(False)
        self.reader.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.reader.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.vm: PageVM | None = None
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING)
        column.addWidget(self.title)
        column.addWidget(self.date)
        column.addWidget(self.reader, 1)
        self.column = QWidget()
        self.column.setLayout(column)
        # Short lines in a centred column; ▲ ▼ at the screen's right edge like everywhere.
        centred = QWidget()
        middle = QHBoxLayout(centred)
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addStretch(1)
        middle.addWidget(self.column, 100)
        middle.addStretch(1)
        self.scroll = ScrollPane(self.reader, body=centred)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addWidget(self.scroll)
        self._middle = middle

    def add_beside(self, widget: QWidget) -> None:
        """A panel to the right of the text column (the take-home QR code), left of ▲ ▼."""
        self._middle.insertWidget(self._middle.indexOf(self.column) + 1, widget)

    def show_vm(self, vm: PageVM, theme: Theme, metrics: Metrics, furigana: bool = False) -> None:
        self.vm = vm
        furigana = furigana and vm.lang == "ja"
        # Readings were computed when the content was synced (Block.ruby): only painted here.
        stored = {
            text: pairs
            for block in vm.blocks
            for text, pairs in zip(block.units(), block.ruby, strict=False)
        }
        # Short lines: the text column is at most MAX_LINE_CHARS full-width characters wide.
        self.column.setMaximumWidth(MAX_LINE_CHARS * metrics.body + 48)
        # Big text on a short screen: the title a little smaller so the text gets the room.
        short = self.height() > 0 and self.height() < COMPACT_BELOW_LINES * metrics.body
        # With readings every line is taller (its readings sit above it): on a short screen
        # the title takes the body size (its own readings kept) and title, date and text sit
        # closer, so the text still shows three whole lines (issue 20: two at 200 % on
        # 1280×800). The controls beside the column do not move.
        dense = short and furigana
        role = "page-title-compact" if dense else "heading" if short else "title"
        set_style_property(self.title, "role", role)
        set_style_property(self.date, "role", "date-compact" if dense else "muted")
        self.column.layout().setSpacing(DENSE_SPACING if dense else SPACING)
        self.title.set_ruby_text(vm.title, furigana, vm.title_ruby or None)
        self.date.setText(vm.date_text)
        self.date.setVisible(bool(vm.date_text))
        self.reader.setAccessibleName(vm.title)
        document = self.reader.document()
        if document.documentMargin() != 12:  # a page with readings had wider margins
            document.clear()  # not the old page laid out again for a margin it is losing
            document.setDocumentMargin(12)
        self._look = (theme, metrics, furigana)
        fit = self._rendered_fit = self._fit(metrics)
        if furigana:
            ruby = RubyHtml(vm.lang)
            html = blocks_to_html(
                vm.blocks,
                theme,
                metrics,
                escape=lambda text, fit: ruby(text, stored.get(text), fit),
                chars_per_line=fit,
                line_px=lambda size: ruby_line_px(self.reader.font(), size, LINE_PITCH),
            )
            self.reader.set_ruby_html(html, ruby.readings)
            if dense:  # the first line's readings sit in its own leading, under the date
                self.reader.set_top_margin(0)
        else:
            html = blocks_to_html(
                vm.blocks,
                theme,
                metrics,
                escape=lambda text, fit: phrased_html(text, vm.lang, fit),
                chars_per_line=fit,
            )
            self.reader.setHtml(html)
        self.reader.verticalScrollBar().setValue(0)

    def _fit(self, metrics: Metrics) -> int:
        """Full-width characters per line of the reader: its text width (the column caps it
        at 40), less the scroll bar it gets when the text is long."""
        margin = 2 * 12 + 24  # document margins and the scroll bar
        # The viewport narrows when the scroll bar shows: counted back, so the fit does not
        # flip with the bar (a long page after a short one was laid out twice per tap).
        bar = self.reader.verticalScrollBar()
        shown = bar.width() if bar.isVisibleTo(self.reader) else 0
        width = self.reader.viewport().width() + shown - margin
        return max(2, min(MAX_LINE_CHARS, width // metrics.body))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        """Phrase breaks depend on the line length: lay the page out again when it changes."""
        super().resizeEvent(event)
        self._refit()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self._refit()

    def _refit(self) -> None:
        if self.vm is None or not hasattr(self, "_look"):
            return
        self.layout().activate()
        self.column.layout().activate()
        theme, metrics, furigana = self._look
        if self._fit(metrics) != self._rendered_fit:
            position = self.reader.verticalScrollBar().value()
            self.show_vm(self.vm, theme, metrics, furigana)
            self.reader.verticalScrollBar().setValue(position)

    def text(self) -> str:
        return self.reader.plain_text()
