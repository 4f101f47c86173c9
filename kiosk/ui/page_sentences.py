"""The page's sentences for reading aloud: where each sentence sits in the page's document,
and the highlight that follows the voice (split from kiosk.ui.read_aloud)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.content.phrases import BREAK_MARKS, strip_breaks

if TYPE_CHECKING:  # the text classes load with the first highlight, not at start (issue 17)
    from PySide6.QtWidgets import QTextBrowser

    from kiosk.ui.theme import Theme


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence to read; ``start``/``end`` are QTextDocument positions (None: no highlight,
    e.g. the page title, which is not part of the document)."""

    text: str
    start: int | None = None
    end: int | None = None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def document_segments(reader: QTextBrowser, lang: str) -> list[Segment]:
    """Sentences of the page in reading order, with their positions in the document.

    Walks the document's text blocks (paragraphs, list items, table cells) so positions are
    Qt's own, counted in UTF-16 units as Qt counts them.
    """
    from kiosk.speech.normalize import split_sentences  # on the first read-aloud, not at start

    segments: list[Segment] = []
    block = reader.document().begin()
    while block.isValid():
        text = block.text()
        for span in split_sentences(text, lang):
            # phrase break marks are for layout only: not spoken, not highlighted at the edges
            raw = span.text.strip(BREAK_MARKS)
            start = block.position() + _utf16_len(text[: span.start + span.text.index(raw)])
            spoken = strip_breaks(raw)
            if spoken.strip():
                segments.append(Segment(spoken, start, start + _utf16_len(raw)))
        block = block.next()
    return segments


class Highlighter:
    """Marks one range of a QTextBrowser with an ExtraSelection and scrolls it into view."""

    def __init__(self, reader: QTextBrowser) -> None:
        self.reader = reader
        self.range: tuple[int, int] | None = None

    def show(self, start: int, end: int, theme: Theme) -> None:
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QTextEdit

        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        # "pressed" is a theme pair already held to ≥7:1 contrast (see Theme.text_pairs).
        fmt.setBackground(QColor(theme.pressed))
        fmt.setForeground(QColor(theme.pressed_text))
        selection.format = fmt
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        self.reader.setExtraSelections([selection])
        self.range = (start, end)
        self._scroll_to(start, end)

    def clear(self) -> None:
        self.reader.setExtraSelections([])
        self.range = None

    def _scroll_to(self, start: int, end: int) -> None:
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(start)
        top = self.reader.cursorRect(cursor)
        cursor.setPosition(end)
        bottom = self.reader.cursorRect(cursor)
        height = self.reader.viewport().height()
        if top.top() >= 0 and bottom.bottom() <= height:
            return
        bar = self.reader.verticalScrollBar()
        # Put the sentence a quarter of the way down, so the lines before it stay visible.
        bar.setValue(bar.value() + top.top() - height // 4)
