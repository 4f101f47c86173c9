"""Screens do not pile up objects: many navigations in-process, the same widgets at the end.

napari-style leak checks (issue 17): after a warm-up (every category and page seen once, rows
and caches built), further tours through home → category → page → Back → Home and settings
changes must not add a single widget, QObject, text document or view-model. Anything a
screen kept from a page it no longer shows (rows, labels, documents, old view-models) counts.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Category
from kiosk.viewmodels.screens import PageVM

TOURS = 12  # two pages of each of the six categories
SLACK = 2  # a QObject or two in flight (timers, animations); a leak adds one per tour


def _settle(qtbot) -> None:  # noqa: ANN001
    QApplication.processEvents()
    # What a real event loop does after each pass: objects given to deleteLater() go away.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def _census(window) -> dict[str, int]:  # noqa: ANN001 - KioskWindow
    return {
        "widgets": len(QApplication.allWidgets()),
        "qobjects": len(window.findChildren(QObject)),
        "documents": len(window.findChildren(QTextDocument)),
        "page view-models": sum(isinstance(o, PageVM) for o in gc.get_objects()),
    }


def _tour(qtbot, window, index: int) -> None:  # noqa: ANN001
    categories = list(Category)
    qtbot.mouseClick(window.home.tiles[categories[index % len(categories)]], Qt.LeftButton)
    rows = window.category.visible_rows()
    if rows:
        row = rows[(index // len(categories)) % len(rows)]
        window.category.area.ensureWidgetVisible(row)
        qtbot.mouseClick(row, Qt.LeftButton)
        assert window.current.screen in ("page", "alert")
        if index % 2:
            qtbot.mouseClick(window.back_button, Qt.LeftButton)
    qtbot.mouseClick(window.home_button, Qt.LeftButton)
    _settle(qtbot)


def test_navigating_keeps_no_page_widgets_or_documents(qtbot, window) -> None:  # noqa: ANN001
    _settle(qtbot)
    # PageVMs already alive belong to earlier tests in this process (their windows, fixtures),
    # not to this window: counted once here and left out of the bound below.
    elsewhere = _census(window)["page view-models"]
    for index in range(TOURS):  # warm-up: every category, several pages each
        _tour(qtbot, window, index)
    before = _census(window)
    for index in range(TOURS, 3 * TOURS):
        _tour(qtbot, window, index)
    after = _census(window)
    assert after["qobjects"] <= before["qobjects"] + SLACK, (before, after)
    assert {k: v for k, v in after.items() if k != "qobjects"} == {
        k: v for k, v in before.items() if k != "qobjects"
    }
    assert before["documents"] <= 4  # the reader's document (and a label's), not one per page
    # only the page last shown is remembered
    assert before["page view-models"] - elsewhere <= 1, (elsewhere, before)


def test_settings_changes_keep_no_widgets(qtbot, window) -> None:  # noqa: ANN001
    window.open_page(window.vms.store.items(Category.NOTICES, "ja")[0].key)
    themes, sizes = ("light", "dark", "blue"), (1, 2, 3)
    for index in range(9):  # warm-up: every theme at every size once
        window.set_appearance(themes[index % 3], sizes[index // 3])
        _settle(qtbot)
    before = _census(window)
    for index in range(18):
        window.set_appearance(themes[index % 3], sizes[(index // 3) % 3])
        window.visitor.set_language_live(("ja", "en")[index % 2])
        _settle(qtbot)
    after = _census(window)
    assert after["qobjects"] <= before["qobjects"] + SLACK, (before, after)
    assert after["widgets"] == before["widgets"] and after["documents"] == before["documents"]
