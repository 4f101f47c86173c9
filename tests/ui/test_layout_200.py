"""At every text size, on both kiosk screen sizes: no squeezed (clipped) text, no horizontal
scrolling, short lines and tall enough lines on pages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel

from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from kiosk.ui.screens.page import MAX_LINE_CHARS
from kiosk.ui.widgets.ruby import LINE_HEIGHT, RubyLabel

SCREENS = ("home", "category", "page", "settings", "howto", "practice")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_nothing_squeezed_or_scrolling_sideways(qtbot, window, size) -> None:
    window.setFixedSize(*size)
    for step in (1, 2, 3):
        window.apply_preferences(Preferences(text_size=step, furigana=True))
        for screen in SCREENS:
            navigate_to(window, screen)
            QApplication.processEvents()
            where = (size, step, screen)
            for area in window.findChildren(QAbstractScrollArea):
                if area.isVisible():
                    assert area.horizontalScrollBar().maximum() == 0, (*where, area)
            for label in window.findChildren(QLabel):
                if not label.isVisible() or not label.text() or not label.wordWrap():
                    continue
                needed = label.heightForWidth(label.width())
                assert label.height() >= needed - 2, (*where, label.text()[:20], needed)
                assert label.width() <= window.width()


def test_page_lines_are_short_and_tall(qtbot, window) -> None:
    for step in (1, 2, 3):
        window.apply_preferences(Preferences(text_size=step))
        navigate_to(window, "page")
        QApplication.processEvents()
        reader = window.page.reader
        text_width = reader.viewport().width() - 2 * reader.document().documentMargin()
        assert text_width <= MAX_LINE_CHARS * window.metrics.body, step
        assert window.metrics.body >= 28


def test_wrapped_labels_have_line_height_of_one_and_a_half(qtbot, window) -> None:
    label = RubyLabel("とても長い文章です。" * 12)
    qtbot.addWidget(label)
    label.setStyleSheet("font-size: 40px")
    label.ensurePolished()
    one_line = label.heightForWidth(100_000)
    assert one_line >= 40 * LINE_HEIGHT
    five_lines = label.heightForWidth(40 * 10)
    assert five_lines >= 40 * LINE_HEIGHT * 5
