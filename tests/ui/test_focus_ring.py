"""Issue 20: the focus ring on filled buttons is 8 px (docs/accessibility.md), in one colour
with ≥3:1 against the button's fill and against the page, in every theme — measured on the
rendered pixels of a focused button — and focusing a button never changes its size or place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from kiosk.ui.theme import RING_PX, THEMES, contrast_ratio


def _filled_buttons(window) -> dict[str, object]:
    navigate_to(window, "howto")
    QApplication.processEvents()
    return {
        "navbar": window.back_button,
        "huge": window.visitor.howto.practice_button,
        "settings": window.visitor.settings_button,
    }


@pytest.mark.parametrize("theme", list(THEMES))
def test_focused_filled_button_has_an_8px_ring_that_contrasts(qtbot, window, theme) -> None:
    t = THEMES[theme]
    window.apply_preferences(Preferences(theme=theme))
    for name, button in _filled_buttons(window).items():
        if not button.isVisible():
            continue
        before = (button.geometry(), button.sizeHint())
        button.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert button.hasFocus(), name
        assert (button.geometry(), button.sizeHint()) == before, f"{name} moved on focus"
        image = button.grab().toImage()
        y = image.height() // 2
        band = [image.pixelColor(x, y).name() for x in range(RING_PX + 4)]
        fill = QColor(t.button).name()
        ring = band[2]  # inside the anti-aliased outer edge
        assert ring != fill, (name, band)
        # the whole 8 px band is the ring (the edge pixel may be anti-aliased), then the fill
        assert band[1 : RING_PX - 1] == [ring] * (RING_PX - 2), (name, band)
        assert band[RING_PX + 1] == fill, (name, band)
        assert contrast_ratio(ring, t.button) >= 3.0, (theme, name, ring)
        assert contrast_ratio(ring, t.background) >= 3.0, (theme, name, ring)
        button.clearFocus()
        QApplication.processEvents()
        assert button.geometry() == before[0]


def test_focus_never_moves_choices_or_arrows(qtbot, window) -> None:
    window.apply_preferences(Preferences(text_size=3))
    window.visitor.open_settings()
    QApplication.processEvents()
    settings = window.visitor.settings
    chosen = settings.groups["size"][3]
    other = settings.groups["size"][1]
    arrows = [b for b in window.findChildren(type(chosen)) if b.objectName() == "scroll-down"]
    for button in [chosen, other, *[a for a in arrows if a.isVisible()]]:
        before = (button.geometry(), button.sizeHint())
        button.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert (button.geometry(), button.sizeHint()) == before, button.objectName()
