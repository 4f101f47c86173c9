"""Big text on a small screen: at every size, theme and text size, each screen shows at least
a few whole lines of its content, never a line cut through by the bottom edge, no clipped
label, and ▼ / ▲ page by whole lines."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit

from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from kiosk.ui.widgets.scroll import content_lines

SCREENS = ("home", "category", "page", "alert", "settings", "howto", "practice")
MIN_LINES = 3  # whole lines of content visible on every screen, even at 200 % on 1280×800


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _check_screen(window, where, min_lines: int = MIN_LINES) -> None:  # noqa: ANN001
    pane = window.stack.currentWidget().scroll
    view = pane.view
    top, height = view.verticalScrollBar().value(), view.viewport().height()
    lines = content_lines(view)
    whole = [(t, b) for t, b in lines if t >= top and b <= top + height]
    assert len(whole) >= min(min_lines, len(lines)), (where, height, lines[:6])
    cut = [t for t, b in lines if top < t < top + height < b - 1]
    if cut and isinstance(view, QTextEdit):  # a cut text line is hidden behind the cover
        cover = pane._cover
        assert cover.isVisible() and cover.y() <= min(cut) - top, (where, cut, cover.geometry())
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text() and label.wordWrap() and label.width() > 0:
            assert label.height() >= label.heightForWidth(label.width()) - 2, (
                where,
                label.text()[:20],
            )


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
@pytest.mark.parametrize("step", [1, 2, 3])
def test_every_screen_shows_whole_lines(qtbot, window, size, step) -> None:
    window.setFixedSize(*size)
    for theme in ("light", "dark", "blue"):
        window.apply_preferences(Preferences(text_size=step, theme=theme))
        for screen in SCREENS:
            navigate_to(window, screen)
            _settle()
            _check_screen(window, (size, step, theme, screen))


@pytest.mark.parametrize("screen", ["page", "category", "alert", "settings"])
def test_paging_moves_by_whole_lines(qtbot, window, screen) -> None:
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=3))
    navigate_to(window, screen)
    _settle()
    pane = window.stack.currentWidget().scroll
    bar = pane.view.verticalScrollBar()
    assert bar.maximum() > 0, screen  # long enough to page at 200 %
    tops = []
    while bar.value() < bar.maximum() and len(tops) < 30:
        before = bar.value()
        height = pane.view.viewport().height()
        first_cut = min(
            (t for t, b in content_lines(pane.view) if b > before + height + 1 and t > before),
            default=None,
        )
        pane.page(+1)
        _settle()
        assert bar.value() > before
        if first_cut is not None and first_cut <= bar.maximum():
            assert bar.value() == first_cut, (screen, before, first_cut)  # nothing skipped
        tops.append(bar.value())
        _check_screen(window, (screen, bar.value()), min_lines=1)  # the end may be short
    pane.page(-1)
    _settle()
    assert bar.value() < tops[-1]
