"""Page: the simplified page — large text, short lines, headings, lists and tables."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.model import Block, BlockKind
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.widgets.ruby import RubyHtml, RubyLabel, RubyReader
from kiosk.ui.widgets.scroll import ScrollPane
from kiosk.viewmodels.screens import PageVM

MAX_LINE_CHARS = 40  # full-width characters per line (DESIGN)
LINE_HEIGHT_PERCENT = 160
RUBY_LINE_HEIGHT_PERCENT = 220  # room above each line for readings at half the text size


def blocks_to_html(
    blocks: tuple[Block, ...],
    theme: Theme,
    metrics: Metrics,
    escape: Callable[[str], str] = escape,
    line_height: int = LINE_HEIGHT_PERCENT,
) -> str:
    """Our own markup from plain text (escaped); no source HTML ever reaches the widget.

    ``escape`` turns plain text into safe HTML; the furigana view passes one that also marks
    ruby bases (kiosk.ui.widgets.ruby.RubyHtml) and a taller ``line_height`` for the readings.
    """
    parts: list[str] = []
    para = f"line-height:{line_height}%; margin-top:0; margin-bottom:{metrics.body // 2}px"
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            size = metrics.title if block.level <= 2 else round(metrics.body * 1.15)
            parts.append(
                f'<p style="{para}; margin-top:{metrics.body // 2}px; font-size:{size}px;'
                f' font-weight:bold">{escape(block.text)}</p>'
            )
        elif block.kind is BlockKind.PARAGRAPH:
            text = escape(block.text).replace("\n", "<br>")
            parts.append(f'<p style="{para}">{text}</p>')
        elif block.kind is BlockKind.LIST:
            tag = "ol" if block.ordered else "ul"
            entries = "".join(f'<li style="{para}">{escape(i)}</li>' for i in block.items)
            parts.append(f'<{tag} style="margin-left:{metrics.body}px">{entries}</{tag}>')
        elif block.kind is BlockKind.TABLE:
            rows = []
            for index, row in enumerate(block.rows):
                cell = "th" if block.header and index == 0 else "td"
                cells = "".join(
                    f'<{cell} style="padding:8px 16px; line-height:{line_height}%">'
                    f"{escape(c)}</{cell}>"
                    for c in row
                )
                rows.append(f"<tr>{cells}</tr>")
            parts.append(
                f'<table border="1" cellspacing="0" cellpadding="8" '
                f'style="border-color:{theme.text}; margin-bottom:{metrics.body}px">'
                f"{''.join(rows)}</table>"
            )
        elif block.kind is BlockKind.IMAGE:
            parts.append(f'<p style="{para}; font-style:italic">［{escape(block.text)}］</p>')
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
        self.scroll = ScrollPane(self.reader)
        self.vm: PageVM | None = None
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.title)
        column.addWidget(self.date)
        column.addWidget(self.scroll, 1)
        self.column = QWidget()
        self.column.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        outer.addWidget(self.column, 100)
        outer.addStretch(1)
        self._outer = outer

    def add_beside(self, widget: QWidget) -> None:
        """A panel to the right of the text column (the take-home QR code)."""
        self._outer.insertWidget(self._outer.indexOf(self.column) + 1, widget)

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
        scroll_buttons = metrics.target + 40
        self.column.setMaximumWidth(MAX_LINE_CHARS * metrics.body + scroll_buttons + 48)
        self.title.set_ruby_text(vm.title, furigana, vm.title_ruby or None)
        self.date.setText(vm.date_text)
        self.date.setVisible(bool(vm.date_text))
        self.reader.setAccessibleName(vm.title)
        self.reader.document().setDocumentMargin(12)
        if furigana:
            ruby = RubyHtml()
            html = blocks_to_html(
                vm.blocks,
                theme,
                metrics,
                escape=lambda text: ruby(text, stored.get(text)),
                line_height=RUBY_LINE_HEIGHT_PERCENT,
            )
            self.reader.set_ruby_html(html, ruby.readings)
        else:
            self.reader.setHtml(blocks_to_html(vm.blocks, theme, metrics))
        self.reader.verticalScrollBar().setValue(0)

    def text(self) -> str:
        return self.reader.toPlainText()
