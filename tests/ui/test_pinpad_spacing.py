"""Issue 20: the PIN pad's keys were 10–16 px apart. They are ≥8 mm apart at the screen's
physical DPI (safe default where it is unknown), keys stay ≥ the minimum target, and the pad
fits a 1280×800 screen at text size 3 — measured from the laid-out widgets."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from kiosk.ops.pin import PinGuard
from kiosk.ui.a11y import touch
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.screens import pinpad as pinpad_module
from kiosk.ui.screens.pinpad import PinPad
from kiosk.ui.theme import MIN_TARGET_PX, Metrics, style_sheet


def _gap(a: QRect, b: QRect) -> int:
    """Distance between two rectangles (0 if they touch or overlap)."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return max(dx, dy)


def _open_pad(window) -> PinPad:  # noqa: ANN001
    pad = PinPad(PinGuard(None), window)
    # as the staff controller covers the window (kiosk.ui.staff.Operations._cover)
    pad.setStyleSheet(style_sheet(window.theme, Metrics.for_step(1)))
    pad.setGeometry(window.rect())
    pad.show()
    pad.raise_()
    pad.reset()
    for _ in range(3):
        QApplication.processEvents()
    return pad


@pytest.mark.parametrize("dpi", [None, 96.0, 130.0])
def test_keys_are_8mm_apart_and_fit_1280x800(qtbot, window, monkeypatch, dpi) -> None:
    monkeypatch.setattr(pinpad_module, "screen_dpi", lambda screen=None: dpi)
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=3))
    pad = _open_pad(window)
    want = touch.mm_to_px(touch.SPACING_MM, dpi)
    assert want >= (30 if dpi == 96.0 else 36)
    targets = {name: b.geometry() for name, b in pad.keys.items()} | {
        "cancel": pad.cancel.geometry()
    }
    for name, rect in targets.items():
        assert rect.width() >= MIN_TARGET_PX and rect.height() >= MIN_TARGET_PX, name
        assert pad.rect().contains(rect), f"{name} {rect} outside the 1280×800 pad"
    # every pair of neighbours: the nearest keys are ≥8 mm apart
    for (a, ra), (b, rb) in itertools.combinations(targets.items(), 2):
        assert _gap(ra, rb) >= want, (a, b, _gap(ra, rb), want)
    # and really neighbours (the test measures the gap the keys have, not a far one)
    assert _gap(targets["1"], targets["2"]) < want + 8
    # Cancel beside the keys, still on the screen with them (not pushed to an edge)
    nearest = min(_gap(targets["cancel"], rect) for key, rect in targets.items() if key != "cancel")
    assert want <= nearest <= 4 * want
    for label in (pad.title, pad.dots, pad.message):
        assert pad.rect().contains(label.geometry()), label.objectName()
    window.setMinimumSize(0, 0)
    window.setMaximumSize(16777215, 16777215)
