"""Kiosk lockdown: no keyboard way out, no context menus, no closing; the staff gesture.

One application-wide event filter does it all, so every widget (present and future) is
covered without each screen having to remember. With ``--windowed`` (development) only the
gesture and activity tracking stay on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.ops.gesture import CornerSequence, corner_of

Key = Qt.Key
Mod = Qt.KeyboardModifier
# (key, modifiers that must be held) — Alt+Tab mostly belongs to the compositor (cage has
# none), but swallow it here too in case the window manager passes it on.
ESCAPES: tuple[tuple[Key, Mod], ...] = (
    (Key.Key_F4, Mod.AltModifier),
    (Key.Key_Tab, Mod.AltModifier),
    (Key.Key_Backtab, Mod.AltModifier),
    (Key.Key_Q, Mod.ControlModifier),
    (Key.Key_W, Mod.ControlModifier),
    (Key.Key_Escape, Mod.NoModifier),
    (Key.Key_F11, Mod.NoModifier),
    (Key.Key_Super_L, Mod.NoModifier),
    (Key.Key_Super_R, Mod.NoModifier),
    (Key.Key_Meta, Mod.NoModifier),
)
KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
PRESS_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
ACTIVITY_EVENTS = (*PRESS_EVENTS, QEvent.Type.KeyPress, QEvent.Type.Wheel)
READ_ALOUD_NAMES = ("read-aloud", "speak")  # objectName of the speech helper's button


def is_escape(event: QKeyEvent) -> bool:
    key = event.key()
    mods = event.modifiers()
    return any(key == k and (m == Mod.NoModifier or mods & m) for k, m in ESCAPES)


class LockdownFilter(QObject):
    def __init__(
        self,
        window: QWidget,
        locked: bool,
        on_gesture: Callable[[], None],
        on_activity: Callable[[], None] = lambda: None,
        on_read_aloud: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.locked = locked
        self.allow_close = False
        self.on_gesture = on_gesture
        self.on_activity = on_activity
        self.on_read_aloud = on_read_aloud
        self.clock = clock
        self.sequence = CornerSequence()
        self.swallowed = 0
        self._last_press: tuple[int, float, float] | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            self.on_activity()
        if self.locked:
            if kind in KEY_EVENTS and is_escape(event):  # type: ignore[arg-type]
                if kind == QEvent.Type.KeyPress:
                    self.swallowed += 1
                event.accept()
                return True
            if kind == QEvent.Type.ContextMenu:
                return True
            if kind == QEvent.Type.Close and obj is self.window and not self.allow_close:
                event.ignore()
                return True
        if kind in PRESS_EVENTS:
            self._press(event)
        elif kind == QEvent.Type.MouseButtonRelease and obj.objectName() in READ_ALOUD_NAMES:
            self.on_read_aloud()
        return False

    def _press(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.TouchBegin:
            points = event.points()  # type: ignore[attr-defined]
            if not points:
                return
            global_pos: QPointF = points[0].globalPosition()
        else:
            global_pos = event.globalPosition()  # type: ignore[attr-defined]
        # A press not taken by a child is offered to its parent: count it once.
        key = (event.timestamp(), global_pos.x(), global_pos.y())  # type: ignore[attr-defined]
        if key == self._last_press:
            return
        self._last_press = key
        local = self.window.mapFromGlobal(global_pos)
        width, height = self.window.width(), self.window.height()
        zone = max(100.0, min(width, height) * 0.1)
        corner = corner_of(local.x(), local.y(), width, height, zone)
        if self.sequence.feed(corner, self.clock()):
            self.on_gesture()
