"""Run something right after a widget's first frame is on screen.

The kiosk uses it to put off start-up housekeeping until people can see the home screen, and
benchmarks use it (``HIROBA_BENCH_FIRST_FRAME=1``, set by bench/coldstart.py) to print a
marker and quit: the time to that marker is the cold start (``=stay``: print, keep running).
A kiosk in normal use never sets it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "HIROBA_BENCH_FIRST_FRAME"
MARKER = "HIROBA_FIRST_FRAME"


def requested() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


class _FirstPaint(QObject):
    def __init__(self, target: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(target)
        self._callback: Callable[[], None] | None = callback
        self._target = target
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            # A zero timer runs after the current paint pass (siblings, flush) has finished.
            QTimer.singleShot(0, callback)
            self._target.removeEventFilter(self)
        return False


def after_first_frame(target: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, just after the frame in which ``target`` is first painted."""
    _FirstPaint(target, callback)


def report_and_quit(app: QApplication) -> None:
    """Print MARKER; then quit, unless the variable says ``stay`` (memory is measured then)."""
    from kiosk import start_phases

    start_phases.mark("first frame")
    print(start_phases.line(), flush=True)  # where the time went (bench/coldstart.py)
    print(MARKER, flush=True)
    if os.environ.get(ENV) != "stay":
        app.exit(0)  # not quit(): quit() asks windows to close, and a locked kiosk says no
