"""Every scroll view of the window is met by its viewport's name (issue 17, cold start).

``know_viewport`` relies on Qt naming the viewport it makes ``qt_scrollarea_viewport``; if a
Qt release renamed it, the lookup would silently find nothing and the cold start would pay
PySide's type search again. This checks the name still finds the very widget ``viewport()``
returns, for both kinds of view the kiosk scrolls (QScrollArea, the page's QTextBrowser).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.widgets.scroll import VIEWPORT_NAME, ScrollPane


def test_every_scroll_views_viewport_is_found_by_its_name(window) -> None:
    panes = window.findChildren(ScrollPane)
    kinds = {type(pane.view).__name__ for pane in panes}
    assert {"QScrollArea", "RubyReader"} <= kinds  # home, category, alert; the page
    for pane in panes:
        found = pane.view.findChild(
            QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly
        )
        assert found is not None and found is pane.view.viewport(), type(pane.view).__name__


def test_the_window_finds_all_its_scroll_panes_without_walking_every_object(window) -> None:
    """apply_spacing asks panes_in (panes register themselves) instead of findChildren; it
    must still reach every pane, also after a garbage collection and with visitor screens
    built on first use."""
    import gc

    from kiosk.ui.widgets.scroll import panes_in

    window.visitor.open("settings")  # a screen built on first use
    gc.collect()
    assert set(panes_in(window)) == set(window.findChildren(ScrollPane))
    assert len(panes_in(window)) >= 4
    window.apply_spacing(40)
    assert all(pane.layout().spacing() == 40 for pane in window.findChildren(ScrollPane))
