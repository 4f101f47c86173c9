"""Qt Widgets user interface. Screens render view-models; they never fetch, parse or store."""

from kiosk.ui.pyside_scan import spare_source_scan

# PySide is imported here, before any screen module: it would otherwise keep the source of
# every module imported after it (kiosk/ui/pyside_scan.py).
spare_source_scan()
