"""Touch: target sizes from the screen's real DPI, palm/double-tap guard, optional click sound."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.config import ASSETS
from kiosk.ui.input_events import is_input
from kiosk.ui.theme import MIN_TARGET_PX, Metrics

log = logging.getLogger("kiosk.ui")
TARGET_MM = 16.0
SPACING_MM = 8.0
DEBOUNCE_S = 0.4  # a second press this soon after the last one is a tremor or a palm
PALM_MM = 25.0  # a contact wider than this is a palm or a sleeve, not a fingertip
# A button property: keys typed in a row (the staff PIN pad's digits and Delete) are not
# debounced, and do not start the debounce of the next button; a palm still stops them.
RAPID_ENTRY = "rapidEntry"


def mm_to_px(mm: float, dpi: float | None) -> int:
    """Physical size in pixels; where the DPI is unknown or implausible, 72 px per 16 mm."""
    if not dpi or not 60 <= dpi <= 600:
        return math.ceil(MIN_TARGET_PX * mm / TARGET_MM)
    return math.ceil(mm / 25.4 * dpi)


def screen_dpi(screen: QScreen | None = None) -> float | None:
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None  # a made-up DPI: use the safe default
    return float(screen.physicalDotsPerInch())


def touch_metrics(metrics: Metrics, dpi: float | None) -> Metrics:
    """``metrics`` with targets ≥16 mm and gaps ≥8 mm on this screen."""
    target = max(metrics.target, MIN_TARGET_PX, mm_to_px(TARGET_MM, dpi))
    gap = max(metrics.gap, mm_to_px(SPACING_MM, dpi))
    return replace(metrics, target=target, gap=gap)


class TouchGuard(QObject):
    """Application event filter: one activation per 400 ms, none from several fingers or a palm.

    People with tremor tap twice; a hand resting on the screen touches with several points.
    Neither may navigate. Swallowing the *press* is enough: a button only clicks when it saw
    both press and release.
    """

    def __init__(self, parent: QObject | None = None, debounce_s: float = DEBOUNCE_S) -> None:
        super().__init__(parent)
        self.debounce_s = debounce_s
        self.last_press = -math.inf
        self.palm_down = False
        self.swallowed = 0
        self.sound: ClickSound | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not is_input(event):
            return False
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate):
            points = event.points()  # type: ignore[attr-defined]
            if len(points) > 1 or any(_is_palm(p) for p in points):
                self.palm_down = True
        elif kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            self.palm_down = False
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if not isinstance(watched, QAbstractButton):
                return False
            if watched.property(RAPID_ENTRY) and not self.palm_down:
                return False  # typing a PIN: digits come faster than 400 ms apart
            now = time.monotonic()
            if self.palm_down or now - self.last_press < self.debounce_s:
                self.swallowed += 1
                return True
            self.last_press = now
            if self.sound is not None and watched.isEnabled():
                self.sound.play()
        return False


def _is_palm(point) -> bool:  # noqa: ANN001 - QEventPoint
    diameters = point.ellipseDiameters()
    widest = max(diameters.width(), diameters.height())
    dpi = screen_dpi()
    return widest > 0 and widest > mm_to_px(PALM_MM, dpi)


def click_sound_available() -> bool:
    """The click plays through miniaudio (as the voice does); False if it is not installed."""
    import importlib.util

    return importlib.util.find_spec("miniaudio") is not None


class ClickSound:
    """A soft click (assets/sounds/click.wav), played by ``play_effect(path, volume)`` — the
    speech worker's loudspeaker (no audio in the UI process); silent where there is no device."""

    FILE = ASSETS / "sounds" / "click.wav"
    VOLUME = 35

    def __init__(self, play_effect: Callable[[Path, int], None]) -> None:
        self._play_effect = play_effect

    def play(self) -> None:
        self._play_effect(self.FILE, self.VOLUME)


def install_touch_guard(owner: QObject | None = None) -> TouchGuard:
    """Filter the whole application; the filter goes away with ``owner`` (the window)."""
    app = QApplication.instance()
    guard = TouchGuard(owner or app)
    app.installEventFilter(guard)
    return guard
