"""Phrase line breaks for Qt widgets: the one helper every screen uses to show wrapping text.

``display_text`` marks phrase boundaries (kiosk.content.phrases) so Qt breaks a line only
between phrases; the marks are invisible and never reach speech, copy or accessible names
(``set_phrased_text`` keeps the plain text as the accessible name and in the ``plain``
property; RubyLabel lays out the marked text but keeps the plain text as its ``text()``).
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel

from kiosk.content.phrases import LONG_PHRASE, phrase_wrap, strip_breaks
from kiosk.i18n import current_language

__all__ = ["display_text", "phrased_html", "set_phrased_text", "strip_breaks"]


def display_text(text: str, lang: str | None = None, fit: int = LONG_PHRASE) -> str:
    """``text`` with phrase break marks, for layout only; ``fit``: characters per line."""
    return phrase_wrap(text, lang or current_language(), fit) if text else text


def phrased_html(text: str, lang: str | None = None, fit: int = LONG_PHRASE) -> str:
    """Escaped HTML of ``text`` with phrase break marks (for rich-text labels and documents)."""
    return escape(display_text(text, lang, fit))


def chars_per_line(width: float, pixel_size: float) -> int:
    """How many full-width characters fit in ``width`` at ``pixel_size``."""
    return max(2, int(width // max(1.0, pixel_size)))


def set_phrased_text(label: QLabel, text: str) -> None:
    """Show ``text`` in a plain word-wrapping QLabel, breaking only between phrases."""
    label.setText(display_text(text))
    label.setAccessibleName(text)
    label.setProperty("plain", text)


def freeze_phrase_breaks(doc) -> None:  # noqa: ANN001 - QTextDocument
    """Fix the lines a phrase-marked document has now, then drop the marks.

    For output whose text is read back by others (print, PDF: copy, search): every line the
    layout chose ends in a hard line break (U+2028), then the invisible marks are removed,
    so the lines stay where the phrases put them and the text layer is plain.
    """
    from PySide6.QtGui import QTextCursor

    doc.documentLayout().documentSize()  # lay out now, at the document's page size
    ends: list[int] = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        if layout is not None and strip_breaks(block.text()) != block.text():
            for index in range(layout.lineCount() - 1):
                line = layout.lineAt(index)
                ends.append(block.position() + line.textStart() + line.textLength())
        block = block.next()
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for position in reversed(ends):
        cursor.setPosition(position)
        cursor.insertText("\u2028")
    for mark in ("\u2060", "\u200b"):
        found = doc.find(mark)
        while not found.isNull():
            found.removeSelectedText()
            found = doc.find(mark, found)
    cursor.endEditBlock()
