"""What visitors open, counted (issue 8): forward opens of categories and pages, text sizes and
languages chosen, read-aloud presses — by kind only, never who or when within a day
(kiosk/ops/usage.py) — and the screens shown, for one line in the log per maintenance.

Not counted: Back and re-renders of the same screen, what the idle reset puts back (nobody
chose it), what staff do while the staff menu is open, and a default staff set.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.config import TEXT_SIZES
from kiosk.i18n import on_language_changed
from kiosk.ops.logs import NavigationCounts
from kiosk.ops.usage import UsageLog
from kiosk.ui.theme import Metrics


class VisitorCounts(QObject):
    def __init__(
        self,
        window,  # noqa: ANN001 - KioskWindow
        usage: UsageLog | None,
        counting: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.usage = usage
        self.counting = counting  # False while staff use the kiosk
        self.navigation = NavigationCounts()  # the log gets counts, never a line per screen
        self._last_depth = window.navigation.depth
        self._last_place = (window.current.screen, self._last_depth)
        self._last_text_body = window.metrics.body
        window.navigated.connect(self._navigated)
        window.visitor.visitor_reset.connect(self._visitor_reset)
        on_language_changed(self._language_changed)

    def detach(self) -> None:
        from kiosk import i18n

        if self._language_changed in i18n._listeners:  # i18n has no public remove yet
            i18n._listeners.remove(self._language_changed)
        with contextlib.suppress(RuntimeError, TypeError):
            self.window.navigated.disconnect(self._navigated)

    def count(self, kind: str, detail: str = "") -> None:
        if self.usage is not None and self.counting():
            self.usage.record(kind, detail)

    def report(self, log: logging.Logger) -> None:
        self.navigation.report(log)

    def text_size_is_default(self) -> None:
        """The text size now shown was set by staff, not chosen by a visitor."""
        self._last_text_body = self.window.metrics.body

    def _visitor_reset(self) -> None:
        # After an idle reset the defaults are back: nobody chose them, nothing is counted.
        self._last_text_body = self.window.metrics.body
        self._last_depth = self.window.navigation.depth
        self.navigation.add("visitor reset")

    def _resetting_visitor(self) -> bool:
        visitor = getattr(self.window, "visitor", None)
        return bool(getattr(visitor, "resetting_visitor", False))

    def _navigated(self, screen: str, detail: str) -> None:
        depth = self.window.navigation.depth
        if (screen, depth) != self._last_place:  # a move, not a refresh of the same screen
            self.navigation.add(screen)
        self._last_place = (screen, depth)
        if self._resetting_visitor():
            self._last_depth, self._last_text_body = depth, self.window.metrics.body
            return  # the idle reset putting defaults back is not a visitor's choice
        # Only forward opens count; Back and refreshes re-render without a new visit.
        if depth > self._last_depth and screen in ("category", "page"):
            self.count("category_open" if screen == "category" else "page_open", detail)
        self._last_depth = depth
        body = self.window.metrics.body
        if body != self._last_text_body:  # changed by the settings screen (issue 7)
            self._last_text_body = body
            step = next((s for s in TEXT_SIZES if Metrics.for_step(s).body == body), 0)
            self.count("text_size", str(step))

    def _language_changed(self, lang: str) -> None:
        if not self._resetting_visitor():
            self.count("language", lang)
