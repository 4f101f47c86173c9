"""Give memory back when nobody is waiting for the screen: after a visitor has left.

A visitor who read Korean pages at the largest text size leaves behind what that took: Qt's
glyph caches for those fonts at those sizes (Qt frees them on its own once unused), C-heap
blocks freed but kept by malloc, and the font-file pages FreeType read. The idle reset puts
the defaults back, the screens repaint in them; a moment later, with nobody at the kiosk, the
freed heap is returned to the system (kiosk/app/memory.py). Nothing a visitor sees changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.app import memory

log = logging.getLogger("kiosk.memory")
# After the reset's repaint in the defaults (and Qt's own release of what that left unused).
DELAY_MS = 2_000


class MemoryCare(QObject):
    """Trims the heap a little after each idle reset of ``window``'s visitor session."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.given_back = 0  # trims done (tests, diagnostics)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.give_back)
        window.visitor.visitor_reset.connect(self.timer.start)

    def give_back(self) -> None:
        memory.give_back()
        self.given_back += 1


def care_for(window: QWidget) -> MemoryCare:
    """Attach a MemoryCare to ``window`` (a KioskWindow), kept alive as its child."""
    window.memory_care = MemoryCare(window)
    return window.memory_care
