"""Give memory back when nobody is waiting for the screen: after a visitor has left, and a
moment after the language changed.

After a visitor has left, the pictures of large text kept for quick repaints
(kiosk/ui/widgets/big_text.py), Qt's own QPixmapCache and the calendar data babel read for the
visitor's languages are dropped too: they were that visitor's pages, size and languages.

A visitor who read Korean pages at the largest text size leaves behind what that took: C-heap
blocks freed but kept by malloc, and the pages of the font files FreeType read (the Korean and
Chinese face alone is 19 MiB). Qt releases its glyph caches of fonts no longer shown on its
own. A moment after the idle reset (the screens have repainted in the defaults, nobody is at
the kiosk) or after a language change (the old script's fonts are off the screen), the freed
heap goes back to the system and the font pages are dropped from the kiosk's memory
(kiosk/ops/memory.py): nothing a visitor sees changes, a glyph needed again is read back.
Changes in quick succession are handled once, after the last.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import weakref

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QWidget

from kiosk.i18n import on_language_changed
from kiosk.ops import memory
from kiosk.ui.widgets.big_text import forget_pictures

log = logging.getLogger("kiosk.memory")
# After the repaint in the new language or the defaults, and Qt's own release of what that
# left unused; long enough that a visitor trying languages one after another costs one pass.
DELAY_MS = 2_000


class MemoryCare(QObject):
    """Trims the heap and drops font-file pages a little after each idle reset of ``window``'s
    visitor session and each language change."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.given_back = 0  # passes done (tests, diagnostics)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.give_back)
        self._visitor_left = False
        window.visitor.visitor_reset.connect(self._after_visitor)
        on_language_changed(_language_listener(self))

    def _after_visitor(self) -> None:
        self._visitor_left = True
        self.soon()

    def soon(self) -> None:
        self.timer.start()  # (re)started: one pass after the last of several changes

    def give_back(self) -> None:
        if self._visitor_left:
            # One visitor's pictures of large text (kiosk/ui/widgets/big_text.py, up to its
            # budgets) are not the next one's; what the screen shows now is drawn again
            # once. Qt's own pixmap cache (style pictures) goes too.
            self._visitor_left = False
            forget_pictures()
            QPixmapCache.clear()
            _forget_calendars()
        memory.give_back()
        memory.release_font_pages()
        self.given_back += 1


def _forget_calendars() -> None:
    """Drop the CLDR data babel loaded for the last visitor's languages (month and day names,
    date patterns: ~0.5–1 MiB a language; kiosk/i18n/dates.py). Japanese dates need none of
    it; a visitor who picks another language has it read again (a few ms, once)."""
    locale_data = sys.modules.get("babel.localedata")  # never imports babel itself
    if locale_data is not None:
        locale_data.clear_caches()


def _language_listener(care: MemoryCare):  # noqa: ANN202
    """A language listener that does not keep ``care`` (or its window) alive."""
    ref = weakref.ref(care)

    def changed(_lang: str) -> None:
        target = ref()
        if target is not None:
            with contextlib.suppress(RuntimeError):  # the window and its C++ timer are gone
                target.soon()

    return changed


def care_for(window: QWidget) -> MemoryCare:
    """Attach a MemoryCare to ``window`` (a KioskWindow), kept alive as its child."""
    window.memory_care = MemoryCare(window)
    return window.memory_care
