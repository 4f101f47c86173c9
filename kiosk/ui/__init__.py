"""Qt Widgets user interface. Screens render view-models; they never fetch, parse or store."""

from kiosk.ui._none_refs import make_none_immortal

make_none_immortal()  # PySide6 6.12 + Python 3.11 drops None references (see _none_refs.py)
