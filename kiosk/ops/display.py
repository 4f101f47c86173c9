"""Is there a screen to draw on? If not, Qt renders offscreen (tests, `kiosk screenshot`)."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return os.environ["QT_QPA_PLATFORM"] not in ("offscreen", "minimal")
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def use_offscreen_if_headless() -> bool:
    """Switch Qt to offscreen rendering when there is no screen; True if it did."""
    if has_display():
        return False
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return True
