"""Hiroba (ひろば): an accessibility-first municipal information kiosk."""

__version__ = "0.1.0"
