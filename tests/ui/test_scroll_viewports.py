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
