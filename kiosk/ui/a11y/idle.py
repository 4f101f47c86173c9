"""Idle: notice when nobody has touched the kiosk, warn with a countdown, then reset.

An application event filter sees every touch, click, key and wheel; any of them restarts
the clock. Timeline after the last input::

    idle_ms ──▶ warning (countdown ≥20 s, "Continue") ──▶ reset ──▶ … attract_ms ──▶ attract
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk.ui.input_events import is_input

MIN_WARNING_S = 20
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.Wheel,
    }
)


class IdleWatcher(QObject):
    warn = Signal(int)  # seconds left
    tick = Signal(int)  # seconds left, every second while warning
    reset = Signal()
    attract = Signal()
    activity = Signal()  # input while warning or attracting: the person is back

    def __init__(
        self,
        idle_ms: int,
        attract_ms: int,
        warning_s: int = 30,
        parent: QObject | None = None,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self.warning_s = max(MIN_WARNING_S, warning_s)
        self.attract_ms = max(attract_ms, idle_ms + self.warning_s * tick_ms)
        self.tick_ms = tick_ms
        self.state = "active"  # active | warning | reset | attract
        self.held = False  # the kiosk is reading aloud to someone: no clock runs
        self.left = 0
        self._idle = QTimer(self, singleShot=True, interval=idle_ms)
        self._idle.timeout.connect(self._start_warning)
        self._attract = QTimer(self, singleShot=True, interval=self.attract_ms)
        self._attract.timeout.connect(self._start_attract)
        self._countdown = QTimer(self, interval=tick_ms)
        self._countdown.timeout.connect(self._count)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()

    def stop(self) -> None:
        for timer in (self._idle, self._attract, self._countdown):
            timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def hold(self, on: bool) -> None:
        """While held (someone is listening, hands in their lap) the idle clock does not run;
        released, it starts again from now."""
        if on == self.held:
            return
        self.held = on
        self.restart()

    def restart(self) -> None:
        """Input seen: the clock starts again from now."""
        self._countdown.stop()
        if self.held:
            self._idle.stop()
            self._attract.stop()
        else:
            self._idle.start()
            self._attract.start()
        was = self.state
        self.state = "active"
        if was in ("warning", "attract"):
            self.activity.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if is_input(event) and event.type() in INPUT_EVENTS and event.spontaneous():
            self.restart()
        return False

    def _start_warning(self) -> None:
        self.state = "warning"
        self.left = self.warning_s
        self.warn.emit(self.left)
        self._countdown.start()

    def _count(self) -> None:
        self.left -= 1
        if self.left > 0:
            self.tick.emit(self.left)
            return
        self._countdown.stop()
        self.state = "reset"
        self.reset.emit()

    def _start_attract(self) -> None:
        self._countdown.stop()
        if self.state == "warning":  # attract before the countdown ended: reset first
            self.reset.emit()
        self.state = "attract"
        self.attract.emit()
