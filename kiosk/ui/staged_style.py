"""Live theme and text-size changes: what is on the glass first, the rest a part at a time.

Why: a style sheet set on the window re-polishes every widget under it — about 260 once the
visitor's screens exist, 70–150 ms on a two-core kiosk PC: a stall a visitor feels right after
pressing "larger text" (issue 17's soak). The window keeps the sheet it started with (set
before any child existed, so each widget is styled once, at its first show: the cold start).
A change sets the new sheet on each *part* of the window instead — header, navigation bar,
each screen of the stack, each overlay — and a part's own sheet overrides the window's (in Qt
the nearer sheet wins, whatever the rules' specificity). The parts on the glass are restyled
at once; the others one at a time, a moment apart (``TURN_GAP_MS``); a part about to be shown
while still waiting is restyled before it shows.

A part that needs rules of its own (the alert screen's band colours) sets them with
:func:`set_own_sheet`, which keeps them together with the part's share of the theme.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget
from shiboken6 import isValid

OWN = "own_sheet"  # a part's own rules (set_own_sheet)
THEME = "theme_sheet"  # the theme's sheet a part was last given
FULL = "full_sheet"  # a widget that sets a complete sheet of its own (staff screens): left alone
# Between two hidden parts. Not 0: Qt 6 runs a zero timer as a posted event, ahead of timers
# already due and of the repaint's turn, so the first hidden parts (10–30 ms each) ran straight
# after the click, before anything else: a stall of click + parts + repaint. A real interval
# queues each part behind what is already due (the repaint, a touch, a clock).
TURN_GAP_MS = 16


def set_own_sheet(widget: QWidget, own: str) -> None:
    """Give ``widget`` its own rules, kept on top of the theme's sheet it carries (if any)."""
    widget.setProperty(OWN, own)
    sheet = str(widget.property(THEME) or "") + own
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


class StagedStyle(QObject):
    """Owns the window's current style sheet and hands it to the window's parts."""

    def __init__(self, window: QWidget, stack: QStackedWidget) -> None:
        super().__init__(window)
        self.window = window
        self.stack = stack
        self.sheet = window.styleSheet()
        self._waiting: list[weakref.ref[QWidget]] = []
        self._turn_pending = False
        self._watching = False
        stack.widgetAdded.connect(lambda index: self._adopt(stack.widget(index)))

    def parts(self) -> list[QWidget]:
        """The window's children (but the stack itself) and the stack's screens."""
        direct = [
            child
            for child in self.window.children()
            if isinstance(child, QWidget) and child is not self.stack and not child.isWindow()
        ]
        pages = [self.stack.widget(i) for i in range(self.stack.count())]
        return [part for part in direct + pages if not part.property(FULL)]

    def set_sheet(self, sheet: str) -> None:
        """Restyle the parts on the glass now and queue the rest (a turn each)."""
        if sheet == self.sheet:
            return
        self.sheet = sheet
        if not self._watching:
            # Parts added to the window before the first change carry the window's sheet
            # already. Watching from the start would cost the cold start dearly: the first
            # QChildEvent.child() makes PySide resolve Qt-made children's types (~175 enum
            # classes, tens of ms).
            self._watching = True
            self.window.installEventFilter(self)
        later = []
        for part in self.parts():
            if part.isVisible():
                self._apply(part)
            else:
                later.append(weakref.ref(part))
        self._waiting = later
        self._schedule()

    def ensure(self, part: QWidget) -> None:
        """``part`` is about to be shown: give it the current sheet now if it still waits."""
        self._apply(part)

    @property
    def pending(self) -> int:
        """Parts still waiting for the current sheet."""
        return sum(1 for part in self.parts() if not self._current(part))

    def _current(self, part: QWidget) -> bool:
        """``part`` carries the current sheet already (restyled before it was shown)."""
        return (part.property(THEME) or "") == self._theme()

    def _theme(self) -> str:
        """What a part carries of the theme: nothing when the window's sheet is current."""
        return "" if self.sheet == self.window.styleSheet() else self.sheet

    def _apply(self, part: QWidget) -> None:
        if not isValid(part) or part.property(FULL):
            return
        # A part paints its own background from its sheet: what is behind it (the stack, the
        # window) keeps the first theme's colours.
        part.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme = self._theme()
        part.setProperty(THEME, theme)
        sheet = theme + str(part.property(OWN) or "")
        if part.styleSheet() != sheet:
            part.setStyleSheet(sheet)

    def _adopt(self, part: QWidget | None) -> None:
        """A part made after a change (a screen built on first use, an overlay) starts with
        the current sheet, before it is first shown (so it is styled once)."""
        if part is not None and self.sheet != self.window.styleSheet():
            self._apply(part)

    def _schedule(self) -> None:
        if self._waiting and not self._turn_pending:
            self._turn_pending = True
            QTimer.singleShot(TURN_GAP_MS, self, self._next)

    def _next(self) -> None:
        self._turn_pending = False
        while self._waiting:
            part = self._waiting.pop(0)()
            if part is not None and isValid(part) and not self._current(part):
                self._apply(part)
                break  # one restyle a turn; parts shown (ensured) meanwhile take none
        self._schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.ChildAdded:
            child = event.child()
            if isinstance(child, QWidget) and child is not self.stack:
                self._adopt(child)
        return False
