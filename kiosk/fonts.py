"""The font files the kiosk ships and names (no Qt here: the doctor checks them too)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import ASSETS

FONT_DIR: Path = ASSETS / "fonts"
FONT_FILES = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf")


def bundled_font_paths() -> list[Path]:
    return [FONT_DIR / name for name in FONT_FILES]
