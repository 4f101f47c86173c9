"""Qt side of kiosk/fonts.py: register the bundled fonts once, and the kiosk's font."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from kiosk.fonts import FAMILIES, FONT_DIR, FONT_FILES

log = logging.getLogger("kiosk.ui")
_registered: dict[str, list[str]] = {}  # file name → families it added


def register_fonts() -> dict[str, list[str]]:
    """Add the bundled fonts to Qt's database (once per process); file → its families."""
    if not _registered:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
            if font_id < 0:
                log.warning("font not loaded: %s", name)
                continue
            _registered[name] = list(QFontDatabase.applicationFontFamilies(font_id))
    return _registered


def kiosk_font(pixel_size: int | None = None) -> QFont:
    """A QFont that names every family the kiosk renders with, in fallback order."""
    font = QFont()
    font.setFamilies(list(FAMILIES))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No Latin ligatures: "fl" stays two letters on screen and paper (and in a printed link).
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    if pixel_size:
        font.setPixelSize(pixel_size)
    return font


def missing_families() -> list[str]:
    """The named families Qt cannot find (a bundled file damaged, or a Debian font missing)."""
    known = set(QFontDatabase.families())
    return [family for family in FAMILIES if family not in known]
