"""A page is laid out once per tap (issue 17): the reader's line length (phrase breaks, fit)
must not depend on whether its scroll bar shows, or a long page opened after a short one is
laid out, its scroll bar appears, the line length changes and it is laid out again — every
tap twice, with furigana ~20 ms of the tap."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Category


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.parametrize("furigana", [False, True])
def test_every_page_is_laid_out_once_whatever_came_before(qtbot, window, furigana) -> None:
    window.resize(1920, 1080)
    visitor = window.visitor
    visitor.apply_preferences(replace(visitor.prefs, furigana=furigana))
    keys = []
    for category in Category:
        window.open_category(category)
        _settle()
        keys += [row.property("key") for row in window.category.page_rows()]
    assert len(keys) >= 10
    window.open_page(keys[-1])  # the page screen's very first show sizes it (once a run)
    _settle()
    reader = window.page.reader
    renders: list[str] = []
    real = type(reader).setHtml

    def counting(self, html):  # noqa: ANN001, ANN202
        if self is reader:
            renders.append(html[:20])
        return real(self, html)

    type(reader).setHtml = counting
    try:
        for key in keys + keys[::-1]:  # long after short and short after long
            window.go_home()  # as a visitor goes: the page screen hidden in between
            _settle()
            renders.clear()
            window.open_page(key)
            _settle()
            assert len(renders) == 1, key
    finally:
        type(reader).setHtml = real
