"""Screens built on first use are built while nobody is at the kiosk.

The settings, how-to and practice screens are made on first use (issue 17: they are half the
kiosk's widgets, and the cold start paid for screens most visitors never open). Made at the
first press, they held the screen still for 80–150 ms — the how-to button builds all three —
a stall a visitor feels (the soak counted them). So once the home screen is up, the kiosk
builds them one at a time (a check every CHECK_MS), each only while it has been quiet for
``quiet_ms`` (no touch, click, key, wheel or drag, and no finger or button held down): a
visitor who starts tapping right away is never kept waiting by it; one who opens a screen
first simply builds it then, as before. On a kiosk left alone after its start the three are
built about 1.5–2 s after the first frame.

No visitor data is kept by it: a screen built while a visitor is there shows their settings,
as it would had they opened it, and the idle reset returns it to the defaults.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.ui.a11y.idle import INPUT_EVENTS
from kiosk.ui.input_events import is_input

# Besides presses: a finger dragging or lifting, a key let go — someone is at the screen.
ACTIVITY = INPUT_EVENTS | {
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.KeyRelease,
}

log = logging.getLogger("kiosk.ui")

QUIET_MS = 1_500  # no input for this long: nobody is about to press anything
CHECK_MS = 250  # how often a waiting step looks again


class IdlePreparer(QObject):
    """Runs ``steps`` one per quiet moment, then stops watching input."""

    def __init__(
        self,
        steps: Sequence[tuple[str, Callable[[], object]]],
        parent: QObject | None = None,
        quiet_ms: int = QUIET_MS,
    ) -> None:
        super().__init__(parent)
        self._steps = list(steps)
        self.done: list[str] = []
        self.quiet_s = quiet_ms / 1000
        self._last_input = time.monotonic()
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self._maybe_step)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    @property
    def finished(self) -> bool:
        return not self._steps

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if is_input(event) and event.type() in ACTIVITY:
            self._last_input = time.monotonic()
        return False

    def _maybe_step(self) -> None:
        if time.monotonic() - self._last_input < self.quiet_s:
            return
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return  # held down without moving: still someone's finger
        if not self._steps:  # nothing (left) to prepare
            self.stop()
            return
        name, step = self._steps.pop(0)
        try:
            step()
            self.done.append(name)
        except Exception as exc:  # noqa: BLE001 - first use will build it (and say why)
            log.warning("could not prepare the %s screen ahead: %s", name, exc)
        if not self._steps:
            self.stop()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def prepare_visitor_screens(window) -> IdlePreparer:  # noqa: ANN001 - KioskWindow
    """Build ``window``'s first-use screens ahead, one per quiet moment (settings first: the
    one most visitors open)."""
    visitor = window.visitor
    steps = [(name, lambda name=name: visitor.screen(name)) for name in visitor.SCREENS]
    window.idle_preparer = IdlePreparer(steps, parent=window)
    return window.idle_preparer
