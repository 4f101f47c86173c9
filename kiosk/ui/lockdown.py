"""Kiosk lockdown: no keyboard way out, no context menus, no closing; the staff gesture;
the window kept full-screen and on top.

One application-wide event filter does it all, so every widget (present and future) is
covered without each screen having to remember. With ``--windowed`` (development) only the
gesture and activity tracking stay on.

``KeepInFront`` keeps the kiosk window covering the screen whatever the window system does:
on bare X (no window manager) a "full-screen" request alone leaves an 853×752 window, so the
screen geometry is set explicitly; under a window manager "show desktop", minimise or an
unmap bring it straight back. The compositor side of this is deploy/ (cage, or the locked
openbox configuration for X sessions).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLayout, QWidget

from kiosk.ops.gesture import CornerSequence, corner_of
from kiosk.ui.input_events import is_input

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
RELEASE_EVENTS = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)
# The staff gesture's last tap opens the PIN pad only once it is over (its release), so the
# pad never receives that tap; if no release ever comes (a lost touch), after this long.
GESTURE_SETTLE_MS = 600
CHECK_FRONT_MS = 1000
ARM_SECONDS = 3.0
log = logging.getLogger("kiosk.ui")
ACTIVITY_EVENTS = (*PRESS_EVENTS, QEvent.Type.KeyPress, QEvent.Type.Wheel)
# A locked kiosk's window: no frame to drag or close, above every other window.
LOCKED_FLAGS = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
READ_ALOUD_NAMES = ("read-aloud", "speak")  # objectName of the speech helper's button


def is_escape(event: QKeyEvent) -> bool:
    key = event.key()
    mods = event.modifiers()
    return any(key == k and (m == Mod.NoModifier or mods & m) for k, m in ESCAPES)


def lock_window_flags(window: QWidget) -> None:
    """Give ``window`` the locked kiosk's flags. Changing flags re-parents the window, which
    re-polishes every widget in it (~0.1 s for the kiosk's screens): done while the window is
    still empty it costs nothing, so the window sets them first (KioskWindow(locked=True))."""
    if window.windowFlags() & LOCKED_FLAGS != LOCKED_FLAGS:
        window.setWindowFlags(window.windowFlags() | LOCKED_FLAGS)


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
        self.gesture_pending = False  # complete, waiting for its last tap to be released
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(GESTURE_SETTLE_MS)
        self._settle.timeout.connect(self._gesture_done)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not is_input(event):
            closing = isinstance(event, QCloseEvent) and obj is self.window
            if closing and self.locked and not self.allow_close:
                event.ignore()
                return True
            return False
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
        if self.gesture_pending:
            # The gesture's last tap: nothing under it reacts (it may be the Back button, or
            # where the PIN pad's Cancel will be); the pad opens once the tap is released.
            if kind in RELEASE_EVENTS:
                QTimer.singleShot(0, self._gesture_done)
            if kind in (*PRESS_EVENTS, *RELEASE_EVENTS, QEvent.Type.TouchUpdate):
                event.accept()
                return True
        if kind in PRESS_EVENTS:
            if self._press(event):
                self.gesture_pending = True
                self._settle.start()
                event.accept()
                return True
        elif kind == QEvent.Type.MouseButtonRelease and obj.objectName() in READ_ALOUD_NAMES:
            self.on_read_aloud()
        return False

    def _gesture_done(self) -> None:
        if not self.gesture_pending:
            return
        self.gesture_pending = False
        self._settle.stop()
        self.on_gesture()

    def _press(self, event: QEvent) -> bool:
        """Feed one press to the corner sequence; True when it completes the gesture."""
        if event.type() == QEvent.Type.TouchBegin:
            points = event.points()  # type: ignore[attr-defined]
            if not points:
                return False
            global_pos: QPointF = points[0].globalPosition()
        else:
            global_pos = event.globalPosition()  # type: ignore[attr-defined]
        # A press not taken by a child is offered to its parent: count it once.
        key = (event.timestamp(), global_pos.x(), global_pos.y())  # type: ignore[attr-defined]
        if key == self._last_press:
            return False
        self._last_press = key
        local = self.window.mapFromGlobal(global_pos)
        width, height = self.window.width(), self.window.height()
        zone = max(100.0, min(width, height) * 0.1)
        corner = corner_of(local.x(), local.y(), width, height, zone)
        return self.sequence.feed(corner, self.clock())


def screen_rect(window: QWidget):  # noqa: ANN201 - QRect
    screen = window.screen() or QApplication.primaryScreen()
    return screen.geometry()


class KeepInFront(QObject):
    """Shows ``window`` covering its whole screen and keeps it so.

    A request to be full-screen is only a request: without a window manager nobody honours
    it, and a window manager may still minimise or unmap the window ("show desktop"). So the
    geometry is set explicitly, and any minimise, hide or loss of exposure is undone."""

    def __init__(self, window: QWidget, allow_leave: Callable[[], bool] = lambda: False) -> None:
        super().__init__(window)
        self.window = window
        self.allow_leave = allow_leave  # True while staff exit or restart on purpose
        self.restored = 0
        self._pending = False
        self._last_restore = 0.0
        self._armed_at = float("inf")  # set by show(): no "bring back" before the first frame
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_FRONT_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def show(self) -> None:
        self._armed_at = time.monotonic() + ARM_SECONDS
        # The screen is the size, whatever the layout would like: a window taller than the
        # screen would push the Back/Home bar off its bottom edge.
        layout = self.window.layout()
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.window.setMinimumSize(0, 0)
        self.window.setGeometry(screen_rect(self.window))
        self.window.showFullScreen()
        self.window.raise_()
        self.window.activateWindow()
        handle = self.window.windowHandle()
        if handle is not None:  # a new screen size (monitor swapped, rotated) is followed too
            handle.screenChanged.connect(lambda _screen: self._restore_soon())
            screen = handle.screen()
            if screen is not None:
                screen.geometryChanged.connect(lambda _rect: self._restore_soon())

    def out_of_front(self) -> bool:
        window = self.window
        handle = window.windowHandle()
        return (
            not window.isVisible()
            or window.isMinimized()
            or (handle is not None and not handle.isExposed())
            or window.geometry() != screen_rect(window)
        )

    def armed(self) -> bool:
        """Watching starts once the window is first in front (or ARM_SECONDS after show):
        while the window system is still mapping it, nothing needs bringing back."""
        if self._armed_at != 0.0 and not self.out_of_front():
            self._armed_at = 0.0
        return time.monotonic() >= self._armed_at

    def check(self) -> None:
        if self.armed() and not self.allow_leave() and self.out_of_front():
            self._restore()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.window and event.type() in (
            QEvent.Type.WindowStateChange,
            QEvent.Type.Hide,
            QEvent.Type.Move,
            QEvent.Type.Resize,
        ):
            self._restore_soon()
        return False

    def _restore_soon(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(50, self._restore_if_needed)

    def _restore_if_needed(self) -> None:
        self._pending = False
        if not self.armed() or self.allow_leave() or not self.out_of_front():
            return
        if time.monotonic() - self._last_restore < 0.5:
            return  # a window system that keeps refusing: the once-a-second check goes on
        self._restore()

    def _restore(self) -> None:
        window = self.window
        self.restored += 1
        self._last_restore = time.monotonic()
        if self.restored <= 20 or self.restored % 100 == 0:  # never a log line per second
            log.warning("kiosk window brought back to the front (%d)", self.restored)
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and not handle.isExposed():
            handle.hide()  # unmapped behind Qt's back: map it again from scratch
        window.setWindowState(
            (window.windowState() & ~Qt.WindowState.WindowMinimized)
            | Qt.WindowState.WindowFullScreen
        )
        window.setGeometry(screen_rect(window))
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
